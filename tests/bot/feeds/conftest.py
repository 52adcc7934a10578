"""Fixtures: a loopback feed publisher and a fetcher allowed to reach it (and only its named host)."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import AsyncIterator, Callable

import pytest

from bot.feeds import FeedConfig, FeedFetcher
from tests.feedserver import ALLOWED, FeedServer, feed_server


@pytest.fixture
async def feed() -> AsyncIterator[FeedServer]:
    async with feed_server() as server:
        yield server


def config_for(*urls: str, **changes: object) -> FeedConfig:
    values: dict[str, object] = {
        "urls": urls,
        "interval": 3600.0,
        "stale_after": dt.timedelta(hours=1),
        "timeout": 2.0,
        "max_bytes": 256 * 1024,
        "allowed_networks": (ipaddress.ip_network(ALLOWED),),
        **changes,
    }
    return FeedConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
async def make_fetcher() -> AsyncIterator[Callable[[FeedConfig], FeedFetcher]]:
    fetchers: list[FeedFetcher] = []

    def make(config: FeedConfig) -> FeedFetcher:
        fetcher = FeedFetcher(config.fetch_policy(), config.hosts)
        fetchers.append(fetcher)
        return fetcher

    yield make
    for fetcher in fetchers:
        await fetcher.close()
