"""The cells of a report as (table, row, column) keys, in printed order, one list per layout.

A stored document's `numbers` (float64 BLOB) and `provenance` (JSON columns) follow the list of its `cell_layout`:
'2021' (国办公开办函〔2021〕30号), '2021-other' (the same with （六）其他处理 printed as one row) and
'2019' (the trial layout). The lists are written into the store (`store_meta`) so that a store
stays readable when a later version adds keys.
"""

from __future__ import annotations

import math
import struct
from itertools import repeat
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from ogi.document.model import Origin
from ogi.model.report import MISSING, Number, Report, Value
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
from ogi.store.jsontext import dumps

CellKey = tuple[str, str, str]
NUMBER_DTYPE = np.dtype("<f8")
_NAN = math.nan

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


# Per layout, how to walk the report's dicts in key order: active keys, request rows, appeal groups.
_WALK: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
for _layout, _keys in CELL_KEYS.items():
    _paths = CELL_PATHS[_layout]
    _WALK[_layout] = (
        tuple(p.removeprefix("active.") for p in _paths if p.startswith("active.")),
        tuple(dict.fromkeys(k[1] for k in _keys if k[0] == "requests")),
        tuple(dict.fromkeys(k[1] for k in _keys if k[0] == "appeals")),
    )
    assert [k for k in _keys if k[0] == "requests"] == [("requests", r, c) for r in _WALK[_layout][1]
                                                         for c in REQUEST_COLUMNS]
    assert [k for k in _keys if k[0] == "appeals"] == [("appeals", g, o) for g in _WALK[_layout][2]
                                                        for o in APPEAL_OUTCOMES]

ORIGIN_FIELDS = ("line", "line_end", "page", "table", "row", "col", "bbox")
_NO_ORIGIN = Origin(source="")
PROVENANCE_FIELDS = ("raw", "problem", *ORIGIN_FIELDS)


# One C call per printed row (`itemgetter` of several keys); a row short of a key is walked key by key.
_ACTIVE_GETTERS = {layout: itemgetter(*walk[0]) for layout, walk in _WALK.items()}
_TABLE_WALK = ((REQUEST_COLUMNS, itemgetter(*REQUEST_COLUMNS)), (APPEAL_OUTCOMES, itemgetter(*APPEAL_OUTCOMES)))


def layout_cells(report: Report, layout: str) -> list[Value]:
    """The report's cells in the order of the layout's key list (MISSING where the report has none)."""
    active_keys, rows, groups = _WALK[layout]
    try:
        cells = list(_ACTIVE_GETTERS[layout](report.active))
    except KeyError:
        cells = list(map(report.active.get, active_keys, repeat(MISSING)))
    for table, names, (cols, getter) in ((report.requests, rows, _TABLE_WALK[0]),
                                         (report.appeals, groups, _TABLE_WALK[1])):
        for name in names:
            row = table.get(name)
            if row is None:
                cells += [MISSING] * len(cols)
                continue
            try:
                cells += getter(row)
            except KeyError:
                cells += map(row.get, cols, repeat(MISSING))
    return cells


def _as_float(value: Number | None) -> float:
    """A cell's number as stored: NaN for blank. OverflowError for a count beyond float range."""
    if isinstance(value, int):  # nearly every cell; narrowed to int, the compiled conversion is native
        return float(value)
    return _NAN if value is None else float(value)


def vectors(report: Report) -> tuple[str, bytes, bytes]:
    """(cell layout, numbers, provenance) of a report. Numbers are little-endian float64, one per key
    (NaN = blank), the values of `to_dict()` (the export contract); a count beyond float range raises
    OverflowError (the store cannot keep it). Provenance is a JSON object of
    columns, one entry per key: printed text, problem and the origin's fields (a column that is null
    throughout is stored as null).

    The cost is touching 200 cells × 11 attributes: a list comprehension per field (compiled, a native
    attribute load each); a column is looked at up to its first value only; the numbers are packed by
    `struct` (a sixth of the time of `np.array` on the list of values, which looks at each one's type);
    orjson writes the JSON."""
    layout = cell_layout(report)
    cells = layout_cells(report, layout)
    floats = [_as_float(c.value) for c in cells]
    numbers = struct.pack(f"<{len(floats)}d", *floats)
    origins = [c.origin or _NO_ORIGIN for c in cells]
    bbox = _column([o.bbox for o in origins])
    if bbox is not None:
        bbox = [None if b is None else [round(x, 2) for x in b] for b in bbox]
    prov = {"raw": _column([c.raw for c in cells]), "problem": _column([c.problem for c in cells]),
            "line": _column([o.line for o in origins]), "line_end": _column([o.line_end for o in origins]),
            "page": _column([o.page for o in origins]), "table": _column([o.table for o in origins]),
            "row": _column([o.row for o in origins]), "col": _column([o.col for o in origins]), "bbox": bbox}
    return layout, numbers, dumps(prov)


def _column(values: list[Any]) -> list[Any] | None:
    """A provenance column, or None when no cell has a value in it (a text report has no page or bbox)."""
    for v in values:
        if v is not None:
            return values
    return None


def numbers_matrix(blobs: list[bytes], width: int) -> npt.NDArray[np.float64]:
    """Stored number vectors of one cell layout -> a (documents × cells) float matrix, NaN for blank."""
    if not blobs:
        return np.zeros((0, width))
    return np.frombuffer(b"".join(blobs), dtype=NUMBER_DTYPE).astype(np.float64).reshape(len(blobs), width)
