"""One background task per object, started and stopped the same way everywhere.

The loops of the application (the outbox flusher, the late migration, feed polls, the retention sweep, the
change feed) each run one named task from `start` until `stop`, and each is an async context manager that does
both. `BackgroundTask` holds that once; a subclass writes only its `_run`, and extends `start` or `stop` when it
has more to do (a last flush, a drain).
"""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType
from typing import ClassVar, Self


async def cancel_and_wait(task: asyncio.Task[None] | None) -> None:
    """Cancel ``task`` (if any) and wait until it has finished."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


class BackgroundTask:
    """Runs `_run` as one named task from `start` until `stop`; ``async with`` does both."""

    task_name: ClassVar[str] = "background"
    _task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """Whether the task was started and has not finished."""
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start the task (once; a second call does nothing)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=self.task_name)

    async def stop(self) -> None:
        """Cancel the task and wait for it."""
        task, self._task = self._task, None
        await cancel_and_wait(task)

    async def __aenter__(self) -> Self:
        self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    async def _run(self) -> None:
        raise NotImplementedError
