"""Numbers as float64 BLOBs (NaN = blank) instead of JSON text; MinHash signatures as one-permutation
MinHash (recomputed from the stored narrative). Provenance stays JSON: rows written before this revision
keep the per-cell form, which `ogi.store.api` still reads.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01
"""

from __future__ import annotations

import json

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_CHUNK = 5000


def upgrade() -> None:
    from ogi.store.cellkeys import NUMBER_DTYPE
    from ogi.store.minhash import signature

    conn = op.get_bind()
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("numbers_bin", sa.LargeBinary))
    docs = sa.table("documents", sa.column("id", sa.Integer), sa.column("numbers", sa.Text),
                    sa.column("sections", sa.Text), sa.column("numbers_bin", sa.LargeBinary),
                    sa.column("minhash", sa.LargeBinary))
    last = 0
    while True:
        rows = conn.execute(sa.select(docs.c.id, docs.c.numbers, docs.c.sections).where(docs.c.id > last)
                            .order_by(docs.c.id).limit(_CHUNK)).all()
        if not rows:
            break
        updates = []
        for r in rows:
            values = np.array(json.loads(r.numbers), dtype=NUMBER_DTYPE)  # null -> NaN
            sections = json.loads(r.sections)
            updates.append({"b_id": r.id, "b_numbers": values.tobytes(),
                            "b_minhash": signature("\n".join(v for v in sections.values() if v))})
        conn.execute(docs.update().where(docs.c.id == sa.bindparam("b_id"))
                     .values(numbers_bin=sa.bindparam("b_numbers"), minhash=sa.bindparam("b_minhash")), updates)
        last = rows[-1].id
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("numbers")
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("numbers_bin", new_column_name="numbers", existing_type=sa.LargeBinary, nullable=False)


def downgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("numbers_text", sa.Text))
    docs = sa.table("documents", sa.column("id", sa.Integer), sa.column("numbers", sa.LargeBinary),
                    sa.column("numbers_text", sa.Text))
    rows = conn.execute(sa.select(docs.c.id, docs.c.numbers)).all()
    updates = [{"b_id": r.id, "b_text": json.dumps([None if np.isnan(v) else (int(v) if v == int(v) else float(v))
                                                    for v in np.frombuffer(r.numbers, dtype="<f8")],
                                                   separators=(",", ":"))} for r in rows]
    if updates:
        conn.execute(docs.update().where(docs.c.id == sa.bindparam("b_id"))
                     .values(numbers_text=sa.bindparam("b_text")), updates)
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("numbers")
    with op.batch_alter_table("documents") as batch:
        batch.alter_column("numbers_text", new_column_name="numbers", existing_type=sa.Text, nullable=False)
