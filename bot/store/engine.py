"""Engines and session factories, one per database URL, created on first use only.

SQLite (the embedded default) gets WAL mode, foreign keys, a busy timeout and
``BEGIN IMMEDIATE`` transactions: every unit of work takes the write lock when it starts,
so concurrent writers queue up (within the busy timeout) instead of failing half-way.
PostgreSQL gets ``pool_pre_ping`` so a restarted server does not break the first request.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool, StaticPool

from bot.keys import private_dir
from bot.settings import get_settings

SQLITE_BUSY_TIMEOUT_S = 30


def normalise_url(url: str) -> str:
    """Accept the common ``postgres://`` spelling for PostgreSQL."""
    return "postgresql://" + url[len("postgres://") :] if url.startswith("postgres://") else url


def default_url() -> str:
    return get_settings().database_url


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _is_memory(url: str) -> bool:
    database = make_url(url).database
    return not database or database == ":memory:" or database.startswith("file::memory:")


def _private_database_file(path: Path, read_only: bool) -> None:
    """The database file exists with mode 0600 before SQLite opens it (its -wal and -shm files
    take the same mode); a missing folder is created 0700. Plans, logs and password hashes
    live in this file, so no other user of the machine may read it."""
    if not path.parent.exists():
        private_dir(path.parent)
    if read_only:
        return
    if not path.exists():
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    elif path.stat().st_uid == os.getuid() and stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(0o600)


def _sqlite_engine(url: str) -> Engine:
    if _is_memory(url):
        engine = create_engine(url, future=True, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        database = make_url(url).database
        if database.startswith("file:"):  # an SQLite URI filename (`?uri=true`), e.g. file:/path/plan.db?mode=ro
            database = database[len("file:") :]
        _private_database_file(Path(database).expanduser().resolve(), read_only="mode=ro" in url)
        # SQLAlchemy 1.4 opens a new connection (and runs the pragmas below) for every session
        # of a file database unless told to pool; with a pool, a guide message through REST
        # went from p50 65 ms to 39 ms (scripted conversation, one client, this 2-core machine).
        # Each connection is used by one thread at a time.
        engine = create_engine(
            url,
            future=True,
            poolclass=QueuePool,
            pool_size=5,
            max_overflow=10,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
        )
    wal = not _is_memory(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - exercised via every test
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


_created: list[Engine] = []


@cache
def _engine_for(url: str) -> Engine:
    engine = _sqlite_engine(url) if is_sqlite(url) else create_engine(url, future=True, pool_pre_ping=True)
    _created.append(engine)
    return engine


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: settings), created once per URL."""
    return _engine_for(normalise_url(url or default_url()))


@cache
def _session_factory_for(url: str) -> sessionmaker:
    return sessionmaker(bind=_engine_for(url), future=True, expire_on_commit=False, class_=Session)


def get_session_factory(url: str | None = None) -> sessionmaker:
    return _session_factory_for(normalise_url(url or default_url()))


def dispose_engines() -> None:
    """Close every pooled connection and forget the cached engines (tests, shutdown)."""
    while _created:
        _created.pop().dispose()
    _session_factory_for.cache_clear()
    _engine_for.cache_clear()
