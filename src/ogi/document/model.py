"""Paragraphs and tables in reading order, each carrying where in the source it came from.

Readers build these; extraction reads them. Nothing here knows about annual reports.
A merged cell appears once, at its top-left grid position, with its row and column span;
positions it covers hold no cell of their own. Readers that cannot see spans (plain text)
leave spans at 1 and keep empty placeholder cells where the source printed them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(slots=True)
class Origin:
    """Where a piece of text sits in its source file. Lines and pages count from 1."""

    source: str
    line: int | None = None
    line_end: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def __init__(self, source: str, line: int | None = None, line_end: int | None = None, page: int | None = None,
                 bbox: tuple[float, float, float, float] | None = None, table: int | None = None,
                 row: int | None = None, col: int | None = None) -> None:
        # Written out (the dataclass keeps it): compiled, it is called directly, not as generated Python.
        self.source = source
        self.line = line
        self.line_end = line_end
        self.page = page
        self.bbox = bbox
        self.table = table
        self.row = row
        self.col = col

    def describe(self, lang: str = "zh") -> str:
        """Human-readable position, e.g. '第118行' / 'line 118', '第3页' / 'page 3'."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页" if lang == "zh" else f"page {self.page}")
        if self.line is not None:
            if self.line_end is not None and self.line_end != self.line:
                parts.append(
                    f"第{self.line}–{self.line_end}行" if lang == "zh" else f"lines {self.line}-{self.line_end}"
                )
            else:
                parts.append(f"第{self.line}行" if lang == "zh" else f"line {self.line}")
        if self.table is not None and self.row is not None and self.col is not None:
            parts.append(
                f"表{self.table + 1}第{self.row + 1}行第{self.col + 1}列"
                if lang == "zh"
                else f"table {self.table + 1} row {self.row + 1} col {self.col + 1}"
            )
        return "，".join(parts) if lang == "zh" else ", ".join(parts)

    def to_dict(self) -> dict[str, object]:
        """The fields that are set (attributes read one by one: compiled, each is a native load)."""
        out: dict[str, object] = {"source": self.source}
        if self.line is not None:
            out["line"] = self.line
        if self.line_end is not None:
            out["line_end"] = self.line_end
        if self.page is not None:
            out["page"] = self.page
        if self.table is not None:
            out["table"] = self.table
        if self.row is not None:
            out["row"] = self.row
        if self.col is not None:
            out["col"] = self.col
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        return out


@dataclass(slots=True, init=False)
class Cell(Origin):
    """A table cell: its text and spans, and where it sits. A cell is its own origin (source, line or
    page, table, row, col): a value read from it points at it without another object per cell."""

    text: str = ""
    rowspan: int = 1
    colspan: int = 1

    def __init__(self, text: str, row: int, col: int, source: str, line: int | None = None,
                 table: int | None = None, *, line_end: int | None = None, page: int | None = None,
                 bbox: tuple[float, float, float, float] | None = None, rowspan: int = 1,
                 colspan: int = 1) -> None:
        # Every field set here rather than through Origin.__init__: one call less for each of the
        # ~300 cells of a report, on the hottest path of reading.
        self.text = text
        self.row = row
        self.col = col
        self.source = source
        self.line = line
        self.table = table
        self.line_end = line_end
        self.page = page
        self.bbox = bbox
        self.rowspan = rowspan
        self.colspan = colspan

    @property
    def origin(self) -> Origin:
        return self


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]]
    origin: Origin
    index: int = 0

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row


@dataclass(slots=True)
class Paragraph:
    text: str
    origin: Origin

    def __init__(self, text: str, origin: Origin) -> None:
        self.text = text
        self.origin = origin


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """A source file as ordered blocks. `notes` are the reader's remarks (repairs, oddities)."""

    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]
