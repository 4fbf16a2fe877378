"""Plan service fixtures: a migrated SQLite file per test and a clock that only moves when told."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.plan.service import PlanService
from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from bot.store.uow import SqlAlchemyUnitOfWork
from tests.support.users import add_users

START = datetime(2025, 11, 19, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in Denmark


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """Migrated once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("template") / "plan.db"
    upgrade(f"sqlite:///{path}")
    add_users(f"sqlite:///{path}")
    dispose_engines()  # the last connection closing folds the WAL into the file
    return path


@pytest.fixture
def plan_db(tmp_path, sqlite_template) -> str:
    path = tmp_path / "plan.db"
    shutil.copyfile(sqlite_template, path)
    yield f"sqlite:///{path}"
    dispose_engines()


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def uow_factory(plan_db):
    return lambda: SqlAlchemyUnitOfWork(url=plan_db)


@pytest.fixture
def service(uow_factory, clock) -> PlanService:
    return PlanService(uow_factory, clock=clock)
