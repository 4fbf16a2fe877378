"""Run the Alembic migrations from Python (``python -m bot db upgrade`` calls this)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from bot.settings import PROJECT_ROOT
from bot.store.engine import default_url, normalise_url

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"
MIGRATIONS = PROJECT_ROOT / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """The project's Alembic config, pointed at ``url`` (default: settings.database_url).

    The URL travels in ``config.attributes`` rather than the ini options, so passwords
    with ``%`` need no escaping.
    """
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = normalise_url(url or default_url())
    config.attributes["configure_logging"] = False  # leave the caller's logging alone
    return config


def upgrade(url: str | None = None, revision: str = "head") -> str:
    config = alembic_config(url)
    command.upgrade(config, revision)
    return config.attributes["url"]


def downgrade(url: str | None = None, revision: str = "base") -> str:
    config = alembic_config(url)
    command.downgrade(config, revision)
    return config.attributes["url"]
