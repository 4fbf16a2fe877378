"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL.

The PostgreSQL server is started once per session from the PostgreSQL 15 binaries
(``initdb``/``pg_ctl``) in a temporary folder, on a free port on 127.0.0.1, with its unix
socket in that folder, and stopped at the end. As root it runs as the ``postgres`` user.
If it cannot start, the PostgreSQL tests FAIL with the reason (CI has PostgreSQL).
Each test gets its own database, copied from a migrated template.
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
TEMPLATE = "plan_template"
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

    def execute(self, sql: str) -> None:
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
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

    def migrated_database(self) -> str:
        name = f"test_{next(self._counter)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

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
        server.execute(f"CREATE DATABASE {TEMPLATE}")
        upgrade(server.url(TEMPLATE))
        dispose_engines()  # CREATE DATABASE ... TEMPLATE needs the template to have no sessions
        yield server
    finally:
        dispose_engines()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, request, tmp_path) -> str:
    """A fresh, migrated database on the backend under test."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'plan.db'}"
        upgrade(url)
    else:
        url = request.getfixturevalue("postgres_server").migrated_database()
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
