"""The national layout (国办公开办函〔2021〕30号) as renderer-neutral blocks: the title, the six parts
with their narrative, the three tables as grids with their real merged cells, and the signature.

Every writer (DOCX, HTML/PDF, Markdown, the XLSX form) draws these blocks; labels come from
`ogi.model.schema`, never retyped here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ogi.model.schema import (
    ACTIVE_BLOCKS_2021,
    ACTIVE_COLUMN_LABELS,
    ACTIVE_ROW_LABELS,
    APPEAL_GROUP_LABELS,
    APPEAL_GROUPS,
    APPEAL_OUTCOME_LABELS,
    APPEAL_OUTCOMES,
    APPLICANT_COLUMNS,
    REQUEST_COLUMN_LABELS,
    REQUEST_COLUMNS,
    REQUEST_ROW_LABELS,
    SECTION_KEYS,
    SECTION_TITLES,
)

# Printed texts of the 2021 format that are not labels of a single cell.
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
ORGANISATIONS = "法人或其他组织"
CONTENT = "信息内容"
RESULTS_GROUP = next(g for k, g, _ in REQUEST_ROW_LABELS if k == "granted")  # 三、本年度办理结果
LITIGATION = APPEAL_GROUP_LABELS["litigation_direct"].split("·")[0]  # 行政诉讼
NOTICE_2021 = "国办公开办函〔2021〕30号"

ACTIVE_COLUMNS = 4
REQUEST_GRID_COLUMNS = 10
APPEAL_GRID_COLUMNS = 15


@dataclass(slots=True)
class GridCell:
    """One printed cell at its top-left position. `kind`: head (header), label (row label),
    value (a number; `path` names it), note (the 勾稽关系 note)."""

    text: str
    kind: str = "label"
    rowspan: int = 1
    colspan: int = 1
    path: str | None = None


@dataclass(slots=True)
class Grid:
    """A table: `rows` hold only the cells that start in that row (HTML semantics)."""

    key: str  # active | requests | appeals
    columns: int
    rows: list[list[GridCell]] = field(default_factory=list)
    header_rows: int = 0

    def placed(self) -> list[list[tuple[int, GridCell]]]:
        """Each row's cells with their starting grid column, accounting for row spans from above."""
        taken: dict[tuple[int, int], bool] = {}
        out: list[list[tuple[int, GridCell]]] = []
        for r, row in enumerate(self.rows):
            col = 0
            placed: list[tuple[int, GridCell]] = []
            for cell in row:
                while taken.get((r, col)):
                    col += 1
                placed.append((col, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken[(r + dr, col + dc)] = True
                col += cell.colspan
            out.append(placed)
        return out


def format_number(value: Any) -> str:
    """A count as digits; an amount of 万元 without float noise; blank for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a number cell cannot hold a boolean")
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(int(value))
        return format(value.normalize(), "f")
    return str(value)


def _value(path: str, value: Any) -> GridCell:
    return GridCell(format_number(value), "value", path=path)


# --- part 二 -----------------------------------------------------------------------------------------
def active_grid(active: dict[str, Any]) -> Grid:
    grid = Grid("active", ACTIVE_COLUMNS)
    for heading, rows, cols in ACTIVE_BLOCKS_2021:
        grid.rows.append([GridCell(heading, "head", colspan=ACTIVE_COLUMNS)])
        if len(cols) == 1:
            grid.rows.append([GridCell(CONTENT, "head"),
                              GridCell(ACTIVE_COLUMN_LABELS[cols[0]], "head", colspan=ACTIVE_COLUMNS - 1)])
            for row in rows:
                cell = _value(f"active.{row}", active.get(row))
                cell.colspan = ACTIVE_COLUMNS - 1
                grid.rows.append([GridCell(ACTIVE_ROW_LABELS[row]), cell])
        else:
            grid.rows.append([GridCell(CONTENT, "head"), *(GridCell(ACTIVE_COLUMN_LABELS[c], "head") for c in cols)])
            for row in rows:
                values = active.get(row) or {}
                grid.rows.append([GridCell(ACTIVE_ROW_LABELS[row]),
                                  *(_value(f"active.{row}.{c}", values.get(c)) for c in cols)])
    return grid


# --- part 三 -----------------------------------------------------------------------------------------
def requests_grid(requests: dict[str, Any]) -> Grid:
    grid = Grid("requests", REQUEST_GRID_COLUMNS, header_rows=3)
    grid.rows.append([GridCell(BALANCE_NOTE, "note", rowspan=3, colspan=3),
                      GridCell(APPLICANTS, "head", colspan=len(REQUEST_COLUMNS))])
    grid.rows.append([GridCell(REQUEST_COLUMN_LABELS["natural_person"], "head", rowspan=2),
                      GridCell(ORGANISATIONS, "head", colspan=len(APPLICANT_COLUMNS) - 1),
                      GridCell(REQUEST_COLUMN_LABELS["total"], "head", rowspan=2)])
    grid.rows.append([GridCell(REQUEST_COLUMN_LABELS[c], "head") for c in APPLICANT_COLUMNS[1:]])
    keys = [k for k, _, _ in REQUEST_ROW_LABELS]
    results = keys.index("granted"), keys.index("total_processed")
    # Rows in a group (（三）不予公开 …): from the group label to the next label that starts one.
    group_size: dict[str, int] = {}
    current: str | None = None
    for key, group, leaf in REQUEST_ROW_LABELS[results[0]:results[1]]:
        if group and group != RESULTS_GROUP:
            current = key
            group_size[key] = 0
        elif leaf.startswith("（"):
            current = None
        if current is not None:
            group_size[current] += 1
    in_group = False
    for i, (key, group, leaf) in enumerate(REQUEST_ROW_LABELS):
        values = requests.get(key) or {}
        cells: list[GridCell] = []
        if i < results[0] or i > results[1]:
            cells.append(GridCell(leaf, colspan=3))
        else:
            if i == results[0]:
                cells.append(GridCell(RESULTS_GROUP, rowspan=results[1] - results[0] + 1))
            if key in group_size:
                cells.append(GridCell(group, rowspan=group_size[key]))
                in_group = True
                cells.append(GridCell(leaf))
            elif in_group and not leaf.startswith("（"):
                cells.append(GridCell(leaf))
            else:
                in_group = False
                cells.append(GridCell(leaf, colspan=2))
        cells.extend(_value(f"requests.{key}.{c}", values.get(c)) for c in REQUEST_COLUMNS)
        grid.rows.append(cells)
    return grid


# --- part 四 -----------------------------------------------------------------------------------------
def appeals_grid(appeals: dict[str, Any]) -> Grid:
    grid = Grid("appeals", APPEAL_GRID_COLUMNS, header_rows=3)
    n = len(APPEAL_OUTCOMES)
    grid.rows.append([GridCell(APPEAL_GROUP_LABELS["review"], "head", colspan=n),
                      GridCell(LITIGATION, "head", colspan=2 * n)])
    grid.rows.append([
        *(GridCell(APPEAL_OUTCOME_LABELS[o], "head", rowspan=2) for o in APPEAL_OUTCOMES),
        *(GridCell(APPEAL_GROUP_LABELS[g].split("·")[-1], "head", colspan=n) for g in APPEAL_GROUPS[1:]),
    ])
    grid.rows.append([GridCell(APPEAL_OUTCOME_LABELS[o], "head") for _ in APPEAL_GROUPS[1:] for o in APPEAL_OUTCOMES])
    grid.rows.append([_value(f"appeals.{g}.{o}", (appeals.get(g) or {}).get(o))
                      for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES])
    return grid


# --- the whole document --------------------------------------------------------------------------------
@dataclass(slots=True)
class Block:
    """kind: title | subtitle | para | heading | table | signature | date."""

    kind: str
    text: str = ""
    grid: Grid | None = None
    section: str | None = None


def paragraphs(text: str | None) -> list[str]:
    """Narrative text as printed paragraphs: one per line, trimmed, blank lines dropped."""
    if not text:
        return []
    return [p.strip() for p in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if p.strip()]


def heading_text(key: str) -> str:
    number, title, _ = SECTION_TITLES[key]
    return f"{number}、{title}"


def title_lines(meta: dict[str, Any]) -> tuple[str | None, str]:
    """(the agency line or None, the title line)."""
    agency = (meta.get("agency") or "").strip() or None
    year = meta.get("year")
    return agency, f"{year if year is not None else ''}年政府信息公开工作年度报告"


def preamble(meta: dict[str, Any]) -> str:
    year = meta.get("year")
    parts = "、".join(SECTION_TITLES[k][1] for k in SECTION_KEYS)
    text = (f"本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
            f"（{NOTICE_2021}）编制，全文包括{parts}。")
    if year is not None:
        text += f"本报告所列数据的统计期限为{year}年1月1日至12月31日。"
    return text


def date_text(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


TABLE_OF_SECTION = {"active_disclosure": "active", "requests": "requests", "appeals": "appeals"}
_GRIDS = {"active": active_grid, "requests": requests_grid, "appeals": appeals_grid}


def document_blocks(data: dict[str, Any]) -> list[Block]:
    """The report `data` (schema `ogi.annual-report/1`, layout 2021) in printed order."""
    meta = data.get("meta") or {}
    sections = data.get("sections") or {}
    agency, title = title_lines(meta)
    blocks: list[Block] = []
    if agency:
        blocks.append(Block("subtitle", agency))
    blocks.append(Block("title", title))
    blocks.append(Block("para", preamble(meta)))
    for key in SECTION_KEYS:
        blocks.append(Block("heading", heading_text(key), section=key))
        blocks.extend(Block("para", p, section=key) for p in paragraphs(sections.get(key)))
        table = TABLE_OF_SECTION.get(key)
        if table:
            blocks.append(Block("table", grid=_GRIDS[table](data.get(table) or {}), section=key))
    if meta.get("publish_date"):
        if agency:
            blocks.append(Block("signature", agency))
        blocks.append(Block("date", date_text(str(meta["publish_date"]))))
    return blocks
