"""Alembic environment: run with a connection passed in by `ogi.store.engine.migrate`."""

from __future__ import annotations

from alembic import context

from ogi.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - `alembic` command line without ogi: use ogi.store instead
    raise RuntimeError("run migrations through ogi.store.engine.migrate(engine)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
