"""Two bot processes on one PostgreSQL schema, both receiving every message (a rolling deploy, or a misconfiguration).

Each bot has its own engine, as a separate process would; the stand-in sends each MESSAGE_CREATE to both
sessions, as Discord does for two connections of one bot on the same shard. One answer, shared cooldowns, one
review item with its reporter counted once.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import pool, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade_database
from bot.db.models import Answer, ReviewItem
from bot.runner import Runtime
from bot.services.container import Services
from bot.settings import Settings
from tests.bot.helpers import POSTGRES_URL, require_postgres
from tests.e2e.helpers import CLAIM, RunningBot, eventually
from tests.e2e.test_review import BAND, UNSURE, posted_item
from tests.fakediscord import FakeDiscord

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

MESSAGES = "/channels/{id}/messages"


@pytest.fixture
async def shared_schema() -> AsyncIterator[Callable[[], AsyncEngine]]:
    """A fresh, migrated PostgreSQL schema; call the result for one more engine on it (one per "process")."""
    await require_postgres(POSTGRES_URL)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL, poolclass=pool.NullPool)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engines: list[AsyncEngine] = []

    def engine() -> AsyncEngine:
        engines.append(create_engine(POSTGRES_URL, schema=schema))
        return engines[-1]

    try:
        await upgrade_database(engine())
        yield engine
    finally:
        for created in engines:
            await created.dispose()
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


async def start_two(start_alert_bot, shared_schema, fake: FakeDiscord) -> tuple[RunningBot, RunningBot, AsyncEngine]:
    """Two bots on the shared schema; the server's thresholds and moderators' channel set before they start."""
    engine = shared_schema()
    guild = fake.world.guild

    def on_shared_schema(settings: Settings) -> Services:
        return Services.build(settings, create_session_factory(shared_schema()))

    async def setup(runtime: Runtime) -> None:
        await runtime.services.guild_settings.set_thresholds(str(guild.id), **BAND)
        await runtime.services.guild_settings.set_moderators_channel(str(guild.id), str(guild.channel("mods").id))

    first = await start_alert_bot(services=on_shared_schema, setup=setup)
    second = await start_alert_bot(services=on_shared_schema)
    return first, second, engine


def replies(running: RunningBot, posted: dict) -> list[int | None]:
    def replying(request) -> bool:
        reference = (request.json or {}).get("message_reference") or {}
        return str(reference.get("message_id")) == posted["id"]

    return [r.status for r in running.fake.requests_matching("POST", MESSAGES, predicate=replying)]


async def test_both_see_the_claim_and_it_is_answered_once_with_the_cooldown_shared(
    start_alert_bot, shared_schema, fake_discord
):
    first, second, engine = await start_two(start_alert_bot, shared_schema, fake_discord)

    posted = await first.post("alice", "general", CLAIM)

    await first.answer_to(posted)
    await eventually(
        lambda: first.metric("messages_scanned_total") == second.metric("messages_scanned_total") == 1,
        what="both bots handled the message",
    )
    again = await first.post("bob", "general", "a man shoots at a CHP sergeant during the Compton takeover!!")
    await first.assert_no_answer(again, sentinel_channel="news")
    assert replies(first, posted) == [200]
    assert replies(first, again) == []
    await eventually(
        lambda: first.metric("answers_sent_total") + second.metric("answers_sent_total") == 2,
        what="the claim's and the sentinel's answers confirmed, once each",
    )
    async with engine.connect() as connection:
        answered = dict((await connection.execute(select(Answer.source_message_id, Answer.status))).all())
    assert answered[posted["id"]] == "sent"
    assert len(answered) == 2  # the claim and the sentinel; the cooled-down repeat has none


async def test_a_message_for_review_is_one_item_with_its_author_counted_once(
    start_alert_bot, shared_schema, fake_discord
):
    first, second, engine = await start_two(start_alert_bot, shared_schema, fake_discord)

    unsure = await first.post("alice", "general", UNSURE)

    item = await posted_item(first)
    await first.assert_no_answer(unsure, sentinel_channel="news")
    await eventually(lambda: second.metric("messages_scanned_total") == 2, what="the second bot handled both")
    async with engine.connect() as connection:
        items = (await connection.execute(select(ReviewItem.id, ReviewItem.reporters))).all()
    assert len(items) == 1
    assert items[0].reporters == 1
    mods = [m for m in first.fake.bot_messages(first.channel("mods")) if m.get("embeds")]
    assert [m["id"] for m in mods] == [item["id"]]
