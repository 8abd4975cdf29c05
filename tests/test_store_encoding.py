"""What ingest computes per report, against the simple definitions: batch MinHash signatures equal
the per-text `signature`, and the provenance columns decode to every cell's value, printed text,
problem and origin (no database needed, except for the last test)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import sqlalchemy as sa

import ogi
from ogi.document.model import Origin
from ogi.model.report import MISSING, Report, Value
from ogi.store import minhash
from ogi.store.api import _values
from ogi.store.cellkeys import CELL_PATHS, layout_cells, vectors
from tests.store_fixtures import prose, report_data, write_report
from tests.test_layout_2019 import report_text

ROOT = Path(__file__).resolve().parents[1]


# --- MinHash --------------------------------------------------------------------------------------------------


def _texts(rng: random.Random) -> list[str]:
    """Texts of every length around MIN_SHINGLES (None, and many empty bins to densify), with what
    `normalise` removes (digits, spaces, punctuation, full-width and non-BMP digits) and keeps."""
    alphabet = "政府信息公开工作年度报告本机关认真落实条例 0123456789０１。，、；\n\t（）—%％“”a𝟎𝟙😀\u3000\u2028"
    texts = ["", "1 2 3", "𝟎" * 80, "😀" * 60]
    for i in range(400):
        n = rng.choice([0, 1, 10, 53, 54, 55, 58, 70, 90, 150, 600, 2500])
        chars = alphabet if i % 3 else alphabet[:21]  # some texts lose nothing to normalise
        texts.append("".join(rng.choice(chars) for _ in range(n)))
    return texts


@pytest.mark.parametrize("group_chars", [1, 300, minhash.GROUP_CHARS])
def test_batch_signatures_are_byte_identical_to_one_text_at_a_time(monkeypatch: pytest.MonkeyPatch,
                                                                    group_chars: int) -> None:
    monkeypatch.setattr(minhash, "GROUP_CHARS", group_chars)
    texts = _texts(random.Random(11))
    expected = [minhash.signature(t) for t in texts]
    assert minhash.signatures(texts) == expected
    assert None in expected and sum(s is not None for s in expected) > 100
    assert minhash.signatures([]) == []
    assert minhash.signatures(texts[::-1]) == expected[::-1]  # neighbours do not leak into each other


def test_ingest_stores_the_signature_of_each_narrative(tmp_path: Path) -> None:
    rng = random.Random(5)
    texts = [prose(rng), prose(rng, 40), prose(rng, 3000)]
    for i, text in enumerate(texts):
        write_report(tmp_path / "in", f"r{i}.txt", report_data(rng, f"青禾县第{i}局", 2023, text=text))
    with ogi.open(tmp_path / "ogi.db") as corpus:
        assert corpus.ingest([tmp_path / "in"]).new == 3
        with corpus.engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT minhash FROM documents ORDER BY source")).scalars().all()
    assert [None if s is None else bytes(s) for s in stored] == [minhash.signature(t) for t in texts]


# --- provenance -----------------------------------------------------------------------------------------------


def _reports(tmp_path: Path) -> list[Report]:
    paths = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests/fixtures/text").glob("*.txt"))
    trial = tmp_path / "changqiao-2020.txt"
    trial.write_text(report_text(2020), encoding="utf-8")
    reports = [ogi.read(p) for p in [*paths, trial]]
    assert {r.layout for r in reports} == {"2021", "2019"}
    # Cells of every kind: from a PDF (page, bbox), spanning lines, without an origin, with a problem,
    # a row short of a column, a missing row and a missing active key.
    odd = reports[0]
    cells = layout_cells(odd, "2021")
    assert MISSING not in cells[:4]
    cells[0].origin = Origin(source="x.pdf", page=3, bbox=(10.123, 20.456, 30.0, 40.999), table=1, row=2, col=3)
    cells[1].origin = Origin(source="x.pdf", line=5, line_end=7)
    cells[2].origin = None
    cells[3].problem, cells[3].value, cells[3].raw = "not-a-number", None, "—"
    first_row = next(iter(odd.requests))
    del odd.requests[first_row]["natural_person"]
    del odd.appeals[next(iter(odd.appeals))]
    del odd.active[list(odd.active)[-1]]
    odd.requests["made_up_row"] = {"total": Value(1, "1")}  # not a key of the layout: not stored
    return reports


def test_provenance_columns_decode_to_every_cell(tmp_path: Path) -> None:
    seen: set[str] = set()
    for report in _reports(tmp_path):
        layout, numbers, provenance = vectors(report)
        decoded = _values(layout, numbers, provenance, "stored.txt")
        assert list(decoded) == list(CELL_PATHS[layout])
        seen.update(f for v in decoded.values() if v.origin for f in ("page", "bbox", "line_end")
                    if getattr(v.origin, f) is not None)
        seen.update(v.problem for v in decoded.values() if v.problem)
        for path, got in decoded.items():
            cell = report.get(path)
            assert got.to_json() == cell.to_json(), path
            if cell.raw is None and cell.origin is None and cell.problem in (None, "missing"):
                assert (got.raw, got.origin, got.problem) == (None, None, "missing" if got.value is None else None)
                continue
            assert (got.raw, got.problem) == (cell.raw, cell.problem), path
            if cell.origin is None:
                assert got.origin is None, path
                continue
            assert got.origin is not None and got.origin.source == "stored.txt"
            fields = ("line", "line_end", "page", "table", "row", "col")
            assert [getattr(got.origin, f) for f in fields] == [getattr(cell.origin, f) for f in fields], path
            bbox = cell.origin.bbox
            assert got.origin.bbox == (None if bbox is None else tuple(round(v, 2) for v in bbox)), path
    assert {"page", "bbox", "line_end", "missing", "not-a-number"} <= seen


def test_layout_cells_default_to_missing(tmp_path: Path) -> None:
    report = _reports(tmp_path)[0]
    cells = dict(zip(CELL_PATHS["2021"], layout_cells(report, "2021"), strict=True))
    assert cells["requests.new.total"] is report.requests["new"]["total"]
    missing = [p for p, c in cells.items() if c is MISSING]
    assert any(p.startswith("appeals.") for p in missing) and any(p.startswith("active.") for p in missing)
    assert any(p.endswith(".natural_person") for p in missing)


def test_new_sqlite_stores_get_large_pages_and_old_ones_keep_theirs(tmp_path: Path) -> None:
    import sqlite3

    old = tmp_path / "old.db"
    with sqlite3.connect(old) as con:  # a store made before: 4 KB pages
        con.execute("PRAGMA page_size=4096")
        con.execute("CREATE TABLE scratch (a)")
    write_report(tmp_path / "in", "r.txt", report_data(random.Random(2), "青禾县第1局", 2023))
    for path, size in ((tmp_path / "new.db", 65536), (old, 4096)):
        with ogi.open(path) as corpus:
            assert corpus.ingest([tmp_path / "in"]).new == 1
            with corpus.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA page_size").scalar() == size
            assert len(corpus.cells()) == 200
