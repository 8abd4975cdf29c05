"""Markdown reports (as `ogi render` writes them, or by hand): headings and paragraphs, and pipe tables
with MultiMarkdown spans — an empty segment (`||`) continues the cell on its left, `^^` the cell
above — into the neutral document with real merged cells."""

from __future__ import annotations

import re

from ogi.document.model import Cell, Document, Origin, Paragraph, Table
from ogi.readers.text import decode

_DELIMITER_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING_RE = re.compile(r"^#{1,6}\s+")
_ROW_SPAN = "^^"
_HEADING_BYTES_RE = re.compile(rb"(?m)^#{1,6}[ \t]+")
_DELIMITER_BYTES_RE = re.compile(rb"(?m)^\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*\r?$")


def looks_like_markdown(data: bytes, name: str) -> bool:
    """A `.md` / `.markdown` file, or text with a pipe table (a delimiter row) and a `#` heading."""
    if name.lower().endswith((".md", ".markdown")):
        return True
    head = data[:65536]
    if head.lstrip()[:1] == b"<" or b"\x00" in head[:4096]:
        return False
    # On the bytes, without decoding: this runs for every text file that is not Markdown.
    if b"|" not in head or b"---" not in head:
        return False  # no pipe table possible
    return _HEADING_BYTES_RE.search(head) is not None and _DELIMITER_BYTES_RE.search(head) is not None


def _split_row(line: str) -> list[str]:
    """Segments between unescaped pipes, outer pipes removed; escapes (\\| and \\\\) resolved."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    segments: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in "|\\":
            current.append(body[i + 1])
            i += 2
            continue
        if ch == "|":
            segments.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    segments.append("".join(current))
    return segments


class _TableBuilder:
    def __init__(self, source: str, index: int, line: int) -> None:
        self.source = source
        self.index = index
        self.first_line = line
        self.last_line = line
        self.rows: list[list[Cell]] = []
        # Grid column -> the cell occupying it in the previous row (for ^^).
        self.above: dict[int, Cell] = {}

    def add_row(self, line: str, number: int) -> None:
        r = len(self.rows)
        row: list[Cell] = []
        occupied: dict[int, Cell] = {}
        col = 0
        last: Cell | None = None
        for segment in _split_row(line):
            if segment == "" and last is not None:
                last.colspan += 1
                occupied[col] = last
                col += 1
                continue
            text = segment.strip()
            if text == _ROW_SPAN and col in self.above:
                cell = self.above[col]
                if cell.col == col:
                    cell.rowspan += 1
                occupied[col] = cell
                last = None
                col += 1
                continue
            last = Cell(text, r, col, self.source, number, self.index)
            row.append(last)
            occupied[col] = last
            col += 1
        self.above = occupied
        self.rows.append(row)
        self.last_line = number

    def build(self) -> Table:
        return Table(rows=self.rows, origin=Origin(self.source, line=self.first_line, line_end=self.last_line),
                     index=self.index)


def read_markdown(data: bytes, source: str) -> Document:
    doc = Document(source=source, format="markdown")
    text = decode(data, source)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table: _TableBuilder | None = None
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if stripped.startswith("|") or (table is not None and "|" in stripped):
            if _DELIMITER_RE.match(stripped):
                continue
            if table is None:
                table = _TableBuilder(source, len(doc.tables), number)
            table.add_row(stripped, number)
            continue
        if table is not None:
            doc.blocks.append(table.build())
            table = None
        if not stripped:
            continue
        body = _HEADING_RE.sub("", stripped)
        if body.startswith("\\") and len(body) > 1:
            body = body[1:]
        doc.blocks.append(Paragraph(text=body, origin=Origin(source, line=number)))
    if table is not None:
        doc.blocks.append(table.build())
    return doc
