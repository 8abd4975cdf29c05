"""What was typed (a form, canonical data, or a report read back) as one neutral input, and the
problems of a malformed input, each with its line (YAML) or cell (XLSX)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ogi.authoring.fields import ALL_CELLS, DECIMAL_CELLS
from ogi.document.model import Origin
from ogi.errors import OgiError
from ogi.model.report import Meta, Report, Value
from ogi.model.schema import SECTION_KEYS


@dataclass(frozen=True, slots=True)
class FormProblem:
    """One thing wrong with an input form: where (line or cell) and what."""

    where: str
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        text = self.message_en if lang == "en" else self.message_zh
        return f"{self.where}: {text}" if self.where else text


class FormInvalid(OgiError):
    """The input cannot be used: every problem found, each with its position."""

    code = "form-invalid"

    def __init__(self, path: str, problems: list[FormProblem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s)")

    def messages(self, lang: str = "zh") -> list[str]:
        return [f"{self.path}: {p.message(lang)}" for p in self.problems]


@dataclass(slots=True)
class FormInput:
    """The typed content of one report. `cells` holds every cell that was typed (derived cells only
    when someone typed them); a cell typed blank is `Value(None, "", origin, "blank")`."""

    source: str
    meta: Meta = field(default_factory=Meta)
    sections: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(SECTION_KEYS))
    section_origins: dict[str, Origin] = field(default_factory=dict)
    cells: dict[str, Value] = field(default_factory=dict)


def describe_origin(origin: Origin | None, lang: str = "zh") -> str:
    """'第12行' for YAML lines, 'D12' for XLSX cells (an origin with row and column but no table)."""
    if origin is None:
        return ""
    if origin.line is None and origin.table is None and origin.row is not None and origin.col is not None:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(origin.col + 1)}{origin.row + 1}"
    return origin.describe(lang)


def _number(value: Any, decimal: bool) -> Value:
    if value is None:
        return Value(None, "", None, "blank")
    if isinstance(value, bool):
        return Value(None, str(value), None, "not-a-number")
    if isinstance(value, int):
        return Value(value, str(value))
    if isinstance(value, float | Decimal):
        d = Decimal(repr(value)) if isinstance(value, float) else value
        if decimal:
            return Value(d, str(value))
        if d == d.to_integral_value():
            return Value(int(d), str(value))
        return Value(None, str(value), None, "not-an-integer")
    return Value(None, str(value), None, "not-a-number")


def form_from_data(data: dict[str, Any], source: str) -> FormInput:
    """Canonical data (`ogi.annual-report/1`, as `ogi extract` writes it) as an input."""
    meta = data.get("meta") or {}
    form = FormInput(source=source)
    form.meta = Meta(agency=meta.get("agency"), year=meta.get("year"), publish_date=meta.get("publish_date"),
                     source=source)
    sections = data.get("sections") or {}
    form.sections = {k: sections.get(k) for k in SECTION_KEYS}
    for path in ALL_CELLS:
        node: Any = data
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        form.cells[path] = _number(node, path in DECIMAL_CELLS)
    return form


def form_from_report(report: Report) -> FormInput:
    """A report read by `ogi.read` as an input (to re-issue it): its printed cells with their origins."""
    if report.layout == "2019" or report.has_single_other_row:
        where = "（六）其他处理" if report.has_single_other_row else "第二部分"
        raise FormInvalid(report.meta.source or report.source, [FormProblem(
            where, "报告为试行格式（国办公开办函〔2019〕60号），无法按2021年格式重新生成",
            "the report uses the 2019 trial layout; it cannot be re-issued in the 2021 layout")])
    form = FormInput(source=report.meta.source or report.source)
    form.meta = Meta(agency=report.meta.agency, year=report.meta.year, publish_date=report.meta.publish_date,
                     source=form.source, agency_origin=report.meta.agency_origin,
                     year_origin=report.meta.year_origin, date_origin=report.meta.date_origin)
    form.sections = dict(report.sections)
    form.section_origins = dict(report.section_origins)
    for path in ALL_CELLS:
        value = report.get(path)
        if value.problem != "missing":
            form.cells[path] = value
    return form
