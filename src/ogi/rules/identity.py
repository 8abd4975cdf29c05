"""Arithmetic identities declared in the catalogue: `left` and `right` are lists of cell templates;
`over` binds one variable per evaluation, `sum` expands a template into every member of a set."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ogi.model.report import MISSING, Report, Value
from ogi.model.schema import (
    APPEAL_GROUP_LABELS,
    APPEAL_GROUPS,
    APPEAL_OUTCOMES,
    APPLICANT_COLUMNS,
    OTHER_SUB_ROWS,
    OUTCOME_ROWS_2019,
    OUTCOME_ROWS_2021,
    REQUEST_COLUMN_LABELS,
    REQUEST_COLUMNS,
    REQUEST_LABELS,
    REQUEST_ROWS,
    cell_label,
)
from ogi.rules.catalogue import Rule
from ogi.rules.finding import Finding


def uses_single_other_row(report: Report) -> bool:
    return report.layout == "2019" or "other" in report.requests


def request_rows(report: Report) -> tuple[str, ...]:
    if not uses_single_other_row(report):
        return REQUEST_ROWS
    rows = [r for r in REQUEST_ROWS if r not in OTHER_SUB_ROWS]
    rows.insert(rows.index("total_processed"), "other")
    return tuple(rows)


def cell_set(name: str, report: Report) -> tuple[str, ...]:
    sets: dict[str, tuple[str, ...]] = {
        "requests.columns": REQUEST_COLUMNS,
        "requests.applicant_columns": APPLICANT_COLUMNS,
        "requests.rows": request_rows(report),
        "requests.outcome_rows": OUTCOME_ROWS_2019 if uses_single_other_row(report) else OUTCOME_ROWS_2021,
        "appeals.groups": APPEAL_GROUPS,
        "appeals.outcomes": APPEAL_OUTCOMES[:-1],
    }
    return sets[name]


def _label(var: str, value: str, lang: str) -> str:
    if lang == "en":
        return value
    table = {"col": REQUEST_COLUMN_LABELS, "row": REQUEST_LABELS, "group": APPEAL_GROUP_LABELS}.get(var, {})
    return table.get(value, value)


def _expand(templates: list[str], bind: dict[str, str], sums: dict[str, str], report: Report) -> list[str]:
    paths: list[str] = []
    for template in templates:
        pending = [dict(bind)]
        for var, set_name in sums.items():
            if "{" + var + "}" in template:
                pending = [b | {var: x} for b in pending for x in cell_set(set_name, report)]
        paths.extend(template.format(**b) for b in pending)
    return paths


Expansion = list[tuple[str, list[str], list[str]]]
_EXPANSIONS: dict[tuple[str, bool], Expansion] = {}


def _expansions(rule: Rule, report: Report) -> Expansion:
    """(value of the `over` variable, left paths, right paths) per evaluation; the same for every
    report of a layout, so computed once."""
    key = (rule.code, uses_single_other_row(report))
    found = _EXPANSIONS.get(key)
    if found is None:
        (var, set_name), = rule.params["over"].items()
        sums: dict[str, str] = rule.params.get("sum", {})
        found = [(x, _expand(rule.params["left"], {var: x}, sums, report),
                  _expand(rule.params["right"], {var: x}, sums, report)) for x in cell_set(set_name, report)]
        _EXPANSIONS[key] = found
    return found


def _total(values: list[Value]) -> int | Decimal | None:
    """The sum, or None when a value is missing (the common case is all present: one pass)."""
    try:
        return sum(v.value for v in values)  # type: ignore[misc]
    except TypeError:
        return None


def run_identity(rule: Rule, report: Report) -> Iterator[Finding]:
    (var, _), = rule.params["over"].items()
    table = rule.params["left"][0].split(".")[0]
    if not report.tables_found.get(table):
        return  # a missing table is reported once, by M15
    printed_right = rule.params.get("printed") == "right"
    number = report.freeze_numbers().get
    get = report.freeze_index().get
    for x, left_paths, right_paths in _expansions(rule, report):
        try:
            if sum(map(number, left_paths)) == sum(map(number, right_paths)):  # type: ignore[arg-type]
                continue  # the identity holds (a blank or missing cell raises and is reported below)
        except TypeError:
            pass
        left_values = [get(p, MISSING) for p in left_paths]
        right_values = [get(p, MISSING) for p in right_paths]
        lsum, rsum = _total(left_values), _total(right_values)
        left = list(zip(left_paths, left_values, strict=True))
        right = list(zip(right_paths, right_values, strict=True))
        cells = left + right
        nulls = [(p, v) for p, v in cells if v.value is None]
        if nulls:
            more = f"等{len(nulls)}个单元格" if len(nulls) > 3 else ""
            more_en = f" and {len(nulls) - 3} more" if len(nulls) > 3 else ""
            names = "、".join(f"「{cell_label(p)}」" for p, _ in nulls[:3]) + more
            names_en = ", ".join(p for p, _ in nulls[:3]) + more_en
            yield rule.finding(
                report, {}, nulls, checked=False, severity="warning",
                message_zh=f"无法核对（{rule.title_zh}）：{names}为空白或无法读取",
                message_en=f"cannot be checked ({rule.title_en}): {names_en} blank or unreadable",
            )
            continue
        ctx = {
            "where": _label(var, x, "zh"), "where_en": _label(var, x, "en"), "left": lsum, "right": rsum,
            "left_terms": " + ".join(f"{cell_label(p).split(' · ')[0]} {v.value}" for p, v in left),
            "right_terms": " + ".join(f"{cell_label(p).split(' · ')[0]} {v.value}" for p, v in right),
        }
        expected, actual = (lsum, rsum) if printed_right else (rsum, lsum)
        yield rule.finding(report, ctx, cells, expected=expected, actual=actual)
