"""Corrections end to end: the real bot edits its earlier answers when a reload changes their claim's record (once,
across a restart), when moderators retract one, and not in a server that switched corrections off.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db.engine import create_session_factory
from bot.db.models import ClaimRecordRow, Correction
from bot.domain import CorrectionStatus
from bot.platform.port import Delivery
from bot.services.cards import RETRACTED_TEXT
from cogs.alerts._views import DISPUTE_CUSTOM_ID
from tests.bot.test_reload import knowledge_copy
from tests.e2e.helpers import CHP_QUOTE, CLAIM, RunningBot, eventually
from tests.e2e.test_feeds import LAKE, start_subscribed
from tests.e2e.test_review import click, embed_text, posted_item
from tests.e2e.test_review import start as start_with_mods
from tests.fakediscord import FakeDiscord
from tests.feedserver import claim_review, data_feed, feed_server

pytestmark = pytest.mark.e2e

COMPTON_FILE = "compton-chp-takeover-video.yaml"
EDIT = "/channels/{channel_id}/messages/{message_id}"
CLAIM_TEXT = "Video shows a man shooting at a CHP sergeant and his patrol car during a Compton street takeover"
TODAY = dt.datetime.now(dt.UTC).date().isoformat()


def drop_first_via(incidents: Path) -> None:
    """The first statement (the CHP's, as reported by KTLA) loses its outlet: a statement updated."""
    path = incidents / COMPTON_FILE
    text = path.read_text()
    path.write_text(text.replace("    via: KTLA\n", "", 1))


def edits_of(fake: FakeDiscord, answer: dict[str, Any]) -> list[Any]:
    """The PATCH requests the bot made to an answer message (accepted by the stand-in)."""
    path = f"/channels/{answer['channel_id']}/messages/{answer['id']}"
    return [request for request in fake.requests_matching("PATCH", EDIT) if request.path == path and request.ok]


async def answered(running: RunningBot, channel: str, count: int) -> dict[str, Any]:
    answer = await running.answer_to(await running.post("alice", channel, CLAIM))
    await eventually(lambda: running.metric("answers_sent_total") == count, what="the answer recorded")
    return answer


async def reload(running: RunningBot) -> None:
    """``/alerts reload`` by the bot's operator."""
    world = running.fake.world
    operator = world.guild.add_member(world.app_owner, [world.guild.role("Admin")]).user.username
    reply = await running.fake.wait_for_followups(
        await running.fake.slash_command(operator, "general", "alerts reload")
    )
    assert reply[0]["content"].startswith("Knowledge reloaded"), reply[0]["content"]


async def count(running: RunningBot, status: CorrectionStatus | None = None) -> int:
    query = select(func.count(Correction.id))
    if status is not None:
        query = query.where(Correction.status == status.value)
    async with create_session_factory(running.runtime.engine)() as session:
        return await session.scalar(query) or 0


async def test_a_reload_changing_a_statement_edits_earlier_answers_once_across_a_restart(start_alert_bot, tmp_path):
    incidents = knowledge_copy(tmp_path / "incidents")
    first = await start_alert_bot(knowledge_paths=(incidents,), cooldown_minutes=0, corrections_pace_seconds=60)
    fake = first.fake
    answers = [await answered(first, "general", 1), await answered(first, "news", 2)]
    assert "via KTLA" in answers[0]["embeds"][0]["fields"][0]["name"]
    drop_first_via(incidents)

    await reload(first)

    await fake.wait_until(lambda: any(edits_of(fake, answer) for answer in answers) or None, what="a first edit")
    await until(lambda: count(first, CorrectionStatus.DONE), 1, what="the first edit recorded")
    await first.stop()  # it waits 60 s before the next edit: one edit stays queued
    assert await count(first, CorrectionStatus.PENDING) == 1
    [edited] = [answer for answer in answers if edits_of(fake, answer)]
    [waiting] = [answer for answer in answers if not edits_of(fake, answer)]

    second = await start_alert_bot(
        knowledge_paths=(incidents,), database_url=first.settings.database_url, corrections_pace_seconds=0
    )

    await fake.wait_until(lambda: edits_of(fake, waiting) or None, what="the queued edit after the restart", timeout=10)
    await until(lambda: count(second, CorrectionStatus.DONE), 2, what="the second edit recorded")
    assert await count(second) == 2
    assert [len(edits_of(fake, answer)) for answer in (edited, waiting)] == [1, 1]
    for answer in answers:
        body = edits_of(fake, answer)[0].json
        assert body["content"] == f"Updated {TODAY}: statement updated"
        assert body["allowed_mentions"]["parse"] == []
        [embed] = body["embeds"]
        assert embed["title"].startswith("Misleading: Video shows a man shooting at a CHP sergeant")
        assert embed["fields"][0]["name"] == "California Highway Patrol"  # no longer "via KTLA"
        assert CHP_QUOTE in embed["fields"][0]["value"]
        shown = fake.message(answer["id"])
        assert shown["content"] == f"Updated {TODAY}: statement updated"
        assert shown["components"], "the dispute button stays on a corrected answer"


async def test_a_retracted_answer_is_edited_to_say_so(start_alert_bot, fake_discord):
    running = await start_with_mods(start_alert_bot, fake_discord)
    answer = await answered(running, "general", 1)
    await fake_discord.wait_for_shown(await fake_discord.click_button("bob", answer, DISPUTE_CUSTOM_ID))
    item = await posted_item(running)

    await click(running, "moderator", item, "retract")

    await fake_discord.wait_until(lambda: edits_of(fake_discord, answer) or None, what="the answer corrected")
    shown = fake_discord.message(answer["id"])
    assert shown is not None, "a retracted answer is corrected, not deleted"
    assert shown["content"] == f"Updated {TODAY}: answer retracted by the moderators"
    [embed] = shown["embeds"]
    assert embed["title"] == f"Retracted: {CLAIM_TEXT}"
    assert embed["description"] == RETRACTED_TEXT
    assert embed.get("fields", []) == []
    assert shown["components"] == []  # nothing left to dispute
    assert "Retracted: the answer was withdrawn" in embed_text(fake_discord.message(item["id"]))
    await until(lambda: count(running, CorrectionStatus.DONE), 1, what="the edit recorded")
    command = await fake_discord.slash_command("moderator", "mods", "review log")
    log = (await fake_discord.wait_for_interaction_response(command)).embeds[0]
    [field] = [f for f in log["fields"] if f["name"] == "Corrections of past answers"]
    assert f"/{answer['channel_id']}/{answer['id']})" in field["value"]
    assert "answer retracted by the moderators (edited)" in field["value"]


async def test_with_corrections_off_answers_stay_as_posted(start_alert_bot, tmp_path):
    incidents = knowledge_copy(tmp_path / "incidents")
    running = await start_alert_bot(knowledge_paths=(incidents,), cooldown_minutes=0)
    fake = running.fake
    answer = await answered(running, "general", 1)
    switched = await fake.slash_command("owner", "mods", "alerts corrections", {"enabled": False})
    assert (await fake.wait_for_interaction_response(switched)).content.startswith("Corrections are now off")
    drop_first_via(incidents)

    await reload(running)

    async def record_version() -> int:
        async with create_session_factory(running.runtime.engine)() as session:
            return await session.scalar(select(func.max(ClaimRecordRow.version))) or 0

    await until(record_version, 2, what="the change seen (the claim's record moved on)")
    assert await count(running) == 0  # ... and nothing was queued
    assert edits_of(fake, answer) == []
    assert (await status_text(running))["Corrections"] == "off"


async def until(read: Callable[[], Awaitable[int]], expected: int, *, what: str, timeout: float = 5.0) -> None:
    """Wait until ``await read()`` returns ``expected`` (the database has no event to wait on)."""
    async with asyncio.timeout(timeout):
        while await read() != expected:  # noqa: ASYNC110  # the database has no event to wait on
            await asyncio.sleep(0.02)
    assert await read() == expected, what


async def status_text(running: RunningBot) -> dict[str, str]:
    command = await running.fake.slash_command("owner", "mods", "alerts status")
    embed = (await running.fake.wait_for_interaction_response(command)).embeds[0]
    return {field["name"]: field["value"] for field in embed["fields"]}


async def test_a_rate_limited_edit_is_waited_out_and_made_once(start_alert_bot, tmp_path):
    incidents = knowledge_copy(tmp_path / "incidents")
    running = await start_alert_bot(knowledge_paths=(incidents,), corrections_pace_seconds=0)
    fake = running.fake
    answer = await answered(running, "general", 1)
    fake.fail_next("PATCH", EDIT, status=429, retry_after=0.3)
    drop_first_via(incidents)

    await reload(running)

    await until(lambda: count(running, CorrectionStatus.DONE), 1, what="the edit made")
    path = f"/channels/{answer['channel_id']}/messages/{answer['id']}"
    assert [r.status for r in fake.requests_matching("PATCH", EDIT) if r.path == path] == [429, 200]
    assert fake.message(answer["id"])["content"] == f"Updated {TODAY}: statement updated"


async def test_an_answer_given_in_a_thread_is_corrected_in_the_thread(start_alert_bot, tmp_path):
    incidents = knowledge_copy(tmp_path / "incidents")
    running = await start_alert_bot(knowledge_paths=(incidents,), corrections_pace_seconds=0)
    await running.services.guild_settings.set_delivery(str(running.fake.world.guild.id), Delivery.THREAD)
    posted = await running.post("alice", "general", CLAIM)
    answer = await running.fake.wait_for_message(int(posted["id"]), predicate=lambda m: bool(m.get("embeds")))
    await eventually(lambda: running.metric("answers_sent_total") == 1, what="the answer recorded")
    drop_first_via(incidents)

    await reload(running)

    await until(lambda: count(running, CorrectionStatus.DONE), 1, what="the edit made")
    assert answer["channel_id"] == posted["id"]  # the thread started on the message
    assert len(edits_of(running.fake, answer)) == 1
    assert running.fake.message(answer["id"])["content"] == f"Updated {TODAY}: statement updated"


async def test_a_feed_changing_a_rating_corrects_the_earlier_answer(start_alert_bot):
    async with feed_server() as feed:
        feed.publish(data_feed(claim_review(1, LAKE)))
        running = await start_subscribed(start_alert_bot, feed, corrections_pace_seconds=0)
        answer = await running.answer_to(
            await running.post("alice", "general", "the lake was drained overnight by the city")
        )
        assert answer["embeds"][0]["title"] == f"False: {LAKE}"
        await eventually(lambda: running.metric("answers_sent_total") == 1, what="the answer recorded")

        feed.publish(data_feed(claim_review(1, LAKE, rating="Misleading")))

        await until(lambda: count(running, CorrectionStatus.DONE), 1, what="the edit made", timeout=15)
    shown = running.fake.message(answer["id"])
    changed = "verdict changed from False to Misleading; clarification updated; fact-checker's rating updated"
    assert shown["content"] == f"Updated {TODAY}: {changed}"
    assert shown["embeds"][0]["title"] == f"Misleading: {LAKE}"
