"""`InFlight`: the tasks a front end is handling, waited for and then cancelled when it stops."""

from __future__ import annotations

import asyncio

from bot.tasks import InFlight


async def test_wait_lets_quick_tasks_finish_and_returns_the_late_ones() -> None:
    in_flight = InFlight()
    release = asyncio.Event()
    cleaned: list[str] = []

    async def handle(name: str, *, slow: bool) -> None:
        with in_flight.track():
            try:
                if slow:
                    await asyncio.sleep(60)
                await release.wait()
            except asyncio.CancelledError:
                cleaned.append(name)
                raise

    quick = asyncio.create_task(handle("quick", slow=False))
    slow = asyncio.create_task(handle("slow", slow=True))
    await asyncio.sleep(0)
    assert in_flight.pending() == {quick, slow}
    release.set()
    late = await in_flight.wait(in_flight.pending(), 1.0)
    assert late == {slow}
    assert quick.done() and not quick.cancelled()
    await in_flight.cancel(late, 1.0)
    assert slow.cancelled() and cleaned == ["slow"]
    assert in_flight.pending() == set()


async def test_the_caller_is_not_among_the_tasks_it_waits_for() -> None:
    in_flight = InFlight()
    with in_flight.track():
        assert in_flight.pending() == set()
        assert await in_flight.wait(in_flight.pending(), 0.1) == set()
