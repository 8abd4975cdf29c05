"""Spreadsheets (XLSX, XLS, ODS) with python-calamine.

Each sheet is split into paragraphs and tables: a run of rows with two or more cells (or cells under a
merged range) is a table; a row holding a single cell is a paragraph unless it is a merged cell spanning
columns between table rows (a block heading inside a table) and not a heading the caller names. Merged ranges become
spans at their top-left cell; the positions they cover hold no cell. Numbers print as Excel shows
them (12.0 -> "12"). Origins carry the sheet row as the line (Excel's row number).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from ogi.document.model import Block, Cell, Document, Origin, Paragraph, Table
from ogi.errors import UnreadableInput
from ogi.readers import _sniff
from ogi.readers._safe import SafeZip
from ogi.readers.registry import ReadOptions

MAX_CELLS = 2_000_000


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return str(value)
    return str(value).strip()


def read_sheet(data: bytes, source: str, options: ReadOptions) -> Document:
    from python_calamine import CalamineWorkbook

    if data.startswith(_sniff.ZIP_MAGIC):
        SafeZip(data, source, "表格")  # limits before calamine inflates anything
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(wb.sheet_names)
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise UnreadableInput(source, f"表格文件已损坏或无法读取（{exc}）",
                              f"the spreadsheet is corrupt or unreadable ({exc})") from None
    doc = Document(source=source, format="xlsx")
    tables = 0
    for name in names:
        try:
            ws = wb.get_sheet_by_name(name)
            if ws.height * ws.width > MAX_CELLS:
                raise UnreadableInput(source, f"工作表“{name}”过大（{ws.height}×{ws.width}）",
                                      f"sheet {name!r} is too large ({ws.height}x{ws.width})")
            rows = ws.to_python(skip_empty_area=False)
            merged = ws.merged_cell_ranges or []
        except UnreadableInput:
            raise
        except Exception as exc:
            raise UnreadableInput(source, f"工作表“{name}”无法读取（{exc}）",
                                  f"sheet {name!r} unreadable ({exc})") from None
        tables = _sheet_blocks(source, [[_text(v) for v in row] for row in rows], merged, doc.blocks, tables,
                              options.is_heading)
    return doc


def _sheet_blocks(source: str, grid: list[list[str]], merged: list[tuple[tuple[int, int], tuple[int, int]]],
                  blocks: list[Block], tables: int, is_heading: Callable[[str], bool] | None) -> int:
    span: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in merged:
        if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_CELLS:
            continue
        span[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
    nrows = len(grid)
    # Per row: the top-left cells with text, and whether merges make it part of a grid.
    kinds: list[str] = []
    for r in range(nrows):
        filled = [c for c, t in enumerate(grid[r]) if t and (r, c) not in covered]
        merged_here = any((r, c) in covered or ((r, c) in span and span[(r, c)][0] > 1) for c in range(len(grid[r])))
        if len(filled) >= 2 or (filled and merged_here and _vertical(r, grid[r], span, covered)):
            kinds.append("table")
        elif filled:
            kinds.append("single")
        else:
            kinds.append("table" if merged_here else "empty")
    # A single merged cell spanning columns between table rows is a title row of that table
    # (a block heading); a heading the caller recognises always ends the table.
    for r in range(1, nrows - 1):
        if kinds[r] != "single" or kinds[r - 1] != "table" or kinds[r + 1] != "table":
            continue
        c = next(c for c, t in enumerate(grid[r]) if t and (r, c) not in covered)
        if span.get((r, c), (1, 1))[1] > 1 and not (is_heading and is_heading(grid[r][c].strip())):
            kinds[r] = "table-title"
    r = 0
    while r < nrows:
        if kinds[r] == "single":
            c = next(c for c, t in enumerate(grid[r]) if t and (r, c) not in covered)
            blocks.append(Paragraph(text=grid[r][c], origin=Origin(source, line=r + 1)))
            r += 1
            continue
        if kinds[r] == "empty":
            r += 1
            continue
        end = r
        while end < nrows and kinds[end] in ("table", "table-title"):
            end += 1
        blocks.append(_table(source, grid, span, covered, r, end, tables))
        tables += 1
        r = end
    return tables


def _vertical(r: int, row: list[str], span: dict[tuple[int, int], tuple[int, int]],
              covered: set[tuple[int, int]]) -> bool:
    """A row whose only text cell sits beside cells covered by a merge from above (inside a grid)."""
    return any((r, c) in covered and (r - 1, c) in covered | set(span) for c in range(len(row)))


def _table(source: str, grid: list[list[str]], span: dict[tuple[int, int], tuple[int, int]],
           covered: set[tuple[int, int]], start: int, end: int, index: int) -> Table:
    used = [c for r in range(start, end) for c, t in enumerate(grid[r]) if t or (r, c) in span]
    used += [c + span[(r, c)][1] - 1 for r in range(start, end) for c in range(len(grid[r])) if (r, c) in span]
    first, last = (min(used), max(used)) if used else (0, 0)
    rows: list[list[Cell]] = []
    for r in range(start, end):
        out: list[Cell] = []
        for c in range(first, last + 1):
            if (r, c) in covered:
                continue
            text = grid[r][c] if c < len(grid[r]) else ""
            rs, cs = span.get((r, c), (1, 1))
            rs = min(rs, end - r)
            cs = min(cs, last + 1 - c)
            out.append(Cell(text, r - start, c - first, source, r + 1, index, rowspan=rs, colspan=cs))
        rows.append(out)
    return Table(rows=rows, origin=Origin(source, line=start + 1, line_end=end), index=index)
