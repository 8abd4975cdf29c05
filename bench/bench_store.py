"""Corpus store: ingest throughput against bare extraction, export of 100,000 reports, cross-year check.

Prints ingest reports/s per core for text and DOCX files (one process, CPU time), the store overhead as a
share of the extraction time of the same files (both measured in this run), the wall time (and CPU time of
all threads) to export every cell of 100,000 synthetic reports (Parquet and CSV), and the whole-corpus
rule run.
"""

from __future__ import annotations

import gc
import io
import random
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Files per format, in folders of ROUND_FILES (one folder a round, into a new store): a folder large enough
# that the start of an ingest (walking the folder, the writer loading what the store knows: ~3 ms) is not
# taken for a cost per report.
N_INGEST = {"text": 1000, "docx": 100}
ROUND_FILES = {"text": 1000, "docx": 50}
INGEST_ROUNDS = {"text": 7, "docx": 6}
N_CORPUS = 100_000


def _write_inputs(folder: Path, fmt: str, n: int, per_folder: int) -> list[Path]:
    """`n` reports of as many agencies, in folders of `per_folder`. DOCX: one document built with
    python-docx (over a second each), copied with the agency's name changed in word/document.xml, so
    every file has its own content."""
    from tests.fixtures_readers.build import to_docx
    from tests.store_fixtures import report_data, write_report

    rng = random.Random(1)
    folders = [folder / f"{k:02d}" for k in range(-(-n // per_folder))]
    for sub in folders:
        sub.mkdir(parents=True, exist_ok=True)
    if fmt == "text":
        for i in range(n):
            write_report(folders[i // per_folder], f"r{i}.txt", report_data(rng, f"青禾县第{i}局", 2023))
        return folders
    data = report_data(rng, "青禾县第0局", 2023)
    data["meta"]["publish_date"] = data["meta"].get("publish_date") or "2024-01-20"
    with zipfile.ZipFile(io.BytesIO(to_docx(data))) as template:
        parts = {name: template.read(name) for name in template.namelist()}
    for i in range(n):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for name, blob in parts.items():
                if name == "word/document.xml":
                    blob = blob.replace("青禾县第0局".encode(), f"青禾县第{i}局".encode())
                out.writestr(name, blob)
        (folders[i // per_folder] / f"r{i}.docx").write_bytes(buf.getvalue())
    return folders


def _ingest(folder: Path, fmt: str) -> None:
    """Ingest against bare extraction of the same files, in one process: the store's overhead.

    CPU time on this shared machine drifts between a fast and a slow state every second or so (one process
    alone: 1.3 vs 2.3 ms a report; consecutive tenths of a second correlated 0.6), so timing a folder one
    way and then the other compares different states. Here each file is timed both ways back to back: the
    ingest's progress callback, called once a file is read and queued, ends that file's ingest time, then
    extracts the same file bare and prepares it again without storing (both timed apart), and restarts the
    clock. Everything `Corpus.ingest` does falls into some file's interval: the folder walk (before the
    first), the commits of full batches, and the last commit with closing the store (the WAL checkpoint)
    after the last."""
    import ogi
    from ogi.store.ingest import Input, Prepared, prepare

    n, per_round, rounds = N_INGEST[fmt], ROUND_FILES[fmt], INGEST_ROUNDS[fmt]
    folders = _write_inputs(folder / f"in-{fmt}", fmt, n, per_round)
    for path in sorted(folders[0].iterdir())[:20]:  # warm up (imports, catalogue, regexes)
        ogi.check(ogi.read(path))
    clock = time.process_time_ns  # CPU time of this process, SQLite's writes in the kernel included

    def one_round(sub: Path, rnd: int) -> dict[str, int]:
        spent = {"ingest": 0, "bare": 0, "prepare": 0}
        corpus = ogi.open(folder / f"ingest-{fmt}{rnd}.db")  # not timed: creating the tables
        gc.collect()
        mark = clock()

        def paired(_done: int, _total: int, _outcome: str, item: Prepared) -> None:
            nonlocal mark
            start = clock()
            spent["ingest"] += start - mark
            ogi.check(ogi.read(item.source))
            middle = clock()
            prepare(Input(item.source, item.source))
            mark = clock()
            spent["bare"] += middle - start
            spent["prepare"] += mark - middle

        summary = corpus.ingest([sub], check=False, progress=paired)
        corpus.close()
        spent["ingest"] += clock() - mark
        assert summary.new == per_round, summary.to_dict()
        for leftover in folder.glob(f"ingest-{fmt}{rnd}.db*"):
            leftover.unlink()
        return spent

    ratios: list[float] = []
    total = {"ingest": 0, "bare": 0, "prepare": 0}
    for rnd in range(rounds):
        spent = one_round(folders[rnd % len(folders)], rnd)
        ratios.append((spent["ingest"] - spent["bare"]) / spent["bare"])
        for key, ns in spent.items():
            total[key] += ns
    total_ingest, total_bare = total["ingest"], total["bare"]
    q1, median, q3 = statistics.quantiles(ratios, n=4)
    files = rounds * per_round
    print(f"ingest ({fmt}): {files / total_ingest * 1e9:.1f} reports/s per core; extraction alone "
          f"{files / total_bare * 1e9:.1f}/s; store overhead {(total_ingest - total_bare) / total_bare:.1%} of "
          f"extraction (target < 20 %), over {rounds} rounds of {per_round} files; rounds' median {median:.1%}, "
          f"half of them between {q1:.1%} and {q3:.1%}; of the overhead, reading and preparing the rows (hash, "
          f"numbers, provenance, findings) {(total['prepare'] - total_bare) / total_bare:.1%}, the writer (MinHash, "
          f"the database, the checkpoint) and the folder walk {(total_ingest - total['prepare']) / total_bare:.1%}")
    print("  overhead = (ingest - extraction) / extraction of the same files, each file timed both ways back to "
          "back: extraction = ogi.check(ogi.read(path)); ingest = Corpus.ingest(folder, check=False) into a new "
          "SQLite file and closing it (the WAL checkpoint), split per file by its progress callback; CPU time of "
          "this process")


Timing = tuple[float, float]  # wall, CPU (all threads of this process)


def _synthetic(folder: Path) -> tuple[Timing, Timing, float, float]:
    """Insert 100,000 reports (2 years × 50,000 agencies) straight through the store's tables."""
    import numpy as np
    import sqlalchemy as sa

    import ogi
    from ogi.store import schema as t
    from ogi.store.cellkeys import CELL_KEYS, CELL_PATHS

    corpus = ogi.open(folder / "big.db")
    width = len(CELL_KEYS["2021"])
    rng = np.random.default_rng(1)
    agencies_n = N_CORPUS // 2
    start = time.perf_counter()
    with corpus.engine.begin() as conn:
        conn.execute(t.agencies.insert(), [{"id": i + 1, "name": f"合成县第{i}单位", "level": "department"}
                                           for i in range(agencies_n)])
        matrix = rng.integers(0, 50, size=(N_CORPUS, width))
        paths = CELL_PATHS["2021"]
        col = {p: i for i, p in enumerate(paths)}
        last, first = matrix[agencies_n:], matrix[:agencies_n]  # 2023 continues 2022 (M6, M7 hold)
        for c in ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org",
                  "total"):
            last[:, col[f"requests.carried_over.{c}"]] = first[:, col[f"requests.carried_forward.{c}"]]
        nd = "active.normative_documents."
        last[:, col[nd + "in_force"]] = (first[:, col[nd + "in_force"]] + last[:, col[nd + "issued"]]
                                         - last[:, col[nd + "repealed"]])
        for k in ("issued", "repealed", "in_force"):
            matrix[:, col[f"active.rules.{k}"]] = 0
        last[::100, col["requests.carried_over.total"]] += 1  # 1 % break M6
        blobs = matrix.astype("<f8")
        rows = []
        for k in range(N_CORPUS):
            rows.append({"sha256": f"{k:064x}", "source": f"r{k}.txt", "size": 1, "agency_id": k % agencies_n + 1,
                         "year": 2022 + k // agencies_n, "layout": "2021", "cell_layout": "2021",
                         "numbers": blobs[k].tobytes(), "provenance": "[]",
                         "sections": "{}"})
            if len(rows) == 10_000:
                conn.execute(t.documents.insert(), rows)
                rows = []
        if rows:
            conn.execute(t.documents.insert(), rows)
        count = conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar_one()
    insert = time.perf_counter() - start
    assert count == N_CORPUS
    t0, c0 = time.perf_counter(), time.process_time()
    cells = corpus.export(folder / "all.parquet", "parquet")
    parquet = (time.perf_counter() - t0, time.process_time() - c0)
    (folder / "all.parquet").unlink()
    t0, c0 = time.perf_counter(), time.process_time()
    corpus.export(folder / "all.csv", "csv")
    csv = (time.perf_counter() - t0, time.process_time() - c0)
    (folder / "all.csv").unlink()
    assert cells == N_CORPUS * width
    t0 = time.perf_counter()
    data = corpus.corpus_data()
    from ogi.rules.corpus import check_corpus

    found = check_corpus(data)
    check = time.perf_counter() - t0
    print(f"corpus of {N_CORPUS:,} reports inserted in {insert:.1f} s; {cells:,} cells; "
          f"cross-year rules found {len(found):,} findings (synthetic random numbers)")
    corpus.close()
    return parquet, csv, check, insert


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="ogi-bench-store-") as tmp:
        folder = Path(tmp)
        _ingest(folder, "text")
        _ingest(folder, "docx")
        parquet, csv, check, _ = _synthetic(folder)
        print(f"export every cell of {N_CORPUS:,} reports (wall, target < 10 s): parquet {parquet[0]:.1f} s "
              f"(CPU {parquet[1]:.1f} s), csv {csv[0]:.1f} s (CPU {csv[1]:.1f} s)")
        print(f"cross-year rules over the whole corpus (M6, M7, M8, M21, M22, roll-up), without storing: "
              f"{check:.1f} s (target < 30 s)")


if __name__ == "__main__":
    run()
