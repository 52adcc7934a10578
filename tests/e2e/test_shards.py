"""Two bots with two shards each on one PostgreSQL database, sharing changes through LISTEN/NOTIFY.

Both bots run shards 0 and 1 of 2 (a rolling deploy overlaps them like this), so the stand-in sends every event to
both, as Discord does for two sessions of one shard; each bot has its own engine and its own change feed, as a
separate process would. A change made in one is obeyed by the other within a second, long before the 30-second
cache expiry; the guarantees of two processes (one answer, shared cooldowns, one review item) hold over shards.
The same over real processes, each running its own two of four shards: tests/e2e/test_shard_processes.py.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine, create_session_factory
from bot.db.models import ReviewItem
from bot.reload import reload_knowledge
from bot.runner import Runtime
from bot.services.container import Services
from bot.services.review_publisher import ReviewPublisher
from bot.services.review_types import ReviewAction, ReviewPolicy
from bot.settings import Settings
from bot.sharding import ShardedAlertBot
from tests.e2e.helpers import CLAIM, RunningBot, eventually
from tests.e2e.test_database_outage import ProxiedServer, database
from tests.e2e.test_review import BAND, UNSURE
from tests.fakediscord import FakeDiscord, Guild, pointing_discord_at, sharded_world

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

__all__ = ["database"]  # the fixture, used below

SAME_LINK = "did this really happen? https://clips.example.com/v/12345"
CAP = 2


@pytest.fixture
async def sharded_fake() -> AsyncIterator[FakeDiscord]:
    """The stand-in with one standard guild on each of 2 shards (IDENTIFYs not spaced: max_concurrency 16)."""
    async with FakeDiscord(sharded_world("sharded-token", 2), token="sharded-token", max_concurrency=16) as fake:
        with pointing_discord_at(fake):
            yield fake
    fake.assert_clean()


async def start_two(
    start_alert_bot: Callable[..., Awaitable[RunningBot]],
    fake: FakeDiscord,
    database: ProxiedServer,
    *,
    services: Callable[[Settings], Services] | None = None,
) -> tuple[RunningBot, RunningBot]:
    """Two bots running shards 0 and 1 of 2 on the same database; the first guild's review band and #mods set."""
    guild = fake.world.guilds[0]

    async def setup(runtime: Runtime) -> None:
        await runtime.services.guild_settings.set_thresholds(str(guild.id), **BAND)
        await runtime.services.guild_settings.set_moderators_channel(str(guild.id), str(guild.channel("mods").id))

    options = {"fake": fake, "database_url": database.url, "shard_count": 2, "services": services}
    first = await start_alert_bot(setup=setup, **options)
    second = await start_alert_bot(**options)
    for running in (first, second):
        assert isinstance(running.bot, ShardedAlertBot)
        assert running.bot.shard_count == 2
        assert {g.id for g in running.bot.guilds} == {g.id for g in fake.world.guilds}
    feeds = [running.runtime.change_feed for running in (first, second)]
    await eventually(lambda: all(feed is not None and feed.connected for feed in feeds), what="both feeds listening")
    return first, second


async def test_each_shard_identifies_and_a_claim_is_answered_once_with_the_cooldown_shared(
    sharded_fake, database, start_alert_bot
):
    first, second = await start_two(start_alert_bot, sharded_fake, database)
    general = sharded_fake.world.guilds[1].channel("general")

    posted = await sharded_fake.post_message("alice", general, CLAIM)
    await first.answer_to(posted)
    again = await sharded_fake.post_message("bob", general, CLAIM)
    await first.assert_no_answer(again, sentinel_channel="news")

    shards = sorted(tuple(identify["shard"]) for identify in sharded_fake.identifies)
    assert shards == [(0, 2), (0, 2), (1, 2), (1, 2)]
    assert len(first.answers_to(posted)) == 1
    await eventually(
        lambda: first.metric("answers_sent_total") + second.metric("answers_sent_total") == 2,
        what="the claim's and the sentinel's answers, once each",
    )


async def test_a_setting_changed_in_one_process_is_obeyed_by_the_other_within_a_second(
    sharded_fake, database, start_alert_bot
):
    first, second = await start_two(start_alert_bot, sharded_fake, database)
    guild = sharded_fake.world.guilds[1]
    await first.answer_to(await sharded_fake.post_message("alice", guild.channel("general"), CLAIM))
    assert (await second.services.guild_settings.config(str(guild.id))).auto_replies  # cached for 30 s

    changed_at = time.monotonic()
    await first.services.guild_settings.set_auto_replies(str(guild.id), False)
    while (await second.services.guild_settings.config(str(guild.id))).auto_replies:
        assert time.monotonic() - changed_at < 1.0, "the other process still answers after a second"
        await asyncio.sleep(0.01)
    silent = await sharded_fake.post_message("bob", guild.channel("news"), CLAIM)

    sentinel = await sharded_fake.post_message("bob", sharded_fake.world.guilds[0].channel("news"), CLAIM)
    await first.answer_to(sentinel)  # the other server still gets answers
    assert first.answers_to(silent) == []


async def test_a_moderators_decision_in_one_process_reaches_the_other_at_once(sharded_fake, database, start_alert_bot):
    first, second = await start_two(start_alert_bot, sharded_fake, database)
    guild = sharded_fake.world.guilds[0]
    await sharded_fake.post_message("alice", guild.channel("general"), UNSURE)
    await posted_item_in(first, guild)
    async with database.direct.connect() as connection:
        items = (await connection.execute(select(ReviewItem.id, ReviewItem.reporters))).all()
    assert [reporters for _, reporters in items] == [1]  # one item, its author counted once
    assert (await second.services.learning.of_guild(str(guild.id))).links == {}  # cached

    decided_at = time.monotonic()
    moderator = str(guild.member("moderator").id)
    await first.services.review.decide(items[0].id, moderator, ReviewAction.APPROVE, guild_id=str(guild.id))
    while not (await second.services.learning.of_guild(str(guild.id))).links:
        assert time.monotonic() - decided_at < 1.0, "the other process has not learned the link after a second"
        await asyncio.sleep(0.01)
    repost = await sharded_fake.post_message("bob", guild.channel("news"), SAME_LINK)

    await first.answer_to(repost)
    assert len(first.answers_to(repost)) == 1


async def test_a_knowledge_reload_in_one_process_reloads_the_other(sharded_fake, database, start_alert_bot):
    first, second = await start_two(start_alert_bot, sharded_fake, database)
    before = second.services.knowledge.current

    assert (await reload_knowledge(first.services.knowledge)).reloaded
    await eventually(lambda: second.services.knowledge.current is not before, what="the other reloaded", timeout=10)
    reloaded = second.services.knowledge.current
    await asyncio.sleep(0.3)
    assert second.services.knowledge.current is reloaded  # once: not echoed back and forth
    assert first.services.knowledge.current is not before


async def posted_item_in(running: RunningBot, guild: Guild) -> dict[str, object]:
    return await running.fake.wait_for_message(
        guild.channel("mods"), predicate=lambda m: bool(m.get("embeds")), timeout=10
    )


async def test_the_hourly_cap_on_posted_items_holds_over_both_processes(sharded_fake, database, start_alert_bot):
    engines: list[AsyncEngine] = []

    def capped(settings: Settings) -> Services:
        engines.append(create_engine(database.url))
        policy = ReviewPolicy(posts_per_hour=CAP)
        return Services.build(settings, create_session_factory(engines[-1]), review_policy=policy)

    try:
        first, second = await start_two(start_alert_bot, sharded_fake, database, services=capped)
        guild = sharded_fake.world.guilds[0]
        for number in range(3 * CAP):
            await sharded_fake.post_message("alice", guild.channel("general"), f"{UNSURE[:-5]}{10_000 + number}")
        async with asyncio.timeout(5):
            while await database.count(ReviewItem.id) < 3 * CAP:  # noqa: ASYNC110  # database state
                await asyncio.sleep(0.02)
        await asyncio.gather(*(publisher(running).flush() for running in (first, second)))  # both at once
        for running in (first, second):
            await publisher(running).flush()

        posted = [m for m in sharded_fake.bot_messages(guild.channel("mods")) if m.get("embeds")]
        assert len(posted) == CAP
    finally:
        for engine in engines:
            await engine.dispose()


def publisher(running: RunningBot) -> ReviewPublisher:
    return running.services.publisher


async def test_shard_count_auto_runs_every_shard_discord_recommends(start_alert_bot):
    world = sharded_world("auto-token", 3)
    async with FakeDiscord(world, token="auto-token", shard_count=3, max_concurrency=16) as fake:
        running = await start_alert_bot(fake=fake, shard_count="auto")
        posted = [await fake.post_message("alice", guild.channel("general"), CLAIM) for guild in world.guilds]
        for message in posted:
            await running.answer_to(message)
        await running.stop()

    assert sorted(tuple(identify["shard"]) for identify in fake.identifies) == [(0, 3), (1, 3), (2, 3)]
    assert running.bot.shard_count == 3
