"""A PostgreSQL schema reached through a `TcpProxy`, so a test can take the database away and give it back."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import func, pool, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import SessionFactory, create_engine, create_session_factory
from bot.services import Defaults, KnowledgeHolder, Services
from bot.services.outbox import Backoff, Outbox
from tests.bot.helpers import POSTGRES_URL, FakeClock, require_postgres
from tests.dbproxy import TcpProxy
from tests.migrated import MigratedDatabases

FAST = Backoff(initial=0.01, maximum=0.05)


@dataclass
class ProxiedDatabase:
    """An empty migrated schema whose engine goes through ``proxy``; ``admin`` reaches the server directly."""

    proxy: TcpProxy
    schema: str
    application_name: str
    engine: AsyncEngine
    sessions: SessionFactory
    admin: AsyncEngine

    async def kill_connections(self) -> int:
        """``pg_terminate_backend`` on this test's connections only (by their application name); how many."""
        async with self.admin.connect() as connection:
            killed = await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND application_name = :name"
                ),
                {"name": self.application_name},
            )
            return len(killed.all())

    async def count(self, column: object, *conditions: object) -> int:
        """Rows matching, read directly (not through the proxy)."""
        async with self.admin.connect() as connection:
            await connection.execute(text(f'SET search_path TO "{self.schema}"'))
            statement = select(func.count(column)).where(*conditions)  # type: ignore[arg-type]
            return int(await connection.scalar(statement) or 0)

    def another_engine(self) -> AsyncEngine:
        """A second process's engine on the same schema, not through the proxy."""
        return create_engine(POSTGRES_URL, schema=self.schema)


@asynccontextmanager
async def proxied_database(migrated: MigratedDatabases) -> AsyncIterator[ProxiedDatabase]:
    """The session's migrated schema (emptied for the test), reached through a proxy started for it."""
    await require_postgres(POSTGRES_URL)
    schema = await migrated.postgres_schema(POSTGRES_URL)
    name = f"outage_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, poolclass=pool.NullPool)
    proxy = TcpProxy.for_url(POSTGRES_URL)
    await proxy.start()
    settings = {"server_settings": {"application_name": name}}
    engine = create_engine(proxy.url_for(POSTGRES_URL), schema=schema, timeout=2.0, connect_args=settings)
    try:
        yield ProxiedDatabase(proxy, schema, name, engine, create_session_factory(engine), admin)
    finally:
        await proxy.stop()
        await engine.dispose()
        await admin.dispose()


def outage_services(
    holder: KnowledgeHolder, sessions: SessionFactory, clock: FakeClock, outbox: Outbox | None = None
) -> Services:
    """Services with their own outbox (fast backoff; its flusher not started: tests call `flush`)."""
    return Services.assemble(holder, sessions, Defaults(), clock=clock, outbox=outbox or Outbox(backoff=FAST))
