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
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from bot.store.uow import SqlAlchemyUnitOfWork

BACKENDS = ("sqlite", "postgresql")
TEST_DATABASE = "plan_test"
PG_BIN_DIRS = ("/usr/local/bin", "/usr/lib/postgresql/15/bin")


def _pg_binary(name: str) -> str:
    found = shutil.which(name) or next(
        (str(Path(d) / name) for d in PG_BIN_DIRS if (Path(d) / name).is_file()), None
    )
    if not found:
        pytest.fail(f"PostgreSQL binary {name!r} not found on PATH or in {PG_BIN_DIRS}; the store tests need it.")
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresServer:
    root: Path
    port: int
    _counter = itertools.count(1)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def empty_database(self) -> str:
        name = f"test_empty_{next(self._counter)}"
        self.execute(f"CREATE DATABASE {name}")
        return self.url(name)

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

    def run(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(_as_postgres(list(command)), capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        initdb = self.run(
            _pg_binary("initdb"), "-D", str(self.data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"
        )
        if initdb.returncode != 0:
            pytest.fail(f"initdb failed (exit {initdb.returncode}): {initdb.stderr.strip() or initdb.stdout.strip()}")
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        started = self.run(
            _pg_binary("pg_ctl"), "-D", str(self.data_dir), "-o", options, "-l", str(self.root / "server.log"), "-w", "-t", "60", "start"
        )
        if started.returncode != 0:
            log = (self.root / "server.log").read_text(errors="replace")[-2000:] if (self.root / "server.log").exists() else ""
            pytest.fail(f"PostgreSQL did not start (exit {started.returncode}): {started.stderr.strip()}\n{log}")

    def stop(self) -> None:
        self.run(_pg_binary("pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")


@pytest.fixture(scope="session")
def postgres_server():
    root = Path(tempfile.mkdtemp(prefix="samtaleguide-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    server = PostgresServer(root=root, port=_free_port())
    try:
        server.start()
        server.execute(f"CREATE DATABASE {TEST_DATABASE}")
        upgrade(server.url(TEST_DATABASE))
        dispose_engines()
        yield server
    finally:
        dispose_engines()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


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
