"""The link fetcher built from the settings (``LINK_FETCH_*``), and who owns it."""

from __future__ import annotations

import ipaddress
from contextlib import AsyncExitStack

import pytest

from bot.links import FetchError, InMemoryLinkCache, LinkPreviewService
from bot.links.db_cache import DatabaseLinkCache
from bot.metrics import Metrics
from bot.services.link_fetching import enter_link_previews, fetch_policy, open_link_previews
from bot.settings import Settings, SettingsError, load_settings
from tests.bot.helpers import Database
from tests.newssite import ALLOWED, news_site


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_no_private_network_is_allowed_by_default() -> None:
    assert settings().link_fetch_allowed_networks == ()
    assert fetch_policy(settings()).allowed_networks == ()


@pytest.mark.parametrize(
    ("text", "networks"),
    [
        ("127.0.0.1/32", ("127.0.0.1/32",)),
        ("127.0.0.1/32, ::1/128", ("127.0.0.1/32", "::1/128")),
        ('["10.1.0.0/16"]', ("10.1.0.0/16",)),
        ("", ()),
    ],
)
def test_allowed_networks_from_the_environment(monkeypatch: pytest.MonkeyPatch, text: str, networks: tuple) -> None:
    monkeypatch.setenv("LINK_FETCH_ALLOWED_NETWORKS", text)
    loaded = load_settings(None).link_fetch_allowed_networks
    assert loaded == tuple(ipaddress.ip_network(network) for network in networks)


@pytest.mark.parametrize(
    ("name", "value"),
    [("LINK_FETCH_ALLOWED_NETWORKS", "localhost"), ("LINK_FETCH_TIMEOUT", "0"), ("LINK_FETCH_MAX_BYTES", "10")],
)
def test_unusable_values_name_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_settings(None)


def test_the_policy_follows_the_settings() -> None:
    policy = fetch_policy(
        settings(link_fetch_allowed_networks=[ALLOWED], link_fetch_timeout=1.5, link_fetch_max_bytes=4096)
    )
    assert policy.allowed_networks == (ipaddress.ip_network(ALLOWED),)
    assert (policy.total_timeout, policy.connect_timeout, policy.max_bytes) == (1.5, 1.5, 4096)
    assert fetch_policy(settings()).connect_timeout == 2.0


async def test_loopback_is_refused_unless_allowed() -> None:
    metrics = Metrics()
    async with news_site() as site:
        async with open_link_previews(settings(), InMemoryLinkCache(), metrics=metrics) as previews:
            refused = await previews.preview(site.url("/news/story-1"))
        async with open_link_previews(settings(link_fetch_allowed_networks=[ALLOWED]), InMemoryLinkCache()) as previews:
            allowed = await previews.preview(site.url("/news/story-1"))
    assert refused.error is FetchError.REFUSED_ADDRESS
    assert metrics.registry.get_sample_value("misinfo_bot_link_fetches_total", {"outcome": "refused-address"}) == 1
    assert allowed.ok
    assert site.hits["/news/story-1"] == 1


async def test_no_fetcher_when_the_operator_turned_link_reading_off(db: Database) -> None:
    async with AsyncExitStack() as stack:
        assert await enter_link_previews(stack, settings(link_fetching=False), DatabaseLinkCache(db.sessions)) is None
        previews = await enter_link_previews(stack, settings(), DatabaseLinkCache(db.sessions))
        assert isinstance(previews, LinkPreviewService)
