"""Extract + check throughput on text reports (one core), and its ratio to the bare read and decode.

Corpus: the example reports plus synthetic reports of random valid data rendered as Tika-style text
with the noise real files carry (tests/support/noise.py), so the numbers do not depend on ../shared.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.factory import consistent_data  # noqa: E402
from tests.support.noise import encode, noisy_text  # noqa: E402

import ogi  # noqa: E402
from ogi import _compiled  # noqa: E402
from ogi.readers.text import decode  # noqa: E402

REPEATS = 7


def corpus(n: int = 200) -> list[tuple[bytes, str]]:
    files = [(p.read_bytes(), p.name) for p in sorted((ROOT / "examples").glob("*.txt"))]
    rng = random.Random(20241)
    for i in range(n - len(files)):
        data = consistent_data(rng, agency=f"第{i}号示例单位", year=2021 + i % 5, publish_date="2025-01-20")
        files.append((encode(noisy_text(data, rng), rng), f"synthetic-{i}.txt"))
    return files


def _rate(fn, files: list[tuple[bytes, str]]) -> float:  # type: ignore[no-untyped-def]
    """Median reports per CPU second (process time: robust to other load on the machine)."""
    rates = []
    for _ in range(REPEATS):
        start = time.process_time()
        for data, name in files:
            fn(data, name)
        rates.append(len(files) / (time.process_time() - start))
    return statistics.median(rates)


def _rates(files: list[tuple[bytes, str]]) -> tuple[float, float, float]:
    bare = _rate(lambda d, n: decode(d, n).split("\n"), files)
    read = _rate(lambda d, n: ogi.read_bytes_report(d, n), files)
    full = _rate(lambda d, n: ogi.check(ogi.read_bytes_report(d, n)), files)
    return bare, read, full


def run() -> None:
    compiled = _compiled.compiled()
    files = corpus()
    bare, read, full = _rates(files)
    print(f"text reports: {len(files)} (examples + synthetic noisy Tika text), median of {REPEATS} passes, "
          f"one core; {'compiled with mypyc' if compiled else 'plain Python (not compiled)'}")
    print(f"  bare read+decode+split : {bare:10.0f} reports/s")
    print(f"  read+extract           : {read:10.0f} reports/s   ({bare / read:.0f}x the bare read)")
    print(f"  read+extract+check     : {full:10.0f} reports/s   ({bare / full:.0f}x the bare read; "
          f"target 1000/s: {'met' if full >= 1000 else 'NOT met'})")
    if compiled:
        # The same in plain Python (OGI_PURE_PYTHON=1, another process): what compiling buys.
        env = {**os.environ, "OGI_PURE_PYTHON": "1"}
        out = subprocess.run([sys.executable, __file__, "--plain"], env=env, capture_output=True, text=True,
                             check=True).stdout.split()
        plain = float(out[-1])
        print(f"  read+extract+check, plain Python: {plain:.0f} reports/s (compiled is {full / plain:.2f}x)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--plain"]:
        print(_rates(corpus())[2])  # for run(): the plain-Python rate
    else:
        run()
