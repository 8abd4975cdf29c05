"""Plain-text reports, above all Apache Tika's rendering of a DOCX: paragraphs one per line, each table
cell on its own line after a tab, rows mostly separated by blank lines.

What survives here (all seen in published files): continuation lines without a tab (a cell's text
after a paragraph break, even across blank lines), blank lines inside a cell, a stray space before the
tab, two physical rows without a blank line between them, `[bookmark: …]` artefacts, CRLF, BOMs and
GB18030/UTF-16 encodings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ogi.document.model import Cell, Document, Origin, Paragraph, Table
from ogi.document.text import is_digits
from ogi.errors import UnreadableInput
from ogi.readers.encoding import decode_bom, guess_decode

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]\s?")
_NUMBER_RE = re.compile(r"^[\s\u00a0\u3000]*[+\-]?[0-9０-９][0-9０-９,，.．]*[\s\u00a0\u3000]*$")
_NUMBERED_HEADING_RE = re.compile(r"^[\s\u3000]*[一二三四五六七八九十]+[、.．]")
# A line longer than this is a paragraph, never the continuation of a table cell.
_MAX_CONTINUATION = 60


def decode(data: bytes, source: str) -> str:
    """Decode report text: BOMs first, UTF-16 without a BOM, then strict UTF-8, GB18030, detection."""
    text = decode_bom(data)
    if text is not None:
        return text
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: every other byte of ASCII text is NUL.
        head = data[:4096]
        odd, even = head[1::2].count(0), head[0::2].count(0)
        try:
            if odd > len(head) // 8 and odd > even:
                return data.decode("utf-16-le")
            if even > len(head) // 8:
                return data.decode("utf-16-be")
        except UnicodeDecodeError:
            pass
        raise UnreadableInput(source, "不是文本文件（含二进制内容）", "not a text file (binary content)")
    text = guess_decode(data)
    if text is None:
        raise UnreadableInput(source, "无法识别文本编码", "cannot detect the text encoding")
    return text


def is_number_like(text: str) -> bool:
    return is_digits(text) or _is_number_like(text)


@lru_cache(maxsize=1 << 14)
def _is_number_like(text: str) -> bool:
    return bool(_NUMBER_RE.match(text))


_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_ENUMERATOR_RE = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]|^[一二三四五六七八九十]+、")
# What Chinese tables print in a cell instead of a number; these are values, not row labels.
_NULL_MARKERS = frozenset(
    {"无", "暂无", "空", "不适用", "—", "——", "-", "--", "－", "/", "／", "\\", "x", "X", "×", "*"}
)


def is_label_like(text: str) -> bool:
    """A cell that names a row (two or more Chinese characters, or an enumerator like （四）), as
    opposed to a number or a stand-in for one ('—', '/', '无')."""
    return not is_digits(text) and _is_label_like(text)


@lru_cache(maxsize=1 << 14)
def _is_label_like(text: str) -> bool:
    t = text.strip().replace("\u00a0", "").replace("\u3000", "")
    if not t or t in _NULL_MARKERS or is_number_like(t):
        return False
    return len(_CJK_RE.findall(t)) >= 2 or bool(_ENUMERATOR_RE.match(t))


def default_is_heading(text: str) -> bool:
    return bool(_NUMBERED_HEADING_RE.match(text))


class _TableBuilder:
    def __init__(self, source: str, index: int) -> None:
        self.source = source
        self.index = index
        self.rows: list[list[Cell]] = []
        self.row: list[Cell] = []
        self.first_line = 0

    def end_row(self) -> None:
        if self.row:
            self.rows.append(self.row)
            self.row = []

    def number_run_end(self, upto: int) -> int | None:
        """If cells before `upto` end with a number followed only by empty cells (placeholders of
        the next row's merged labels), the index after that number; else None."""
        k = upto
        while k > 0 and not self.row[k - 1].text:
            k -= 1
        return k if k > 0 and is_number_like(self.row[k - 1].text) else None

    def split_at(self, k: int) -> None:
        """Cells from k on began a new row: two rows were printed without a blank line between."""
        moved = self.row[k:]
        self.row = self.row[:k]
        self.end_row()
        r = len(self.rows)
        for c, cell in enumerate(moved):
            cell.row, cell.col = r, c
            self.row.append(cell)

    @property
    def last(self) -> Cell | None:
        return self.row[-1] if self.row else (self.rows[-1][-1] if self.rows else None)

    def extend_last(self, text: str, line: int) -> None:
        cell = self.last
        assert cell is not None
        cell.text = f"{cell.text}\n{text}" if cell.text else text
        cell.line_end = line

    def build(self) -> Table:
        self.end_row()
        last_line = self.rows[-1][-1].line_end or self.rows[-1][-1].line
        return Table(rows=self.rows, origin=Origin(self.source, line=self.first_line, line_end=last_line),
                     index=self.index)


def parse_text(text: str, source: str, is_heading: Callable[[str], bool] | None = None) -> Document:
    """Split Tika-style text into paragraphs and tables.

    `is_heading` tells which untabbed lines are headings (they always end a table); by default a
    line numbered like "五、".
    """
    heading = is_heading or default_is_heading
    doc = Document(source=source, format="text")
    table: _TableBuilder | None = None
    tables = 0  # tables begun so far
    blanks = 0
    if "[bookmark:" in text:
        text = _BOOKMARK_RE.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    # The hot loop of text reading: one pass, state in locals, few calls. `row` is the table's
    # current row (re-read after the builder ends or splits it).
    row: list[Cell] = []
    for number, raw in enumerate(lines, start=1):
        if raw[:1] == "\t":
            rest: str | None = raw[1:]
        else:
            body = raw.lstrip(" \u00a0")
            rest = body[1:] if body[:1] == "\t" else None
        if rest is not None:
            if table is None:
                table = _TableBuilder(source, tables)
                tables += 1
                table.first_line = number
                row = table.row
            if "\t" in rest:
                # A line holding a whole row (cells joined by tabs) is a row of its own.
                if row:
                    table.end_row()
                    row = table.row
                r, t = len(table.rows), table.index
                for part in rest.split("\t"):
                    c = len(row)
                    row.append(Cell(part.rstrip(), r, c, source, number, t))
            else:
                if row:
                    if blanks:
                        table.end_row()  # a blank line ends a row
                        row = table.row
                    elif is_label_like(rest) and (k := table.number_run_end(len(row))) is not None:
                        # A label after a number (and any empty placeholders) starts a new row.
                        table.split_at(k)
                        row = table.row
                r, c, t = len(table.rows), len(row), table.index
                row.append(Cell(rest.rstrip(), r, c, source, number, t))
            blanks = 0
            continue
        stripped = raw.strip()
        if not stripped:
            blanks += 1
            continue
        if table is not None:
            last = table.last
            if (
                last is not None
                and not heading(stripped)
                and not is_number_like(last.text)
                and len(stripped) <= _MAX_CONTINUATION
            ):
                table.extend_last(stripped, number)
                if is_label_like(table.row[-1].text) and (k := table.number_run_end(len(table.row) - 1)) is not None:
                    # The cell after a number turns out to hold a label: it began a new row.
                    table.split_at(k)
                row = table.row
                blanks = 0
                continue
            doc.blocks.append(table.build())
            table = None
        doc.blocks.append(Paragraph(text=stripped, origin=Origin(source, line=number)))
        blanks = 0
    if table is not None:
        doc.blocks.append(table.build())
    return doc


def read_text(data: bytes, source: str, is_heading: Callable[[str], bool] | None = None) -> Document:
    return parse_text(decode(data, source), source, is_heading)
