"""`DatabaseLinkCache`: fetch results kept in ``link_previews`` on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select

from bot.db.engine import create_session_factory
from bot.db.models import LinkPreview
from bot.links import FetchError, FetchResult, PageMetadata
from bot.links.db_cache import DatabaseLinkCache, url_key
from tests.bot.helpers import Database, FakeClock

KEY = "https://example.org/news/story-1"
PAGE = FetchResult(
    url="http://example.org/news/story-1?utm_source=x",
    final_url="https://example.org/news/story-1",
    redirects=("https://example.org/news/story-1",),
    status=200,
    content_type="text/html",
    metadata=PageMetadata(title="T", og_title="OG", og_description="D", canonical_url=KEY),
    truncated=True,
)
FAILED = FetchResult(url="http://10.0.0.1/", final_url="http://10.0.0.1/", error=FetchError.REFUSED_ADDRESS)
HOUR = dt.timedelta(hours=1)


async def _rows(db: Database) -> list[LinkPreview]:
    async with db.sessions() as session:
        return list((await session.scalars(select(LinkPreview).order_by(LinkPreview.url))).all())


def test_the_key_is_the_sha256_of_the_canonical_link() -> None:
    assert url_key(KEY) == hashlib.sha256(KEY.encode()).hexdigest()


async def test_a_stored_result_comes_back_until_it_expires(db: Database, clock: FakeClock) -> None:
    cache = DatabaseLinkCache(db.sessions, clock=clock)
    assert await cache.get(KEY) is None
    await cache.put(KEY, PAGE, HOUR)
    cached = await cache.get(KEY)
    assert cached is not None
    assert (cached.result, cached.expires_at) == (PAGE, clock.now + HOUR)
    [row] = await _rows(db)
    assert (row.url_key, row.url, row.fetched_at, row.expires_at) == (url_key(KEY), KEY, clock.now, clock.now + HOUR)
    clock.advance(hours=1)
    assert await cache.get(KEY) is None


async def test_failures_are_stored_too(db: Database, clock: FakeClock) -> None:
    cache = DatabaseLinkCache(db.sessions, clock=clock)
    await cache.put("https://10.0.0.1/", FAILED, dt.timedelta(minutes=10))
    cached = await cache.get("https://10.0.0.1/")
    assert cached is not None
    assert cached.result.error is FetchError.REFUSED_ADDRESS


async def test_storing_again_replaces_the_row(db: Database, clock: FakeClock) -> None:
    cache = DatabaseLinkCache(db.sessions, clock=clock)
    await cache.put(KEY, FAILED, dt.timedelta(minutes=10))
    clock.advance(minutes=20)
    await cache.put(KEY, PAGE, HOUR)
    [row] = await _rows(db)
    assert (row.fetched_at, row.expires_at) == (clock.now, clock.now + HOUR)
    cached = await cache.get(KEY)
    assert cached is not None and cached.result == PAGE


async def test_another_process_sees_what_one_stored(db: Database, clock: FakeClock) -> None:
    await DatabaseLinkCache(db.sessions, clock=clock).put(KEY, PAGE, HOUR)
    engine = db.another_engine()
    try:
        cached = await DatabaseLinkCache(create_session_factory(engine), clock=clock).get(KEY)
    finally:
        await engine.dispose()
    assert cached is not None and cached.result == PAGE


async def test_an_unreadable_row_is_a_miss(db: Database, clock: FakeClock) -> None:
    cache = DatabaseLinkCache(db.sessions, clock=clock)
    async with db.sessions() as session:
        session.add(
            LinkPreview(
                url_key=url_key(KEY), url=KEY, result={"nonsense": 1}, fetched_at=clock.now, expires_at=clock.now + HOUR
            )
        )
        await session.commit()
    assert await cache.get(KEY) is None


async def test_expired_rows_are_deleted_now_and_then(db: Database, clock: FakeClock) -> None:
    cache = DatabaseLinkCache(db.sessions, clock=clock, purge_every=3)
    await cache.put("https://a.example/", PAGE, HOUR)
    await cache.put("https://b.example/", PAGE, 3 * HOUR)
    clock.advance(hours=2)
    await cache.put("https://c.example/", PAGE, HOUR)  # the third store: a.example expired and goes
    assert [row.url for row in await _rows(db)] == ["https://b.example/", "https://c.example/"]


async def test_a_very_long_link_is_stored_cut_but_found_by_its_full_key(db: Database, clock: FakeClock) -> None:
    long_key = "https://example.org/" + "a" * 3000
    cache = DatabaseLinkCache(db.sessions, clock=clock)
    await cache.put(long_key, PAGE, HOUR)
    assert await cache.get(long_key) is not None
    async with db.sessions() as session:
        assert await session.scalar(select(func.length(LinkPreview.url))) == 2048
