"""LinkPreviewService: caching, single-flight and a cache that fails."""

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.links import (
    CachedFetch,
    FetchError,
    FetchResult,
    InMemoryLinkCache,
    LinkFetcher,
    LinkPreviewService,
    PageMetadata,
)
from tests.bot.links.conftest import TEST_POLICY, Site


class Clock:
    """A settable clock for cache expiry."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class BrokenCache:
    """A cache whose storage is down."""

    async def get(self, key: str) -> CachedFetch | None:
        raise ConnectionError("database is down")

    async def put(self, key: str, result: FetchResult, ttl: timedelta) -> None:
        raise ConnectionError("database is down")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(fetcher: LinkFetcher, clock: Clock) -> LinkPreviewService:
    return LinkPreviewService(fetcher, InMemoryLinkCache(clock=clock))


async def test_a_link_posted_many_times_is_fetched_once(service: LinkPreviewService, site: Site) -> None:
    url = site.url("/chain/1")

    concurrent = await asyncio.gather(*(service.preview(url) for _ in range(50)))
    sequential = [await service.preview(url) for _ in range(50)]

    assert all(result.ok for result in concurrent + sequential)
    assert {result.metadata.title for result in concurrent + sequential if result.metadata} == {"The page title"}
    assert site.recorder.hits == {"/chain/1": 1, "/chain/0": 1, "/page": 1}


async def test_failures_are_cached_for_the_failure_ttl(service: LinkPreviewService, site: Site, clock: Clock) -> None:
    url = site.url("/status/500")

    first = await service.preview(url)
    second = await service.preview(url)
    clock.now += TEST_POLICY.failure_ttl + timedelta(seconds=1)
    third = await service.preview(url)

    assert first.error is second.error is third.error is FetchError.HTTP_STATUS
    assert site.recorder.hits["/status/500"] == 2


async def test_successes_outlive_the_failure_ttl(service: LinkPreviewService, site: Site, clock: Clock) -> None:
    await service.preview(site.url("/page"))
    clock.now += TEST_POLICY.failure_ttl + timedelta(seconds=1)
    await service.preview(site.url("/page"))
    clock.now += TEST_POLICY.success_ttl
    await service.preview(site.url("/page"))

    assert site.recorder.hits["/page"] == 2


async def test_refusals_are_cached(service: LinkPreviewService, site: Site) -> None:
    url = site.redirect_to("http://127.0.0.2/")

    results = [await service.preview(url) for _ in range(3)]

    assert [result.error for result in results] == [FetchError.REFUSED_ADDRESS] * 3
    assert site.recorder.hits["/to"] == 1


async def test_cache_key_is_the_callers_choice(service: LinkPreviewService, site: Site) -> None:
    await service.preview(site.url("/page?utm_source=a"), key="page")
    result = await service.preview(site.url("/page?utm_source=b"), key="page")

    assert result.url == site.url("/page?utm_source=a")
    assert site.recorder.hits["/page"] == 1


async def test_a_cancelled_caller_does_not_cancel_the_shared_fetch(service: LinkPreviewService, site: Site) -> None:
    url = site.url("/busy")
    impatient = asyncio.create_task(service.preview(url))
    patient = asyncio.create_task(service.preview(url))
    await asyncio.sleep(0.02)

    impatient.cancel()
    result = await patient

    assert impatient.cancelled()
    assert result.ok
    assert site.recorder.hits["/busy"] == 1


async def test_a_broken_cache_is_bypassed(fetcher: LinkFetcher, site: Site) -> None:
    service = LinkPreviewService(fetcher, BrokenCache())

    result = await service.preview(site.url("/page"))

    assert result.ok


async def test_close_cancels_in_flight_previews(service: LinkPreviewService, site: Site) -> None:
    task = asyncio.create_task(service.preview(site.url("/busy")))
    await asyncio.sleep(0.02)

    await service.close()

    with pytest.raises(asyncio.CancelledError):
        await task


def test_cached_value_round_trips_through_json() -> None:
    result = FetchResult(
        url="https://t.example/x",
        final_url="https://news.example/story",
        redirects=("https://news.example/story",),
        status=200,
        content_type="text/html",
        metadata=PageMetadata(title="Story", og_description="Summary", canonical_url="https://news.example/story"),
        truncated=True,
    )
    failure = FetchResult(url="http://10.0.0.1/", final_url="http://10.0.0.1/", error=FetchError.REFUSED_ADDRESS)

    for value in (result, failure):
        entry = CachedFetch(value, datetime(2025, 1, 2, tzinfo=UTC))
        assert CachedFetch.from_dict(json.loads(json.dumps(entry.to_dict()))) == entry


async def test_in_memory_cache_expires_and_evicts(clock: Clock) -> None:
    cache = InMemoryLinkCache(max_entries=2, clock=clock)
    result = FetchResult(url="u", final_url="u")

    await cache.put("a", result, timedelta(seconds=10))
    await cache.put("b", result, timedelta(seconds=60))
    assert await cache.get("a") is not None  # "a" is now the most recently used
    await cache.put("c", result, timedelta(seconds=60))  # evicts "b"
    clock.now += timedelta(seconds=30)  # expires "a"

    assert await cache.get("a") is None
    assert await cache.get("b") is None
    assert (await cache.get("c")) == CachedFetch(result, datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=60))
    assert len(cache) == 1
