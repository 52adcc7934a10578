"""The engine's pool: what each transaction costs on SQLite, and that a returned connection is still reset."""

from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine, create_session_factory
from tests.bot.helpers import POSTGRES_URL


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'engine.sqlite3'}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield engine
    await engine.dispose()


@pytest.fixture
def rollbacks(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The rollbacks aiosqlite is asked for (each a trip to its thread)."""
    calls: list[object] = []
    rollback = aiosqlite.Connection.rollback

    async def counted(self: aiosqlite.Connection) -> None:
        calls.append(self)
        await rollback(self)

    monkeypatch.setattr(aiosqlite.Connection, "rollback", counted)
    return calls


def test_connections_are_pinged_before_use_on_postgresql_only(tmp_path: Path) -> None:
    """A server may close a pooled connection; nothing closes a SQLite one."""
    assert create_engine(POSTGRES_URL).pool._pre_ping  # type: ignore[attr-defined]
    assert not create_engine(f"sqlite:///{tmp_path / 'a.sqlite3'}").pool._pre_ping  # type: ignore[attr-defined]


async def test_a_committed_transaction_returns_its_connection_without_a_rollback(
    sqlite: AsyncEngine, rollbacks: list[object]
) -> None:
    async with create_session_factory(sqlite)() as session:
        await session.execute(text("INSERT INTO notes (body) VALUES ('kept')"))
        await session.commit()
    assert rollbacks == []
    async with sqlite.connect() as connection:
        assert await connection.scalar(text("SELECT body FROM notes")) == "kept"


async def test_an_open_transaction_is_rolled_back_when_its_connection_returns(
    sqlite: AsyncEngine, rollbacks: list[object]
) -> None:
    """A write never committed is undone, and the returned connection holds no lock on the file."""
    async with create_session_factory(sqlite)() as session:
        await session.execute(text("INSERT INTO notes (body) VALUES ('dropped')"))
    assert len(rollbacks) == 1
    other = create_engine(sqlite.url.render_as_string(hide_password=False))
    try:
        async with other.begin() as writer:
            await writer.execute(text("INSERT INTO notes (body) VALUES ('other')"))
            assert await writer.scalar(text("SELECT group_concat(body) FROM notes")) == "other"
    finally:
        await other.dispose()


async def test_a_write_begun_outside_sqlalchemys_bookkeeping_is_rolled_back_on_return(
    sqlite: AsyncEngine, rollbacks: list[object]
) -> None:
    """The pool's reset still rolls back what the driver began on its own (a raw cursor's write)."""

    def raw_write(connection: Connection) -> None:
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("INSERT INTO notes (body) VALUES ('raw')")
        cursor.close()

    async with sqlite.connect() as connection:
        await connection.run_sync(raw_write)
    assert len(rollbacks) == 1
    async with sqlite.connect() as reader:
        assert await reader.scalar(text("SELECT count(*) FROM notes")) == 0
