"""BackgroundTask: one named task from start to stop, as a context manager too."""

from __future__ import annotations

import asyncio

from bot.background import BackgroundTask, cancel_and_wait


class Ticker(BackgroundTask):
    task_name = "ticker"

    def __init__(self) -> None:
        self.ticks = 0
        self.ticked = asyncio.Event()
        self.cancelled = False

    async def _run(self) -> None:
        try:
            while True:
                self.ticks += 1
                self.ticked.set()
                await asyncio.sleep(0)
        except asyncio.CancelledError:
            self.cancelled = True
            raise


async def test_runs_one_named_task_until_stopped() -> None:
    ticker = Ticker()
    async with ticker:
        ticker.start()  # a second start is ignored
        names = [task.get_name() for task in asyncio.all_tasks()]
        assert names.count("ticker") == 1
        await ticker.ticked.wait()
        assert ticker.running
    assert ticker.cancelled
    assert not ticker.running
    assert "ticker" not in [task.get_name() for task in asyncio.all_tasks()]


async def test_stop_without_start_and_twice_is_harmless() -> None:
    ticker = Ticker()
    await ticker.stop()
    ticker.start()
    await ticker.ticked.wait()
    await ticker.stop()
    await ticker.stop()
    assert ticker.cancelled


async def test_cancel_and_wait_accepts_a_finished_task_and_none() -> None:
    async def done() -> None:
        return None

    task = asyncio.create_task(done())
    await task
    await cancel_and_wait(task)
    await cancel_and_wait(None)
    assert task.done() and not task.cancelled()
