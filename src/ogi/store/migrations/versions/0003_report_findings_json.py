"""A report's own findings become a JSON list on its document (`documents.findings`, as
`Finding.to_dict()` gives them): three rows per report and their index entries cost an ingest more than
the rest of the report. The findings of the rules across reports move to `corpus_findings`; the view
`findings` shows both as the one table it replaces (read-only), for those who query the store in SQL.
A later batch migration that re-creates `documents` on SQLite must drop the view first and create it
again after (SQLite checks the views when the new table is renamed into place).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_CHUNK = 5000  # documents per round of updates


def _findings_columns() -> list[sa.Column[Any]]:
    """The columns the two tables share (the old `findings` adds `scope` after document_id)."""
    return [
        sa.Column("rule", sa.String(10), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("checked", sa.Boolean, nullable=False),
        sa.Column("part", sa.String(4)),
        sa.Column("message_zh", sa.Text, nullable=False),
        sa.Column("message_en", sa.Text, nullable=False),
        sa.Column("expected", sa.Text),
        sa.Column("actual", sa.Text),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("other_document_id", sa.Integer),
    ]


_COLUMNS = tuple(c.name for c in _findings_columns())


def _create_findings_table(name: str, scope: bool) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, nullable=False),
        *([sa.Column("scope", sa.String(10), nullable=False)] if scope else []),
        *_findings_columns(),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=f"fk_{name}_document_id_documents",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_document_id"], ["documents.id"],
                                name=f"fk_{name}_other_document_id_documents", ondelete="CASCADE"),
    )
    op.create_index(f"ix_{name}_document_id", name, ["document_id"])
    if scope:
        op.create_index("ix_findings_scope_code", name, ["scope", "code"])
    else:
        op.create_index(f"ix_{name}_code", name, ["code"])


def _table(name: str, *extra: str) -> sa.TableClause:
    return sa.table(name, sa.column("id", sa.Integer), sa.column("document_id", sa.Integer),
                    *(sa.column(c) for c in (*extra, *_COLUMNS)))


_DOCS = sa.table("documents", sa.column("id", sa.Integer), sa.column("findings", sa.Text))


def _as_dict(r: Any) -> dict[str, Any]:
    """A stored finding row -> `Finding.to_dict()`."""
    detail = json.loads(r.detail)
    return {"rule": r.rule, "code": r.code, "severity": r.severity, "checked": bool(r.checked), "part": r.part,
            "message": {"zh": r.message_zh, "en": r.message_en}, "expected": r.expected, "actual": r.actual,
            "cells": detail.get("cells", []), "origin": detail.get("origin"), "source": detail.get("source")}


def _create_view(conn: sa.Connection) -> None:
    if conn.dialect.name == "postgresql":
        rows = "documents d CROSS JOIN LATERAL jsonb_array_elements(d.findings::jsonb) AS j(value)"

        def field(*path: str) -> str:
            return f"j.value #>> '{{{','.join(path)}}}'"

        checked = "(j.value ->> 'checked')::boolean"
    else:
        rows = "documents d, json_each(d.findings) AS j"

        def field(*path: str) -> str:
            return f"json_extract(j.value, '$.{'.'.join(path)}')"

        checked = field("checked")
    own = ", ".join([f"{field(k)} AS {k}" for k in ("rule", "code", "severity")] + [f"{checked} AS checked"]
                    + [f"{field('part')} AS part", f"{field('message', 'zh')} AS message_zh",
                       f"{field('message', 'en')} AS message_en", f"{field('expected')} AS expected",
                       f"{field('actual')} AS actual"])
    op.execute(f"CREATE VIEW findings AS SELECT d.id AS document_id, 'report' AS scope, {own}, "
               f"NULL AS other_document_id FROM {rows} "
               "UNION ALL SELECT document_id, 'corpus' AS scope, rule, code, severity, checked, part, message_zh, "
               "message_en, expected, actual, other_document_id FROM corpus_findings")


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("findings", sa.Text, nullable=False, server_default="[]"))
    _create_findings_table("corpus_findings", scope=False)
    old, new = _table("findings", "scope"), _table("corpus_findings")
    conn.execute(new.insert().from_select(["document_id", *_COLUMNS],
                                          sa.select(old.c.document_id, *(old.c[c] for c in _COLUMNS))
                                          .where(old.c.scope == "corpus").order_by(old.c.id)))
    last = 0
    while True:  # the report findings, a chunk of documents at a time
        ids = conn.execute(sa.select(sa.distinct(old.c.document_id)).where(old.c.scope == "report",
                                                                           old.c.document_id > last)
                           .order_by(old.c.document_id).limit(_CHUNK)).scalars().all()
        if not ids:
            break
        lists: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for r in conn.execute(sa.select(old).where(old.c.scope == "report", old.c.document_id.between(ids[0], ids[-1]))
                              .order_by(old.c.document_id, old.c.id)):
            lists[r.document_id].append(_as_dict(r))
        conn.execute(_DOCS.update().where(_DOCS.c.id == sa.bindparam("b_id")).values(findings=sa.bindparam("b_json")),
                     [{"b_id": i, "b_json": json.dumps(v, ensure_ascii=False, separators=(",", ":"))}
                      for i, v in lists.items()])
        last = ids[-1]
    op.drop_table("findings")
    _create_view(conn)


def downgrade() -> None:
    conn = op.get_bind()
    op.execute("DROP VIEW findings")
    _create_findings_table("findings", scope=True)
    old, new = _table("findings", "scope"), _table("corpus_findings")
    rows: list[dict[str, Any]] = []
    for doc_id, text in conn.execute(sa.select(_DOCS.c.id, _DOCS.c.findings).order_by(_DOCS.c.id)):
        for f in json.loads(text):
            detail = {"cells": f.get("cells", []), "origin": f.get("origin"), "source": f.get("source")}
            rows.append({"document_id": doc_id, "scope": "report", "rule": f["rule"], "code": f["code"],
                         "severity": f["severity"], "checked": f["checked"], "part": f["part"],
                         "message_zh": f["message"]["zh"], "message_en": f["message"]["en"],
                         "expected": f["expected"], "actual": f["actual"],
                         "detail": json.dumps(detail, ensure_ascii=False, separators=(",", ":")),
                         "other_document_id": None})
    if rows:
        conn.execute(old.insert(), rows)
    conn.execute(old.insert().from_select(["document_id", "scope", *_COLUMNS],
                                          sa.select(new.c.document_id, sa.literal("corpus"),
                                                    *(new.c[c] for c in _COLUMNS)).order_by(new.c.id)))
    op.drop_table("corpus_findings")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("findings")
