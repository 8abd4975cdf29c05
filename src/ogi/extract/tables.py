"""Table grids -> the three tables of the schema, by the meaning of their labels.

Rows are found by their own label (予以公开, 属于国家秘密, …) and columns by their headers
(自然人, 商业企业, …, 结果维持, …), so a table split over pages, a group label repeated mid-table,
a row printed as two physical rows or a header in another order all land in the right cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ogi.document.model import Cell, Document, Origin
from ogi.document.text import clean, fold, is_digits
from ogi.extract import labels as L
from ogi.extract.values import cell_value, looks_numeric
from ogi.model.report import Note, Report, Value
from ogi.model.schema import APPEAL_GROUPS, APPEAL_OUTCOMES, REQUEST_COLUMNS, REQUEST_ROWS

Row = list[Cell]


@dataclass(slots=True)
class PrintedLabel:
    text: str
    origin: Origin

    def __init__(self, text: str, origin: Origin) -> None:  # written out: compiled, called directly
        self.text = text
        self.origin = origin


@dataclass(slots=True)
class TableRegions:
    active: list[Row] = field(default_factory=list)
    requests: list[Row] = field(default_factory=list)
    appeals: list[Row] = field(default_factory=list)


# --- which rows belong to which table ----------------------------------------------------------------
@lru_cache(maxsize=8192)
def _cell_class(f: str) -> str | None:
    """Which table a label cell says it belongs to: appeals beats requests beats active."""
    if not f or (f[0].isdigit() and f.replace(".", "").isdigit()):
        return None
    if L.match_appeal_group(f) or (L.match_appeal_outcome(f) not in (None, "total")):
        return "appeals"
    if (
        L.match_request_row(f, None) not in (None, "total_processed", "other")
        or "申请人情况" in f
        or "勾稽关系" in f
        or L.match_request_column(f) not in (None, "total", "other_org")
        or L.request_group(f)
    ):
        return "requests"
    if f.startswith("第二十条") or f.startswith("信息内容") or L.match_active_row(f):
        return "active"
    return None


_CLASS_RANK = {"appeals": 0, "requests": 1, "active": 2}


@lru_cache(maxsize=1 << 14)
def _text_class(text: str) -> str | None:
    return _cell_class(fold(text))


def _row_class(row: Row) -> str | None:
    best: str | None = None
    for cell in row:
        if is_digits(cell.text):
            continue  # a number names no table
        cls = _text_class(cell.text)
        if cls is not None and (best is None or _CLASS_RANK[cls] < _CLASS_RANK[best]):
            best = cls
    return best


def split_regions(doc: Document) -> TableRegions:
    """Assign every table row to part 二, 三 or 四. Rows without telling labels (numbers only, a
    continuation on the next page) belong with the rows before them."""
    regions = TableRegions()
    parts = {"active": regions.active, "requests": regions.requests, "appeals": regions.appeals}
    for table in doc.tables:
        current: str | None = None
        for row in table.rows:
            cls = _row_class(row) or current
            if cls is None:
                continue
            current = cls
            parts[cls].append(row)
    return regions


def _has_number(row: Row) -> bool:
    return any(map(looks_numeric, [c.text for c in row]))


def _split(row: Row, n: int, numeric: bool) -> tuple[Row, Row]:
    """Label cells and value cells of a data row whose last `n` cells are values."""
    if len(row) > n:
        return row[:-n], row[-n:]
    if numeric:
        return [], row
    return row, []


def _merge(old: Value, new: Value) -> Value:
    """Two physical rows for one printed row: keep what they agree on, never add them up."""
    if old.problem == "blank" or old.problem == "missing":
        return new
    if new.problem == "blank" or new.problem == "missing":
        return old
    if old.value == new.value and old.problem == new.problem:
        return old
    raw = f"{old.raw} / {new.raw}"
    return Value(None, raw, old.origin, "conflict")


# --- part 三 -------------------------------------------------------------------------------------------
def _request_columns(header_rows: list[list[str]]) -> list[str] | None:
    tokens = [t for row in header_rows for f in row if f and (t := L.match_request_column(f))]
    subs = [t for t in tokens if t in REQUEST_COLUMNS[1:6]]
    top = [t for t in tokens if t not in subs]
    if L.ORG_GROUP in top:
        at = top.index(L.ORG_GROUP)
        order = top[:at] + subs + top[at + 1:]
    else:
        order = tokens
    return order if sorted(order) == sorted(REQUEST_COLUMNS) else None


_ITEM_NUMBER_RE = re.compile(r"^\(?(\d{1,2})\)?(?=\D)")


def _numbered_item(leaf: str, group: str | None, last_key: str | None) -> str | None:
    """A leaf whose words are garbled or missing (e.g. characters lost from a PDF's text layer), named
    by its item number inside its group: "2.其他法律行政止公开" under （三）不予公开 is item 2 of 不予公开.
    Only when the row above is item n-1 of the same group, so the position is certain."""
    m = _ITEM_NUMBER_RE.match(leaf)
    if m is None or group is None:
        return None
    items = [k for k in REQUEST_ROWS if k.startswith(group + "_")]
    n = int(m.group(1))
    if not 1 <= n <= len(items):
        return None
    if n == 1 or last_key == items[n - 2]:
        return items[n - 1]
    return None


def _subgroup(group: str | None) -> str | None:
    """（三）…（六） name a sub-group; 三、本年度办理结果 spans them all and changes none."""
    return None if group == "results" else group


_KEY_GROUPS = {"denied": "denied", "unable": "unable", "rejected": "rejected", "other": "other"}
_REQUEST_PATHS = {key: f"requests.{key}" for key in (*REQUEST_ROWS, "other")}


def extract_requests(rows: list[Row], report: Report, labels: dict[str, PrintedLabel]) -> None:
    n = len(REQUEST_COLUMNS)
    header: list[list[str]] = []
    columns: list[str] | None = None
    group: str | None = None
    last_key: str | None = None
    requests = report.requests
    for row in rows:
        numeric = _has_number(row)
        if not numeric:
            folded = [fold(c.text) for c in row]
            if any(L.match_request_column(f) for f in folded if f) and not any(
                L.match_request_row(f, group) not in (None, "total_processed") for f in folded if f
            ):
                header.append(folded)
                continue
        label_cells, value_cells = _split(row, n, numeric)
        texts = [(c, f) for c in label_cells if (f := fold(c.text))]
        for _, f in texts[:-1]:
            group = _subgroup(L.request_group(f)) or group
        key: str | None = None
        if texts:
            leaf_cell, leaf = texts[-1]
            key = L.match_request_row(leaf, group)
            if key is None and len(texts) > 1:
                key = L.match_request_row("".join(f for _, f in texts), group)
            if key is None and value_cells:
                key = _numbered_item(leaf, group, last_key)
            if key is None and not value_cells:
                group = _subgroup(L.request_group(leaf)) or group
                continue
        if not value_cells:
            continue
        if columns is None:
            columns = _request_columns(header)
            if columns is None:
                columns = list(REQUEST_COLUMNS)
                report.notes.append(
                    Note("header-unrecognised", "requests", "第三部分表头未能识别，按国家格式的列序读取"))
        if key is None:
            if last_key is None or all(c.text.strip() == "" for c in value_cells):
                if texts:
                    report.notes.append(Note("unknown-row", "requests", clean(" ".join(c.text for c, _ in texts)),
                                             texts[0][0].origin))
                continue
            # The rest of the row above, printed as a second physical row (label split over two rows).
            key = last_key
            if texts:
                prev = labels.get(f"requests.{key}")
                # Column by column: the leaf label continues in the leaf cell of the second row.
                joined = (prev.text if prev else "") + texts[-1][0].text
                labels[f"requests.{key}"] = PrintedLabel(joined, prev.origin if prev else texts[0][0].origin)
            report.notes.append(Note("row-split", f"requests.{key}", "同一行被分成两个物理行，已合并",
                                     value_cells[0].origin))
        elif texts:
            leaf_cell = texts[-1][0]
            labels.setdefault(_REQUEST_PATHS[key], PrintedLabel(leaf_cell.text, leaf_cell))
        target = requests.get(key)
        if target is None:
            requests[key] = dict(zip(columns, map(cell_value, value_cells), strict=False))
        else:
            for col, cell in zip(columns, value_cells, strict=False):
                value = cell_value(cell)
                target[col] = _merge(target[col], value) if col in target else value
        last_key = key
        group = _KEY_GROUPS.get(key.partition("_")[0], group)
    report.tables_found["requests"] = bool(report.requests)


# --- part 四 -------------------------------------------------------------------------------------------
def _appeal_columns(tokens: list[tuple[str, str, int]]) -> list[tuple[str, str]] | None:
    outcomes = [key for kind, key, _ in tokens if kind == "outcome"]
    chunks: list[list[str]] = []
    for key in outcomes:
        if not chunks or len(chunks[-1]) == len(APPEAL_OUTCOMES) or key in chunks[-1]:
            chunks.append([])
        chunks[-1].append(key)
    if len(chunks) != 3 or any(sorted(c) != sorted(APPEAL_OUTCOMES) for c in chunks):
        return None
    first_seen: dict[str, int] = {}
    for kind, key, pos in tokens:
        if kind == "group" and key != "litigation":
            first_seen.setdefault(key, pos)
    default = {g: 10_000 + i for i, g in enumerate(APPEAL_GROUPS)}
    groups = sorted(APPEAL_GROUPS, key=lambda g: (first_seen.get(g, default[g]), default[g]))
    return [(g, o) for g, chunk in zip(groups, chunks, strict=True) for o in chunk]


def extract_appeals(rows: list[Row], report: Report) -> None:
    tokens: list[tuple[str, str, int]] = []
    values: list[Cell] = []
    pos = 0
    for row in rows:
        folded = [fold(c.text) for c in row]
        row_tokens: list[tuple[str, str, int]] = []
        for f in folded:
            if not f:
                continue
            pos += 1
            if (g := L.match_appeal_group(f)) is not None:
                row_tokens.append(("group", g, pos))
            elif (o := L.match_appeal_outcome(f)) is not None:
                row_tokens.append(("outcome", o, pos))
        if row_tokens and not any(looks_numeric(c.text) for c in row):
            # Headers before the numbers, or a second header (复议 and 诉讼 printed as two tables);
            # a header repeated after all 15 columns are named adds nothing.
            if sum(1 for kind, _, _ in tokens if kind == "outcome") < len(APPEAL_GROUPS) * len(APPEAL_OUTCOMES):
                tokens.extend(row_tokens)
            continue
        cells = list(row)
        while cells and cells[0].text.strip() and not looks_numeric(cells[0].text):
            cells.pop(0)  # a row label such as "件数" before the numbers
        values.extend(cells)
    if not values:
        return
    columns = _appeal_columns(tokens)
    if columns is None:
        columns = [(g, o) for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES]
        report.notes.append(Note("header-unrecognised", "appeals", "第四部分表头未能识别，按国家格式的列序读取"))
    if len(values) < len(columns):
        report.notes.append(Note("cells-missing", "appeals",
                                 f"第四部分应有{len(columns)}个数字，只找到{len(values)}个", values[0].origin))
    for (group, outcome), cell in zip(columns, values, strict=False):
        report.appeals.setdefault(group, {})[outcome] = cell_value(cell)
    report.tables_found["appeals"] = True


# --- part 二 -------------------------------------------------------------------------------------------
ActiveCells = dict[tuple[str, str], Value]

_SINGLE_COLUMN = {"licensing": "decisions", "penalty": "decisions", "coercion": "decisions",
                  "other_services": "decisions", "fees": "amount"}


def extract_active(rows: list[Row], labels: dict[str, PrintedLabel]) -> tuple[ActiveCells, set[str]]:
    """(row, column) -> value for part 二, and the column kinds its headers print (for the layout)."""
    cells: ActiveCells = {}
    seen_columns: set[str] = set()
    columns: list[str] = []
    for row in rows:
        folded = [fold(c.text) for c in row]
        if any(f.startswith("信息内容") for f in folded):
            start = next(i for i, f in enumerate(folded) if f.startswith("信息内容"))
            columns = [k for f in folded[start + 1:] if f and (k := L.match_active_column(f))]
            seen_columns.update(columns)
            continue
        at = next((i for i, f in enumerate(folded) if f and L.match_active_row(f)), None)
        if at is None:
            continue
        key = L.match_active_row(folded[at])
        assert key is not None
        labels.setdefault(f"active.{key}", PrintedLabel(row[at].text, row[at].origin))
        value_cells = row[at + 1:]
        cols = columns
        if len(value_cells) == 1 and len(cols) != 1:
            cols = [_SINGLE_COLUMN.get(key, cols[0] if cols else "decisions")]
        elif len(value_cells) > len(cols):
            value_cells = value_cells[-len(cols):] if cols else []
        for col, cell in zip(cols, value_cells, strict=False):
            decimal = col == "amount"
            cells[(key, col)] = cell_value(cell, decimal)
    return cells, seen_columns


def active_to_keys(cells: ActiveCells, layout: str | None) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for (row, col), value in cells.items():
        if layout != "2019" and row in _SINGLE_COLUMN and col == _SINGLE_COLUMN[row]:
            out[row] = value
        else:
            out[f"{row}.{col}"] = value
    return out
