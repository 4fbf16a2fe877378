"""Fixtures for the Rasa server's plug-ins: the store's SQLite/PostgreSQL databases."""

from tests.store.conftest import backend, database_url, postgres_server, sqlite_template  # noqa: F401
