"""Complete a typed input into a report: compute every derived cell (the 总计 column, （七）总计, the
appeal totals), take 上年结转 from last year's 结转下年度 (M6 by construction), and keep any derived
value someone typed — if it disagrees, the rule catalogue names that cell (M2/M3/M4)."""

from __future__ import annotations

from ogi.authoring.data import FormInput, describe_origin
from ogi.authoring.fields import APPEAL_INPUT_OUTCOMES, cell_name
from ogi.document.model import Origin
from ogi.model.report import Heading, Report, Value
from ogi.model.schema import (
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    OUTCOME_ROWS_2021,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    SECTION_KEYS,
    SECTION_TITLES,
)
from ogi.render.layout import paragraphs
from ogi.rules.finding import CellRef, Finding

DERIVED_RAW = None  # derived cells carry no printed text


def _typed(form: FormInput, path: str) -> Value | None:
    """The typed value of a cell, or None when it was not typed (absent or left blank)."""
    v = form.cells.get(path)
    if v is None or (v.value is None and v.problem in ("blank", "missing")):
        return None
    return v


def _sum(values: list[Value]) -> Value:
    if any(v.value is None for v in values):
        return Value(None)  # cannot be computed: the blank inputs are reported (M5), not this cell
    return Value(sum(int(v.value) for v in values if v.value is not None))


def carry_from_previous(form: FormInput, previous: Report) -> list[Finding]:
    """上年结转 := last year's 结转下年度继续办理, column by column. A typed value that differs is an error."""
    findings: list[Finding] = []
    for col in APPLICANT_COLUMNS:
        path = f"requests.carried_over.{col}"
        before = previous.get(f"requests.carried_forward.{col}")
        if before.value is None:
            continue
        typed = _typed(form, path)
        if typed is None:
            form.cells[path] = Value(before.value, None, before.origin)
        elif typed.value != before.value:
            where = describe_origin(typed.origin)
            findings.append(Finding(
                rule="M6", code="carry-over-mismatch", severity="error", part="三",
                message_zh=(f"「{cell_name(path)}」填为 {typed.raw or typed.value}，但上年报告"
                            f"「四、结转下年度继续办理」为 {before.value}" + (f"（{where}）" if where else "")),
                message_en=(f"'{path}' is {typed.value}, but last year's carried-forward is {before.value}"
                            + (f" ({where})" if where else "")),
                cells=[CellRef(path, typed.value, typed.raw, typed.origin)],
                expected=str(before.value), actual=str(typed.value), source=form.source))
    return findings


def complete(form: FormInput, previous: Report | None = None) -> tuple[Report, list[Finding]]:
    """The report of a typed input with every derived cell computed, and the carry-over findings."""
    findings = carry_from_previous(form, previous) if previous is not None else []
    report = Report(source=form.source, layout="2021", layout_evidence=["填报表（2021年格式）"])
    report.meta = form.meta
    report.meta.source = form.source
    report.sections = {k: "\n".join(paragraphs(form.sections.get(k))) for k in SECTION_KEYS}
    report.section_origins = dict(form.section_origins)
    for key in SECTION_KEYS:
        number, title, _ = SECTION_TITLES[key]
        origin = form.section_origins.get(key) or Origin(form.source)
        report.headings.append(Heading(key, f"{number}、{title}", f"{number}、", origin))

    def cell(path: str) -> Value:
        v = form.cells.get(path)
        return v if v is not None else Value(None, None, None, "blank")

    for path, v in form.cells.items():
        if path.startswith("active."):
            report.active[path.removeprefix("active.")] = v
    # Part 三: typed rows, then （七）总计 per applicant column, then the 总计 column of every row.
    rows: dict[str, dict[str, Value]] = {r: {} for r in REQUEST_ROWS}
    for r in REQUEST_ROWS:
        for c in APPLICANT_COLUMNS:
            if r != "total_processed":
                rows[r][c] = cell(f"requests.{r}.{c}")
    for c in APPLICANT_COLUMNS:
        path = f"requests.total_processed.{c}"
        rows["total_processed"][c] = _typed(form, path) or _sum([rows[r][c] for r in OUTCOME_ROWS_2021])
    for r in REQUEST_ROWS:
        path = f"requests.{r}.total"
        rows[r]["total"] = _typed(form, path) or _sum([rows[r][c] for c in APPLICANT_COLUMNS])
    report.requests = {r: {c: rows[r][c] for c in REQUEST_COLUMNS} for r in REQUEST_ROWS}
    # Part 四.
    for g in APPEAL_GROUPS:
        group = {o: cell(f"appeals.{g}.{o}") for o in APPEAL_INPUT_OUTCOMES}
        group["total"] = _typed(form, f"appeals.{g}.total") or _sum(list(group.values()))
        report.appeals[g] = group
    report.tables_found = dict.fromkeys(("active", "requests", "appeals"), True)
    return report, findings


def derived_data(report: Report) -> dict[str, object]:
    """The canonical data of a completed report, as the renderers take it."""
    return report.to_dict()
