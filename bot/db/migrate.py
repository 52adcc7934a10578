"""Alembic, driven from the application: ``upgrade_database`` runs before the bot serves."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from bot.db.urls import display_url

log = logging.getLogger(__name__)

MIGRATION_LOCK_KEY = 0x6D69_7366_6F21
"""PostgreSQL advisory lock held while migrating, so processes starting together migrate one at a time."""

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration for our migrations, without an ini file (logging stays the application's)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    """The newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def upgrade_database(target: str | AsyncEngine, revision: str = "head") -> str | None:
    """Apply the migrations up to ``revision`` and return the database's revision afterwards.

    Args:
        target: A database URL (any form `create_engine` accepts) or an engine to use.
        revision: The revision to reach; the newest by default.
    """
    engine = create_engine(target) if isinstance(target, str) else target
    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # released at commit; the next process finds nothing to do
                await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            await connection.run_sync(_upgrade, revision)
            current = await connection.run_sync(_current_revision)
    finally:
        if isinstance(target, str):
            await engine.dispose()
    log.info("database %s is at revision %s", display_url(engine.url.render_as_string()), current)
    return current


async def downgrade_database(engine: AsyncEngine, revision: str) -> str | None:
    """Undo migrations down to ``revision`` (``base`` for none) and return the revision reached."""
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade, revision)
        return await connection.run_sync(_current_revision)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (None when never migrated)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current_revision)


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
