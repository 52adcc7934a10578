"""``INSERT ... ON CONFLICT`` for the database in use (PostgreSQL and SQLite spell it the same way)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert(session: AsyncSession, table: Any) -> postgresql.Insert | sqlite.Insert:
    """An insert into ``table`` (a model or a Table) supporting ``on_conflict_do_*`` on the session's database."""
    return insert_for(session.get_bind().dialect.name, table)


def insert_for(dialect: str, table: Any) -> postgresql.Insert | sqlite.Insert:
    """An insert into ``table`` supporting ``on_conflict_do_*`` on a database by its dialect's name."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"no upsert for database {dialect!r}")
