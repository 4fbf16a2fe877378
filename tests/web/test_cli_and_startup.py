"""``python -m bot users ...`` and the web app's refusal to start unsafely."""

from __future__ import annotations

import dataclasses
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import get_settings
from bot.store.engine import dispose_engines
from bot.users.accounts import count_users, create_user, find_user
from bot.users.passwords import verify_password
from bot.users.sessions import session_user, start_session
from bot.web.server import StartupError, check_startup, resolve_secret, startup_message

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_cli(args: list[str], env: dict, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=PROJECT_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def env(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "SAMTALEGUIDE_DATA_DIR": str(tmp_path / "data"),
    }
    environment.pop("SAMTALEGUIDE_ENV", None)
    environment.pop("WEB_SECRET", None)
    yield environment
    dispose_engines()


def test_users_create_with_password_on_stdin_on_a_fresh_database(env):
    done = run_cli(
        ["users", "create", "--username", "Mette", "--role", "konsulent", "--team", "Nord", "--password-stdin"],
        env,
        "rigtig-hemmelig-42\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Brugeren »mette« er oprettet (konsulent, team Nord)."
    user = find_user("mette", url=env["DATABASE_URL"])
    assert user.role == "konsulent" and user.team == "Nord"
    assert user.password_hash.startswith("scrypt$") and verify_password("rigtig-hemmelig-42", user.password_hash)
    listed = run_cli(["users", "list"], env)
    assert "mette" in listed.stdout and "konsulent" in listed.stdout


def cli(args: list[str], env: dict, monkeypatch, stdin: str = "") -> int:
    """The same command in this process (quicker than a subprocess)."""
    from bot.__main__ import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        return main([*args, "--database-url", env["DATABASE_URL"]])
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1


def test_users_create_refuses_duplicates_short_passwords_and_unknown_roles(env, monkeypatch, capsys):
    create = ["users", "create", "--username", "emil", "--role", "elev", "--password-stdin"]
    assert cli(create, env, monkeypatch, "rigtig-hemmelig-42\n") == 0
    assert cli(create, env, monkeypatch, "rigtig-hemmelig-42\n") == 1
    assert "findes allerede" in capsys.readouterr().err
    short = ["users", "create", "--username", "ida", "--role", "elev", "--password-stdin"]
    assert cli(short, env, monkeypatch, "kort\n") == 1
    assert "mindst 10 tegn" in capsys.readouterr().err
    assert cli(["users", "create", "--username", "ida", "--role", "admin", "--password-stdin"], env, monkeypatch) == 2
    assert cli(["users", "create", "--username", "ida", "--role", "elev"], env, monkeypatch) == 1  # no terminal
    assert find_user("ida", url=env["DATABASE_URL"]) is None


def test_users_password_changes_it(env, monkeypatch, capsys):
    cli(
        ["users", "create", "--username", "sara", "--role", "supervisor", "--password-stdin"],
        env,
        monkeypatch,
        "rigtig-hemmelig-42\n",
    )
    token = start_session(find_user("sara", url=env["DATABASE_URL"]), url=env["DATABASE_URL"])
    assert (
        cli(["users", "password", "--username", "sara", "--password-stdin"], env, monkeypatch, "en-anden-kode-77\n")
        == 0
    )
    assert "logget ud" in capsys.readouterr().out
    sara = find_user("sara", url=env["DATABASE_URL"])
    assert verify_password("en-anden-kode-77", sara.password_hash)
    assert session_user(token, url=env["DATABASE_URL"]) is None  # the session from before is over
    assert (
        cli(["users", "password", "--username", "ukendt", "--password-stdin"], env, monkeypatch, "en-anden-kode-77\n")
        == 1
    )


def _settings(tmp_path, **changes):
    base = dataclasses.replace(
        get_settings(), data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'start.db'}"
    )
    return dataclasses.replace(base, **changes)


def test_production_refuses_to_start_without_a_secret_or_users(tmp_path):
    try:
        with pytest.raises(StartupError, match="WEB_SECRET mangler"):
            check_startup(_settings(tmp_path, environment="production", web_secret=""))
        with pytest.raises(StartupError, match="for kort"):
            check_startup(_settings(tmp_path, environment="production", web_secret="kort"))
        settings = _settings(tmp_path, environment="production", web_secret="p" * 40)
        with pytest.raises(StartupError, match="python -m bot db upgrade"):
            check_startup(settings)  # production never migrates by itself
        from bot.store.migrate import upgrade

        upgrade(settings.database_url)
        with pytest.raises(StartupError, match="ingen brugere"):
            check_startup(settings)
        create_user("mette", "konsulent", "rigtig-hemmelig-42", url=settings.database_url)
        assert check_startup(settings) == ("p" * 40, 1)
    finally:
        dispose_engines()


def test_development_keeps_a_private_random_secret_and_migrates(tmp_path):
    try:
        settings = _settings(tmp_path, environment="development", web_secret="")
        secret, users = check_startup(settings)
        path = settings.data_dir / "web-secret"
        assert len(secret) >= 32 and users == 0 and count_users(url=settings.database_url) == 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert resolve_secret(settings) == secret  # the same after a restart
        hint = startup_message(settings, "127.0.0.1", 8000, 0)
        assert "http://127.0.0.1:8000/" in hint and "-m bot users create --username NAVN --role konsulent" in hint
    finally:
        dispose_engines()


def test_the_web_command_exits_with_a_danish_reason_in_production(env):
    env = {**env, "SAMTALEGUIDE_ENV": "production"}
    done = run_cli(["web", "--port", "1"], env)
    assert done.returncode == 2 and "Webappen starter ikke: WEB_SECRET mangler" in done.stderr


def test_users_organisation_is_set_listed_and_cleared(env, monkeypatch, capsys):
    create = ["users", "create", "--username", "ulla", "--role", "konsulent", "--organisation", "a-kasse"]
    assert cli([*create, "--password-stdin"], env, monkeypatch, "rigtig-hemmelig-42\n") == 0
    assert "(konsulent, a-kasse)" in capsys.readouterr().out
    assert find_user("ulla", url=env["DATABASE_URL"]).organisation == "a-kasse"
    assert cli(["users", "organisation", "--username", "ulla", "--organisation", "jobcenter"], env, monkeypatch) == 0
    assert "hører nu til jobcenter" in capsys.readouterr().out
    assert cli(["users", "list"], env, monkeypatch) == 0
    assert "jobcenter" in capsys.readouterr().out
    assert cli(["users", "organisation", "--username", "ulla", "--organisation", "ingen"], env, monkeypatch) == 0
    assert "ingen organisation" in capsys.readouterr().out
    assert find_user("ulla", url=env["DATABASE_URL"]).organisation is None
    assert cli(["users", "organisation", "--username", "ukendt", "--organisation", "a-kasse"], env, monkeypatch) == 1
    assert "findes ikke" in capsys.readouterr().err
    assert cli(["users", "organisation", "--username", "ulla", "--organisation", "kommune"], env, monkeypatch) == 2


def test_check_organisation_refuses_what_is_not_a_side():
    from bot.users.accounts import UserError, check_organisation

    assert check_organisation(" A-kasse ") == "a-kasse" and check_organisation(None) is None
    with pytest.raises(UserError, match="Ukendt organisation"):
        check_organisation("a kasse")
