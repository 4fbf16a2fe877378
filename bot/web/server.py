"""Starts the web cockpit (``python -m bot web``; ``make run`` starts it beside Rasa).

Production (``SAMTALEGUIDE_ENV=production``) refuses to start without ``WEB_SECRET``
(at least 32 characters), with a database that is not migrated, or without any user.
Development keeps a random secret in ``<data dir>/web-secret`` so logins survive
restarts, migrates the database, and prints how to create the first user.
"""

from __future__ import annotations

import sys

from bot import keys
from bot.settings import Settings, get_settings

CREATE_USER_HINT = "python -m bot users create --username NAVN --role konsulent"


class StartupError(RuntimeError):
    """The web app must not start; the message says what to do (Danish)."""


def resolve_secret(settings: Settings) -> str:
    """The session-signing secret (``bot.keys``), or a StartupError saying what production lacks."""
    try:
        return keys.secret(keys.WEB, settings)
    except keys.MissingSecret as error:
        raise StartupError(str(error)) from error


def _at_head(url: str) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from bot.store.engine import get_engine
    from bot.store.migrate import alembic_config

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    with get_engine(url).connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads


def prepare_database(settings: Settings, migrate: bool | None = None) -> int:
    """Make sure the schema is current; return the number of users."""
    from bot.store.migrate import upgrade
    from bot.users.accounts import count_users

    url = settings.database_url
    if not _at_head(url):
        if migrate is False or (migrate is None and settings.production):
            raise StartupError("Databasen er ikke opdateret. Kør først: python -m bot db upgrade")
        upgrade(url)
    return count_users(url=url)


def check_startup(settings: Settings) -> tuple[str, int]:
    from bot.web.addresses import parse_proxies

    secret = resolve_secret(settings)
    try:
        parse_proxies(settings.trusted_proxies)
    except ValueError as error:
        raise StartupError(str(error)) from error
    users = prepare_database(settings)
    if settings.production and users == 0:
        raise StartupError(f"Der er ingen brugere. Opret den første med: {CREATE_USER_HINT}")
    return secret, users


def startup_message(settings: Settings, host: str, port: int, users: int) -> str:
    lines = ["", f"Samtaleguide web: http://{host}:{port}/"]
    if users == 0:
        lines += [
            "  Der er endnu ingen brugere. Opret den første (du bliver spurgt om en adgangskode):",
            f"    {sys.executable} -m bot users create --username NAVN --role konsulent",
            "  Roller: konsulent, elev, supervisor.",
        ]
    else:
        lines.append(f"  {users} bruger(e). Ny bruger: python -m bot users create --username NAVN --role elev")
    return "\n".join(lines) + "\n"


def run_web(host: str | None = None, port: int | None = None, quiet: bool = False) -> int:
    from bot.web.app import WebConfig, create_app

    settings = get_settings()
    host = host or settings.web_host
    port = port or settings.web_port
    try:
        secret, users = check_startup(settings)
    except StartupError as error:
        print(f"Webappen starter ikke: {error}", file=sys.stderr, flush=True)
        return 2
    app = create_app(WebConfig.from_settings(settings, secret), name="samtaleguide_web")

    if not quiet:

        @app.listener("after_server_start")
        async def _announce(_app, _loop):
            print(startup_message(settings, host, port, users), flush=True)

    app.run(host=host, port=port, workers=1, access_log=False, motd=False, debug=False)
    return 0
