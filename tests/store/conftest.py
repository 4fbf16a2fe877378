"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL.

The PostgreSQL server is started once per session from the PostgreSQL 15 binaries
(``initdb``/``pg_ctl``) in a temporary folder, on a free port on 127.0.0.1, with its unix
socket in that folder, and stopped at the end. As root it runs as the ``postgres`` user.
If it cannot start, the PostgreSQL tests FAIL with the reason (CI has PostgreSQL).
Each test gets a clean, migrated database: on SQLite a copy of a file migrated once; on
PostgreSQL one migrated database emptied with TRUNCATE (creating a database per test costs
most of a second). Migration tests get really empty databases of their own.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cluster.services import PostgresServer, ServiceError, free_port, make_root
from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from bot.store.uow import SqlAlchemyUnitOfWork
from tests.support.users import add_users

BACKENDS = ("sqlite", "postgresql")
TEST_DATABASE = "plan_test"


@dataclass
class TestPostgresServer(PostgresServer):
    """The shared server (``bot.cluster.services``) with the store tests' database helpers."""

    __test__ = False  # not a test class, despite its name
    _counter = itertools.count(1)

    def empty_database(self) -> str:
        return self.create_database(f"test_empty_{next(self._counter)}")

    def clean_database(self) -> str:
        """The migrated test database with every table emptied and its ids reset."""
        self.execute(
            "DO $$ DECLARE tables text; BEGIN "
            "SELECT string_agg(quote_ident(tablename), ', ') INTO tables FROM pg_tables "
            "WHERE schemaname = 'public' AND tablename <> 'alembic_version'; "
            "EXECUTE 'TRUNCATE TABLE ' || tables || ' RESTART IDENTITY CASCADE'; END $$",
            database=TEST_DATABASE,
        )
        return self.url(TEST_DATABASE)


@pytest.fixture(scope="session")
def postgres_server():
    server = TestPostgresServer(root=make_root("samtaleguide-pg-"), port=free_port())
    try:
        try:
            server.start()
        except ServiceError as error:
            pytest.fail(f"{error} (the store tests need a real PostgreSQL 15)")
        server.execute(f"CREATE DATABASE {TEST_DATABASE}")
        upgrade(server.url(TEST_DATABASE))
        dispose_engines()
        yield server
    finally:
        dispose_engines()
        server.remove()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "plan.db"
    upgrade(f"sqlite:///{path}")
    dispose_engines()  # the last connection closing folds the WAL into the file
    return path


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, request, tmp_path) -> str:
    """A clean, migrated database on the backend under test."""
    if backend == "sqlite":
        path = tmp_path / "plan.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_server").clean_database()
    yield url
    dispose_engines()


@pytest.fixture
def plan_users(database_url) -> str:
    """The database with the users the plan service acts for (tests.support.users)."""
    add_users(database_url)
    return database_url


@pytest.fixture
def empty_database_url(backend, request, tmp_path) -> str:
    """A database with no tables yet, for the migration tests."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'nested' / 'folder' / 'plan.db'}"
    else:
        yield request.getfixturevalue("postgres_server").empty_database()
    dispose_engines()


@pytest.fixture
def uow_factory(database_url):
    return lambda: SqlAlchemyUnitOfWork(url=database_url)
