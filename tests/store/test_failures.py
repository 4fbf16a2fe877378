"""Database failures are named, retried when transient, and reach the consultant in Danish (issue 7, faults)."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import OperationalError

import bot.plan.service as plan_service
from bot.cluster.faults import fill_disk
from bot.plan.errors import PlanError
from bot.plan.service import PlanService
from bot.store import failures
from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from bot.store.uow import SqlAlchemyUnitOfWork
from tests.support.users import add_users

START = datetime(2025, 11, 19, 9, 0, tzinfo=UTC)


class _PgError(Exception):
    def __init__(self, message: str, pgcode: str | None) -> None:
        super().__init__(message)
        self.pgcode = pgcode


def _operational(message: str, pgcode: str | None = None) -> OperationalError:
    return OperationalError("INSERT ...", {}, _PgError(message, pgcode))


@pytest.mark.parametrize(
    "message, pgcode, kind",
    [
        ("attempt to write a readonly database", None, failures.READ_ONLY),
        ("cannot execute INSERT in a read-only transaction", "25006", failures.READ_ONLY),
        ("unable to open database file", None, failures.CANNOT_OPEN),
        ("database or disk is full", None, failures.DISK),
        ("disk I/O error", None, failures.DISK),
        ("could not extend file: No space left on device", "53100", failures.DISK),
        ('connection to server at "127.0.0.1", port 5432 failed: Connection refused', None, failures.UNREACHABLE),
        ("FATAL:  the database system is starting up", "57P03", failures.UNREACHABLE),
        ("FATAL:  the database system is not yet accepting connections", None, failures.UNREACHABLE),
        ("terminating connection due to administrator command", "57P01", failures.UNREACHABLE),
        ("server closed the connection unexpectedly", None, failures.UNREACHABLE),
        ("Can't reconnect until invalid transaction is rolled back.", None, failures.UNREACHABLE),
        ("duplicate key value violates unique constraint", "23505", failures.OTHER),
    ],
)
def test_failures_are_classified(message, pgcode, kind):
    assert failures.failure_kind(_operational(message, pgcode)) == kind
    assert failures.is_transient(kind) == (kind == failures.UNREACHABLE)


def _started_store(tmp_path) -> tuple[str, str]:
    """A migrated SQLite file with one started conversation; its read-write and read-only URLs."""
    path = tmp_path / "plan.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    add_users(url)
    PlanService(lambda: SqlAlchemyUnitOfWork(url=url)).start_conversation(
        "s1", "kons-7", "B-12", "jobsøgning", 45, START
    )
    dispose_engines()  # the last connection folds the WAL into the file
    return url, f"sqlite:///file:{path}?mode=ro&uri=true"


def test_a_read_only_sqlite_file_gives_a_clear_danish_error_and_writes_nothing(tmp_path, caplog):
    url, read_only = _started_store(tmp_path)
    service = PlanService(lambda: SqlAlchemyUnitOfWork(url=read_only))
    with caplog.at_level(logging.ERROR, logger="bot.plan.service"), pytest.raises(PlanError) as raised:
        service.record_scaling("s1", "tro 6")
    assert raised.value.message == (
        "Det kunne ikke gemmes, fordi databasen er skrivebeskyttet – intet er ændret. "
        "Sig det til den, der driver Samtaleguide."
    )
    assert "plan store write failed: database is read-only" in caplog.text
    assert PlanService(lambda: SqlAlchemyUnitOfWork(url=url)).show_plan("B-12", "kons-7").scaling == ()
    dispose_engines()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions; the mode=ro test covers root")
def test_a_file_without_write_permission_gives_the_same_error(tmp_path):
    url, _ = _started_store(tmp_path)
    (tmp_path / "plan.db").chmod(0o444)
    with pytest.raises(PlanError, match="skrivebeskyttet"):
        PlanService(lambda: SqlAlchemyUnitOfWork(url=url)).record_scaling("s1", "tro 6")
    dispose_engines()


def test_a_full_disk_gives_a_clear_danish_error(tmp_path, monkeypatch):
    url, _ = _started_store(tmp_path)

    def full(self):
        raise _operational("database or disk is full")

    monkeypatch.setattr(SqlAlchemyUnitOfWork, "flush", full)
    with pytest.raises(PlanError, match="disken med databasen er fuld .* – intet er ændret"):
        PlanService(lambda: SqlAlchemyUnitOfWork(url=url)).record_scaling("s1", "tro 6")
    dispose_engines()


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a small tmpfs needs root")
def test_a_really_full_disk_gives_the_error_and_the_store_works_again_once_there_is_room(tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(small)], check=True)
    try:
        url, _ = _started_store(tmp_path)
        shutil.copyfile(tmp_path / "plan.db", small / "plan.db")
        service = PlanService(lambda: SqlAlchemyUnitOfWork(url=f"sqlite:///{small / 'plan.db'}"))
        filler = fill_disk(small)
        with pytest.raises(PlanError, match="disken med databasen er fuld"):
            service.record_scaling("s1", "tro 6")
        filler.unlink()
        assert [r.value for r in service.record_scaling("s1", "tro 6")] == [6]
    finally:
        dispose_engines()
        subprocess.run(["umount", "-l", str(small)], check=False)


def test_an_unreachable_database_is_retried_until_it_answers(tmp_path, monkeypatch, caplog):
    url, _ = _started_store(tmp_path)
    monkeypatch.setattr(plan_service.time, "sleep", lambda _s: None)
    calls = []

    def flaky() -> SqlAlchemyUnitOfWork:
        calls.append(1)
        if len(calls) <= 3:  # PostgreSQL restarting: the first connections are refused
            raise _operational("could not connect to server: Connection refused")
        return SqlAlchemyUnitOfWork(url=url)

    with caplog.at_level(logging.WARNING, logger="bot.plan.service"):
        readings = PlanService(flaky).record_scaling("s1", "tro 6")
    assert [r.value for r in readings] == [6] and len(calls) == 4
    assert caplog.text.count("database unreachable") == 3
    dispose_engines()


def test_an_unreachable_database_gives_up_after_the_window_with_a_danish_message(monkeypatch):
    monkeypatch.setattr(plan_service, "RECONNECT_WINDOW_S", 0.0)

    def down() -> SqlAlchemyUnitOfWork:
        raise _operational("could not connect to server: Connection refused")

    with pytest.raises(PlanError, match="fordi databasen ikke svarer – intet er ændret. Prøv igen om lidt."):
        PlanService(down).show_plan("B-12", "kons-7")


def test_an_sqlite_uri_filename_makes_no_folder_named_file_colon(tmp_path, monkeypatch):
    from bot.store.engine import get_engine

    monkeypatch.chdir(tmp_path)
    url, read_only = _started_store(tmp_path / "store")
    get_engine(read_only)
    assert not (tmp_path / "file:").exists()
    dispose_engines()


def test_a_transaction_left_broken_by_a_lost_connection_is_retried(tmp_path, monkeypatch):
    from sqlalchemy.exc import PendingRollbackError

    url, _ = _started_store(tmp_path)
    monkeypatch.setattr(plan_service.time, "sleep", lambda _s: None)
    calls = []

    def broken_once() -> SqlAlchemyUnitOfWork:
        calls.append(1)
        if len(calls) == 1:
            raise PendingRollbackError("Can't reconnect until invalid transaction is rolled back.")
        return SqlAlchemyUnitOfWork(url=url)

    assert [r.value for r in PlanService(broken_once).record_scaling("s1", "tro 6")] == [6]
    dispose_engines()
