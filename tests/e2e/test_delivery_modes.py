"""Delivery modes end to end: a reply, a thread on the message, a marker, or moderators only (real discord.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord_ui.delivery import MARKER_EMOJI
from tests.bot.test_reload import knowledge_copy
from tests.e2e.helpers import CLAIM, ORDINARY, RunningBot, eventually
from tests.e2e.test_corrections import drop_first_via, edits_of, reload
from tests.fakediscord._payloads import Payload
from tests.fakediscord._world import ROLE_OVERWRITE, Overwrite

pytestmark = pytest.mark.e2e

THREADS = "/channels/{channel_id}/messages/{message_id}/threads"
REACTION = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"
NO_PINGS = {"parse": []}


async def set_delivery(running: RunningBot, mode: str, channel: str | None = None) -> str:
    """``/alerts delivery`` as the server's owner; the private confirmation."""
    options: dict[str, Any] = {"mode": mode}
    if channel is not None:
        options["channel"] = running.channel(channel)
    command = await running.fake.slash_command("owner", "mods", "alerts delivery", options)
    response = await running.fake.wait_for_interaction_response(command)
    assert response.ephemeral
    return response.content


def marked(running: RunningBot, message: Payload) -> bool:
    """Whether the bot's marker is on the message."""
    return running.fake.world.bot.id in running.fake.reactors(message, MARKER_EMOJI)


async def thread_answer(running: RunningBot, posted: Payload) -> Payload:
    """The bot's answer in the thread started on ``posted`` (the thread's id is the message's)."""
    return await running.fake.wait_for_message(int(posted["id"]), predicate=lambda m: bool(m.get("embeds")))


async def test_reply_is_the_default_and_says_so_in_the_status(start_alert_bot):
    running = await start_alert_bot()
    status = await running.fake.wait_for_interaction_response(
        await running.fake.slash_command("owner", "mods", "alerts status")
    )
    delivery = next(field for field in status.embeds[0]["fields"] if field["name"] == "Delivery")
    assert delivery["value"].startswith("`reply`") and delivery["value"].endswith("(default)")

    posted = await running.post("alice", "general", CLAIM)

    answer = await running.answer_to(posted)
    assert answer["channel_id"] == posted["channel_id"] and answer["mentions"] == []
    assert running.fake.requests_matching("POST", THREADS) == []


async def test_thread_mode_answers_in_a_thread_on_the_message_and_deletes_it_with_the_message(start_alert_bot):
    running = await start_alert_bot()
    confirmation = await set_delivery(running, "thread")
    assert "thread started on the message" in confirmation and "can't" not in confirmation

    posted = await running.post("alice", "general", CLAIM)

    answer = await thread_answer(running, posted)
    thread = running.fake.world.guild.channel_by_id(int(posted["id"]))
    assert thread is not None and thread.parent_id == running.channel("general").id
    assert thread.name.startswith("Fact check: ") and "@" not in thread.name and "<" not in thread.name
    assert answer["embeds"][0]["title"].startswith("Misleading") and answer["mentions"] == []
    assert answer["mention_everyone"] is False and answer["mention_roles"] == []
    sent = running.fake.requests_matching("POST", "/channels/{channel_id}/messages")
    assert [r.json["allowed_mentions"] for r in sent if r.path == f"/channels/{thread.id}/messages"] == [NO_PINGS]
    assert running.answers_to(posted) == []  # nothing under the message in #general

    await running.fake.delete_message(posted)

    await running.fake.wait_until(lambda: running.fake.message(answer["id"]) is None or None, what="thread answer")
    assert [m["id"] for m in running.fake.deleted_messages()] == [posted["id"], answer["id"]]


async def test_a_refused_thread_falls_back_to_a_reply(start_alert_bot, fake_discord):
    guild = fake_discord.world.guild
    bot_role = guild.role(fake_discord.world.bot.username)
    no_threads = Overwrite(bot_role.id, ROLE_OVERWRITE, deny=1 << 35)  # CREATE_PUBLIC_THREADS
    guild.channel("general").overwrites.append(no_threads)
    running = await start_alert_bot()
    confirmation = await set_delivery(running, "thread", "general")
    assert "give me Create Public Threads (until then answers there will be replies)" in confirmation

    posted = await running.post("alice", "general", CLAIM)

    answer = await running.answer_to(posted)
    assert answer["embeds"][0]["title"].startswith("Misleading")
    [refused] = running.fake.requests_matching("POST", THREADS)
    assert refused.status == 403
    assert guild.channel_by_id(int(posted["id"])) is None


async def test_marker_mode_reacts_and_the_menu_shows_the_answer_privately(start_alert_bot):
    running = await start_alert_bot()
    assert "reaction on the message" in await set_delivery(running, "marker", "general")

    posted = await running.post("alice", "general", CLAIM)

    await running.fake.wait_until(lambda: marked(running, posted) or None, what="the marker")
    [react] = running.fake.requests_matching("PUT", REACTION)
    assert react.path.endswith(f"/reactions/{MARKER_EMOJI}/@me")
    await running.assert_no_answer(posted, sentinel_channel="news")  # #news still gets replies
    assert running.fake.bot_messages(running.channel("general")) == []
    menu = await running.fake.message_command("bob", "Fact-check message", posted)
    response = await running.fake.wait_for_interaction_response(menu)
    assert response.ephemeral and response.embeds[0]["title"].startswith("Misleading")


async def test_marker_mode_marks_an_edit_into_a_claim_and_deleting_takes_the_marker(start_alert_bot):
    running = await start_alert_bot()
    await set_delivery(running, "marker")
    posted = await running.post("alice", "general", ORDINARY)

    await running.fake.edit_message(posted, CLAIM)

    await running.fake.wait_until(lambda: marked(running, posted) or None, what="the marker")
    since = running.fake.mark()
    await running.fake.delete_message(posted)
    await set_delivery(running, "reply", "news")  # a sentinel: handled after the deletion
    await running.assert_no_answer(sentinel_channel="news")
    running.fake.assert_no_requests("DELETE", since=since)  # nothing of the member's (or anyone's) deleted
    assert running.fake.reactors(posted, MARKER_EMOJI) == []


async def test_moderators_only_posts_nothing_in_the_channel_and_queues_the_match(start_alert_bot):
    running = await start_alert_bot()
    guild = str(running.fake.world.guild.id)
    await running.services.guild_settings.set_moderators_channel(guild, str(running.channel("mods").id))
    assert "review items for moderators only" in await set_delivery(running, "moderators-only", "general")

    posted = await running.post("alice", "general", CLAIM)

    item = await running.fake.wait_for_message(running.channel("mods"), predicate=lambda m: bool(m.get("embeds")))
    assert item["components"] and item["mentions"] == []
    await running.assert_no_answer(posted, sentinel_channel="news")
    assert running.fake.bot_messages(running.channel("general")) == []
    assert not marked(running, posted) and running.fake.requests_matching("POST", THREADS) == []


async def test_a_channel_mode_beats_the_servers_and_default_clears_it(start_alert_bot):
    running = await start_alert_bot(cooldown_minutes=0)
    await set_delivery(running, "marker")
    assert "now come as: `reply`" in await set_delivery(running, "reply", "general")

    in_general = await running.post("alice", "general", CLAIM)
    in_news = await running.post("bob", "news", CLAIM)

    await running.answer_to(in_general)
    await running.fake.wait_until(lambda: marked(running, in_news) or None, what="the marker in #news")
    assert running.answers_to(in_news) == [] and not marked(running, in_general)
    assert "follows the server's delivery again (`marker`" in await set_delivery(running, "default", "general")
    again = await running.post("alice", "general", CLAIM + " again")
    await running.fake.wait_until(lambda: marked(running, again) or None, what="the marker in #general")


async def test_a_thread_made_but_its_response_lost_is_used_once(start_alert_bot):
    running = await start_alert_bot()
    await set_delivery(running, "thread")
    running.fake.fail_next("POST", THREADS, status=503, after_handling=True)

    posted = await running.post("alice", "general", CLAIM)

    answer = await thread_answer(running, posted)
    assert [r.status for r in running.fake.requests_matching("POST", THREADS)] == [503, 400]  # 160004: it exists
    assert answer["channel_id"] == posted["id"]
    assert len(running.fake.bot_messages(int(posted["id"]))) == 1 and running.answers_to(posted) == []


async def test_a_correction_edits_the_answer_in_its_thread(start_alert_bot, tmp_path):
    incidents = knowledge_copy(tmp_path / "incidents")
    running = await start_alert_bot(knowledge_paths=(incidents,), corrections_pace_seconds=0)
    await set_delivery(running, "thread")
    posted = await running.post("alice", "general", CLAIM)
    answer = await thread_answer(running, posted)
    await eventually(lambda: running.metric("answers_sent_total") == 1, what="the answer recorded")
    drop_first_via(incidents)

    await reload(running)

    [edit] = await running.fake.wait_until(lambda: edits_of(running.fake, answer) or None, what="the edit")
    assert edit.path == f"/channels/{posted['id']}/messages/{answer['id']}"  # in the thread
    assert running.fake.message(answer["id"])["content"].startswith("Updated ")


async def test_thread_mode_replies_to_a_message_already_in_a_thread(start_alert_bot):
    running = await start_alert_bot()
    await set_delivery(running, "thread", "general")  # its threads follow it

    posted = await running.post("alice", "general-thread", CLAIM)

    answer = await running.answer_to(posted)
    assert answer["channel_id"] == str(running.channel("general-thread").id)
    assert running.fake.requests_matching("POST", THREADS) == []
