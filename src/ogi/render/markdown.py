"""The report as Markdown for people: part headings as `##`, the tables as MultiMarkdown tables whose
merged cells keep their spans (`||` continues a cell to the right, `^^` continues the cell above),
so that `ogi.readers.markdown` reads back exactly the printed grid."""

from __future__ import annotations

from typing import Any

from ogi.render.layout import Block, Grid, GridCell, document_blocks

ROW_SPAN = "^^"
_SPECIAL_START = ("#", "|", "\\", ">", "<")


def _cell_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def grid_markdown(grid: Grid) -> list[str]:
    """One line per grid row; a header of the first `header_rows` rows (at least one)."""
    lines: list[str] = []
    covered: dict[tuple[int, int], bool] = {}
    header = max(grid.header_rows, 1)
    for r, placed in enumerate(grid.placed()):
        starts: dict[int, GridCell] = dict(placed)
        for col, cell in placed:
            for dr in range(1, cell.rowspan):
                for dc in range(cell.colspan):
                    covered[(r + dr, col + dc)] = True
        parts: list[str] = []
        col = 0
        while col < grid.columns:
            start = starts.get(col)
            if start is not None:
                parts.append(" " + _cell_text(start.text) + " " + "|" * (start.colspan - 1))
                col += start.colspan
            else:
                parts.append(f" {ROW_SPAN} " if covered.get((r, col)) else " ")
                col += 1
        lines.append("|" + "|".join(parts) + "|")
        if r == header - 1:
            lines.append("|" + "|".join([":-:"] * grid.columns) + "|")
    return lines


def _paragraph(text: str) -> str:
    return "\\" + text if text.startswith(_SPECIAL_START) else text


def _block_lines(block: Block) -> list[str]:
    if block.kind == "title":
        return [f"# {block.text}"]
    if block.kind == "heading":
        return [f"## {block.text}"]
    if block.kind == "table":
        assert block.grid is not None
        return grid_markdown(block.grid)
    return [_paragraph(block.text)]


def render_markdown(data: dict[str, Any]) -> str:
    """The report `data` (`ogi.annual-report/1`, layout 2021) as Markdown."""
    out: list[str] = []
    for block in document_blocks(data):
        out.extend(_block_lines(block))
        out.append("")
    return "\n".join(out)
