"""The cells of a report as (table, row, column) keys, in printed order, one list per layout.

A stored document's `numbers` and `provenance` vectors follow the list of its `cell_layout`:
'2021' (国办公开办函〔2021〕30号), '2021-other' (the same with （六）其他处理 printed as one row) and
'2019' (the trial layout). The lists are written into the store (`store_meta`) so that a store
stays readable when a later version adds keys.
"""

from __future__ import annotations

from typing import Any

from ogi.document.model import Origin
from ogi.model.report import Report
from ogi.model.schema import (
    ACTIVE_BLOCKS_2021,
    ACTIVE_KEYS_2019,
    ACTIVE_KEYS_2021,
    APPEAL_GROUPS,
    APPEAL_OUTCOMES,
    OTHER_SUB_ROWS,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
)

CellKey = tuple[str, str, str]

# Single-column rows of part 二 (2021) get the column of their block: licensing -> decisions, fees -> amount.
_SINGLE_COLUMN = {row: cols[0] for _, rows, cols in ACTIVE_BLOCKS_2021 if len(cols) == 1 for row in rows}


def _active(keys: tuple[str, ...]) -> list[tuple[CellKey, str]]:
    out: list[tuple[CellKey, str]] = []
    for key in keys:
        row, _, col = key.partition(".")
        out.append((("active", row, col or _SINGLE_COLUMN[row]), f"active.{key}"))
    return out


def _requests(rows: list[str]) -> list[tuple[CellKey, str]]:
    return [(("requests", r, c), f"requests.{r}.{c}") for r in rows for c in REQUEST_COLUMNS]


_APPEALS = [(("appeals", g, o), f"appeals.{g}.{o}") for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES]
_ROWS_2019 = [r for r in REQUEST_ROWS if r not in OTHER_SUB_ROWS]
_ROWS_2019.insert(_ROWS_2019.index("total_processed"), "other")

_LISTS = {
    "2021": [*_active(ACTIVE_KEYS_2021), *_requests(list(REQUEST_ROWS)), *_APPEALS],
    "2021-other": [*_active(ACTIVE_KEYS_2021), *_requests([*REQUEST_ROWS, "other"]), *_APPEALS],
    "2019": [*_active(ACTIVE_KEYS_2019), *_requests(_ROWS_2019), *_APPEALS],
}
CELL_KEYS: dict[str, tuple[CellKey, ...]] = {k: tuple(key for key, _ in v) for k, v in _LISTS.items()}
# The report-model path of each key: ('active', 'licensing', 'decisions') -> 'active.licensing' (2021).
CELL_PATHS: dict[str, tuple[str, ...]] = {k: tuple(path for _, path in v) for k, v in _LISTS.items()}


def cell_layout(report: Report) -> str:
    if report.layout == "2019":
        return "2019"
    return "2021-other" if report.has_single_other_row else "2021"


def _flatten(data: dict[str, Any], layout: str) -> list[Any]:
    out: list[Any] = []
    for table, row, col in CELL_KEYS[layout]:
        block = data[table][row]
        out.append(block.get(col) if isinstance(block, dict) else block)
    return out


def _origin(o: Origin | None) -> dict[str, Any] | None:
    """An origin without its source (the stored document holds it)."""
    if o is None:
        return None
    out: dict[str, Any] = {k: v for k in ("line", "line_end", "page", "table", "row", "col")
                           if (v := getattr(o, k)) is not None}
    if o.bbox is not None:
        out["bbox"] = [round(x, 2) for x in o.bbox]
    return out


def vectors(report: Report) -> tuple[str, list[Any], list[Any]]:
    """(cell layout, values, provenance) of a report; values follow `to_dict()` (the export contract),
    provenance is [printed, problem, origin] per cell, or None where no cell was printed."""
    layout = cell_layout(report)
    data = report.to_dict()
    values = _flatten(data, layout)
    by_path = dict(report.cells())
    prov: list[Any] = []
    for path in CELL_PATHS[layout]:
        v = by_path.get(path)
        if v is None or (v.raw is None and v.origin is None and v.problem in (None, "missing")):
            prov.append(None)
        else:
            prov.append([v.raw, v.problem, _origin(v.origin)])
    return layout, values, prov
