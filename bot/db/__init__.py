"""Storage: SQLAlchemy 2 async models, engine, repositories and Alembic migrations."""

from bot.db.engine import SessionFactory, create_engine, create_session_factory
from bot.db.migrate import upgrade_database
from bot.db.urls import DatabaseUrlError, to_async_url

__all__ = [
    "DatabaseUrlError",
    "SessionFactory",
    "create_engine",
    "create_session_factory",
    "to_async_url",
    "upgrade_database",
]
