"""Reading linked pages (issue 5): a link to a page repeating a claim gets the claim's answer; refused addresses
are never contacted, even through a redirect from an allowed site.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import LinkPreview
from tests.e2e.helpers import CHP_QUOTE, CHP_SOURCE, CLAIM, eventually
from tests.fakediscord._payloads import Payload
from tests.newssite import ALLOWED, NewsSite, news_site

pytestmark = pytest.mark.e2e

READING_LINKS = {"link_fetching": True, "link_fetch_allowed_networks": [ALLOWED]}
REFUSED_HOST = "127.0.0.2"
"""A loopback address outside the allowed 127.0.0.1/32: refused by the fetcher's policy."""


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with news_site() as running:
        yield running


@pytest.fixture
async def refused_site() -> AsyncIterator[NewsSite]:
    """The same news site on a refused address: it must never see a request."""
    async with news_site(REFUSED_HOST) as running:
        yield running


def _essentials(answer: Payload) -> tuple[object, ...]:
    """What an answer says, without its "Why this answer" (that names the message's own evidence)."""
    embed = answer["embeds"][0]
    fields = tuple((f["name"], f["value"]) for f in embed["fields"] if f["name"] != "Why this answer")
    return embed["title"], embed.get("description"), embed["footer"]["text"], fields


async def test_a_link_to_a_page_repeating_a_claim_gets_the_claims_answer(start_alert_bot, site: NewsSite):
    running = await start_alert_bot(**READING_LINKS)
    link = site.url("/news/story-123")

    claimed = await running.post("bob", "news", CLAIM)
    by_claim = await running.answer_to(claimed)
    linked = await running.post("alice", "general", f"check this out {link}")
    by_link = await running.answer_to(linked)

    assert _essentials(by_link) == _essentials(by_claim)
    values = " ".join(field["value"] for field in by_link["embeds"][0]["fields"])
    assert CHP_QUOTE in values and CHP_SOURCE in values
    why = next(f["value"] for f in by_link["embeds"][0]["fields"] if f["name"] == "Why this answer")
    shown = link.replace("://", ":\u200b//")  # the member's link, shown but not linked
    assert f"the page {shown} says" in why
    assert site.hits["/news/story-123"] == 1
    assert running.metric("link_fetches_total", outcome="ok") == 1


async def test_a_redirect_to_a_refused_address_gets_no_answer_and_no_connection(
    start_alert_bot, site: NewsSite, refused_site: NewsSite
):
    running = await start_alert_bot(**READING_LINKS)
    hidden = refused_site.url("/news/story-5")  # would be answered, were it read
    link = site.redirect_to(hidden)

    posted = await running.post("alice", "general", f"check this out {link}")

    await eventually(lambda: running.metric("link_fetches_total", outcome="refused-address") == 1, what="refused")
    await running.assert_no_answer(posted)
    assert site.hits["/go/r1"] == 1
    assert refused_site.total == 0
    engine = create_engine(running.settings.database_url)
    try:
        async with create_session_factory(engine)() as session:
            [row] = (await session.scalars(select(LinkPreview))).all()
    finally:
        await engine.dispose()
    assert (row.result["error"], row.result["final_url"]) == ("refused-address", hidden)
