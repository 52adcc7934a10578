"""Fixtures for the application layer: a real, migrated database per test (SQLite and PostgreSQL).

``db`` runs each test twice: on a SQLite file in ``tmp_path`` and in a fresh PostgreSQL schema
(``search_path``) on ``TEST_POSTGRES_URL``, dropped afterwards. Without a reachable PostgreSQL the
postgres variants skip, unless ``CI`` is set, where they fail.
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
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge
from tests.bot.helpers import POSTGRES_URL, Database, FakeClock, build_services, require_postgres


@asynccontextmanager
async def _sqlite_database(tmp_path: Path) -> AsyncIterator[Database]:
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    engine = create_engine(url)
    await upgrade_database(engine)
    try:
        yield Database(url, None, engine, create_session_factory(engine))
    finally:
        await engine.dispose()


@asynccontextmanager
async def _postgres_database() -> AsyncIterator[Database]:
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
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A freshly migrated database: SQLite in tmp_path, then a fresh PostgreSQL schema."""
    factory = _sqlite_database(tmp_path) if request.param == "sqlite" else _postgres_database()
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
def holder(knowledge: KnowledgeBase) -> KnowledgeHolder:
    return KnowledgeHolder.of(knowledge)


@pytest.fixture
def services(holder: KnowledgeHolder, db: Database, clock: FakeClock) -> Services:
    return build_services(holder, db.sessions, clock, Defaults())
