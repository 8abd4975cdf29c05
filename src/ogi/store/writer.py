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


_INSERT_AGENCY = t.agencies.insert().returning(t.agencies.c.id)  # built once: statements cost more than rows


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
        """Write the queue; returns (item, outcome, document id) per item. The in-memory index and
        agency-years are updated as it goes (reloaded by the caller if the transaction fails)."""
        done: list[tuple[Prepared, str, int | None]] = []
        docs: list[dict[str, Any]] = []
        stored: list[int] = []  # positions in `done` of the documents in `docs`
        names: list[dict[str, Any]] = []
        failure_rows: dict[str, dict[str, Any]] = {}
        cleared: list[str] = []

        def insert_docs() -> None:
            if not docs:
                return
            ids = conn.execute(t.documents.insert().returning(t.documents.c.id, sort_by_parameter_order=True),
                               docs).scalars().all()
            findings = []
            for pos, doc_id in zip(stored, ids, strict=True):
                item = done[pos][0]
                done[pos] = (item, done[pos][1], doc_id)
                findings += [{**f, "document_id": doc_id} for f in item.findings]
            if findings:
                conn.execute(t.findings.insert(), findings)
            docs.clear()
            stored.clear()

        for item in queue:
            if item.error is not None or item.document is None:
                code, zh, en = item.error or ("internal-error", "未知错误", "unknown error")
                if item.sha256 in failure_rows:  # the same bytes twice in the batch (e.g. empty files)
                    row = failure_rows[item.sha256]
                    row.update(source=item.source, code=code, reason_zh=zh, reason_en=en, attempts=row["attempts"] + 1)
                elif item.sha256 in self.failed:
                    conn.execute(t.failures.update().where(t.failures.c.sha256 == item.sha256).values(
                        source=item.source, code=code, reason_zh=zh, reason_en=en,
                        attempts=t.failures.c.attempts + 1, attempted_at=sa.func.current_timestamp()))
                else:
                    failure_rows[item.sha256] = {"sha256": item.sha256, "source": item.source, "code": code,
                                                 "reason_zh": zh, "reason_en": en, "attempts": 1}
                done.append((item, FAILED, None))
                continue
            agency_id = self._agency(conn, item.agency, item.text, names) if item.agency else None
            year = item.document.get("year")
            version, outcome = 1, NEW
            if agency_id is not None and year is not None and (agency_id, year) in self.agency_years:
                insert_docs()  # the earlier version may be queued in this batch
                where = sa.and_(t.documents.c.agency_id == agency_id, t.documents.c.year == year)
                last = conn.execute(sa.select(sa.func.max(t.documents.c.version)).where(where)).scalar()
                version, outcome = int(last or 0) + 1, VERSION
                conn.execute(t.documents.update().where(where).values(is_current=False))
            docs.append({**item.document, "agency_id": agency_id, "version": version, "is_current": True})
            stored.append(len(done))
            done.append((item, outcome, None))
            if item.sha256 in self.failed:
                cleared.append(item.sha256)
            if agency_id is not None and year is not None:
                self.agency_years.add((agency_id, year))
        if names:  # before the documents: a new agency's names are known when the next batch matches
            conn.execute(t.agency_names.insert(), names)
        insert_docs()
        if failure_rows:
            conn.execute(t.failures.insert(), list(failure_rows.values()))
        if cleared:
            conn.execute(t.failures.delete().where(t.failures.c.sha256.in_(cleared)))
        return done

    def _agency(self, conn: sa.Connection, name: str, text: str, names: list[dict[str, Any]]) -> int:
        agency_id = self.index.match(name, text)
        cleaned = clean_name(name)
        known = agency_id is not None
        if agency_id is None:
            agency_id = conn.execute(_INSERT_AGENCY, {"name": cleaned, "level": infer_level(cleaned),
                                                      "region": infer_region(cleaned)}).scalar_one()
        if cleaned not in self.index.names:
            names.append({"name": cleaned, "agency_id": agency_id})
            if known:
                promote_name(conn, agency_id, cleaned)
            self.index.add(agency_id, cleaned)
        return agency_id
