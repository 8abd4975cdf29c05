"""Tika-style text with the noise real files carry (background.md §9.2), drawn at random."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from ogi.model.schema import SECTION_KEYS, SECTION_TITLES
from ogi.render.text import TABLE_ROWS, TextRow

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_SPACES = ["", " ", "  ", "\u00a0", "\u3000"]


def _number(text: str, rng: random.Random) -> str:
    if not text:
        return text
    if rng.random() < 0.15:
        text = text.translate(_FULL_WIDTH)
    if rng.random() < 0.1 and text.isdigit() and len(text) > 3:
        text = f"{int(text):,}"
    return rng.choice(_SPACES) + text + rng.choice(_SPACES)


def _label(text: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        text = text.replace("（", "(").replace("）", ")")
    return text


def _cell_lines(text: str, rng: random.Random, *, value: bool) -> Iterator[str]:
    """One cell as lines: the tab line, then untabbed continuation lines (with blank lines between)."""
    if value:
        if text.strip() and rng.random() < 0.05:
            yield "\t"  # the number on the next, untabbed line
            yield text.strip()
        else:
            yield "\t" + text
        return
    # Split a label over lines (as Word paragraphs inside a cell), never right after a bare number.
    cuts = [i for i in range(1, len(text)) if any("\u4e00" <= ch <= "\u9fff" for ch in text[:i])]
    if len(text) >= 4 and cuts and rng.random() < 0.15:
        cut = rng.choice(cuts)
        yield "\t" + text[:cut]
        for _ in range(rng.choice([0, 0, 1, 2])):
            yield ""
        yield text[cut:]
    elif text and rng.random() < 0.08:
        yield "\t"  # the cell's text starts with a paragraph break
        yield text
    else:
        yield "\t" + text


def noisy_rows(rows: Iterator[TextRow], rng: random.Random) -> Iterator[str]:
    previous_ended_with_number = False
    for row in rows:
        labels = [_label(lab, rng) for lab in row.labels]
        for i, group in enumerate(row.groups):
            if group and not labels[i] and rng.random() < 0.1:
                labels[i] = group  # a merged cell broken at a page break repeats its label
        first_is_label = bool(labels) and bool(labels[0].strip())
        has_label = any(lab.strip() for lab in labels)
        if not (previous_ended_with_number and has_label and rng.random() < 0.15):
            for _ in range(rng.choice([1, 1, 1, 2])):
                yield ""  # row separator (sometimes missing before a label, as in real files)
        lead = " " if first_is_label and rng.random() < 0.05 else ""
        cells = [(lab, False) for lab in labels] + [(_number(v, rng), True) for v in row.values]
        for n, (text, is_value) in enumerate(cells):
            lines = list(_cell_lines(text, rng, value=is_value))
            if n == 0 and lead:
                lines[0] = lead + lines[0]
            yield from lines
        previous_ended_with_number = bool(row.values) and bool(row.values[-1].strip())


def noisy_text(data: dict[str, Any], rng: random.Random) -> str:
    meta = data["meta"]
    agency, year = meta["agency"], meta["year"]
    lines: list[str] = []
    if rng.random() < 0.5:
        lines += [agency, "", f"{year}年度政府信息公开工作年度报告"]
    else:
        lines.append(f"{agency}{year}年政府信息公开工作年度报告")
    for key in SECTION_KEYS:
        number, title, _ = SECTION_TITLES[key]
        heading = f"{number}、{title}"
        if rng.random() < 0.1:
            heading = " " + heading
        if rng.random() < 0.05:
            heading = f"{'一二三四五六'.index(number) + 1}、 {title}"  # Word numbering rendered as Arabic
        lines.append(heading)
        if rng.random() < 0.1:
            lines.append("[bookmark: _GoBack]本部分说明如下。")
        if key in TABLE_ROWS:
            table, make_rows = TABLE_ROWS[key]
            lines.extend(noisy_rows(make_rows(data[table]), rng))
            for _ in range(rng.choice([0, 1, 2])):
                lines.append("")
    if meta.get("publish_date"):
        y, m, d = (int(x) for x in meta["publish_date"].split("-"))
        lines += [agency, f"{y}年{m}月{d}日"]
        if rng.random() < 0.5:
            lines.append(f"— {rng.randint(2, 9)} —")
    newline = "\r\n" if rng.random() < 0.2 else "\n"
    return newline.join(lines) + rng.choice(["", "\n", " ", "\n\n"])


def encode(text: str, rng: random.Random) -> bytes:
    return rng.choice([
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("utf-16"),
    ])(text)
