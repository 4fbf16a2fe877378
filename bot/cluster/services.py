"""Real PostgreSQL and Redis servers in a folder of their own, on free ports on 127.0.0.1.

Used by the scale-out topology (``bot.cluster.topology``) and by the tests (the store tests'
PostgreSQL fixture builds on ``PostgresServer``). PostgreSQL comes from the PostgreSQL 15
binaries (``initdb``/``pg_ctl`` on PATH, in /usr/local/bin or /usr/lib/postgresql/15/bin)
and, when we are root, runs as the ``postgres`` user (``runuser``), since PostgreSQL refuses
to run as root. Redis is Debian's ``redis-server`` (``make redis`` installs it when missing).
Nothing here is a production setup: authentication is ``trust`` and both listen on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.processes import free_port  # noqa: F401 - re-exported for the topology

PG_BIN_DIRS = ("/usr/local/bin", "/usr/lib/postgresql/15/bin")
REDIS_BIN_DIRS = ("/usr/bin", "/usr/local/bin")
START_TIMEOUT_S = 60


class ServiceError(RuntimeError):
    """A local server could not be found, started or stopped; the message says why."""


def _binary(name: str, dirs: tuple[str, ...], hint: str) -> str:
    found = shutil.which(name) or next((str(Path(d) / name) for d in dirs if (Path(d) / name).is_file()), None)
    if not found:
        raise ServiceError(f"{name!r} not found on PATH or in {dirs}; {hint}")
    return found


def pg_binary(name: str) -> str:
    return _binary(name, PG_BIN_DIRS, "PostgreSQL 15's server binaries are needed.")


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def make_root(prefix: str, parent: Path | None = None) -> Path:
    """A fresh folder PostgreSQL can own (chowned to ``postgres`` when we are root)."""
    root = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    return root


@dataclass
class PostgresServer:
    """One PostgreSQL cluster in ``root/data``, its unix socket and log in ``root``.

    ``durable=False`` (the store tests) turns fsync and synchronous commit off for speed;
    ``durable=True`` (the topology and its fault scenarios) keeps PostgreSQL's defaults, so
    an acknowledged commit survives a crash of the server process.
    """

    root: Path
    port: int
    durable: bool = False

    @classmethod
    def create(cls, parent: Path | None = None, durable: bool = False) -> PostgresServer:
        return cls(root=make_root("samtaleguide-pg-", parent), port=free_port(), durable=durable)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> list[tuple]:
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def create_database(self, name: str) -> str:
        self.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def run(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(_as_postgres(list(command)), capture_output=True, text=True, timeout=120)

    def _log_tail(self) -> str:
        return self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""

    def start(self) -> None:
        """initdb (first time only), then start and wait until it accepts connections."""
        if not (self.data_dir / "PG_VERSION").exists():
            initdb = self.run(
                pg_binary("initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
            )
            if initdb.returncode != 0:
                raise ServiceError(
                    f"initdb failed (exit {initdb.returncode}): {initdb.stderr.strip() or initdb.stdout.strip()}"
                )
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        started = self.run(
            pg_binary("pg_ctl"),
            "-D",
            str(self.data_dir),
            "-o",
            options,
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            str(START_TIMEOUT_S),
            "start",
        )
        if started.returncode != 0:
            raise ServiceError(
                f"PostgreSQL did not start (exit {started.returncode}): {started.stderr.strip()}\n{self._log_tail()}"
            )

    def stop(self, mode: str = "immediate") -> None:
        """``mode``: ``fast`` (clean shutdown) or ``immediate`` (like a crash; recovery on start)."""
        if (self.data_dir / "postmaster.pid").exists():
            self.run(pg_binary("pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class RedisServer:
    """``redis-server`` in the foreground as our child, without persistence (locks are short-lived)."""

    root: Path
    port: int
    process: subprocess.Popen | None = field(default=None, repr=False)

    @classmethod
    def create(cls, parent: Path | None = None) -> RedisServer:
        return cls(root=Path(tempfile.mkdtemp(prefix="samtaleguide-redis-", dir=parent)), port=free_port())

    @property
    def log_file(self) -> Path:
        return self.root / "redis.log"

    def start(self) -> None:
        binary = _binary("redis-server", REDIS_BIN_DIRS, "install it with `make redis` (apt-get install redis-server).")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.root),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--logfile",
                str(self.log_file),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
                raise ServiceError(f"redis-server stopped while starting (exit {self.process.returncode}):\n{tail}")
            if self.ping():
                return
            time.sleep(0.1)
        self.stop()
        raise ServiceError(f"redis-server did not answer PING on port {self.port} within {START_TIMEOUT_S} s")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
