"""Posting items in the moderators' channel: once each, an hourly cap, rate-limited edits."""

import asyncio

import pytest

from bot.db.engine import create_session_factory
from bot.services import Defaults, KnowledgeHolder, Services
from bot.services.review_types import ReviewAction, ReviewPolicy
from tests.bot.helpers import Database, FakeClock
from tests.bot.services.review_helpers import GUILD, OTHER_GUILD, decided, next_id, queued_match, reported, review_band


@pytest.fixture(autouse=True)
async def _review_band(services: Services) -> None:
    """UNSURE lands in the review tier whatever the matcher's tuning (see `BAND`)."""
    await review_band(services)


@pytest.fixture
def capped(holder: KnowledgeHolder, db: Database, clock: FakeClock) -> Services:
    """Services whose queue posts at most 2 items per hour and server."""
    return Services.assemble(holder, db.sessions, Defaults(), clock=clock, review_policy=ReviewPolicy(posts_per_hour=2))


async def post(services: Services, item_id: int) -> int:
    """Claim and post an item the way the cog does; returns the posted message id."""
    view = await services.review.claim_post(item_id)
    assert view is not None
    message_id = next_id()
    assert await services.review.mark_posted(item_id, 77, message_id, shown=view.reporters)
    return message_id


async def test_the_hourly_cap_holds_back_the_rest_until_the_hour_passes(capped: Services, clock: FakeClock) -> None:
    ids = []
    for number in range(4):
        intake = await capped.review.report(reported(f"report {number}", author=number), reporter_id=number)
        assert intake.item_id is not None
        ids.append(intake.item_id)
    await capped.review.report(reported("report 3"), reporter_id=99)  # now the most reported
    assert await capped.review.guilds_with_work() == [GUILD]
    assert await capped.review.post_budget(GUILD) == 2
    first_two = await capped.review.items_to_post(GUILD, 2)
    assert first_two == [ids[3], ids[0]]
    for item_id in first_two:
        await post(capped, item_id)
    assert await capped.review.post_budget(GUILD) == 0
    assert await capped.review.post_budget(OTHER_GUILD) == 2
    assert (await capped.review.queue(GUILD)).total == 4  # the rest wait in the queue
    clock.advance(minutes=61)
    assert await capped.review.post_budget(GUILD) == 2
    assert await capped.review.items_to_post(GUILD, 5) == [ids[1], ids[2]]


async def test_each_item_is_posted_once_across_processes(
    services: Services, db: Database, holder: KnowledgeHolder, clock: FakeClock
) -> None:

    item_id = await queued_match(services)
    engine = db.another_engine()
    try:
        other = Services.assemble(holder, create_session_factory(engine), Defaults(), clock=clock)
        assert await services.review.claim_post(item_id) is not None
        assert await other.review.claim_post(item_id) is None
        assert await services.review.post_budget(GUILD) == 9  # the claim counts against the cap
        assert await other.review.items_to_post(GUILD, 5) == []
        clock.advance(minutes=3)  # the first process died before posting: its claim goes stale
        assert await other.review.claim_post(item_id) is not None
        assert await other.review.mark_posted(item_id, 77, 1001, shown=1) is True
        assert await services.review.mark_posted(item_id, 77, 1002, shown=1) is False  # delete the duplicate
    finally:
        await engine.dispose()
    item = await services.review.item(item_id, guild_id=GUILD)
    assert item is not None
    assert (item.mod_channel_id, item.mod_message_id) == (77, 1001)
    assert await services.review.guilds_with_work() == []


async def test_a_failed_post_is_released_for_the_next_flush(services: Services) -> None:
    item_id = await queued_match(services)
    assert await services.review.claim_post(item_id) is not None
    await services.review.release_post(item_id)
    assert await services.review.items_to_post(GUILD, 5) == [item_id]


async def test_decided_items_are_not_posted(services: Services) -> None:
    item_id = await queued_match(services)
    await decided(services, item_id, ReviewAction.DISMISS)
    assert await services.review.claim_post(item_id) is None
    assert await services.review.guilds_with_work() == []


async def test_a_grown_count_is_edited_at_most_once_per_interval(services: Services, clock: FakeClock) -> None:
    item_id = await queued_match(services, reported(author=1))
    await post(services, item_id)
    assert await services.review.items_to_edit(GUILD) == []
    await queued_match(services, reported(author=2))
    assert await services.review.guilds_with_work() == [GUILD]
    assert await services.review.items_to_edit(GUILD) == [item_id]
    view = await services.review.claim_edit(item_id)
    assert view is not None and view.reporters == 2
    assert await services.review.claim_edit(item_id) is None
    await queued_match(services, reported(author=3))
    assert await services.review.items_to_edit(GUILD) == []
    clock.advance(seconds=61)
    edited = await services.review.claim_edit(item_id)
    assert edited is not None and edited.reporters == 3


async def test_a_disputes_excerpt_is_kept_once_read(services: Services) -> None:
    intake = await services.review.report(reported(""), reporter_id=5)
    assert intake.item_id is not None
    await services.review.attach_excerpt(intake.item_id, "  the text read later " + "x" * 400, 42)
    await services.review.attach_excerpt(intake.item_id, "another text", 43)
    item = await services.review.item(intake.item_id, guild_id=GUILD)
    assert item is not None and item.excerpt is not None
    assert item.excerpt.startswith("the text read later") and len(item.excerpt) == 300
    assert item.author_id == 1  # the reported message's author was already known


async def test_the_cap_holds_when_two_processes_claim_at_the_same_time(
    capped: Services, db: Database, holder: KnowledgeHolder, clock: FakeClock
) -> None:
    ids = []
    for number in range(6):
        intake = await capped.review.report(reported(f"report {number}", author=number), reporter_id=number)
        assert intake.item_id is not None
        ids.append(intake.item_id)
    engine = db.another_engine()
    try:
        policy = ReviewPolicy(posts_per_hour=2)
        other = Services.assemble(holder, create_session_factory(engine), Defaults(), clock=clock, review_policy=policy)
        # Both saw room for two posts; each now claims its own pair at once.
        claims = await asyncio.gather(
            *(process.review.claim_post(i) for process, i in zip([capped, other] * 3, ids, strict=False))
        )
    finally:
        await engine.dispose()
    assert sum(claim is not None for claim in claims) == 2
