"""Alembic migrations and the engine factory."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from bot.settings import PROJECT_ROOT, get_settings
from bot.store.engine import dispose_engines, get_engine, get_session_factory, normalise_url
from bot.store.migrate import alembic_config, downgrade, upgrade
from bot.store.tables import Base  # every table of every area

TABLES = {"citizen", "conversation", "contract", "agreement", "scaling_reading", "job_plan_entry", "note"}


def _tables(url: str) -> set[str]:
    return set(inspect(get_engine(url)).get_table_names()) - {"alembic_version"}


def _known_to_the_models(obj, name, type_, reflected, compare_to) -> bool:
    """Compare the plan store's tables; tables of other features' later migrations are theirs."""
    return not (type_ == "table" and reflected and compare_to is None and name not in Base.metadata.tables)


def test_upgrade_creates_everything_and_matches_the_models(empty_database_url):
    assert _tables(empty_database_url) == set()
    upgrade(empty_database_url)
    assert TABLES <= _tables(empty_database_url)
    with get_engine(empty_database_url).connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _known_to_the_models}
        )
        assert compare_metadata(context, Base.metadata) == []
        head = ScriptDirectory.from_config(alembic_config(empty_database_url)).get_current_head()
        assert context.get_current_revision() == head


def test_downgrade_to_base_and_upgrade_again(empty_database_url):
    upgrade(empty_database_url)
    downgrade(empty_database_url, "base")
    assert _tables(empty_database_url) == set()
    upgrade(empty_database_url)
    assert TABLES <= _tables(empty_database_url)


def test_the_plan_store_revision_alone(empty_database_url):
    upgrade(empty_database_url, "0001_plan_store")
    assert _tables(empty_database_url) == TABLES
    downgrade(empty_database_url, "base")
    assert _tables(empty_database_url) == set()


def test_upgrade_twice_is_harmless(empty_database_url):
    upgrade(empty_database_url)
    upgrade(empty_database_url)
    assert TABLES <= _tables(empty_database_url)


def test_cli_upgrade_with_url(empty_database_url):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade", "--url", empty_database_url],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Databasen er opdateret" in done.stdout
    assert TABLES <= _tables(empty_database_url)


def test_alembic_command_line_with_x_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-x", f"url={url}", "upgrade", "head"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert TABLES <= _tables(url)


def test_default_url_comes_from_settings(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SAMTALEGUIDE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        assert get_settings().database_url == f"sqlite:///{tmp_path / 'data' / 'samtaleguide.db'}"
        upgrade()
        assert (tmp_path / "data" / "samtaleguide.db").is_file()
        monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
        get_settings.cache_clear()
        assert normalise_url(get_settings().database_url) == "postgresql://u@h/db"
    finally:
        get_settings.cache_clear()
        dispose_engines()


# --- engine factory -----------------------------------------------------------------------------------------
def test_sqlite_engine_creates_the_folder_and_sets_wal_foreign_keys_and_busy_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'a' / 'b' / 'plan.db'}"
    engine = get_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
    assert (tmp_path / "a" / "b").is_dir()
    dispose_engines()


def test_engines_are_cached_per_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    assert get_engine(url) is get_engine(url)
    assert get_session_factory(url) is get_session_factory(url)
    assert get_engine(url) is not get_engine(f"sqlite:///{tmp_path / 'other.db'}")
    dispose_engines()


def test_postgresql_engine_pings_before_use():
    engine = get_engine("postgresql+psycopg2://u@127.0.0.1:1/none")  # no connection is made here
    assert engine.pool._pre_ping is True
    dispose_engines()


def test_in_memory_sqlite_works_for_quick_experiments():
    url = "sqlite://"
    with get_engine(url).begin() as connection:
        Base.metadata.create_all(connection)  # tests only: production uses Alembic
        assert "citizen" in inspect(connection).get_table_names()
    dispose_engines()


def test_importing_creates_nothing(tmp_path):
    env = {**os.environ, "SAMTALEGUIDE_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    code = "import bot.store, bot.store.migrate, bot.plan.service, bot.plan.export, bot.__main__"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "data").exists()


def test_production_code_never_calls_create_all():
    sources = [p for folder in ("bot", "migrations") for p in (PROJECT_ROOT / folder).rglob("*.py")]
    assert not [p for p in sources if "create_all(" in p.read_text(encoding="utf-8")]


def test_wal_file_appears_while_in_use(tmp_path):
    path = tmp_path / "plan.db"
    upgrade(f"sqlite:///{path}")
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    dispose_engines()


@pytest.mark.parametrize("url", ["postgres://u@h/db", "postgresql://u@h/db", "sqlite:///x.db"])
def test_normalise_url(url):
    assert normalise_url(url).startswith(("postgresql://", "sqlite:///"))


def test_0004_gives_existing_citizens_the_team_of_whoever_met_them_first(empty_database_url):
    upgrade(empty_database_url, "0003_review")
    with get_engine(empty_database_url).begin() as connection:
        run = connection.exec_driver_sql
        now = "2026-12-01 09:00:00"
        run(
            "INSERT INTO web_user (id, username, role, team, password_hash, active, created_at) VALUES "
            f"(1, 'mette', 'konsulent', 'Nord', 'x', true, '{now}'), (2, 'sune', 'konsulent', 'Syd', 'x', true, '{now}')"
        )
        run(
            "INSERT INTO citizen (id, ref, ref_key, created_at) VALUES "
            f"(1, 'B-1', 'b-1', '{now}'), (2, 'B-2', 'b-2', '{now}'), (3, 'B-3', 'b-3', '{now}')"
        )
        run(
            "INSERT INTO conversation (id, external_id, consultant_id, citizen_id, started_at, number_in_course)"
            " VALUES (1, 'mette:a:1', 'Mette', 1, '2026-12-01 09:00:00', 1),"
            " (2, 'sune:b:2', 'sune', 1, '2026-12-02 09:00:00', 2),"
            " (3, 'sune:c:3', 'sune', 2, '2026-12-03 09:00:00', 1)"
        )
    upgrade(empty_database_url)
    with get_engine(empty_database_url).connect() as connection:
        teams = dict(connection.exec_driver_sql("SELECT ref, team FROM citizen ORDER BY id").fetchall())
    assert teams == {"B-1": "Nord", "B-2": "Syd", "B-3": ""}  # B-1: Mette came first; B-3: nobody met


@pytest.mark.parametrize(("action", "allowed"), [("plan_read", True), ("login_failed", True), ("hack", False)])
def test_0004_audit_actions_are_checked(empty_database_url, action, allowed):
    upgrade(empty_database_url)
    insert = f"INSERT INTO review_audit (at, username, action) VALUES ('2026-12-07 09:00:00', 'sara', '{action}')"
    if allowed:
        with get_engine(empty_database_url).begin() as connection:
            connection.exec_driver_sql(insert)
    else:
        with pytest.raises(IntegrityError), get_engine(empty_database_url).begin() as connection:
            connection.exec_driver_sql(insert)
