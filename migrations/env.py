"""Alembic environment for the plan store.

The URL, first match wins: ``alembic -x url=...``; ``config.attributes["url"]`` (set by
``bot.store.migrate``); ``sqlalchemy.url`` in the config; ``bot.settings`` (DATABASE_URL or
the default SQLite file). Online runs use the project's engine factory, so SQLite gets the
same folder creation, WAL mode and pragmas as the running assistant.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from bot.settings import get_settings
from bot.store.engine import get_engine, is_sqlite, normalise_url
from bot.store.tables import Base  # every table of every area

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def database_url() -> str:
    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.attributes.get("url")
        or config.get_main_option("sqlalchemy.url")
        or get_settings().database_url
    )
    return normalise_url(url)


def run_migrations_offline() -> None:
    url = database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=is_sqlite(url),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = database_url()
    with get_engine(url).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite(url),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
