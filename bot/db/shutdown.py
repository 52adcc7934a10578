"""Disposing of the engine at shutdown without leaving a task the event loop's last cancellation waits on forever.

SQLAlchemy closes what a cancelled task held in shielded tasks of its own: the session (`AsyncSession.close`) and,
for a connection it invalidated mid-query, the driver connection (``..._terminate_graceful_close``). Disposing of
the engine first can leave such a task waiting on a connection whose worker thread is gone: seen with aiosqlite, about
one start-and-stop in forty, and then ``asyncio.run`` (or a test's event loop) never finished closing, although the
task had been cancelled. So the engine is disposed once those tasks are done, and a close still waiting after that
is ended by cancelling what it waits on.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

SESSION_CLOSE_WAIT = 5.0
"""How long disposing of the engine waits for sessions and connections still closing in the background."""


async def dispose_after_closing_sessions(engine: AsyncEngine, *, wait: float = SESSION_CLOSE_WAIT) -> None:
    """Dispose of the engine once the sessions and connections closing in the background are closed (at most
    `wait` seconds), then end any close still waiting.
    """  # noqa: D205
    closing = _closing_tasks()
    if closing:
        await asyncio.wait(closing, timeout=wait)
    await engine.dispose()
    await asyncio.sleep(0)  # a close the disposal started takes its first step
    stuck = _closing_tasks()
    if stuck:
        log.warning("database shutdown: %d connection closes still waiting; ended", len(stuck))
        for task in stuck:
            _end(task)
        await asyncio.wait(stuck, timeout=wait)


def _closing_tasks() -> list[asyncio.Task[Any]]:
    return [task for task in asyncio.all_tasks() if not task.done() and _closes(task)]


def _closes(task: asyncio.Task[Any]) -> bool:
    name = getattr(task.get_coro(), "__qualname__", "")
    return name == "AsyncSession.close" or name.endswith("._terminate_graceful_close")


def _end(task: asyncio.Task[Any]) -> None:
    """Cancel the task by what it waits on: cancelling the task itself did not end such a close (its wait was not
    cancelled); cancelling the future it waits on wakes it with the cancellation.
    """  # noqa: D205
    waiter = getattr(task, "_fut_waiter", None)
    if isinstance(waiter, asyncio.Future) and not waiter.done():
        waiter.cancel()
    else:
        task.cancel()
