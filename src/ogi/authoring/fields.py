"""Which cells a person types and which the program derives, with their printed names."""

from __future__ import annotations

from ogi.model.schema import (
    ACTIVE_BLOCKS_2021,
    ACTIVE_COLUMN_LABELS,
    ACTIVE_KEYS_2021,
    ACTIVE_ROW_LABELS,
    APPEAL_GROUP_LABELS,
    APPEAL_GROUPS,
    APPEAL_OUTCOME_LABELS,
    APPEAL_OUTCOMES,
    APPLICANT_COLUMNS,
    REQUEST_COLUMN_LABELS,
    REQUEST_COLUMNS,
    REQUEST_ROW_LABELS,
    REQUEST_ROWS,
)

FORM_ID = "ogi-form/1"

# Part 三 rows a person types (every applicant column); total_processed and the 总计 column are derived.
REQUEST_INPUT_ROWS: tuple[str, ...] = tuple(r for r in REQUEST_ROWS if r != "total_processed")
APPEAL_INPUT_OUTCOMES: tuple[str, ...] = tuple(o for o in APPEAL_OUTCOMES if o != "total")

INPUT_CELLS: tuple[str, ...] = (
    *(f"active.{k}" for k in ACTIVE_KEYS_2021),
    *(f"requests.{r}.{c}" for r in REQUEST_INPUT_ROWS for c in APPLICANT_COLUMNS),
    *(f"appeals.{g}.{o}" for g in APPEAL_GROUPS for o in APPEAL_INPUT_OUTCOMES),
)
DERIVED_CELLS: tuple[str, ...] = (
    *(f"requests.total_processed.{c}" for c in APPLICANT_COLUMNS),
    *(f"requests.{r}.total" for r in REQUEST_ROWS),
    *(f"appeals.{g}.total" for g in APPEAL_GROUPS),
)
ALL_CELLS: tuple[str, ...] = (
    *(f"active.{k}" for k in ACTIVE_KEYS_2021),
    *(f"requests.{r}.{c}" for r in REQUEST_ROWS for c in REQUEST_COLUMNS),
    *(f"appeals.{g}.{o}" for g in APPEAL_GROUPS for o in APPEAL_OUTCOMES),
)
DECIMAL_CELLS = frozenset({"active.fees"})


def is_derived(path: str) -> bool:
    return path in _DERIVED


_DERIVED = frozenset(DERIVED_CELLS)


def request_row_label(key: str) -> str:
    """'（三）不予公开 · 1.属于国家秘密' — the group (if any) and the printed leaf label."""
    group = ""
    for k, g, leaf in REQUEST_ROW_LABELS:
        if g and not g.startswith("三、"):
            group = g
        elif leaf.startswith("（"):
            group = ""
        if k == key:
            return f"{group} · {leaf}" if group and not leaf.startswith("（") else leaf
    return key


def active_block_label(row: str) -> str:
    for heading, rows, _ in ACTIVE_BLOCKS_2021:
        if row in rows:
            return heading
    return ""


def active_cell_label(key: str) -> str:
    row, _, col = key.partition(".")
    cols = next(c for _, rows, c in ACTIVE_BLOCKS_2021 if row in rows)
    column = ACTIVE_COLUMN_LABELS[col or cols[0]]
    return f"{active_block_label(row)} · {ACTIVE_ROW_LABELS[row]} · {column}"


def cell_name(path: str) -> str:
    """The printed name of any cell of the form, e.g. '（七）总计 · 自然人'."""
    table, _, rest = path.partition(".")
    if table == "active":
        return active_cell_label(rest)
    row, _, col = rest.partition(".")
    if table == "requests":
        return f"{request_row_label(row)} · {REQUEST_COLUMN_LABELS.get(col, col)}"
    if table == "appeals":
        return f"{APPEAL_GROUP_LABELS.get(row, row)} · {APPEAL_OUTCOME_LABELS.get(col, col)}"
    return path
