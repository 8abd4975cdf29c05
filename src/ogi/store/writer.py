"""Storing prepared reports: one transaction per file, agencies matched by name, versions per agency-year."""

from __future__ import annotations

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


class Writer:
    """Writes prepared reports into the store. Keeps the hashes, names and agency-years it knows in
    memory; its caches change only after a transaction commits, so a failed file leaves them right."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with engine.connect() as conn:
            self.known: set[str] = set(conn.execute(sa.select(t.documents.c.sha256)).scalars())
            self.failed: set[str] = set(conn.execute(sa.select(t.failures.c.sha256)).scalars())
            self.index = load_index(conn)
            self.agency_years: set[tuple[int, int]] = {
                (a, y) for a, y in conn.execute(
                    sa.select(t.documents.c.agency_id, t.documents.c.year).distinct()
                    .where(t.documents.c.agency_id.is_not(None), t.documents.c.year.is_not(None)))}

    def write(self, item: Prepared, summary: IngestSummary) -> str:
        summary.read += 1
        if item.present or item.sha256 in self.known:
            summary.present += 1
            return PRESENT
        if item.error is not None or item.document is None:
            code, zh, en = item.error or ("internal-error", "未知错误", "unknown error")
            self._record_failure(item, code, zh, en)
            summary.failed.append((item.source, zh, en))
            return FAILED
        try:
            outcome, doc_id = self._store(item)
        except sa.exc.IntegrityError:  # stored meanwhile by another ingest of the same file
            self.known.add(item.sha256)
            summary.present += 1
            return PRESENT
        if outcome == VERSION:
            summary.versions += 1
        else:
            summary.new += 1
        summary.document_ids.append(doc_id)
        if item.document.get("year") is not None:
            summary.years.add(int(item.document["year"]))
        return outcome

    def write_all(self, items: Iterable[Prepared]) -> IngestSummary:
        summary = IngestSummary()
        for item in items:
            self.write(item, summary)
        return summary

    # --- internals ------------------------------------------------------------------------------------
    def _record_failure(self, item: Prepared, code: str, zh: str, en: str) -> None:
        with self.engine.begin() as conn:
            if item.sha256 in self.failed:
                conn.execute(t.failures.update().where(t.failures.c.sha256 == item.sha256).values(
                    source=item.source, code=code, reason_zh=zh, reason_en=en,
                    attempts=t.failures.c.attempts + 1, attempted_at=sa.func.current_timestamp()))
            else:
                conn.execute(t.failures.insert().values(sha256=item.sha256, source=item.source, code=code,
                                                        reason_zh=zh, reason_en=en))
        self.failed.add(item.sha256)

    def _agency(self, conn: sa.Connection, name: str, text: str, added: list[tuple[int, str]]) -> int:
        agency_id = self.index.match(name, text)
        cleaned = clean_name(name)
        if agency_id is None:
            agency_id = conn.execute(t.agencies.insert().values(
                name=cleaned, level=infer_level(cleaned), region=infer_region(cleaned))
                .returning(t.agencies.c.id)).scalar_one()
        if cleaned not in self.index.names:
            conn.execute(t.agency_names.insert().values(name=cleaned, agency_id=agency_id))
            added.append((agency_id, cleaned))
            promote_name(conn, agency_id, cleaned)
        return agency_id

    def _store(self, item: Prepared) -> tuple[str, int]:
        assert item.document is not None
        doc = dict(item.document)
        added: list[tuple[int, str]] = []
        outcome = NEW
        with self.engine.begin() as conn:
            agency_id = self._agency(conn, item.agency, item.text, added) if item.agency else None
            year = doc.get("year")
            version = 1
            if agency_id is not None and year is not None and (agency_id, year) in self.agency_years:
                where = sa.and_(t.documents.c.agency_id == agency_id, t.documents.c.year == year)
                last = conn.execute(sa.select(sa.func.max(t.documents.c.version)).where(where)).scalar()
                version = int(last or 0) + 1
                conn.execute(t.documents.update().where(where).values(is_current=False))
                outcome = VERSION
            doc_id = conn.execute(t.documents.insert().values(
                **doc, agency_id=agency_id, version=version, is_current=True)
                .returning(t.documents.c.id)).scalar_one()
            if item.findings:
                conn.execute(t.findings.insert(), [{**f, "document_id": doc_id} for f in item.findings])
            if item.sha256 in self.failed:
                conn.execute(t.failures.delete().where(t.failures.c.sha256 == item.sha256))
        # committed: now the caches
        self.known.add(item.sha256)
        self.failed.discard(item.sha256)
        for agency, name in added:
            self.index.add(agency, name)
        if agency_id is not None and year is not None:
            self.agency_years.add((agency_id, year))
        return outcome, doc_id
