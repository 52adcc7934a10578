"""Automatic answers: a repeated claim gets one answer with the officials' words, and the bot never spams or pings."""

from __future__ import annotations

import asyncio

import discord
import pytest
from sqlalchemy import func, select

from bot.db.models import AnswerCooldown
from tests.e2e.helpers import CHP_QUOTE, CHP_SOURCE, CLAIM, KNOWN_LINK, ORDINARY, RunningBot, eventually
from tests.fakediscord import Overwrite
from tests.fakediscord._world import ROLE_OVERWRITE

pytestmark = pytest.mark.e2e

MESSAGES = "/channels/{id}/messages"
SEND_MESSAGES = discord.Permissions(send_messages=True).value


async def test_a_repeated_claim_gets_one_reply_quoting_the_chp_with_its_source(start_alert_bot):
    running = await start_alert_bot()
    mark = running.fake.mark()
    reserved = running.metric("answer_reservation_seconds_count")

    posted = await running.post("alice", "general", CLAIM)

    answer = await running.answer_to(posted)
    assert running.metric("answer_reservation_seconds_count") == reserved + 1  # timed before the answer was posted
    embed = answer["embeds"][0]
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    quoted = [field for field in embed["fields"] if field["name"] == "California Highway Patrol, via KTLA"]
    assert embed["title"].startswith("Misleading: ")
    assert CHP_QUOTE in quoted[0]["value"]
    assert CHP_SOURCE in fields["Sources"]
    assert "chp sergeant" in fields["Why this answer"].lower()
    assert [c["custom_id"] for row in answer["components"] for c in row["components"]] == ["misinfo:dispute"]
    request = await running.fake.wait_for_request("POST", MESSAGES, since=mark)
    assert request.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert str(request.json["message_reference"]["message_id"]) == posted["id"]
    await running.assert_no_answer()
    assert len(running.answers_to(posted)) == 1


async def test_an_ordinary_message_gets_no_answer(start_alert_bot):
    running = await start_alert_bot()

    ordinary = await running.post("alice", "general", ORDINARY)

    await running.assert_no_answer(ordinary)
    assert running.metric("messages_scanned_total") == 2


async def test_the_cooldown_holds_in_a_channel_but_not_in_another(start_alert_bot):
    running = await start_alert_bot()
    first = await running.post("alice", "general", CLAIM)
    await running.answer_to(first)

    again = await running.post("bob", "general", "a man shoots at a CHP sergeant during the Compton takeover!!")

    await running.assert_no_answer(again, sentinel_channel="news")


async def test_a_claim_in_a_thread_is_answered_in_the_thread(start_alert_bot):
    running = await start_alert_bot()

    posted = await running.post("alice", "general-thread", CLAIM)

    answer = await running.answer_to(posted)
    assert answer["channel_id"] == posted["channel_id"]


async def test_mentions_in_a_claim_never_ping_anyone(start_alert_bot):
    running = await start_alert_bot()
    guild = running.fake.world.guild
    alice, moderators = guild.member("alice"), guild.role("Moderator")
    loud = f"@everyone @here {CLAIM} <@{alice.user.id}> {moderators.mention}"

    posted = await running.post("owner", "general", loud)

    answer = await running.answer_to(posted)
    assert posted["mention_everyone"] is True  # the owner may ping everyone; the bot must not repeat it
    assert answer["mention_everyone"] is False
    assert answer["mentions"] == []
    assert answer["mention_roles"] == []
    request = running.fake.requests_matching("POST", MESSAGES)[0]
    assert request.json["allowed_mentions"]["parse"] == []


async def test_a_known_link_in_another_form_is_answered(start_alert_bot):
    running = await start_alert_bot()

    posted = await running.post("alice", "news", f"omg look {KNOWN_LINK}")

    answer = await running.answer_to(posted)
    assert "Westminster" in answer["embeds"][0]["footer"]["text"]
    assert "spamchronicles.com" in answer["embeds"][0]["fields"][-1]["value"]


async def test_a_message_carrying_an_official_source_gets_no_answer(start_alert_bot):
    running = await start_alert_bot()

    sourced = await running.post("alice", "general", f"{CLAIM}? no, read {CHP_SOURCE}")

    await running.assert_no_answer(sourced)


async def test_bots_and_webhooks_are_ignored(start_alert_bot):
    running = await start_alert_bot()

    from_bot = await running.post("otherbot", "news", CLAIM)
    from_webhook = await running.fake.post_webhook_message("News Feed", CLAIM)

    await running.assert_no_answer(from_bot, from_webhook, sentinel_channel="general")


async def test_the_bots_own_answers_echoed_back_are_ignored(start_alert_bot):
    running = await start_alert_bot()
    first = await running.post("alice", "general", CLAIM)
    answer = await running.answer_to(first)
    echoed = running.fake.message(answer["id"])
    assert echoed is not None

    await running.assert_no_answer(sentinel_channel="news")

    await eventually(lambda: running.metric("answers_sent_total") == 2, what="two answers counted")
    assert len(running.fake.requests_matching("POST", MESSAGES)) == 2
    assert running.metric("messages_scanned_total") == 2
    assert running.metric("matches_total", action="reply") == 2
    assert running.metric("end_to_end_latency_seconds_count") == 2
    assert running.metric("matcher_latency_seconds_count") == 2


async def test_a_reply_refused_by_discord_frees_the_cooldown(start_alert_bot):
    running = await start_alert_bot()
    fake, news = running.fake, running.channel("news")
    no_sending = Overwrite(fake.world.guild.role(fake.world.bot.username).id, ROLE_OVERWRITE, deny=SEND_MESSAGES)
    news.overwrites.append(no_sending)
    refused = await running.post("alice", "news", CLAIM)
    await fake.wait_for_request("POST", MESSAGES, predicate=lambda r: r.status == 403)
    async with asyncio.timeout(3):
        while await cooldown_slots(running):  # noqa: ASYNC110  # the release is written after the 403
            await asyncio.sleep(0.01)

    news.overwrites.remove(no_sending)
    retried = await running.post("bob", "news", CLAIM)

    await running.answer_to(retried)
    assert running.answers_to(refused) == []


async def cooldown_slots(running: RunningBot) -> int:
    async with running.runtime.engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(AnswerCooldown)) or 0
