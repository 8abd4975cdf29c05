"""Stored numbers as tables: the tidy long table (agency, year, table, row, column, value) built with
numpy and Arrow, and the wide per-table frames laid out like the printed tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from ogi.model.schema import (
    ACTIVE_COLUMN_LABELS,
    ACTIVE_ROW_LABELS,
    APPEAL_GROUP_LABELS,
    APPEAL_OUTCOME_LABELS,
    REQUEST_COLUMN_LABELS,
    REQUEST_COLUMNS,
    REQUEST_ROW_LABELS,
)
from ogi.store.cellkeys import CELL_KEYS, CellKey

LONG_COLUMNS = ("agency", "year", "table", "row", "column", "value")
ALL_KEYS: tuple[CellKey, ...] = tuple(dict.fromkeys(k for keys in CELL_KEYS.values() for k in keys))
_KEY_INDEX = {k: i for i, k in enumerate(ALL_KEYS)}


@dataclass(slots=True)
class Block:
    """The numbers of the documents of one cell layout: `docs` rows align with `matrix` rows."""

    layout: str
    docs: pd.DataFrame  # columns: id, agency, year, level, region, source, version, ...
    matrix: npt.NDArray[np.float64]

    def column(self, key: CellKey) -> npt.NDArray[np.float64]:
        keys = CELL_KEYS[self.layout]
        try:
            return self.matrix[:, keys.index(key)]
        except ValueError:
            return np.full(len(self.docs), np.nan)


def long_table(blocks: list[Block]) -> pa.Table:
    """Every cell of every document, one row each, dictionary-encoded: about 10 million rows a second."""
    agencies_all = pd.concat([b.docs["agency"] for b in blocks]) if blocks else pd.Series([], dtype=object)
    names = pd.Index(agencies_all.fillna("").unique())
    dictionaries, codes = [], []
    for part in range(3):  # per key part: unique labels, and each key's code into them
        labels = list(dict.fromkeys(k[part] for k in ALL_KEYS))
        dictionaries.append(pa.array(labels))
        codes.append(np.array([labels.index(k[part]) for k in ALL_KEYS], dtype=np.int32))
    parts: list[pa.Table] = []
    for b in blocks:
        n, width = b.matrix.shape
        if n == 0:
            continue
        key_idx = np.array([_KEY_INDEX[k] for k in CELL_KEYS[b.layout]], dtype=np.int32)
        doc_agency = names.get_indexer(b.docs["agency"].fillna("")).astype(np.int32)
        keys = np.tile(key_idx, n)
        values = b.matrix.ravel()
        parts.append(pa.table({
            "agency": pa.DictionaryArray.from_arrays(np.repeat(doc_agency, width), pa.array(names.to_numpy(str))),
            "year": pa.array(np.repeat(b.docs["year"].fillna(0).to_numpy(np.int32), width)),
            "table": pa.DictionaryArray.from_arrays(codes[0][keys], dictionaries[0]),
            "row": pa.DictionaryArray.from_arrays(codes[1][keys], dictionaries[1]),
            "column": pa.DictionaryArray.from_arrays(codes[2][keys], dictionaries[2]),
            "value": pa.array(values, mask=np.isnan(values)),
        }))
    if not parts:
        return pa.table({c: pa.array([], type=pa.string() if c not in ("year", "value") else
                                     (pa.int32() if c == "year" else pa.float64())) for c in LONG_COLUMNS})
    return pa.concat_tables(parts, promote_options="permissive") if len(parts) > 1 else parts[0]


# --- wide frames, headers as printed -----------------------------------------------------------------
_REQUEST_ROW_TITLES: dict[str, str] = {}
_group = ""
for _key, _grp, _leaf in REQUEST_ROW_LABELS:
    if _grp.startswith("（"):
        _group = _grp
    grouped = _key.startswith(("denied_", "unable_", "rejected_", "other_"))
    _REQUEST_ROW_TITLES[_key] = f"{_group} {_leaf}" if grouped else _leaf
_REQUEST_ROW_TITLES["other"] = "（六）其他处理"


def request_row_title(row: str) -> str:
    return _REQUEST_ROW_TITLES.get(row, row)


def column_title(key: CellKey) -> str:
    table, row, col = key
    if table == "active":
        return f"{ACTIVE_ROW_LABELS.get(row, row)}·{ACTIVE_COLUMN_LABELS.get(col, col)}"
    if table == "appeals":
        return f"{APPEAL_GROUP_LABELS.get(row, row)}·{APPEAL_OUTCOME_LABELS.get(col, col)}"
    return f"{request_row_title(row)}·{REQUEST_COLUMN_LABELS.get(col, col)}"


ID_COLUMNS = ("agency", "year", "level", "region", "version", "source")


def wide_requests(blocks: list[Block]) -> pd.DataFrame:
    """Part 三 as printed: one row per report and printed row, the seven applicant columns."""
    frames = []
    for b in blocks:
        keys = CELL_KEYS[b.layout]
        req = [i for i, k in enumerate(keys) if k[0] == "requests"]
        if not req or b.matrix.shape[0] == 0:
            continue
        row_keys = list(dict.fromkeys(keys[i][1] for i in req))
        cube = b.matrix[:, req].reshape(len(b.docs), len(row_keys), len(REQUEST_COLUMNS))
        n = len(b.docs)
        ids = b.docs[list(ID_COLUMNS)].loc[b.docs.index.repeat(len(row_keys))].reset_index(drop=True)
        frame = pd.DataFrame(cube.reshape(n * len(row_keys), len(REQUEST_COLUMNS)), columns=list(REQUEST_COLUMNS))
        frame.insert(0, "row", np.tile(row_keys, n))
        frames.append(pd.concat([ids, frame], axis=1))
    if not frames:
        return pd.DataFrame(columns=[*ID_COLUMNS, "row", *REQUEST_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def wide_table(blocks: list[Block], table: str, layouts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Parts 二 or 四: one row per report, one column per cell (columns named row.column)."""
    frames = []
    for b in blocks:
        if layouts is not None and b.layout not in layouts:
            continue
        keys = CELL_KEYS[b.layout]
        idx = [i for i, k in enumerate(keys) if k[0] == table]
        frame = pd.DataFrame(b.matrix[:, idx], columns=[f"{keys[i][1]}.{keys[i][2]}" for i in idx])
        frames.append(pd.concat([b.docs[list(ID_COLUMNS)].reset_index(drop=True), frame], axis=1))
    if not frames:
        return pd.DataFrame(columns=list(ID_COLUMNS))
    return pd.concat(frames, ignore_index=True)
