"""Helpers shared by the application-layer tests."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import pool, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import SessionFactory, create_engine
from bot.db.urls import display_url
from bot.services import Defaults, KnowledgeHolder, Services

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
_postgres_problems: dict[str, str] = {}  # url -> why it is unusable ("" when usable), checked once per run


async def require_postgres(url: str) -> None:
    """Skip the test when PostgreSQL cannot be reached, or fail it when the ``CI`` variable is set."""
    if url not in _postgres_problems:
        engine = create_engine(url, poolclass=pool.NullPool, connect_args={"timeout": 3})
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            _postgres_problems[url] = ""
        except Exception as error:  # OSError, TimeoutError or asyncpg's own errors
            _postgres_problems[url] = f"PostgreSQL at {display_url(url)} unreachable: {error!r}"
        finally:
            await engine.dispose()
    if problem := _postgres_problems[url]:
        if os.environ.get("CI"):
            pytest.fail(f"{problem} (CI is set, so the PostgreSQL tests must run)")
        pytest.skip(problem)


@dataclass
class Database:
    """A migrated database for one test."""

    url: str
    schema: str | None
    engine: AsyncEngine
    sessions: SessionFactory

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def another_engine(self, **kwargs: Any) -> AsyncEngine:
        """A separate engine on the same database, like a second bot process."""
        return create_engine(self.url, schema=self.schema, **kwargs)


class FakeClock:
    """A clock for cooldown tests: starts at a fixed UTC time and moves only when told."""

    def __init__(self, start: dt.datetime = dt.datetime(2024, 5, 6, 12, 0, tzinfo=dt.UTC)) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def build_services(holder: KnowledgeHolder, sessions: SessionFactory, clock: FakeClock, defaults: Defaults) -> Services:
    return Services.assemble(holder, sessions, defaults, clock=clock)
