"""Concurrency limits, overall and per host."""

import asyncio

import pytest

from bot.links import FetchError
from bot.links.limits import KeyedSemaphore
from tests.bot.links.conftest import Site, StubResolver


async def test_per_host_limit(make_fetcher, site: Site) -> None:
    fetcher = make_fetcher(max_per_host=2, max_concurrency=10)

    results = await asyncio.gather(*(fetcher.fetch(site.url(f"/busy?n={n}")) for n in range(6)))

    assert all(result.ok for result in results)
    assert site.recorder.peak == 2


async def test_overall_limit(make_fetcher, site: Site, stub_resolver: StubResolver) -> None:
    hosts = ["a.test", "b.test", "c.test", "d.test"]
    for host in hosts:
        stub_resolver.answers[host] = [["127.0.0.1"]]
    fetcher = make_fetcher(max_per_host=2, max_concurrency=3)

    results = await asyncio.gather(
        *(fetcher.fetch(f"http://{host}:{site.port}/busy?n={n}") for n in range(2) for host in hosts)
    )

    assert all(result.ok for result in results)
    assert site.recorder.peak == 3


async def test_waiting_for_a_slot_counts_against_the_time_limit(make_fetcher, site: Site) -> None:
    fetcher = make_fetcher(max_concurrency=1, total_timeout=0.3)

    results = await asyncio.gather(*(fetcher.fetch(site.url(f"/busy?delay=0.2&n={n}")) for n in range(3)))

    assert [result.error for result in results] == [None, FetchError.TIMEOUT, FetchError.TIMEOUT]


async def test_keyed_semaphore_limits_and_forgets_idle_keys() -> None:
    limiter = KeyedSemaphore(2)
    active = {"a": 0, "b": 0}
    peak = {"a": 0, "b": 0}

    async def work(key: str) -> None:
        async with limiter.hold(key):
            active[key] += 1
            peak[key] = max(peak[key], active[key])
            await asyncio.sleep(0.01)
            active[key] -= 1

    await asyncio.gather(*(work(key) for key in "ab" * 5))

    assert peak == {"a": 2, "b": 2}
    assert len(limiter) == 0


async def test_keyed_semaphore_forgets_keys_after_cancellation() -> None:
    limiter = KeyedSemaphore(1)
    release = asyncio.Event()

    async def hold() -> None:
        async with limiter.hold("k"):
            await release.wait()

    holder = asyncio.create_task(hold())
    waiter = asyncio.create_task(hold())
    await asyncio.sleep(0)
    waiter.cancel()
    release.set()
    await holder
    with pytest.raises(asyncio.CancelledError):
        await waiter

    assert len(limiter) == 0


def test_keyed_semaphore_rejects_zero() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        KeyedSemaphore(0)
