import asyncio

import pytest

from bot.services.cache import ReadThroughCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Source:
    def __init__(self) -> None:
        self.reads = 0
        self.value = "v1"
        self.gate: asyncio.Event | None = None

    async def load(self) -> str:
        self.reads += 1
        value = self.value
        if self.gate is not None:
            await self.gate.wait()
        return value


async def test_a_fresh_value_is_read_once_and_expires_after_the_ttl():
    clock, source = Clock(), Source()
    cache = ReadThroughCache[int, str](30, monotonic=clock)
    assert await cache.get(1, source.load) == "v1"
    assert await cache.get(1, source.load) == "v1"
    assert source.reads == 1
    clock.now = 31
    source.value = "v2"
    assert await cache.get(1, source.load) == "v2"
    assert source.reads == 2


async def test_concurrent_misses_share_one_read():
    source = Source()
    source.gate = asyncio.Event()
    cache = ReadThroughCache[int, str](30)
    waiters = [asyncio.create_task(cache.get(7, source.load)) for _ in range(50)]
    await asyncio.sleep(0)
    source.gate.set()
    assert await asyncio.gather(*waiters) == ["v1"] * 50
    assert source.reads == 1


async def test_an_invalidation_during_a_read_keeps_that_read_out_of_the_cache():
    source = Source()
    source.gate = asyncio.Event()
    cache = ReadThroughCache[int, str](30)
    stale = asyncio.create_task(cache.get(1, source.load))
    await asyncio.sleep(0)
    cache.invalidate(1)
    source.gate.set()
    assert await stale == "v1"
    source.value = "v2"
    assert await cache.get(1, source.load) == "v2"


async def test_a_zero_ttl_reads_every_time_and_a_failed_read_is_not_cached():
    source = Source()
    uncached = ReadThroughCache[int, str](0)
    await uncached.get(1, source.load)
    await uncached.get(1, source.load)
    assert source.reads == 2

    async def broken() -> str:
        raise RuntimeError("database gone")

    cache = ReadThroughCache[int, str](30)
    with pytest.raises(RuntimeError):
        await cache.get(1, broken)
    assert await cache.get(1, source.load) == "v1"


async def test_one_caller_giving_up_does_not_cancel_the_shared_read():
    source = Source()
    source.gate = asyncio.Event()
    cache = ReadThroughCache[int, str](30)
    impatient = asyncio.create_task(cache.get(1, source.load))
    patient = asyncio.create_task(cache.get(1, source.load))
    await asyncio.sleep(0)
    impatient.cancel()
    source.gate.set()
    assert await patient == "v1"
    assert source.reads == 1


class Outage(ConnectionError):
    pass


def _unavailable(error: BaseException) -> bool:
    return isinstance(error, Outage)


async def _down() -> str:
    raise Outage("database gone")


async def test_a_failed_read_serves_the_last_value_even_expired_then_tries_again_later():
    clock, source = Clock(), Source()
    cache = ReadThroughCache[int, str](30, monotonic=clock, stale_on=_unavailable, retry_after=5)
    assert await cache.get(1, source.load) == "v1"
    clock.now = 31

    assert await cache.get(1, _down) == "v1"
    clock.now = 35  # within retry_after: the fallback is served without trying
    source.value = "v2"
    assert await cache.get(1, source.load) == "v1"
    assert source.reads == 1
    clock.now = 37
    assert await cache.get(1, source.load) == "v2"


async def test_a_failed_read_with_nothing_known_serves_the_default_or_raises():
    with_default = ReadThroughCache[int, str](30, stale_on=_unavailable, default=lambda key: f"default {key}")
    without = ReadThroughCache[int, str](30, stale_on=_unavailable)

    assert await with_default.get(7, _down) == "default 7"
    with pytest.raises(Outage):
        await without.get(7, _down)


async def test_only_errors_said_to_be_an_outage_fall_back():
    cache = ReadThroughCache[int, str](0, stale_on=_unavailable, default=lambda _key: "default")
    source = Source()
    assert await cache.get(1, source.load) == "v1"  # remembered for a fallback even without caching

    async def bug() -> str:
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        await cache.get(1, bug)
    assert await cache.get(1, _down) == "v1"


async def test_invalidate_all_forgets_every_key_and_the_reads_in_flight():
    clock, source = Clock(), Source()
    cache = ReadThroughCache[int, str](30, monotonic=clock)
    assert await cache.get(1, source.load) == "v1"
    source.gate = asyncio.Event()
    in_flight = asyncio.create_task(cache.get(2, source.load))
    while source.reads < 2:  # noqa: ASYNC110  # the read has started
        await asyncio.sleep(0)

    source.value = "v2"
    cache.invalidate_all()
    source.gate.set()

    assert await in_flight == "v1"  # given to whoever waited, but not cached
    assert await cache.get(1, source.load) == "v2"
    assert await cache.get(2, source.load) == "v2"
