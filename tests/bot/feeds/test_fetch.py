"""Fetching feeds: conditional requests, the address policy for named hosts only, time and size bounds."""

from __future__ import annotations

import ipaddress
import time

from tests.bot.feeds.conftest import config_for
from tests.feedserver import LAST_MODIFIED, claim_review, data_feed


async def test_a_feed_is_fetched_with_its_validators_and_a_304_honoured(feed, make_fetcher):
    feed.publish(data_feed(claim_review(1, "The lake was drained overnight")))
    fetcher = make_fetcher(config_for(feed.url()))

    first = await fetcher.fetch(feed.url())
    again = await fetcher.fetch(feed.url(), etag=first.etag, last_modified=first.last_modified)

    assert (first.status, first.error, first.body) == (200, None, feed.body)
    assert (first.etag, first.last_modified) == (feed.etag, LAST_MODIFIED)
    assert again.not_modified and again.body is None
    assert feed.requests[1]["if-none-match"] == feed.etag
    assert feed.requests[1]["if-modified-since"] == LAST_MODIFIED


async def test_loopback_is_refused_unless_the_operator_allows_it(feed, make_fetcher):
    fetcher = make_fetcher(config_for(feed.url(), allowed_networks=()))
    response = await fetcher.fetch(feed.url())
    assert response.error == "refused-address"
    assert feed.requests == []


async def test_allowed_networks_apply_to_the_named_feed_hosts_only(feed, make_fetcher):
    """A redirect from the named host to another host in the allowed network is refused."""
    fetcher = make_fetcher(config_for(feed.url()))
    other = f"http://127.0.0.2:{feed.port}/checks.json"  # also inside 127.0.0.0/8, but not named
    wide = config_for(feed.url(), allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),))
    redirecting = make_fetcher(wide)

    direct = await fetcher.fetch(other)
    through_redirect = await redirecting.fetch(feed.url(f"/redirect?to={other}"))

    assert direct.error == through_redirect.error == "refused-address"
    assert [request["path"] for request in feed.requests] == ["/redirect"]


async def test_a_slow_feed_is_cut_off_at_the_timeout(feed, make_fetcher):
    feed.publish(data_feed(claim_review(1, "The lake was drained overnight")))
    feed.trickle = 0.05
    fetcher = make_fetcher(config_for(feed.url(), timeout=0.5))

    started = time.monotonic()
    response = await fetcher.fetch(feed.url())

    assert response.error == "timeout"
    assert time.monotonic() - started < 5  # the whole body would take about 20 s


async def test_a_huge_feed_is_refused_after_max_bytes(feed, make_fetcher):
    feed.huge = 8 * 1024 * 1024
    fetcher = make_fetcher(config_for(feed.url(), max_bytes=64 * 1024))
    response = await fetcher.fetch(feed.url())
    assert response.error == f"too-large (over {64 * 1024} bytes)"
    assert response.body is None


async def test_a_body_cut_short_is_an_error_not_a_version(feed, make_fetcher):
    feed.publish(data_feed(claim_review(1, "The lake was drained overnight")))
    feed.cut = True
    response = await make_fetcher(config_for(feed.url())).fetch(feed.url())
    assert response.error == "protocol-error"
    assert response.body is None


async def test_http_errors(feed, make_fetcher):
    feed.status = 503
    response = await make_fetcher(config_for(feed.url())).fetch(feed.url())
    assert (response.status, response.error) == (503, "http-503")
