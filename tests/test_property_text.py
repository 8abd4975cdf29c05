"""Property: random valid data rendered as Tika-style text with random noise reads back identically."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ogi
from ogi.model.schema import APPEAL_GROUPS, APPEAL_OUTCOMES, REQUEST_COLUMNS
from tests.support.factory import consistent_data
from tests.support.noise import encode, noisy_text

AGENCIES = ["青禾县人民政府办公室", "白沙镇人民政府", "临江市生态环境局", "东湖街道办事处", "云岭县教育局"]
CELLS = [("requests", r, c) for r in ("granted", "denied_query", "carried_forward") for c in REQUEST_COLUMNS] + [
    ("appeals", g, o) for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), noise_seed=st.integers(0, 2**32 - 1),
       agency=st.sampled_from(AGENCIES), year=st.integers(2021, 2026),
       blanks=st.lists(st.sampled_from(CELLS), max_size=3, unique=True))
def test_noisy_text_reads_back_identically(seed: int, noise_seed: int, agency: str, year: int,
                                           blanks: list[tuple[str, str, str]]) -> None:
    noise = random.Random(noise_seed)
    data = consistent_data(random.Random(seed), agency=agency, year=year,
                           publish_date=f"{year + 1}-01-{noise.randint(10, 28)}")
    for table, row, col in blanks:  # blank cells must come back as null, never as 0
        data[table][row][col] = None
    raw = encode(noisy_text(data, noise), noise)
    report = ogi.read_bytes_report(raw, "noisy.txt")
    got = report.to_dict()
    assert got["layout"] == "2021"
    assert got["meta"]["agency"] == agency and got["meta"]["year"] == year
    assert got["meta"]["publish_date"] == data["meta"]["publish_date"]
    assert got["active"] == data["active"]
    assert got["requests"] == data["requests"]
    assert got["appeals"] == data["appeals"]
    assert [h.key for h in report.headings] == ["overview", "active_disclosure", "requests", "appeals",
                                                "problems", "other"]
    # Valid data: the only errors are the blanks (M5) and sums they make uncheckable.
    errors = {(f.rule, f.cells[0].path) for f in ogi.check(report) if f.severity == "error" and f.checked}
    assert errors == {("M5", f"{t}.{r}.{c}") for t, r, c in blanks}
