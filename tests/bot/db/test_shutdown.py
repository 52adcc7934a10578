"""Disposing of the engine at shutdown: background closes first, and none left for the loop to wait on forever."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.db.engine import create_engine
from bot.db.shutdown import dispose_after_closing_sessions


class AsyncSession:
    """Named as SQLAlchemy's: its `close` is what a cancelled task's session runs in the background."""

    def __init__(self, done: list[str]) -> None:
        self._done = done

    async def close(self) -> None:
        await asyncio.sleep(0.05)
        self._done.append("session closed")


class AsyncAdapt_stuck_connection:
    """A driver connection whose graceful close waits on a worker that is gone: its future is never resolved."""

    def __init__(self) -> None:
        self.never = asyncio.get_running_loop().create_future()

    async def _terminate_graceful_close(self) -> None:
        await self.never


class Engine:
    """Records when it is disposed of (all `dispose_after_closing_sessions` asks of an engine)."""

    def __init__(self, done: list[str]) -> None:
        self._done = done

    async def dispose(self) -> None:
        self._done.append("engine disposed")


async def test_sessions_still_closing_are_closed_before_the_engine_is_disposed() -> None:
    done: list[str] = []
    closing = asyncio.create_task(AsyncSession(done).close())
    await dispose_after_closing_sessions(Engine(done))  # type: ignore[arg-type]
    assert closing.done() and done == ["session closed", "engine disposed"]


async def test_a_close_waiting_on_a_gone_worker_is_ended(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    connection = AsyncAdapt_stuck_connection()
    stuck = asyncio.create_task(connection._terminate_graceful_close())
    with caplog.at_level(logging.WARNING, logger="bot.db.shutdown"):
        await asyncio.wait_for(dispose_after_closing_sessions(engine, wait=0.1), 5)
    assert stuck.cancelled() and connection.never.cancelled()
    assert "1 connection closes still waiting; ended" in caplog.text
