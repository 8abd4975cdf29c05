"""The corpus store: agencies, their names, documents, findings, failures, store facts.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("level", sa.String(20)),
        sa.Column("level_source", sa.String(10), nullable=False, server_default="name"),
        sa.Column("parent_id", sa.Integer),
        sa.Column("region", sa.String(50)),
        sa.Column("code", sa.String(40)),
        sa.Column("expected", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("rollup", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.current_timestamp()),
        sa.PrimaryKeyConstraint("id", name="pk_agencies"),
        sa.UniqueConstraint("name", name="uq_agencies_name"),
        sa.ForeignKeyConstraint(["parent_id"], ["agencies.id"], name="fk_agencies_parent_id_agencies",
                                ondelete="SET NULL"),
    )
    op.create_table(
        "agency_names",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("agency_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_agency_names"),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name="fk_agency_names_agency_id_agencies",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_agency_names_agency_id", "agency_names", ["agency_id"])
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("agency_id", sa.Integer),
        sa.Column("agency_printed", sa.String(200)),
        sa.Column("year", sa.Integer),
        sa.Column("layout", sa.String(10)),
        sa.Column("cell_layout", sa.String(20), nullable=False),
        sa.Column("publish_date", sa.String(10)),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("is_current", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("ingested_at", sa.DateTime, nullable=False, server_default=sa.func.current_timestamp()),
        sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("warnings", sa.Integer, nullable=False, server_default="0"),
        sa.Column("infos", sa.Integer, nullable=False, server_default="0"),
        sa.Column("unchecked", sa.Integer, nullable=False, server_default="0"),
        sa.Column("numbers", sa.Text, nullable=False),
        sa.Column("provenance", sa.Text, nullable=False),
        sa.Column("sections", sa.Text, nullable=False),
        sa.Column("minhash", sa.LargeBinary),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("sha256", name="uq_documents_sha256"),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name="fk_documents_agency_id_agencies",
                                ondelete="SET NULL"),
    )
    op.create_index("ix_documents_agency_year", "documents", ["agency_id", "year"])
    op.create_index("ix_documents_year_current", "documents", ["year", "is_current"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("scope", sa.String(10), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_findings"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name="fk_findings_document_id_documents",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_document_id"], ["documents.id"],
                                name="fk_findings_other_document_id_documents", ondelete="CASCADE"),
    )
    op.create_index("ix_findings_document_id", "findings", ["document_id"])
    op.create_index("ix_findings_scope_code", "findings", ["scope", "code"])
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("reason_zh", sa.Text, nullable=False),
        sa.Column("reason_en", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.Column("attempted_at", sa.DateTime, nullable=False, server_default=sa.func.current_timestamp()),
        sa.PrimaryKeyConstraint("id", name="pk_failures"),
        sa.UniqueConstraint("sha256", name="uq_failures_sha256"),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_store_meta"),
    )


def downgrade() -> None:
    for table in ("store_meta", "failures", "findings", "documents", "agency_names", "agencies"):
        op.drop_table(table)
