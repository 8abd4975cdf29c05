"""The tables of the corpus store (SQLAlchemy Core). Alembic migrations in `migrations/` create them.

Numbers are stored once per document as a float64 vector (a BLOB, NaN = blank) aligned with the cell
keys of its layout (`cellkeys.py`), with the provenance (printed text, problem, origin; JSON columns)
beside it in the same order: one row per report keeps ingest cheap, and the export joins 100,000
vectors with `np.frombuffer` into Arrow columns in a second. A report's own findings are a JSON list
beside them (as `ogi check --format json` prints them); the findings of the rules across reports get a
row each in `corpus_findings`. The view `findings` (migration 0003) shows both as one table for SQL.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

# One record per body (机关/单位), whatever names it is printed under.
agencies = sa.Table(
    "agencies", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),  # the fullest known name
    sa.Column("level", sa.String(20)),  # ministry | province | city | county | department | township | street
    sa.Column("level_source", sa.String(10), nullable=False, server_default="name"),  # name | import | manual
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("agencies.id", ondelete="SET NULL")),
    sa.Column("region", sa.String(50)),  # province-level region, e.g. 陕西省
    sa.Column("code", sa.String(40)),  # an administrative or organisation code from the imported CSV
    sa.Column("expected", sa.Boolean, nullable=False, server_default=sa.false()),  # expected to report
    sa.Column("rollup", sa.Boolean, nullable=False, server_default=sa.false()),  # its report sums its units
    sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.current_timestamp()),
)

# Every name a body has been printed or imported under: 石门镇 / 石门镇人民政府 / 岚皋县石门镇人民政府.
agency_names = sa.Table(
    "agency_names", metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id", ondelete="CASCADE"), nullable=False,
              index=True),
)

# One stored report file (by content hash). Several versions of one agency-year may exist; the newest
# ingested is current.
documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),  # path as given, or archive.zip!member
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id", ondelete="SET NULL")),
    sa.Column("agency_printed", sa.String(200)),  # meta.agency as the report prints it
    sa.Column("year", sa.Integer),
    sa.Column("layout", sa.String(10)),
    sa.Column("cell_layout", sa.String(20), nullable=False),  # which key list `numbers` follows
    sa.Column("publish_date", sa.String(10)),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("is_current", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("ingested_at", sa.DateTime, nullable=False, server_default=sa.func.current_timestamp()),
    sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
    sa.Column("warnings", sa.Integer, nullable=False, server_default="0"),
    sa.Column("infos", sa.Integer, nullable=False, server_default="0"),
    sa.Column("unchecked", sa.Integer, nullable=False, server_default="0"),
    sa.Column("numbers", sa.LargeBinary, nullable=False),  # float64 little-endian, one per cell key (NaN = blank)
    sa.Column("provenance", sa.Text, nullable=False),  # JSON object of columns: raw, problem, origin fields
    sa.Column("sections", sa.Text, nullable=False),  # JSON object: the six parts' text
    sa.Column("minhash", sa.LargeBinary),  # MinHash signature of the narrative (uint32 × n), M21/M22
    # JSON list of the report's own findings (Finding.to_dict()): one value per report, not a row per finding
    # in a table of its own, because three rows and their index entries cost more than the rest of the report.
    sa.Column("findings", sa.Text, nullable=False, server_default="[]"),
    sa.Index("ix_documents_agency_year", "agency_id", "year"),
    sa.Index("ix_documents_year_current", "year", "is_current"),
)

# Findings of the rules across reports (M6, M7, M8, M21, M22, roll-up), replaced at each `Corpus.check`.
corpus_findings = sa.Table(
    "corpus_findings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("rule", sa.String(10), nullable=False),
    sa.Column("code", sa.String(60), nullable=False, index=True),
    sa.Column("severity", sa.String(10), nullable=False),
    sa.Column("checked", sa.Boolean, nullable=False),
    sa.Column("part", sa.String(4)),
    sa.Column("message_zh", sa.Text, nullable=False),
    sa.Column("message_en", sa.Text, nullable=False),
    sa.Column("expected", sa.Text),
    sa.Column("actual", sa.Text),
    sa.Column("detail", sa.Text, nullable=False),  # JSON: the cells with their origins, the origin, the source
    sa.Column("other_document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE")),
)

# Files that could not be stored, with the reason; retried on the next ingest.
failures = sa.Table(
    "failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("code", sa.String(60), nullable=False),
    sa.Column("reason_zh", sa.Text, nullable=False),
    sa.Column("reason_en", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
    sa.Column("attempted_at", sa.DateTime, nullable=False, server_default=sa.func.current_timestamp()),
)

# Key/value facts about the store itself: the cell key lists the `numbers` vectors follow.
store_meta = sa.Table(
    "store_meta", metadata,
    sa.Column("key", sa.String(60), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
