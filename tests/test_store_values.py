"""Numbers read back from the store are what extraction gave: counts as int, amounts with a fraction as
Decimal (the compiled report model accepts nothing else)."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import ogi
from tests.store_fixtures import report_data, write_report


def test_stored_amounts_read_back_as_decimal(tmp_path: Path) -> None:
    data = report_data(random.Random(3), "青禾县示例局", 2023)
    data["active"]["fees"] = 1.5  # 万元
    write_report(tmp_path / "in", "fees.txt", data)
    corpus = ogi.open(tmp_path / "ogi.db")
    try:
        assert corpus.ingest([tmp_path / "in"], check=False).new == 1
        doc_id = int(corpus.documents()["id"].iloc[0])
        values = corpus.provenance(doc_id)
    finally:
        corpus.close()
    fees = values["active.fees"]
    assert fees.value == Decimal("1.5") and isinstance(fees.value, Decimal)
    counts = [v.value for path, v in values.items() if path.startswith("requests.") and v.value is not None]
    assert counts and all(type(n) is int for n in counts)


def test_a_count_beyond_float_range_fails_its_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    rng = random.Random(4)
    write_report(tmp_path / "in", "good.txt", report_data(rng, "青禾县甲局", 2023))
    huge = report_data(rng, "青禾县乙局", 2023)
    huge["requests"]["new"]["natural_person"] = 10**400  # a misread run of digits
    write_report(tmp_path / "in", "huge.txt", huge)
    corpus = ogi.open(tmp_path / "ogi.db")
    try:
        summary = corpus.ingest([tmp_path / "in"], check=False)
        sources = list(corpus.documents()["source"])
    finally:
        corpus.close()
    assert (summary.read, summary.new) == (2, 1)
    assert [s.endswith("good.txt") for s in sources] == [True]
    [(source, zh, en)] = summary.failed
    assert source.endswith("huge.txt") and "超出可存储的范围" in zh and "beyond the range" in en
