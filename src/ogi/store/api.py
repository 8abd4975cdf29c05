"""The corpus store's Python API: `ogi.open(db)` returns a `Corpus`.

    >>> corpus = ogi.open("ogi.db")                      # or "postgresql://user@host/db"
    >>> corpus.ingest(["reports/"])                       # IngestSummary(read, new, versions, present, failed)
    >>> corpus.requests(year=2023)                        # pandas: one row per report and printed row
    >>> corpus.cells(year=2023)                           # tidy: agency, year, table, row, column, value
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from ogi.agencies import LEVELS, AgencyIndex, clean_name, infer_level, infer_region, name_variants
from ogi.document.model import Origin
from ogi.model.report import Value
from ogi.rules.finding import Finding
from ogi.store import schema as t
from ogi.store.cellkeys import CELL_KEYS, CELL_PATHS, NUMBER_DTYPE, PROVENANCE_FIELDS, numbers_matrix
from ogi.store.engine import StoreError, database_url, make_engine, migrate
from ogi.store.frames import Block, long_table, wide_requests, wide_table
from ogi.store.ingest import COUNT_COLUMNS, Input, Prepared, count_column, iter_inputs, prepare
from ogi.store.jsontext import dumps
from ogi.store.writer import IngestSummary, Writer, load_index, promote_name

Progress = Callable[[int, int, str, Prepared], None]  # (done, total, outcome, item)


@dataclass(slots=True)
class ImportSummary:
    rows: int = 0
    created: int = 0
    updated: int = 0


@dataclass(slots=True)
class Filter:
    year: int | Sequence[int] | None = None
    agency: str | None = None
    level: str | Sequence[str] | None = None
    current: bool = True


def _listify(v: Any) -> list[Any] | None:
    if v is None:
        return None
    return [v] if isinstance(v, (int, str)) else list(v)


_prepare_known: frozenset[str] = frozenset()


def _init_worker(known: frozenset[str]) -> None:
    global _prepare_known
    _prepare_known = known


def _prepare_in_worker(item: Input) -> Prepared:
    return prepare(item, _prepare_known)


_SELECTED = ["id", "agency_id", "agency_printed", "year", "layout", "cell_layout", "version", "is_current", "source",
             "publish_date", "errors", "warnings", "infos", "unchecked", "sha256"]
_DOC_COLUMNS = ["id", "agency_id", "agency", "agency_printed", "year", "level", "region", "layout", "cell_layout",
                "version", "is_current", "source", "publish_date", "errors", "warnings", "infos", "unchecked", "sha256"]


class Corpus:
    """A store of reports: SQLite file (default ./ogi.db) or PostgreSQL, migrated on open."""

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        self.url = database_url(db)
        self.engine = make_engine(self.url)
        migrate(self.engine)
        self._record_cell_keys()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Corpus({self.engine.url.render_as_string(hide_password=True)!r})"

    def _record_cell_keys(self) -> None:
        with self.engine.begin() as conn:
            stored = dict(conn.execute(sa.select(t.store_meta.c.key, t.store_meta.c.value)).tuples().all())
            for layout, keys in CELL_KEYS.items():
                name, value = f"cell_keys.{layout}", json.dumps([list(k) for k in keys])
                if name not in stored:
                    conn.execute(t.store_meta.insert().values(key=name, value=value))
                elif stored[name] != value:
                    raise StoreError(f"数据库中“{layout}”格式的单元格顺序与本版本不同，请先迁移数据库（{self.url}）")

    # --- ingest -----------------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1, progress: Progress | None = None,
               check: bool = True) -> IngestSummary:
        """Store every report under `paths` (folders, files, ZIP archives), several files per transaction.
        Already stored files (same content) are skipped; failures are recorded and the batch goes on.
        When interrupted, the files read so far are committed on the way out; a run that dies harder
        loses at most the uncommitted queue, and the next run resumes."""
        inputs = list(iter_inputs(paths))
        writer = Writer(self.engine)
        summary = IngestSummary()
        total = len(inputs)

        def handle(done: int, item: Prepared) -> None:
            outcome = writer.write(item, summary)
            if progress is not None:
                progress(done, total, outcome, item)

        try:
            if jobs > 1 and total > 1:
                known = frozenset(writer.known)
                with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(known,)) as pool:
                    for i, item in enumerate(pool.map(_prepare_in_worker, inputs, chunksize=4), 1):
                        handle(i, item)
            else:
                for i, inp in enumerate(inputs, 1):
                    handle(i, prepare(inp, writer.known))
        finally:
            writer.flush(summary)  # also when interrupted: keep what was read
        if check and (summary.new or summary.versions):
            years = summary.years | {y + 1 for y in summary.years}
            self.check(years=sorted(years))
        return summary

    # --- agencies ---------------------------------------------------------------------------------------
    def import_agencies(self, file: str | os.PathLike[str]) -> ImportSummary:
        """Load agencies from a CSV: name, level, parent, region, code, aliases (separated by ;|、),
        expected (1/0, 是/否), rollup. Columns may be in Chinese: 名称 级别 上级 地区 代码 别名 应报送 汇总."""
        text = open(file, "rb").read().decode("utf-8-sig")  # noqa: SIM115
        rows = list(csv.DictReader(io.StringIO(text)))
        aliases = {"名称": "name", "单位": "name", "级别": "level", "上级": "parent", "上级单位": "parent",
                   "地区": "region", "代码": "code", "别名": "aliases", "应报送": "expected", "汇总": "rollup"}
        rows = [{aliases.get((k or "").strip(), (k or "").strip().lower()): (v or "").strip() for k, v in r.items()}
                for r in rows]
        for n, r in enumerate(rows, 2):
            if not r.get("name"):
                raise StoreError(f"{file}：第{n}行缺少单位名称（name/名称）")
            if r.get("level") and r["level"] not in LEVELS:
                raise StoreError(f"{file}：第{n}行级别“{r['level']}”无法识别，可用：{'、'.join(LEVELS)}")
        summary = ImportSummary()
        with self.engine.begin() as conn:
            index = load_index(conn)
            ids: dict[str, int] = {}
            for r in rows:  # first pass: every body exists
                agency_id = self._upsert_agency(conn, index, r, summary)
                ids[clean_name(r["name"])] = agency_id
            for r in rows:  # second pass: parents, and names under the parent's prefix
                parent = clean_name(r.get("parent", ""))
                if not parent:
                    continue
                parent_id = ids.get(parent) or index.match(parent)
                if parent_id is None:
                    raise StoreError(f"{file}：上级单位“{parent}”不在表中（{r['name']}）")
                agency_id = ids[clean_name(r["name"])]
                conn.execute(t.agencies.update().where(t.agencies.c.id == agency_id).values(parent_id=parent_id))
                parent_name = conn.execute(sa.select(t.agencies.c.name)
                                           .where(t.agencies.c.id == parent_id)).scalar_one()
                for variant in name_variants(r["name"], (parent, parent_name)):
                    self._add_name(conn, index, agency_id, variant)
                    promote_name(conn, agency_id, variant)
        summary.rows = len(rows)
        self.check()
        return summary

    @staticmethod
    def _add_name(conn: sa.Connection, index: AgencyIndex, agency_id: int, name: str) -> None:
        if name not in index.names:
            conn.execute(t.agency_names.insert().values(name=name, agency_id=agency_id))
            index.add(agency_id, name)
            index.names[name] = agency_id

    def _upsert_agency(self, conn: sa.Connection, index: AgencyIndex, r: dict[str, str],
                       summary: ImportSummary) -> int:
        name = clean_name(r["name"])
        agency_id = index.match(name)
        values: dict[str, Any] = {}
        if r.get("level"):
            values.update(level=r["level"], level_source="import")
        if r.get("region"):
            values["region"] = r["region"]
        if r.get("code"):
            values["code"] = r["code"]
        for flag in ("expected", "rollup"):
            if r.get(flag):
                values[flag] = r[flag].lower() in ("1", "true", "yes", "y", "是", "x", "✓")
        if agency_id is None:
            level = values.pop("level", None) or infer_level(name)
            agency_id = conn.execute(t.agencies.insert().values(
                name=name, level=level, region=values.pop("region", None) or infer_region(name), **values)
                .returning(t.agencies.c.id)).scalar_one()
            summary.created += 1
        else:
            promote_name(conn, agency_id, name)  # keep the fullest name as the record's name
            if values:
                conn.execute(t.agencies.update().where(t.agencies.c.id == agency_id).values(**values))
            summary.updated += 1
        variants = [name, *name_variants(name)]
        variants += [clean_name(a) for a in _split_aliases(r.get("aliases", ""))]
        for variant in dict.fromkeys(variants):
            self._add_name(conn, index, agency_id, variant)
        return agency_id

    def set_agency(self, name: str, *, level: str | None = None, parent: str | None = None,
                   expected: bool | None = None, rollup: bool | None = None) -> int:
        """Edit one agency found by any of its names; returns its id."""
        with self.engine.begin() as conn:
            index = load_index(conn)
            agency_id = index.match(name)
            if agency_id is None:
                raise StoreError(f"找不到单位“{name}”")
            values: dict[str, Any] = {}
            if level is not None:
                if level not in LEVELS:
                    raise StoreError(f"级别“{level}”无法识别，可用：{'、'.join(LEVELS)}")
                values.update(level=level, level_source="manual")
            if parent is not None:
                parent_id = index.match(parent)
                if parent_id is None:
                    raise StoreError(f"找不到上级单位“{parent}”")
                values["parent_id"] = parent_id
            if expected is not None:
                values["expected"] = expected
            if rollup is not None:
                values["rollup"] = rollup
            if values:
                conn.execute(t.agencies.update().where(t.agencies.c.id == agency_id).values(**values))
        self.check()
        return agency_id

    def agencies(self) -> pd.DataFrame:
        """One row per body: id, name, level, level_source, parent, region, code, expected, rollup, names."""
        a, p, n = t.agencies, t.agencies.alias("p"), t.agency_names
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(a.c.id, a.c.name, a.c.level, a.c.level_source, p.c.name.label("parent"),
                                          a.c.region, a.c.code, a.c.expected, a.c.rollup)
                                .outerjoin(p, p.c.id == a.c.parent_id).order_by(a.c.id)).mappings().all()
            names: dict[int, list[str]] = {}
            for agency_id, name in conn.execute(sa.select(n.c.agency_id, n.c.name).order_by(n.c.name)):
                names.setdefault(agency_id, []).append(name)
        frame = pd.DataFrame([dict(r) for r in rows], columns=["id", "name", "level", "level_source", "parent",
                                                                "region", "code", "expected", "rollup"])
        frame["names"] = [names.get(int(i), []) for i in frame["id"]]
        return frame

    # --- reading ------------------------------------------------------------------------------------------
    def _regions(self, conn: sa.Connection) -> dict[int, dict[str, Any]]:
        a = t.agencies
        fields = ("id", "name", "level", "parent_id", "region", "rollup", "expected")
        rows = conn.execute(sa.select(*(a.c[k] for k in fields))).tuples()
        info = {int(r[0]): dict(zip(fields, r, strict=True)) for r in rows}
        for agency_id, r in info.items():  # a region is inherited from the parent chain
            seen, cur = {agency_id}, r
            while cur.get("region") is None and cur.get("parent_id") in info and cur["parent_id"] not in seen:
                seen.add(cur["parent_id"])
                cur = info[cur["parent_id"]]
            r["region_resolved"] = cur.get("region")
        return info

    def documents(self, year: int | Sequence[int] | None = None, agency: str | None = None,
                  level: str | Sequence[str] | None = None, current: bool = True) -> pd.DataFrame:
        """One row per stored report: id, agency, year, level, region, version, source, counts of findings."""
        docs, _ = self._load(Filter(year, agency, level, current), numbers=False)
        return docs

    def _select_docs(self, f: Filter, numbers: bool) -> sa.Select[Any]:
        d = t.documents
        cols = [d.c[name] for name in _SELECTED]
        if numbers:
            cols.append(d.c.numbers)
        q = sa.select(*cols).order_by(d.c.id)
        if f.current:
            q = q.where(d.c.is_current.is_(True))
        years = _listify(f.year)
        if years is not None:
            q = q.where(d.c.year.in_(years))
        return q

    def _load(self, f: Filter, numbers: bool = True) -> tuple[pd.DataFrame, list[Block]]:
        with self.engine.connect() as conn:
            info = self._regions(conn)
            rows = conn.execute(self._select_docs(f, numbers)).all()
            agency_ids: set[int] | None = None
            if f.agency:
                index = load_index(conn)
                hit = index.match(f.agency)
                needle = clean_name(f.agency)
                agency_ids = {i for i, r in info.items() if needle in r["name"]}
                agency_ids |= {i for n, i in index.names.items() if needle in n}
                if hit is not None:
                    agency_ids.add(hit)
        levels = _listify(f.level)
        names = _SELECTED + (["numbers"] if numbers else [])
        columns: dict[str, Any] = dict(zip(names, zip(*rows, strict=True), strict=True)) if rows else \
            {n: () for n in names}
        a_ids = columns["agency_id"]
        name = {i: r["name"] for i, r in info.items()}
        level = [info[a]["level"] if a in info else None for a in a_ids]
        keep = [(agency_ids is None or a in agency_ids) and (levels is None or lv in levels)
                for a, lv in zip(a_ids, level, strict=True)]
        everything = all(keep)
        docs = pd.DataFrame({
            "id": columns["id"], "agency_id": pd.array(a_ids, dtype="Int64"),
            "agency": [name.get(a, p) for a, p in zip(a_ids, columns["agency_printed"], strict=True)],
            "agency_printed": columns["agency_printed"], "year": pd.array(columns["year"], dtype="Int64"),
            "level": level,
            "region": [info[a]["region_resolved"] if a in info else None for a in a_ids],
            "layout": columns["layout"], "cell_layout": columns["cell_layout"], "version": columns["version"],
            "is_current": np.array(columns["is_current"], dtype=bool), "source": columns["source"],
            "publish_date": columns["publish_date"], "errors": columns["errors"], "warnings": columns["warnings"],
            "infos": columns["infos"], "unchecked": columns["unchecked"], "sha256": columns["sha256"],
        }, columns=_DOC_COLUMNS)
        for c in ("level", "region", "agency", "agency_printed", "layout", "cell_layout", "source", "publish_date",
                  "sha256"):
            docs[c] = docs[c].astype(object)
        if not everything:
            docs = docs[np.array(keep, dtype=bool)].reset_index(drop=True)
        blocks = []
        if numbers:
            blobs: dict[str, list[bytes]] = {}
            for blob, layout, k in zip(columns["numbers"], columns["cell_layout"], keep, strict=True):
                if k:
                    blobs.setdefault(layout, []).append(blob)
            for layout in CELL_KEYS:
                if layout in blobs:
                    part = docs[docs["cell_layout"] == layout].reset_index(drop=True)
                    blocks.append(Block(layout, part, numbers_matrix(blobs[layout], len(CELL_KEYS[layout]))))
        return docs, blocks

    def blocks(self, year: int | Sequence[int] | None = None, agency: str | None = None,
               level: str | Sequence[str] | None = None, current: bool = True) -> list[Block]:
        return self._load(Filter(year, agency, level, current))[1]

    def cells_arrow(self, year: int | Sequence[int] | None = None, agency: str | None = None,
                    level: str | Sequence[str] | None = None) -> pa.Table:
        """Every cell, tidy (agency, year, table, row, column, value), as an Arrow table."""
        return long_table(self.blocks(year, agency, level))

    def cells(self, year: int | Sequence[int] | None = None, agency: str | None = None,
              level: str | Sequence[str] | None = None) -> pd.DataFrame:
        """Every cell, tidy: agency, year, table, row, column, value (NaN where the cell is blank)."""
        frame: pd.DataFrame = self.cells_arrow(year, agency, level).to_pandas()
        return frame

    def requests(self, year: int | Sequence[int] | None = None, agency: str | None = None,
                 level: str | Sequence[str] | None = None) -> pd.DataFrame:
        """Part 三 as printed: one row per report and row, columns natural_person … total."""
        return wide_requests(self.blocks(year, agency, level))

    def active(self, year: int | Sequence[int] | None = None, agency: str | None = None,
               level: str | Sequence[str] | None = None) -> pd.DataFrame:
        """Part 二: one row per report (2021 layout columns; 2019 reports have their own columns)."""
        return wide_table(self.blocks(year, agency, level), "active")

    def appeals(self, year: int | Sequence[int] | None = None, agency: str | None = None,
                level: str | Sequence[str] | None = None) -> pd.DataFrame:
        """Part 四: one row per report, columns review.upheld … litigation_after_review.total."""
        return wide_table(self.blocks(year, agency, level), "appeals")

    def findings(self, year: int | Sequence[int] | None = None, agency: str | None = None,
                 level: str | Sequence[str] | None = None, scope: str | None = None) -> pd.DataFrame:
        """Findings of the current reports, each report's own (scope 'report') before those of the rules
        across reports ('corpus'): agency, year, source, scope, rule, code, severity, checked, part,
        message_zh, message_en, expected, actual, other_source."""
        docs = self.documents(year, agency, level)
        rows: list[dict[str, Any]] = []
        wanted = set(docs["id"].tolist())
        with self.engine.connect() as conn:
            if scope in (None, "report"):
                d = t.documents
                q = self._select_docs(Filter(year, agency, level), numbers=False).with_only_columns(d.c.id,
                                                                                                     d.c.findings)
                for doc_id, text in conn.execute(q):
                    if doc_id in wanted:
                        rows += [_report_finding(doc_id, f) for f in json.loads(text)]
            if scope in (None, "corpus"):
                f, o = t.corpus_findings, t.documents.alias("o")
                q = (sa.select(f.c.document_id, f.c.rule, f.c.code, f.c.severity, f.c.checked, f.c.part,
                               f.c.message_zh, f.c.message_en, f.c.expected, f.c.actual,
                               o.c.source.label("other_source"))
                     .outerjoin(o, o.c.id == f.c.other_document_id).order_by(f.c.document_id, f.c.id))
                rows += [dict(r, scope="corpus") for r in conn.execute(q).mappings() if r["document_id"] in wanted]
        found = pd.DataFrame(rows, columns=_FINDING_FRAME)
        found = found.sort_values("document_id", kind="stable")  # a report's own findings first, as printed
        meta = docs[["id", "agency", "year", "source"]].rename(columns={"id": "document_id"})
        return meta.merge(found, on="document_id", how="inner")

    def failures(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.failures.c.source, t.failures.c.code, t.failures.c.reason_zh,
                                          t.failures.c.reason_en, t.failures.c.attempts)
                                .order_by(t.failures.c.source)).mappings().all()
        return pd.DataFrame([dict(r) for r in rows], columns=["source", "code", "reason_zh", "reason_en", "attempts"])

    def provenance(self, document_id: int) -> dict[str, Value]:
        """Every cell of one stored report with its printed text and origin, by path."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.documents.c.cell_layout, t.documents.c.numbers, t.documents.c.provenance,
                                         t.documents.c.source).where(t.documents.c.id == document_id)).one()
        return _values(row.cell_layout, row.numbers, row.provenance, row.source)

    # --- status -------------------------------------------------------------------------------------------
    def status(self, year: int) -> pd.DataFrame:
        """Per expected unit (and every unit that reported): not submitted / errors / warnings / clean."""
        docs = self.documents(year=year)
        agencies = self.agencies()
        expected = agencies[agencies["expected"].astype(bool)]
        rows = []
        by_agency: dict[int, pd.DataFrame] = {}
        for agency_id, group in docs.dropna(subset=["agency_id"]).groupby("agency_id"):
            by_agency[int(str(agency_id))] = group
        seen: set[int] = set()
        for _, a in expected.iterrows():
            seen.add(int(a["id"]))
            g = by_agency.get(int(a["id"]))
            rows.append(_status_row(a["name"], a["level"], g, True))
        for agency_id, g in by_agency.items():
            if agency_id not in seen:
                a = agencies[agencies["id"] == agency_id].iloc[0]
                rows.append(_status_row(str(a["name"]), a["level"], g, False))
        for _, d in docs[docs["agency_id"].isna()].iterrows():
            rows.append(_status_row(d["agency_printed"] or d["source"], None, docs.loc[[_]], False))
        return pd.DataFrame(rows, columns=["agency", "level", "expected", "status", "errors", "warnings", "source"])

    # --- rules across reports -----------------------------------------------------------------------------
    def corpus_data(self, year: int | Sequence[int] | None = None) -> Any:
        from ogi.rules.corpus import CorpusData, Doc

        d = t.documents
        with self.engine.connect() as conn:
            info = self._regions(conn)
            q = (sa.select(d.c.id, d.c.agency_id, d.c.agency_printed, d.c.year, d.c.source, d.c.cell_layout,
                           d.c.numbers, d.c.minhash).where(d.c.is_current.is_(True)).order_by(d.c.id))
            years = _listify(year)
            if years is not None:
                q = q.where(d.c.year.in_(years))
            rows = conn.execute(q).all()
        by_layout: dict[str, list[Any]] = {}
        for r in rows:
            by_layout.setdefault(r.cell_layout, []).append(r)
        docs: list[Doc] = []
        for layout, group in by_layout.items():
            matrix = numbers_matrix([r.numbers for r in group], len(CELL_KEYS[layout]))
            for r, vec in zip(group, matrix, strict=True):
                a = info.get(r.agency_id) if r.agency_id is not None else None
                docs.append(Doc(r.id, r.agency_id, a["name"] if a else (r.agency_printed or r.source), r.year,
                                a["level"] if a else None, r.source, layout, vec, r.minhash,
                                a["parent_id"] if a else None))
        docs.sort(key=lambda x: x.id)
        cache: dict[int, dict[str, Value]] = {}

        def cell(doc: Doc, path: str) -> Value:
            if doc.id not in cache:
                cache[doc.id] = self.provenance(doc.id)
            return cache[doc.id].get(path, Value(None, None, None, "missing"))

        return CorpusData(docs, info, cell)

    def check(self, years: Iterable[int] | None = None) -> int:
        """Run the rules across reports and store their findings (replacing earlier ones for `years`,
        or for every year). Returns how many findings were stored. Each document's counts (errors …)
        are its own findings' plus these: they change by the difference between the old and new."""
        from ogi.rules.corpus import check_corpus

        wanted = None if years is None else set(years)
        data = self.corpus_data(None if wanted is None else sorted(wanted | {y - 1 for y in wanted}))
        found = check_corpus(data)
        year_of = {doc.id: doc.year for doc in data.docs}
        rows = [_corpus_finding_row(doc_id, f, other) for doc_id, f, other in found
                if wanted is None or year_of.get(doc_id) in wanted]
        f = t.corpus_findings
        change: dict[int, dict[str, int]] = {}
        with self.engine.begin() as conn:
            doc_ids = sa.select(t.documents.c.id)
            if wanted is not None:
                doc_ids = doc_ids.where(t.documents.c.year.in_(sorted(wanted)))
            replaced = conn.execute(sa.select(f.c.document_id, f.c.severity, f.c.checked, sa.func.count())
                                    .where(f.c.document_id.in_(doc_ids))
                                    .group_by(f.c.document_id, f.c.severity, f.c.checked))
            for doc_id, severity, checked, n in replaced:
                counts = change.setdefault(doc_id, dict.fromkeys(COUNT_COLUMNS, 0))
                counts[count_column(severity, bool(checked))] -= n
            conn.execute(f.delete().where(f.c.document_id.in_(doc_ids)))
            if rows:
                conn.execute(f.insert(), rows)
            for r in rows:
                counts = change.setdefault(r["document_id"], dict.fromkeys(COUNT_COLUMNS, 0))
                counts[count_column(r["severity"], r["checked"])] += 1
            updates = [{"b_id": doc_id, **{f"b_{k}": v for k, v in counts.items()}}
                       for doc_id, counts in change.items() if any(counts.values())]
            if updates:
                d = t.documents
                conn.execute(d.update().where(d.c.id == sa.bindparam("b_id"))
                             .values({k: d.c[k] + sa.bindparam(f"b_{k}") for k in COUNT_COLUMNS}), updates)
        return len(rows)

    # --- export and statistics ----------------------------------------------------------------------------
    def export(self, out: str | os.PathLike[str], fmt: str, *, year: int | Sequence[int] | None = None,
               agency: str | None = None, level: str | Sequence[str] | None = None) -> int:
        """Write the cells as csv | parquet | json (tidy long) or xlsx (wide sheets as printed + long).
        Returns the number of cells written."""
        from ogi.store.export import write_export

        return write_export(self.blocks(year, agency, level), os.fspath(out), fmt)

    def stats(self, year: int | Sequence[int] | None = None, level: str | Sequence[str] | None = None) -> Any:
        from ogi.store.stats import compute_stats

        return compute_stats(self.blocks(year, None, level))


def _split_aliases(text: str) -> list[str]:
    import re

    return [a for a in re.split(r"[;；|、/]", text) if a.strip()]


def _origin(source: str, fields: tuple[Any, ...]) -> Origin | None:
    line, line_end, page, table, row, col, bbox = fields
    if line is None and line_end is None and page is None and table is None and row is None and col is None \
            and bbox is None:
        return None
    return Origin(source=source, line=line, line_end=line_end, page=page, table=table, row=row, col=col,
                  bbox=tuple(bbox) if bbox else None)


def _values(layout: str, numbers: bytes, provenance: str, source: str) -> dict[str, Value]:
    # As extraction gives them: counts as int, amounts (万元) with a fraction as Decimal, blank as None.
    values: list[Any] = [None if v != v else (int(v) if v == int(v) else Decimal(str(v)))
                         for v in np.frombuffer(numbers, dtype=NUMBER_DTYPE).tolist()]
    prov = json.loads(provenance)
    out: dict[str, Value] = {}
    paths = CELL_PATHS[layout]
    if isinstance(prov, dict):  # columns (revision 0002 on)
        cols = [prov.get(k) or [None] * len(paths) for k in PROVENANCE_FIELDS]
        for path, n, raw, problem, *origin in zip(paths, values, *cols, strict=True):
            o = _origin(source, tuple(origin))
            if raw is None and o is None and problem in (None, "missing"):
                out[path] = Value(n, None, None, "missing" if n is None else None)
            else:
                out[path] = Value(n, raw, o, problem)
        return out
    prov += [None] * (len(values) - len(prov))  # per cell, as written before 0002 (or rows without any)
    for path, n, p in zip(paths, values, prov, strict=True):
        if p is None:
            out[path] = Value(n, None, None, "missing" if n is None else None)
            continue
        raw, problem, origin = p
        o = None
        if origin is not None:
            bbox = origin.get("bbox")
            o = Origin(source=source, **{k: v for k, v in origin.items() if k != "bbox"},
                       bbox=tuple(bbox) if bbox else None)
        out[path] = Value(n, raw, o, problem)
    return out


_FINDING_FRAME = ["document_id", "scope", "rule", "code", "severity", "checked", "part", "message_zh", "message_en",
                  "expected", "actual", "other_source"]


def _report_finding(doc_id: int, f: dict[str, Any]) -> dict[str, Any]:
    """A finding as stored in its document's JSON list (`Finding.to_dict()`) -> a row of `findings()`."""
    return {"document_id": doc_id, "scope": "report", "rule": f["rule"], "code": f["code"], "severity": f["severity"],
            "checked": f["checked"], "part": f["part"], "message_zh": f["message"]["zh"],
            "message_en": f["message"]["en"], "expected": f["expected"], "actual": f["actual"], "other_source": None}


def _corpus_finding_row(doc_id: int, f: Finding, other: int | None) -> dict[str, Any]:
    """A row of `corpus_findings`: `detail` holds the cells with their origins, the origin and the source,
    as `Finding.to_dict()` gives them."""
    whole = f.to_dict()
    detail = {"cells": whole["cells"], "origin": whole["origin"], "source": whole["source"]}
    return {"document_id": doc_id, "rule": f.rule, "code": f.code, "severity": f.severity, "checked": f.checked,
            "part": f.part, "message_zh": f.message_zh, "message_en": f.message_en, "expected": f.expected,
            "actual": f.actual, "detail": dumps(detail).decode(), "other_document_id": other}


def _status_row(name: str, level: str | None, g: pd.DataFrame | None, expected: bool) -> dict[str, Any]:
    if g is None or g.empty:
        return {"agency": name, "level": level, "expected": expected, "status": "missing", "errors": 0,
                "warnings": 0, "source": None}
    errors, warnings = int(g["errors"].sum()), int(g["warnings"].sum())
    status = "errors" if errors else ("warnings" if warnings else "clean")
    return {"agency": name, "level": level, "expected": expected, "status": status, "errors": errors,
            "warnings": warnings, "source": "; ".join(g["source"].astype(str))}


def open_corpus(db: str | os.PathLike[str] | None = None) -> Corpus:
    """Open (creating or migrating) the store at `db`: a path (SQLite) or a postgresql:// URL."""
    return Corpus(db)


__all__ = ["Corpus", "ImportSummary", "IngestSummary", "open_corpus"]
