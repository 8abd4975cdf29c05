"""The six parts: recognising their headings (however numbered) and collecting their text."""

from __future__ import annotations

import re
from functools import lru_cache

from ogi.document.model import Document, Paragraph
from ogi.document.text import fold
from ogi.model.report import Heading, Report
from ogi.model.schema import SECTION_KEYS

_NUMBER_RE = re.compile(
    r"^\s*(?P<num>[一二三四五六七八九十]{1,2}\s*[、.．]|\d{1,2}\s*[、.．]|第[一二三四五六七八九十]部分)?\s*"
)
_SUB_NUMBER_RE = re.compile(r"^\s*[（(]")
# Folded title stems; a heading's title must start with one of these and be barely longer.
_TITLE_STEMS: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况",),
    "active_disclosure": ("主动公开政府信息情况", "主动公开政府信息"),
    "requests": ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "收到和处理政府信息"),
    "appeals": ("政府信息公开行政复议行政诉讼情况", "政府信息公开行政复议", "行政复议行政诉讼情况"),
    "problems": ("存在的主要问题及改进情况", "存在的主要问题", "主要问题及改进情况"),
    "other": ("其他需要报告的事项",),
}
_MAX_EXTRA = 8


@lru_cache(maxsize=1 << 14)
def match_part_heading(text: str) -> tuple[str, str] | None:
    """(section key, number as printed) when `text` is one of the six part headings."""
    if len(text) < 4 or len(text) > 40 or _SUB_NUMBER_RE.match(text):
        return None
    m = _NUMBER_RE.match(text)
    number = (m.group("num") or "").replace(" ", "") if m else ""
    title = fold(text[m.end():] if m else text)
    for key, stems in _TITLE_STEMS.items():
        for stem in stems:
            if title.startswith(stem) and len(title) <= len(stems[0]) + _MAX_EXTRA:
                return key, number
    return None


def is_part_heading(text: str) -> bool:
    return match_part_heading(text.strip()) is not None


_PAGE_NUMBER_RE = re.compile(r"^[—\-－–―\s]*(第\s*)?\d{1,3}(\s*页)?[—\-－–―\s]*$|^-\s*\d+\s*-$")


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER_RE.match(text.strip()))


def find_headings(doc: Document) -> list[tuple[int, Heading]]:
    """Headings in document order; each part at most once and in the national order."""
    found: list[tuple[int, Heading]] = []
    last = -1
    for i, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        hit = match_part_heading(block.text)
        if hit is None:
            continue
        key, number = hit
        index = SECTION_KEYS.index(key)
        if index <= last:
            continue
        last = index
        found.append((i, Heading(key, block.text.strip(), number, block.origin)))
    return found


def fill_sections(doc: Document, report: Report, trailer: set[int]) -> None:
    """Narrative text of each part: its paragraphs, without tables, signature, date or page numbers."""
    headings = find_headings(doc)
    report.headings = [h for _, h in headings]
    bounds = [i for i, _ in headings] + [len(doc.blocks)]
    for (start, heading), end in zip(headings, bounds[1:], strict=True):
        texts: list[str] = []
        for j in range(start + 1, end):
            block = doc.blocks[j]
            if isinstance(block, Paragraph) and j not in trailer and not is_page_number(block.text):
                texts.append(block.text)
        report.sections[heading.key] = "\n".join(texts)
        report.section_origins[heading.key] = heading.origin
