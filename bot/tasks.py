"""Tasks in flight: what a front end is handling right now, to let it finish (bounded) when stopping."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator


class InFlight:
    """The tasks inside a `track` block; `wait` lets them finish, `cancel` gives up the late ones."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[object]] = set()

    @contextlib.contextmanager
    def track(self) -> Iterator[None]:
        """Count the current task as in flight until the block ends."""
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            yield
        finally:
            self._tasks.discard(task)  # type: ignore[arg-type]

    def pending(self) -> set[asyncio.Task[object]]:
        """The tasks in flight, the caller's own excepted (it cannot wait for itself)."""
        return self._tasks - {asyncio.current_task()}  # type: ignore[operator]

    @staticmethod
    async def wait(tasks: set[asyncio.Task[object]], seconds: float) -> set[asyncio.Task[object]]:
        """Let the tasks finish, at most ``seconds``; returns those still running."""
        if not tasks:
            return set()
        _, late = await asyncio.wait(tasks, timeout=seconds)
        return late

    @staticmethod
    async def cancel(tasks: set[asyncio.Task[object]], seconds: float) -> None:
        """Cancel the tasks and give them ``seconds`` to clean up (say, release what they reserved)."""
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=seconds)
