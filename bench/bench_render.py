"""Rendering speed: median milliseconds per report for each output format (and the XLSX form)."""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.factory import consistent_data


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def run() -> None:
    from ogi.authoring.xlsxform import write_xlsx_form
    from ogi.render.docx import render_docx
    from ogi.render.html import render_html
    from ogi.render.markdown import render_markdown
    from ogi.render.pdf import render_pdf

    data: dict[str, Any] = consistent_data(random.Random(7), publish_date="2025-01-20",
                                           sections={"overview": "本机关认真贯彻落实条例。" * 20,
                                                     "other": "本机关未收取信息处理费。"})
    cases: list[tuple[str, Callable[[], object], int]] = [
        ("docx", lambda: render_docx(data), 30),
        ("html", lambda: render_html(data), 30),
        ("md", lambda: render_markdown(data), 30),
        ("xlsx form", lambda: write_xlsx_form(data), 10),
        ("pdf (WeasyPrint)", lambda: render_pdf(data), 3),
    ]
    for name, fn, runs in cases:
        print(f"{name:18s} {_median_ms(fn, runs):9.1f} ms  (median of {runs})", flush=True)


if __name__ == "__main__":
    run()
