"""The extracted report: every number with the text it was printed as and where it was printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ogi.document.model import Document, Origin
from ogi.model.schema import (
    ACTIVE_KEYS_2019,
    ACTIVE_KEYS_2021,
    APPEAL_GROUPS,
    APPEAL_OUTCOMES,
    OTHER_SUB_ROWS,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    SCHEMA_ID,
    SECTION_KEYS,
)

Number = int | Decimal


@dataclass(slots=True)
class Value:
    """One table cell. `value` is None when the cell is blank, unreadable or was not found; `raw` is
    the printed text (None when no cell was found at all); `problem` says why a value is missing."""

    value: Number | None
    raw: str | None = None
    origin: Origin | None = None
    problem: str | None = None  # "blank" | "not-a-number" | "negative" | "missing" | "conflict"

    def __init__(self, value: Number | None, raw: str | None = None, origin: Origin | None = None,
                 problem: str | None = None) -> None:
        # Written out (the dataclass keeps it): compiled, it is called directly, not as generated Python.
        self.value = value
        self.raw = raw
        self.origin = origin
        self.problem = problem

    def to_json(self) -> int | float | None:
        v = self.value
        if v is None:
            return None
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        return v


MISSING = Value(None, None, None, "missing")
# table -> row -> column -> path: every report names the same cells, so each path string is made once.
_PATHS: dict[str, dict[str | None, dict[str, str]]] = {"active": {}, "requests": {}, "appeals": {}}


@dataclass(slots=True)
class Meta:
    agency: str | None = None
    year: int | None = None
    publish_date: str | None = None
    source: str | None = None
    agency_origin: Origin | None = None
    year_origin: Origin | None = None
    date_origin: Origin | None = None


@dataclass(slots=True)
class Heading:
    """A main heading as printed: which part, the number as printed ('五、', '5、' or ''), its origin."""

    key: str
    text: str
    number: str
    origin: Origin


@dataclass(slots=True)
class Note:
    """Something extraction noticed that a rule may report: a label variant, a merged split row, ..."""

    code: str
    path: str | None
    detail: str
    origin: Origin | None = None
    printed: str | None = None
    expected: str | None = None


@dataclass(slots=True)
class Report:
    source: str
    layout: str | None = None
    layout_evidence: list[str] = field(default_factory=list)
    meta: Meta = field(default_factory=Meta)
    sections: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(SECTION_KEYS))
    section_origins: dict[str, Origin] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    active: dict[str, Value] = field(default_factory=dict)
    requests: dict[str, dict[str, Value]] = field(default_factory=dict)
    appeals: dict[str, dict[str, Value]] = field(default_factory=dict)
    tables_found: dict[str, bool] = field(
        default_factory=lambda: dict.fromkeys(("active", "requests", "appeals"), False)
    )
    notes: list[Note] = field(default_factory=list)
    document: Document | None = None
    # Computed once per report for the rules that share it (e.g. the numbers quoted in the text).
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # --- access by path -----------------------------------------------------------------------------
    def get(self, path: str) -> Value:
        """The cell at 'requests.granted.total', 'appeals.review.total' or 'active.rules.issued'."""
        index: dict[str, Value] | None = self.derived.get("index")
        if index is not None:
            return index.get(path, MISSING)
        table, _, rest = path.partition(".")
        if table == "active":
            return self.active.get(rest, MISSING)
        row, _, col = rest.partition(".")
        if table == "requests":
            return self.requests.get(row, {}).get(col, MISSING)
        if table == "appeals":
            return self.appeals.get(row, {}).get(col, MISSING)
        raise KeyError(path)

    def freeze_index(self) -> dict[str, Value]:
        """Index every cell by path for fast look-ups while rules run; `thaw` after changing cells."""
        index: dict[str, Value] | None = self.derived.get("index")
        if index is None:
            index = self.derived["index"] = self._index()
        return index

    def freeze_numbers(self) -> dict[str, Number | None]:
        """Path -> number (None when blank or unreadable), for rules that only add up cells."""
        numbers: dict[str, Number | None] | None = self.derived.get("numbers")
        if numbers is None:
            numbers = self.derived["numbers"] = {p: v.value for p, v in self.freeze_index().items()}
        return numbers

    def thaw(self) -> None:
        self.derived.clear()

    @property
    def has_single_other_row(self) -> bool:
        return "other" in self.requests

    def cells(self) -> list[tuple[str, Value]]:
        """Every cell of the three tables as (path, value), in printed order."""
        return list(self._index().items())

    def _index(self) -> dict[str, Value]:
        # Plain loops and dict look-ups: this runs for every report checked or stored.
        index: dict[str, Value] = {}
        for table, rows in (("active", {None: self.active}), ("requests", self.requests),
                            ("appeals", self.appeals)):
            table_paths = _PATHS[table]
            for row, cols in rows.items():
                paths = table_paths.get(row)
                if paths is None:
                    paths = table_paths[row] = {}
                for col, value in cols.items():
                    path = paths.get(col)
                    if path is None:
                        path = paths[col] = f"{table}.{col}" if row is None else f"{table}.{row}.{col}"
                    index[path] = value
        return index

    # --- the public contract ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The canonical export `ogi.annual-report/1` (report-schema.md)."""
        return {
            "schema": SCHEMA_ID,
            "layout": self.layout,
            "meta": {
                "agency": self.meta.agency,
                "year": self.meta.year,
                "publish_date": self.meta.publish_date,
                "source": self.meta.source if self.meta.source is not None else self.source,
            },
            "sections": {k: self.sections.get(k) for k in SECTION_KEYS},
            "active": self._active_dict(),
            "requests": self._requests_dict(),
            "appeals": {
                g: {o: self.appeals.get(g, {}).get(o, MISSING).to_json() for o in APPEAL_OUTCOMES}
                for g in APPEAL_GROUPS
            },
        }

    def _active_dict(self) -> dict[str, Any]:
        keys = ACTIVE_KEYS_2019 if self.layout == "2019" else ACTIVE_KEYS_2021
        out: dict[str, Any] = {}
        for key in keys:
            value = self.active.get(key, MISSING).to_json()
            head, _, tail = key.partition(".")
            if tail:
                out.setdefault(head, {})[tail] = value
            else:
                out[head] = value
        return out

    def _requests_dict(self) -> dict[str, Any]:
        rows: list[str] = list(REQUEST_ROWS)
        if self.layout == "2019":
            rows = [r for r in rows if r not in OTHER_SUB_ROWS]
            rows.insert(rows.index("total_processed"), "other")
        elif self.has_single_other_row:
            rows.append("other")
        return {
            r: {c: self.requests.get(r, {}).get(c, MISSING).to_json() for c in REQUEST_COLUMNS} for r in rows
        }

    def provenance(self) -> list[dict[str, Any]]:
        """One record per cell: path, value, printed text, origin — the CSV export and the store use it."""
        out: list[dict[str, Any]] = []
        for path, v in self.cells():
            out.append({
                "path": path,
                "value": v.to_json(),
                "raw": v.raw,
                "problem": v.problem,
                "origin": v.origin.to_dict() if v.origin else None,
            })
        return out
