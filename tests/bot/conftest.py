"""Fixtures for the application layer: a migrated, empty database per test (SQLite and PostgreSQL).

``db`` runs each test twice: on SQLite and on PostgreSQL. The migrations run once per session (``migrated``,
tests/migrated.py): each test gets a copy of the migrated SQLite file in ``tmp_path``, or the session's migrated
PostgreSQL schema (``search_path``), emptied before the test. Tests marked ``migrations`` get a database migrated
for them alone instead: a new SQLite file, or a fresh PostgreSQL schema dropped afterwards. Without a reachable
PostgreSQL the postgres variants skip, unless ``CI`` is set, where they fail.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import pool, text

from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade_database
from bot.services import Defaults, KnowledgeHolder, Services
from bot.services.knowledge import KnowledgeSnapshot
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge
from tests.bot.helpers import POSTGRES_URL, Database, FakeClock, build_services, require_postgres
from tests.migrated import MigratedDatabases


@asynccontextmanager
async def _sqlite_database(tmp_path: Path, migrated: MigratedDatabases | None) -> AsyncIterator[Database]:
    """A SQLite file: a copy of the session's migrated one, or migrated here when ``migrated`` is None."""
    path = tmp_path / "bot.sqlite3"
    url = f"sqlite:///{path}"
    if migrated is not None:
        await migrated.copy_sqlite(path)
    engine = create_engine(url)
    try:
        if migrated is None:
            await upgrade_database(engine)
        yield Database(url, None, engine, create_session_factory(engine))
    finally:
        await engine.dispose()


@asynccontextmanager
async def _shared_postgres_database(migrated: MigratedDatabases) -> AsyncIterator[Database]:
    """The session's migrated schema, emptied for this test."""
    await require_postgres(POSTGRES_URL)
    schema = await migrated.postgres_schema(POSTGRES_URL)
    engine = create_engine(POSTGRES_URL, schema=schema)
    try:
        yield Database(POSTGRES_URL, schema, engine, create_session_factory(engine))
    finally:
        await engine.dispose()


@asynccontextmanager
async def _fresh_postgres_database() -> AsyncIterator[Database]:
    """A new schema migrated for this test alone, dropped afterwards."""
    await require_postgres(POSTGRES_URL)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL, poolclass=pool.NullPool)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(POSTGRES_URL, schema=schema)
    try:
        await upgrade_database(engine)
        yield Database(POSTGRES_URL, schema, engine, create_session_factory(engine))
    finally:
        await engine.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db(request: pytest.FixtureRequest, tmp_path: Path, migrated: MigratedDatabases) -> AsyncIterator[Database]:
    """An empty migrated database: SQLite in tmp_path, then PostgreSQL (see the module docs)."""
    fresh = request.node.get_closest_marker("migrations") is not None
    if request.param == "sqlite":
        factory = _sqlite_database(tmp_path, None if fresh else migrated)
    else:
        factory = _fresh_postgres_database() if fresh else _shared_postgres_database(migrated)
    async with factory as database:
        yield database


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    """The packaged incidents."""
    result = load_knowledge()
    assert not result.errors, result.errors
    return result.knowledge


@pytest.fixture(scope="session")
def knowledge_snapshot(knowledge: KnowledgeBase) -> KnowledgeSnapshot:
    """The packaged incidents with their matcher, built once."""
    return KnowledgeHolder.of(knowledge).current


@pytest.fixture
def holder(knowledge_snapshot: KnowledgeSnapshot) -> KnowledgeHolder:
    """A holder of the packaged incidents for one test.

    One per test, on the session's snapshot: the services a test builds subscribe to their holder, so a holder
    shared by the session kept every test's services (engines, pools, caches) alive until the end.
    """
    return KnowledgeHolder(knowledge_snapshot)


@pytest.fixture
def services(holder: KnowledgeHolder, db: Database, clock: FakeClock) -> Services:
    return build_services(holder, db.sessions, clock, Defaults())
