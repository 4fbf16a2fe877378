"""Action tests run against a fresh, migrated SQLite plan store of their own."""

from __future__ import annotations

import shutil

import pytest

from bot.settings import get_settings
from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from tests.support.users import add_users


@pytest.fixture(scope="session")
def migrated_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "template.db"
    upgrade(f"sqlite:///{path}")
    add_users(f"sqlite:///{path}")
    dispose_engines()
    return path


@pytest.fixture(autouse=True)
def plan_store(tmp_path, migrated_store, monkeypatch):
    path = tmp_path / "plan.db"
    shutil.copyfile(migrated_store, path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    yield f"sqlite:///{path}"
    dispose_engines()
    get_settings.cache_clear()
