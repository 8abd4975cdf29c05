"""The XLSX input form: one sheet laid out like the printed report — the six part headings, a
narrative cell under each, the three tables with their merged cells — with the labels locked, the
input cells open (and validated as counts), and every derived cell a formula."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ogi.authoring.data import FormInput, FormInvalid, FormProblem
from ogi.authoring.fields import DECIMAL_CELLS, FORM_ID, is_derived
from ogi.authoring.yamlform import SECTION_HINTS, _date
from ogi.document.model import Origin
from ogi.model.report import Meta, Value
from ogi.model.schema import APPLICANT_COLUMNS, OUTCOME_ROWS_2021, SECTION_KEYS
from ogi.render import fonts
from ogi.render.layout import Grid, active_grid, appeals_grid, heading_text, requests_grid

SHEET = "年度报告"
MARKER_SHEET = "ogi"
WIDTH = 15  # columns A..O (the appeals table is the widest)
_GRIDS = {"active_disclosure": active_grid, "requests": requests_grid, "appeals": appeals_grid}


@dataclass(slots=True)
class SheetLayout:
    """Where everything sits (1-based rows and columns)."""

    meta: dict[str, tuple[int, int]] = field(default_factory=dict)
    sections: dict[str, int] = field(default_factory=dict)
    headings: dict[str, int] = field(default_factory=dict)
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    tables: list[tuple[Grid, int]] = field(default_factory=list)


def sheet_layout(data: dict[str, Any] | None = None) -> SheetLayout:
    data = data or {}
    layout = SheetLayout()
    layout.meta = {"agency": (3, 3), "year": (4, 3), "publish_date": (5, 3)}
    row = 7
    for key in SECTION_KEYS:
        layout.headings[key] = row
        layout.sections[key] = row + 1
        row += 2
        if key in _GRIDS:
            table_key = {"active_disclosure": "active"}.get(key, key)
            grid = _GRIDS[key](data.get(table_key) or {})
            layout.tables.append((grid, row))
            for r, placed in enumerate(grid.placed()):
                for col, cell in placed:
                    if cell.path:
                        layout.cells[cell.path] = (row + r, col + 1)
            row += len(grid.rows) + 1
    return layout


def _ref(cell: tuple[int, int]) -> str:
    return f"{get_column_letter(cell[1])}{cell[0]}"


def _formula(path: str, layout: SheetLayout) -> str:
    table, row, col = path.split(".")
    if table == "appeals":
        first = layout.cells[f"appeals.{row}.upheld"]
        last = layout.cells[f"appeals.{row}.pending"]
        return f"=SUM({_ref(first)}:{_ref(last)})"
    if col == "total":
        return f"=SUM({_ref(layout.cells[f'requests.{row}.{APPLICANT_COLUMNS[0]}'])}:" \
               f"{_ref(layout.cells[f'requests.{row}.{APPLICANT_COLUMNS[-1]}'])})"
    return f"=SUM({_ref(layout.cells[f'requests.{OUTCOME_ROWS_2021[0]}.{col}'])}:" \
           f"{_ref(layout.cells[f'requests.{OUTCOME_ROWS_2021[-1]}.{col}'])})"


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
_DERIVED_FILL = PatternFill("solid", fgColor="EEEEEE")
_OPEN = Protection(locked=False)


def _merge(ws: Worksheet, row: int, col: int, rowspan: int, colspan: int) -> None:
    if rowspan > 1 or colspan > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rowspan - 1, end_column=col + colspan - 1)


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def write_xlsx_form(data: dict[str, Any] | None = None, *, agency: str | None = None, year: int | None = None,
                    publish_date: str | None = None) -> bytes:
    """A form (blank, or prefilled from `data` in the canonical shape) as XLSX bytes."""
    data = data or {}
    meta = data.get("meta") or {}
    layout = sheet_layout(data)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    body = Font(name=fonts.BODY[0], size=11)
    bold = Font(name=fonts.HEADING[0], size=12, bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="top", wrap_text=True)
    for c in range(1, WIDTH + 1):
        ws.column_dimensions[get_column_letter(c)].width = 9
    ws.column_dimensions["C"].width = 26
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 14

    def put(row: int, col: int, value: Any, font: Font = body, align: Alignment = center) -> None:
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = font
        cell.alignment = align

    put(1, 1, "政府信息公开工作年度报告 填报表（国办公开办函〔2021〕30号格式）", Font(name=fonts.TITLE[0], size=16))
    _merge(ws, 1, 1, 1, WIDTH)
    put(2, 1, "黄色单元格填写；灰色单元格（总计）由公式计算。没有发生的填 0，留空表示未填。"
              "数字单位：件；收费金额单位：万元。正文每段一行（单元格内换行：Alt+Enter）。"
              "生成报告：ogi render 本文件 -o 报告.docx", body, left)
    _merge(ws, 2, 1, 1, WIDTH)
    ws.row_dimensions[2].height = 32
    labels = {"agency": "机关名称", "year": "报告年度", "publish_date": "成文日期（如 2025-01-20）"}
    values = {"agency": agency if agency is not None else meta.get("agency"),
              "year": year if year is not None else meta.get("year"),
              "publish_date": publish_date if publish_date is not None else meta.get("publish_date")}
    for key, (r, c) in layout.meta.items():
        put(r, 1, labels[key], body, left)
        _merge(ws, r, 1, 1, 2)
        put(r, c, values[key], body, left)
        cell = ws.cell(row=r, column=c)
        cell.protection = _OPEN
        cell.fill = _INPUT_FILL
        cell.number_format = "@" if key != "year" else "0"
        _merge(ws, r, c, 1, 6)
    sections = data.get("sections") or {}
    for key in SECTION_KEYS:
        r = layout.headings[key]
        put(r, 1, heading_text(key), bold, Alignment(horizontal="left", vertical="center"))
        _merge(ws, r, 1, 1, WIDTH)
        r = layout.sections[key]
        text = sections.get(key)
        put(r, 1, text if text else None, body, left)
        cell = ws.cell(row=r, column=1)
        cell.protection = _OPEN
        cell.fill = _INPUT_FILL
        _merge(ws, r, 1, 1, WIDTH)
        ws.row_dimensions[r].height = 90
        from openpyxl.comments import Comment

        cell.comment = Comment(SECTION_HINTS[key], "ogi")
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="应为非负整数", error="请填写 0 或正整数（件）")
    amount = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="应为非负金额", error="请填写金额（万元）")
    ws.add_data_validation(counts)
    ws.add_data_validation(amount)
    for grid, top in layout.tables:
        for r, placed in enumerate(grid.placed()):
            for col, gcell in placed:
                row, column = top + r, col + 1
                if gcell.path is None:
                    put(row, column, gcell.text, bold if gcell.kind == "head" else body,
                        left if gcell.kind == "note" else center)
                elif is_derived(gcell.path):
                    put(row, column, _formula(gcell.path, layout))
                    ws.cell(row=row, column=column).fill = _DERIVED_FILL
                else:
                    put(row, column, _get(data, gcell.path))
                    cell = ws.cell(row=row, column=column)
                    cell.protection = _OPEN
                    cell.fill = _INPUT_FILL
                    (amount if gcell.path in DECIMAL_CELLS else counts).add(cell)
                for dr in range(gcell.rowspan):
                    for dc in range(gcell.colspan):
                        ws.cell(row=row + dr, column=column + dc).border = _BORDER
                _merge(ws, row, column, gcell.rowspan, gcell.colspan)
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.freeze_panes = "A3"
    marker = wb.create_sheet(MARKER_SHEET)
    marker["A1"] = FORM_ID
    marker.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- reading -----------------------------------------------------------------------------------------
_INT_RE = re.compile(r"^\d+$")
_DEC_RE = re.compile(r"^(\d+(\.\d*)?|\.\d+)$")


def is_xlsx_form(data: bytes) -> bool:
    """True for an XLSX written by `ogi new --format xlsx` (its hidden marker sheet)."""
    if not data.startswith(b"PK"):
        return False
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            workbook = zf.read("xl/workbook.xml").decode("utf-8", errors="ignore")
    except (zipfile.BadZipFile, KeyError):
        return False
    return f'name="{MARKER_SHEET}"' in workbook


class _Cells:
    def __init__(self, ws: Worksheet, source: str) -> None:
        self.ws = ws
        self.source = source
        self.problems: list[FormProblem] = []

    def origin(self, row: int, col: int) -> Origin:
        return Origin(self.source, row=row - 1, col=col - 1)

    def problem(self, row: int, col: int, zh: str, en: str) -> None:
        self.problems.append(FormProblem(f"{get_column_letter(col)}{row}", zh, en))

    def number(self, path: str, row: int, col: int) -> Value | None:
        """The typed value; None for a derived cell still holding its formula (or emptied)."""
        raw = self.ws.cell(row=row, column=col).value
        origin = self.origin(row, col)
        derived = is_derived(path)
        if isinstance(raw, str) and raw.startswith("="):
            if derived:
                return None
            self.problem(row, col, f"「{path}」应填数字，不应是公式", f"'{path}' must be a number, not a formula")
            return Value(None, raw, origin, "not-a-number")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None if derived else Value(None, "", origin, "blank")
        if isinstance(raw, bool):
            self.problem(row, col, f"「{path}」不是数字", f"'{path}' is not a number")
            return Value(None, str(raw), origin, "not-a-number")
        if isinstance(raw, int | float):
            text = repr(raw) if isinstance(raw, float) else str(raw)
        else:
            text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
        if text.startswith("-"):
            self.problem(row, col, f"「{path}」不能为负数：{raw}", f"'{path}' cannot be negative: {raw}")
            return Value(None, str(raw), origin, "negative")
        if _INT_RE.match(text):
            return Value(int(text), str(raw), origin)
        if _DEC_RE.match(text) or re.match(r"^\d+(\.\d+)?[eE][+-]?\d+$", text):
            try:
                d = Decimal(text)
            except InvalidOperation:  # pragma: no cover - the patterns admit only valid decimals
                d = Decimal(0)
            if path in DECIMAL_CELLS:
                return Value(d, str(raw), origin)
            if d == d.to_integral_value():
                return Value(int(d), str(raw), origin)
            self.problem(row, col, f"「{path}」应为整数（件数），填的是 {raw}",
                         f"'{path}' must be a whole number: {raw}")
            return Value(None, str(raw), origin, "not-an-integer")
        self.problem(row, col, f"「{path}」不是数字：“{raw}”", f"'{path}' is not a number: '{raw}'")
        return Value(None, str(raw), origin, "not-a-number")


def read_xlsx_form(data: bytes, source: str) -> FormInput:
    """The form's content; raises FormInvalid listing every problem with its cell."""
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FormInvalid(source, [FormProblem("", f"无法打开 XLSX：{exc}", f"cannot open the XLSX: {exc}")]) from None
    if MARKER_SHEET not in wb.sheetnames or wb[MARKER_SHEET]["A1"].value != FORM_ID or SHEET not in wb.sheetnames:
        raise FormInvalid(source, [FormProblem("", f"不是本程序的填报表（缺少“{SHEET}”表或标记 {FORM_ID}）",
                                               f"not an ogi form (sheet '{SHEET}' or marker {FORM_ID} missing)")])
    ws = wb[SHEET]
    cells = _Cells(ws, source)
    layout = sheet_layout()
    form = FormInput(source=source)
    form.meta = Meta(source=source)
    r, c = layout.meta["agency"]
    agency = ws.cell(row=r, column=c).value
    if agency is not None and str(agency).strip():
        form.meta.agency = str(agency).strip()
        form.meta.agency_origin = cells.origin(r, c)
    r, c = layout.meta["year"]
    year = ws.cell(row=r, column=c).value
    year_text = unicodedata.normalize("NFKC", str(year)).strip().removesuffix("年") if year is not None else ""
    if re.fullmatch(r"(19|20)\d{2}(\.0)?", year_text):
        form.meta.year = int(float(year_text))
        form.meta.year_origin = cells.origin(r, c)
    elif not year_text:
        cells.problem(r, c, "未填写报告年度", "the report year is missing")
    else:
        cells.problem(r, c, f"报告年度应为四位数字，如 2024：“{year}”", f"year must be like 2024: '{year}'")
    r, c = layout.meta["publish_date"]
    date = ws.cell(row=r, column=c).value
    if isinstance(date, dt.datetime | dt.date):
        form.meta.publish_date = (date.date() if isinstance(date, dt.datetime) else date).isoformat()
    elif date is not None and str(date).strip():
        parsed = _date(str(date).strip())
        if parsed is None:
            cells.problem(r, c, f"成文日期应写成 2025-01-20 或 2025年1月20日：“{date}”",
                          f"publish_date must look like 2025-01-20: '{date}'")
        form.meta.publish_date = parsed
    if form.meta.publish_date:
        form.meta.date_origin = cells.origin(r, c)
    for key in SECTION_KEYS:
        r = layout.sections[key]
        text = ws.cell(row=r, column=1).value
        form.sections[key] = None if text is None else str(text).replace("_x000D_", "")
        form.section_origins[key] = cells.origin(r, 1)
    for path, (r, c) in layout.cells.items():
        value = cells.number(path, r, c)
        if value is not None:
            form.cells[path] = value
    if cells.problems:
        raise FormInvalid(source, cells.problems)
    return form
