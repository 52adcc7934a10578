"""Reading unknown links' pages (issue 5), on a real loopback news site and a real database (SQLite, PostgreSQL)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest
from sqlalchemy import select

from bot.db.engine import SessionFactory, create_session_factory
from bot.db.models import LinkPreview
from bot.links.db_cache import DatabaseLinkCache, url_key
from bot.metrics import Metrics
from bot.services import Defaults, FactCheckService, KnowledgeHolder, MessageEvent, Outcome, Services
from bot.services.link_fetching import open_link_previews
from bot.services.link_pages import fetch_targets
from bot.settings import Settings
from knowledge.base import KnowledgeBase
from knowledge.schema import KnownLink
from tests.bot.helpers import Database, FakeClock
from tests.newssite import ALLOWED, KNOWN_POST, NewsSite, NoDns, news_site

GUILD = "10"
CLAIM = "a man shoots at a CHP sergeant during the Compton street takeover"
COMPTON = "compton-chp-takeover-video"
CHP_CLAIM = "man-shot-at-chp-sergeant"
WESTMINSTER = "westminster-duran-shooting"
SOURCE = "https://thenerdstash.com/?p=720768"
FLINT = "flint-juneteenth-parade-shooting"
TAPHAPS = "https://taphaps.com/law-enforcement-shoots-woman/"
"""A known post of a claim rated accurate: matched, never answered unasked (so the bot goes on to read links)."""
KNOWN_CLIP_PATH = "/clips/flint-video"
"""Another known post of that claim, on the loopback host (see `holder_with_loopback_link`)."""
SETTINGS = Settings(_env_file=None, link_fetch_allowed_networks=[ALLOWED], link_fetch_timeout=3)  # type: ignore[call-arg]

_ids = itertools.count(1_000)

Wire = Callable[..., AbstractAsyncContextManager[Services]]


def message(content: str, *, guild: str = GUILD, channel: str | None = None) -> MessageEvent:
    return MessageEvent(guild, channel or str(next(_ids)), str(next(_ids)), "5", content)


@pytest.fixture
async def site() -> AsyncIterator[NewsSite]:
    async with news_site() as running:
        yield running


@pytest.fixture
def resolver() -> NoDns:
    return NoDns()


@pytest.fixture
def wire(db: Database, holder: KnowledgeHolder, clock: FakeClock, resolver: NoDns) -> Wire:
    """``async with wire(defaults=..., metrics=..., sessions=..., knowledge=...)`` -> services reading links."""

    @asynccontextmanager
    async def build(
        *,
        defaults: Defaults | None = None,
        metrics: Metrics | None = None,
        sessions: SessionFactory | None = None,
        knowledge: KnowledgeHolder | None = None,
    ) -> AsyncIterator[Services]:
        factory = sessions or db.sessions
        cache = DatabaseLinkCache(factory, clock=clock)
        async with open_link_previews(SETTINGS, cache, metrics=metrics, resolver=resolver) as previews:
            yield Services.assemble(
                knowledge or holder, factory, defaults or Defaults(), clock=clock, link_previews=previews
            )

    return build


@pytest.fixture(scope="module")
def holder_with_loopback_link(knowledge: KnowledgeBase) -> KnowledgeHolder:
    """The packaged incidents, Flint's with one more known post on 127.0.0.1 (any port: ports are not compared)."""
    incidents = []
    for incident in knowledge:
        if incident.id == FLINT:
            extra = KnownLink(url=f"http://127.0.0.1{KNOWN_CLIP_PATH}", claim=incident.links[0].claim)
            incident = incident.model_copy(update={"links": (*incident.links, extra)})
        incidents.append(incident)
    return KnowledgeHolder.of(KnowledgeBase.of(incidents))


async def test_a_page_repeating_a_claim_gets_the_claims_answer(wire: Wire, site: NewsSite) -> None:
    async with wire() as services:
        by_text = await services.alerts.on_message(message(CLAIM))
        by_link = await services.alerts.on_message(message(f"check this out {site.url('/news/story-123')}"))
    assert by_link.outcome is by_text.outcome is Outcome.ANSWER
    assert by_link.card is not None and by_text.card is not None
    assert (by_link.card.incident_id, by_link.card.claim_id) == (by_text.card.incident_id, by_text.card.claim_id)
    assert (by_link.card.incident_id, by_link.card.claim_id) == (COMPTON, CHP_CLAIM)
    assert by_link.card.statements == by_text.card.statements
    reason = by_link.card.reasons[0]
    assert reason.startswith(f"the page {site.url('/news/story-123')} says ")
    assert "chp sergeant compton street takeover" in reason
    assert site.hits["/news/story-123"] == 1


async def test_a_page_whose_canonical_link_is_a_known_post_matches_through_it(wire: Wire, site: NewsSite) -> None:
    async with wire() as services:
        decision = await services.alerts.on_message(message(f"look {site.url('/news/repost')}"))
    assert decision.outcome is Outcome.ANSWER
    assert decision.match is not None
    assert (decision.match.incident_id, decision.match.score) == (WESTMINSTER, 100)
    assert decision.match.reason_texts[0] == (
        f"the page {site.url('/news/repost')} gives {KNOWN_POST} as its address, a known post of this claim"
    )


async def test_a_redirect_to_a_known_post_matches_through_it(wire: Wire, site: NewsSite, resolver: NoDns) -> None:
    """A shortener leading to a known post: where the redirect led counts as the page's address."""
    async with wire() as services:
        decision = await services.alerts.on_message(message(f"wow {site.redirect_to(KNOWN_POST)}"))
    assert decision.match is not None
    assert (decision.match.incident_id, decision.match.score) == (WESTMINSTER, 100)
    assert resolver.asked == ["spamchronicles.com"]  # followed, but the test resolver answers nothing


async def test_known_links_and_sources_are_never_fetched(
    wire: Wire, site: NewsSite, resolver: NoDns, holder_with_loopback_link: KnowledgeHolder
) -> None:
    """Messages the text alone does not get answered, so the bot goes on to look for links to read: none."""
    known = site.url(KNOWN_CLIP_PATH) + "?utm_source=share"
    async with wire(knowledge=holder_with_loopback_link) as services:
        decisions = [
            await services.alerts.on_message(message(f"whoa {known}")),
            await services.alerts.on_message(message(f"whoa {TAPHAPS}")),
            await services.alerts.on_message(message(f"is this real? {SOURCE}")),
        ]
        asked = await services.factcheck.check(f"{known} {SOURCE} {TAPHAPS}", guild_id=GUILD)
    assert [d.outcome for d in decisions] == [Outcome.NO_MATCH] * 3
    assert asked.found
    assert asked.cards[0].incident_id == FLINT
    assert site.total == 0
    assert resolver.asked == []


def test_fetch_targets_are_the_first_three_unknown_links(holder_with_loopback_link: KnowledgeHolder) -> None:
    """As posted (a scheme added when missing), keyed by canonical link (with a port other than the default)."""
    text = (
        f"http://127.0.0.1:8080{KNOWN_CLIP_PATH} {SOURCE} {TAPHAPS} example.org/a/b?utm_source=x "
        "https://example.org/a/b HTTP://Example.net:8443/x https://example.com:443/y http://example.com/z"
    )
    targets = fetch_targets(text, holder_with_loopback_link.current.matcher)
    assert [(t.url, t.key) for t in targets] == [
        ("https://example.org/a/b?utm_source=x", "https://example.org/a/b"),
        ("HTTP://Example.net:8443/x", "https://example.net:8443/x"),
        ("https://example.com:443/y", "https://example.com/y"),
    ]


async def test_a_message_that_already_matches_never_waits_on_a_fetch(wire: Wire, site: NewsSite) -> None:
    async with wire() as services:
        decision = await services.alerts.on_message(message(f"{CLAIM} {site.url('/news/story-9')}"))
    assert decision.outcome is Outcome.ANSWER
    assert site.total == 0


async def test_a_link_is_fetched_once_for_many_messages_and_across_restarts(
    wire: Wire, site: NewsSite, db: Database
) -> None:
    link = site.url("/news/story-123")
    variants = [link, f"{link}?utm_source=twitter", f"{link}#comments", f"<{link}>"]
    metrics = Metrics()
    async with wire(metrics=metrics) as services:
        decisions = await asyncio.gather(
            *(services.alerts.on_message(message(f"check this out {variants[i % 4]}")) for i in range(20))
        )
    assert all(d.match is not None and d.match.incident_id == COMPTON for d in decisions)
    assert site.hits["/news/story-123"] == 1
    assert metrics.registry.get_sample_value("misinfo_bot_link_fetches_total", {"outcome": "ok"}) == 1

    second_process = db.another_engine()
    try:
        async with wire(sessions=create_session_factory(second_process)) as restarted:
            again = await restarted.alerts.on_message(message(f"check this out {link}"))
    finally:
        await second_process.dispose()
    assert again.match is not None and again.match.incident_id == COMPTON
    assert site.hits["/news/story-123"] == 1


@pytest.mark.parametrize(
    ("link", "error"),
    [("/news/gone", "http-status"), ("http://10.0.0.1/news/story-1", "refused-address")],
    ids=["404", "refused-address"],
)
async def test_a_failing_link_is_a_quiet_non_match_and_cached(
    wire: Wire, site: NewsSite, db: Database, link: str, error: str
) -> None:
    url = site.url(link) if link.startswith("/") else link
    metrics = Metrics()
    async with wire(metrics=metrics) as services:
        first = await services.alerts.on_message(message(f"check this out {url}"))
        second = await services.alerts.on_message(message(f"check this out {url}"))
        asked = await services.factcheck.check(f"what about {url}", guild_id=GUILD)
    assert (first.outcome, second.outcome) == (Outcome.NO_MATCH, Outcome.NO_MATCH)
    assert (first.review, second.review) == ((), ())
    assert not asked.found
    assert metrics.registry.get_sample_value("misinfo_bot_link_fetches_total", {"outcome": error}) == 1
    assert site.total == (1 if link.startswith("/") else 0)
    async with db.sessions() as session:
        rows = (await session.scalars(select(LinkPreview))).all()
    assert [(row.result["error"], row.url_key) for row in rows] == [(error, url_key(rows[0].url))]


async def test_nothing_is_fetched_where_link_reading_is_off(wire: Wire, site: NewsSite) -> None:
    link = site.url("/news/story-123")
    async with wire() as services:
        await services.guild_settings.set_link_fetching(GUILD, False)
        off = await services.alerts.on_message(message(f"check this out {link}"))
        elsewhere = await services.alerts.on_message(message(f"check this out {link}", guild=GUILD + "1"))
    assert off.outcome is Outcome.NO_MATCH
    assert elsewhere.outcome is Outcome.ANSWER
    assert site.hits["/news/story-123"] == 1  # for the other server only


async def test_nothing_is_fetched_when_the_operator_turned_link_reading_off(wire: Wire, site: NewsSite) -> None:
    async with wire(defaults=Defaults(link_fetching=False)) as services:
        decision = await services.alerts.on_message(message(f"check this out {site.url('/news/story-123')}"))
        asked = await services.factcheck.check(site.url("/news/story-123"))
    assert decision.outcome is Outcome.NO_MATCH
    assert not asked.found
    assert site.total == 0


async def test_a_factcheck_of_a_link_reads_its_page(wire: Wire, site: NewsSite) -> None:
    link = site.url("/news/story-77")
    async with wire() as services:
        result = await services.factcheck.check(link, guild_id=GUILD)
        without_guild = await services.factcheck.check(link)
    assert [(card.incident_id, card.claim_id) for card in result.cards][:1] == [(COMPTON, CHP_CLAIM)]
    assert result.cards[0].reasons[0].startswith(f"the page {link} says ")
    assert result.unknown_links == ("https://127.0.0.1/news/story-77",)
    assert without_guild.cards[0].incident_id == COMPTON
    assert site.hits["/news/story-77"] == 1


async def test_a_factcheck_waits_for_pages_briefly_and_the_read_goes_on(
    wire: Wire, site: NewsSite, db: Database
) -> None:
    """A member's command must be answered within Discord's 3 s: a slow page is left out, but read and cached."""
    link = site.url("/news/late-1")
    async with wire() as services:
        impatient = FactCheckService(
            services.knowledge, services.guild_settings, pages=services.link_pages, fetch_seconds=0.05
        )
        first = await impatient.check(link, guild_id=GUILD)
        async with asyncio.timeout(5):
            while not await _stored(db):  # noqa: ASYNC110 - the database has no event to wait on
                await asyncio.sleep(0.02)
        second = await impatient.check(link, guild_id=GUILD)
    assert not first.found
    assert second.cards[0].incident_id == COMPTON
    assert site.hits["/news/late-1"] == 1


async def _stored(db: Database) -> int:
    async with db.sessions() as session:
        return len((await session.scalars(select(LinkPreview))).all())


async def test_at_most_three_links_are_read_per_message(wire: Wire, site: NewsSite) -> None:
    links = " ".join(site.url(f"/news/pizza?page={n}") for n in range(5))
    async with wire() as services:
        decision = await services.alerts.on_message(message(f"menus {links}"))
    assert decision.outcome is Outcome.NO_MATCH
    assert site.hits["/news/pizza"] == 3
