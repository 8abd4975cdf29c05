"""Storing prepared reports: several files per transaction, agencies matched by name, versions per agency-year."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ogi.agencies import AgencyIndex, clean_name, infer_level, infer_region
from ogi.store import schema as t
from ogi.store.ingest import Prepared
from ogi.store.minhash import signatures

NEW, VERSION, PRESENT, FAILED = "new", "version", "present", "failed"


@dataclass(slots=True)
class IngestSummary:
    """What an ingest did: files read, stored as new reports or new versions, already present, failed."""

    read: int = 0
    new: int = 0
    versions: int = 0
    present: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (source, reason zh, reason en)
    document_ids: list[int] = field(default_factory=list)
    years: set[int] = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "new": self.new, "versions": self.versions, "present": self.present,
                "failed": [{"source": s, "reason": {"zh": zh, "en": en}} for s, zh, en in self.failed]}


def promote_name(conn: sa.Connection, agency_id: int, name: str) -> None:
    """Make `name` the record's name when it is fuller (longer) than the present one and not taken."""
    current = conn.execute(sa.select(t.agencies.c.name).where(t.agencies.c.id == agency_id)).scalar_one()
    if len(name) > len(current):
        taken = conn.execute(sa.select(t.agencies.c.id).where(t.agencies.c.name == name)).scalar()
        if taken is None:
            conn.execute(t.agencies.update().where(t.agencies.c.id == agency_id).values(name=name))


def load_index(conn: sa.Connection) -> AgencyIndex:
    index = AgencyIndex()
    rows = conn.execute(sa.select(t.agency_names.c.agency_id, t.agency_names.c.name, t.agencies.c.name)
                        .join(t.agencies, t.agencies.c.id == t.agency_names.c.agency_id))
    for agency_id, variant, canonical in rows:
        index.add(agency_id, canonical)
        index.names[variant] = agency_id
    return index


# Columns of the bulk inserts (the raw DBAPI's executemany: a statement per table and batch).
_AGENCY_COLUMNS = ("id", "name", "level", "region")
_NAME_COLUMNS = ("name", "agency_id")
_DOCUMENT_COLUMNS = ("id", "agency_id", "version", "is_current", "sha256", "source", "size", "agency_printed", "year",
                     "layout", "cell_layout", "publish_date", "errors", "warnings", "infos", "unchecked", "numbers",
                     "provenance", "sections", "findings", "minhash")
_DOC_FIELDS = _DOCUMENT_COLUMNS[4:]  # from the prepared document
_FLAGS = frozenset({"is_current"})  # boolean columns, written as 1/0
_JSON = frozenset({"provenance", "sections", "findings"})  # JSON text columns, given as UTF-8 bytes (jsontext)
_AGENCY, _VERSION, _CURRENT = 1, 2, 3  # positions in a document row
_MINHASH = _DOCUMENT_COLUMNS.index("minhash")
MATCH_TEXT = 4000  # the start of the narrative, where a report names the units above it


class _Bulk:
    """Plain SQL for the few big statements of a batch, run through the raw DBAPI cursor's executemany
    (sqlite3 or psycopg 3) inside the SQLAlchemy transaction; ids are taken before inserting."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self.as_text = "CAST(? AS TEXT)" if self.sqlite else "convert_from(%s, 'UTF8')"  # bytes -> text
        if self.sqlite:  # take the write lock now: max(id) + 1 … stay free until the commit
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    def ids(self, table: str, n: int) -> list[int]:
        """`n` new ids of `table`: from its sequence (PostgreSQL), or after the largest (SQLite, locked)."""
        if n == 0:
            return []
        if self.sqlite:
            last = self.conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar_one()
            return list(range(int(last) + 1, int(last) + 1 + n))
        rows = self.conn.exec_driver_sql(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, {int(n)})")
        return [int(i) for i in rows.scalars()]

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]] | list[list[Any]]) -> None:
        """Boolean columns (_FLAGS) are given as 1/0 and compared with 0 in the statement: sqlite3 binds an
        int directly but a bool (like None) only after looking for an adapter, ~0.4 µs a value. JSON
        columns (_JSON) are given as UTF-8 bytes and turned into text by the database: binding a str of
        Chinese text costs sqlite3 an encoding per value (a 5 KB narrative: 20 µs as str, 4 µs as bytes)."""
        if rows:
            marks = ", ".join(f"{self.mark} <> 0" if c in _FLAGS else self.as_text if c in _JSON else self.mark
                              for c in columns)
            self.conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                                      [tuple(r) for r in rows])


class Writer:
    """Writes prepared reports into the store, several files per transaction (up to `batch_size` files
    or `batch_seconds` of waiting, whichever comes first): `write` queues, `flush` commits the queue.

    A transaction either stores the whole queue or nothing, so an interrupted ingest leaves the store
    consistent and the next run resumes (what was committed is skipped by its hash; call `flush` on the
    way out to keep what was already read). A file that cannot be read is recorded in `failures` in the
    same transaction and the queue goes on. When a commit meets a conflict (another ingest stored one of
    the files meanwhile) the queue is retried one file per transaction, as `write_one` does.

    The hashes, names and agency-years the writer knows are kept in memory; they change only after a
    commit (a failed transaction reloads them from the store)."""

    def __init__(self, engine: Engine, batch_size: int = 256, batch_seconds: float = 2.0) -> None:
        self.engine = engine
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.queue: list[Prepared] = []
        self._queued_at = 0.0
        self._queued_shas: set[str] = set()
        self._reload()

    def _reload(self) -> None:
        with self.engine.connect() as conn:
            self.known: set[str] = set(conn.execute(sa.select(t.documents.c.sha256)).scalars())
            self.failed: set[str] = set(conn.execute(sa.select(t.failures.c.sha256)).scalars())
            self.index = load_index(conn)
            self.agency_years: set[tuple[int, int]] = {
                (a, y) for a, y in conn.execute(
                    sa.select(t.documents.c.agency_id, t.documents.c.year).distinct()
                    .where(t.documents.c.agency_id.is_not(None), t.documents.c.year.is_not(None)))}

    def write(self, item: Prepared, summary: IngestSummary) -> str:
        """Queue one prepared file (committing the queue when it is full or old); returns what will be
        done with it: present, failed, or new (a new version when its agency-year is already stored)."""
        summary.read += 1
        if item.present or item.sha256 in self.known or item.sha256 in self._queued_shas:
            summary.present += 1
            return PRESENT
        if not self.queue:
            self._queued_at = time.monotonic()
        self.queue.append(item)
        if item.error is None and item.document is not None:
            self._queued_shas.add(item.sha256)
            outcome = NEW
        else:
            outcome = FAILED
        if len(self.queue) >= self.batch_size or time.monotonic() - self._queued_at >= self.batch_seconds:
            self.flush(summary)
        return outcome

    def write_all(self, items: Iterable[Prepared]) -> IngestSummary:
        summary = IngestSummary()
        try:
            for item in items:
                self.write(item, summary)
        finally:
            self.flush(summary)
        return summary

    def flush(self, summary: IngestSummary) -> None:
        """Commit the queue in one transaction (or, after a conflict, one transaction per file)."""
        queue, self.queue, self._queued_shas = self.queue, [], set()
        if not queue:
            return
        try:
            with self.engine.begin() as conn:
                done = self._store_batch(conn, queue)
        except sa.exc.IntegrityError:
            self._reload()
            for item in queue:
                self.write_one(item, summary)
            return
        except BaseException:
            self._reload()
            raise
        self._committed(done, summary)

    def write_one(self, item: Prepared, summary: IngestSummary) -> str:
        """Store one file in its own transaction (counted in `summary`, except `read`)."""
        if item.present or item.sha256 in self.known:
            summary.present += 1
            return PRESENT
        try:
            with self.engine.begin() as conn:
                done = self._store_batch(conn, [item])
        except sa.exc.IntegrityError:  # stored meanwhile by another ingest of the same file
            self._reload()
            summary.present += 1
            return PRESENT
        except BaseException:
            self._reload()
            raise
        self._committed(done, summary)
        return done[0][1]

    # --- internals ------------------------------------------------------------------------------------
    def _committed(self, done: list[tuple[Prepared, str, int | None]], summary: IngestSummary) -> None:
        for item, outcome, doc_id in done:
            if outcome == FAILED:
                _code, zh, en = item.error or ("internal-error", "未知错误", "unknown error")
                self.failed.add(item.sha256)
                summary.failed.append((item.source, zh, en))
                continue
            assert item.document is not None and doc_id is not None
            self.known.add(item.sha256)
            self.failed.discard(item.sha256)
            if outcome == VERSION:
                summary.versions += 1
            else:
                summary.new += 1
            summary.document_ids.append(doc_id)
            year = item.document.get("year")
            if year is not None:
                summary.years.add(int(year))

    def _store_batch(self, conn: sa.Connection, queue: list[Prepared]) -> list[tuple[Prepared, str, int | None]]:
        """Write the queue; returns (item, outcome, document id) per item. New agencies get temporary ids
        while the queue is matched and their stored ids when the batch is written, so that each table
        takes one statement per batch. The in-memory index and agency-years are updated as it goes
        (reloaded by the caller if the transaction fails)."""
        bulk = _Bulk(conn)
        done: list[tuple[Prepared, str, int | None]] = []
        docs: list[list[Any]] = []  # rows in _DOCUMENT_COLUMNS order, id and agency id filled in below
        stored: list[int] = []  # positions in `done` of the documents in `docs`
        latest: dict[tuple[int, int], list[Any]] = {}  # agency-year -> its newest row in this batch
        agencies: dict[int, list[Any]] = {}  # temporary id -> row in _AGENCY_COLUMNS order
        names: list[list[Any]] = []
        failure_rows: dict[str, dict[str, Any]] = {}
        cleared: list[str] = []
        for item in queue:
            if item.error is not None or item.document is None:
                code, zh, en = item.error or ("internal-error", "未知错误", "unknown error")
                if item.sha256 in failure_rows:  # the same bytes twice in the batch (e.g. empty files)
                    failure = failure_rows[item.sha256]
                    failure.update(source=item.source, code=code, reason_zh=zh, reason_en=en,
                                   attempts=failure["attempts"] + 1)
                elif item.sha256 in self.failed:
                    conn.execute(t.failures.update().where(t.failures.c.sha256 == item.sha256).values(
                        source=item.source, code=code, reason_zh=zh, reason_en=en,
                        attempts=t.failures.c.attempts + 1, attempted_at=sa.func.current_timestamp()))
                else:
                    failure_rows[item.sha256] = {"sha256": item.sha256, "source": item.source, "code": code,
                                                 "reason_zh": zh, "reason_en": en, "attempts": 1}
                done.append((item, FAILED, None))
                continue
            document = item.document
            agency_id = (self._agency(conn, item.agency, item.text[:MATCH_TEXT], agencies, names) if item.agency
                         else None)
            year = document.get("year")
            version, outcome = 1, NEW
            if agency_id is not None and year is not None and (agency_id, year) in self.agency_years:
                key = (agency_id, year)
                earlier = latest.get(key)
                if earlier is not None:  # the earlier version is queued in this batch
                    version = earlier[_VERSION] + 1
                    earlier[_CURRENT] = 0
                else:
                    where = sa.and_(t.documents.c.agency_id == agency_id, t.documents.c.year == year)
                    last = conn.execute(sa.select(sa.func.max(t.documents.c.version)).where(where)).scalar()
                    version = int(last or 0) + 1
                    conn.execute(t.documents.update().where(where).values(is_current=False))
                outcome = VERSION
            doc_row = [None, agency_id, version, 1, *map(document.get, _DOC_FIELDS)]
            docs.append(doc_row)
            stored.append(len(done))
            done.append((item, outcome, None))
            if item.sha256 in self.failed:
                cleared.append(item.sha256)
            if agency_id is not None and year is not None:
                self.agency_years.add((agency_id, year))
                latest[(agency_id, year)] = doc_row
        if agencies:
            real = dict(zip(agencies, bulk.ids("agencies", len(agencies)), strict=True))
            for agency_row in agencies.values():
                agency_row[0] = real[agency_row[0]]
            for name_row in names:
                name_row[1] = real.get(name_row[1], name_row[1])
            for doc_row in docs:
                if doc_row[_AGENCY] is not None and doc_row[_AGENCY] < 0:
                    doc_row[_AGENCY] = real[doc_row[_AGENCY]]
            self.index.remap(real)
            for temp, y in [k for k in latest if k[0] < 0]:
                self.agency_years.discard((temp, y))
                self.agency_years.add((real[temp], y))
            bulk.insert("agencies", _AGENCY_COLUMNS, list(agencies.values()))
        bulk.insert("agency_names", _NAME_COLUMNS, names)  # before the documents (their foreign keys)
        # MinHash of the narratives, for the whole batch at once (prepare leaves it to the writer).
        missing = [(doc_row, done[pos][0].text) for pos, doc_row in zip(stored, docs, strict=True)
                   if doc_row[_MINHASH] is None]
        for (doc_row, _), sig in zip(missing, signatures([text for _, text in missing]), strict=True):
            doc_row[_MINHASH] = sig
        for pos, doc_row, doc_id in zip(stored, docs, bulk.ids("documents", len(docs)), strict=True):
            doc_row[0] = doc_id
            item, outcome, _ = done[pos]
            done[pos] = (item, outcome, doc_id)
        bulk.insert("documents", _DOCUMENT_COLUMNS, docs)
        if failure_rows:
            conn.execute(t.failures.insert(), list(failure_rows.values()))
        if cleared:
            conn.execute(t.failures.delete().where(t.failures.c.sha256.in_(cleared)))
        return done

    def _agency(self, conn: sa.Connection, name: str, text: str, agencies: dict[int, list[Any]],
                names: list[list[Any]]) -> int:
        """The id of the body a printed name means; a body not stored yet gets a temporary id (negative)."""
        agency_id = self.index.match(name, text)
        cleaned = clean_name(name)
        if agency_id is None:
            agency_id = self.index.new_id()
            agencies[agency_id] = [agency_id, cleaned, infer_level(cleaned), infer_region(cleaned)]
        if cleaned not in self.index.names:
            names.append([cleaned, agency_id])
            if agency_id > 0:
                promote_name(conn, agency_id, cleaned)
            else:  # a body new in this batch: keep its fullest name (the name is not taken: it is not known)
                row = agencies[agency_id]
                if len(cleaned) > len(row[1]):
                    row[1] = cleaned
            self.index.add(agency_id, cleaned)
        return agency_id
