"""Migrated databases made once per test session, so that tests do not each pay for the migrations.

`MigratedDatabases` (the session fixture ``migrated`` in tests/conftest.py) runs the real migrations once per
backend and hands out the result: a copy of the migrated SQLite file, or the one migrated PostgreSQL schema,
emptied (every row deleted, every sequence restarted) before each test that gets it. The migration tests
themselves still migrate a fresh database each (``pytest.mark.migrations``, tests/bot/conftest.py).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import uuid
import warnings
from pathlib import Path

import asyncpg
from sqlalchemy import pool, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from bot.db.migrate import upgrade_database
from bot.db.models import Base

LOCK_TIMEOUT = "10s"
"""How long emptying the shared schema waits for a lock (a connection a test left in a transaction)."""


class MigratedDatabases:
    """The session's migrated SQLite file and PostgreSQL schema, each made on first use."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._sqlite: Path | None = None
        self._schema: str | None = None
        self._emptying = ""
        self._schemas: list[tuple[str, str]] = []  # (url, schema) to drop at the end

    async def copy_sqlite(self, target: Path) -> None:
        """Put a copy of a migrated SQLite database at ``target``."""
        if self._sqlite is None:
            self._sqlite = await self._migrate_sqlite()
        shutil.copyfile(self._sqlite, target)

    async def postgres_schema(self, url: str) -> str:
        """The name of the session's migrated schema on ``url``, with no rows and every sequence at its start.

        A schema that cannot be emptied (a lock held by a connection some test left open) is abandoned, with a
        warning, for a new one.
        """
        if self._schema is not None:
            try:
                await _run_script(url, self._schema, self._emptying)
                return self._schema
            except (DBAPIError, asyncpg.PostgresError, OSError) as error:
                warnings.warn(f"schema {self._schema} not emptied ({error}); migrating a new one", stacklevel=2)
                self._schema = None
        self._schema, self._emptying = await self._migrate_postgres(url)
        return self._schema

    def drop_schemas(self) -> None:
        """Drop the PostgreSQL schemas made (at the end of the session, outside its event loops)."""
        if not self._schemas:
            return
        thread = threading.Thread(target=asyncio.run, args=(self._drop_all(),), name="drop-test-schemas")
        thread.start()
        thread.join()

    async def _migrate_sqlite(self) -> Path:
        partial = self._directory / f"{uuid.uuid4().hex}.sqlite3"
        engine = create_engine(f"sqlite:///{partial}", poolclass=pool.NullPool)
        try:
            await upgrade_database(engine)
        finally:
            await engine.dispose()
        migrated = self._directory / "migrated.sqlite3"
        os.replace(partial, migrated)  # whole, even should two tests of one loop migrate at once
        return migrated

    async def _migrate_postgres(self, url: str) -> tuple[str, str]:
        schema = f"test_shared_{uuid.uuid4().hex[:12]}"
        await _administer(url, f'CREATE SCHEMA "{schema}"')
        self._schemas.append((url, schema))
        engine = create_engine(url, schema=schema, poolclass=pool.NullPool)
        try:
            await upgrade_database(engine)
            return schema, await _emptying_script(engine)
        finally:
            await engine.dispose()

    async def _drop_all(self) -> None:
        for url, schema in self._schemas:
            await _administer(url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


async def _administer(url: str, statement: str) -> None:
    """Run one statement outside any schema, on a connection of its own."""
    admin = create_engine(url, poolclass=pool.NullPool)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await admin.dispose()


async def _emptying_script(engine: AsyncEngine) -> str:
    """One transaction deleting every row (children first) and restarting every sequence of the schema.

    The same as ``TRUNCATE ... RESTART IDENTITY`` of every table but Alembic's, several times faster on tables
    this small.
    """
    async with engine.connect() as connection:
        query = text("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
        found = await connection.execute(query)
        sequences = sorted(found.scalars())
    deletes = [f'DELETE FROM "{table.name}"' for table in reversed(Base.metadata.sorted_tables)]
    restarts = [f'ALTER SEQUENCE "{name}" RESTART' for name in sequences]
    return ";\n".join(["BEGIN", f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'", *deletes, *restarts, "COMMIT"])


async def _run_script(url: str, schema: str, script: str) -> None:
    """Run statements in one round trip (asyncpg's simple query protocol) on a connection of their own."""
    engine = create_engine(url, schema=schema, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            await raw.driver_connection.execute(script)  # type: ignore[union-attr]
    finally:
        await engine.dispose()
