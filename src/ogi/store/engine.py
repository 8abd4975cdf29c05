"""Database URLs, engines and migrations. A plain path is an SQLite file; `postgresql://…` uses psycopg 3."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from ogi.errors import OgiError

DEFAULT_DB = "ogi.db"


class StoreError(OgiError):
    """The database cannot be opened or migrated (bad URL, server down, newer schema)."""

    code = "store-error"


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL for `--db`: None -> $OGI_DB or ./ogi.db; a path -> SQLite; postgresql:// -> psycopg 3."""
    text = os.fspath(db) if db is not None else os.environ.get("OGI_DB", DEFAULT_DB)
    if "://" not in text:
        return "sqlite:///" + str(Path(text).expanduser().resolve())
    scheme, _, rest = text.partition("://")
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    return text


# A new SQLite file gets 64 KB pages, the largest (set before WAL fixes the size; an existing file keeps its
# own). A stored report is one row of 8 KB (the synthetic ones of the bench) to 30 KB (real narratives):
# with 16 KB pages most rows took a page of their own, half empty, and an ingest wrote twice the pages;
# with 64 KB pages the writer takes 40 % less time per report, and the export and the whole-corpus check
# of 100,000 reports are no slower. Few writes are small (an agency's level, a version flag).
SQLITE_PAGE_SIZE = 65536


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    try:
        engine = sa.create_engine(url, future=True)
    except (sa.exc.ArgumentError, ModuleNotFoundError) as exc:
        raise StoreError(f"数据库地址无法识别：{url}（{exc}）") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(connection: sa.Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "ogi.store:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from ogi.store import migrations

    script = ScriptDirectory(str(Path(migrations.__file__).parent))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(connection: sa.Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


@contextmanager
def migration_connection(engine: Engine) -> Iterator[sa.Connection]:
    """A connection in a transaction for Alembic. On SQLite the foreign keys are off meanwhile: a batch
    migration re-creates a table by copying it and dropping the old one, and a DROP TABLE with foreign keys
    on deletes the rows that point at it (ON DELETE CASCADE) — an upgrade to 0002 lost every finding so.
    They are checked before the commit."""
    where = engine.url.render_as_string(hide_password=True)
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # PRAGMA foreign_keys has no effect inside a transaction
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                yield conn
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreError(f"迁移后数据库外键不一致，已撤销迁移：{where}")
        finally:
            if sqlite:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (no-op when it is there already)."""
    head = head_revision()
    try:
        with engine.connect() as conn:
            if current_revision(conn) == head:
                return
        from alembic import command

        with migration_connection(engine) as conn:
            command.upgrade(_alembic_config(conn), "head")
    except sa.exc.OperationalError as exc:
        raise StoreError(f"无法打开数据库 {engine.url.render_as_string(hide_password=True)}：{exc.orig}") from exc
