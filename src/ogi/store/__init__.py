"""The corpus store: many reports in SQLite or PostgreSQL (SQLAlchemy Core, Alembic migrations).

`ogi.open(db)` / `ogi.store.api.Corpus` is the API; `ogi ingest|status|export|stats` the commands."""
