"""The plan store: SQLAlchemy models, repositories and the unit of work.

Importing this package creates nothing: engines are made on first use
(``bot.store.engine.get_engine``) and the schema comes from Alembic
(``bot.store.migrate.upgrade`` / ``python -m bot db upgrade``).
"""

from bot.store.engine import dispose_engines, get_engine, get_session_factory
from bot.store.uow import SqlAlchemyUnitOfWork

__all__ = ["SqlAlchemyUnitOfWork", "dispose_engines", "get_engine", "get_session_factory"]
