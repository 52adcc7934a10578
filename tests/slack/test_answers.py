"""Slack end to end: repeated claims answered once in their thread, ordinary chat ignored, nobody ever pinged."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.helpers import CHP_QUOTE, CHP_SOURCE, CLAIM, KNOWN_LINK, ORDINARY
from tests.fakeslack import FakeSlack, Message, pings_in

pytestmark = pytest.mark.slack


async def assert_no_reply(fake: FakeSlack, channel: str, *silent: str) -> None:
    """Post a claim in #news and wait for its answer, then check the ``silent`` messages got none."""
    sentinel = await fake.post_message("bob", "news", CLAIM)
    await fake.wait_for_reply("news", sentinel.ts)
    await asyncio.sleep(0.1)
    for ts in silent:
        assert fake.replies(channel, ts) == [], f"message {ts} was answered"


def texts(message: Message) -> str:
    """Everything a message shows, as one string."""
    return repr(message.text) + repr(message.blocks)


async def test_a_repeated_claim_is_answered_in_its_thread_once(fake_slack, start_slack_bot):
    await start_slack_bot()

    posted = await fake_slack.post_message("alice", "general", CLAIM)

    reply = await fake_slack.wait_for_reply("general", posted.ts)
    assert reply.thread_ts == posted.ts
    assert reply.blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Misleading", "emoji": False}}
    shown = texts(reply)
    assert CHP_QUOTE in shown and "California Highway Patrol, via KTLA" in shown
    assert CHP_SOURCE.replace("&", "&amp;") in shown
    assert "Why this answer" in shown
    assert reply.text.startswith("Misleading: ")
    assert reply.args["unfurl_links"] is False and reply.args["unfurl_media"] is False
    assert "link_names" not in reply.args and "parse" not in reply.args
    sections = [block["text"] for block in reply.blocks if block["type"] == "section"]
    assert all(text["verbatim"] is True for text in sections if text["type"] == "mrkdwn")
    assert await posted.delivery.ack() is None
    await assert_no_reply(fake_slack, "general")
    assert len(fake_slack.replies("general", posted.ts)) == 1


async def test_an_ordinary_message_is_ignored(fake_slack, start_slack_bot):
    await start_slack_bot()

    ordinary = await fake_slack.post_message("alice", "general", ORDINARY)

    await assert_no_reply(fake_slack, "general", ordinary.ts)
    assert await ordinary.delivery.ack() is None


async def test_a_known_link_with_tracking_parameters_is_answered(fake_slack, start_slack_bot):
    await start_slack_bot()
    slack_text = f"did you see this <{KNOWN_LINK.replace('&', '&amp;')}>"  # Slack wraps links in <…>

    posted = await fake_slack.post_message("alice", "general", slack_text)

    reply = await fake_slack.wait_for_reply("general", posted.ts)
    assert "Westminster" in texts(reply) or "westminster" in texts(reply).lower()


async def test_mentions_in_the_message_never_reach_the_answer(fake_slack, start_slack_bot):
    await start_slack_bot()
    hostile = f"<!channel> <!here> <!everyone> <@U0BOB0001> <!subteam^S0REVIEWS|@reviewers> {CLAIM} @everyone"

    posted = await fake_slack.post_message("alice", "general", hostile)

    reply = await fake_slack.wait_for_reply("general", posted.ts)
    assert pings_in(reply.args) == []
    assert "<!" not in texts(reply) and "<@" not in texts(reply)
    assert not fake_slack.problems


async def test_messages_with_the_same_ts_in_two_channels_are_both_answered(fake_slack, start_slack_bot):
    await start_slack_bot()

    first = await fake_slack.post_message("alice", "general", CLAIM)
    second = await fake_slack.post_message("bob", "news", CLAIM, ts=first.ts)  # a ts is unique per channel only

    assert (await fake_slack.wait_for_reply("general", first.ts)).thread_ts == first.ts
    assert (await fake_slack.wait_for_reply("news", second.ts)).thread_ts == first.ts
    await asyncio.sleep(0.1)
    assert len(fake_slack.replies("general", first.ts)) == len(fake_slack.replies("news", first.ts)) == 1


async def test_a_message_in_a_thread_is_answered_in_that_thread(fake_slack, start_slack_bot):
    await start_slack_bot()
    parent = await fake_slack.post_message("bob", "general", ORDINARY)

    reply_in_thread = await fake_slack.post_message("alice", "general", CLAIM, thread_ts=parent.ts)

    answer = await fake_slack.wait_for(
        lambda: [m for m in fake_slack.replies("general", parent.ts) if m.bot_id], what="the answer in the thread"
    )
    assert answer[0].thread_ts == parent.ts
    assert fake_slack.replies("general", reply_in_thread.ts) == []


async def test_an_edit_is_assessed_again(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted = await fake_slack.post_message("alice", "general", ORDINARY)
    await assert_no_reply(fake_slack, "general", posted.ts)

    edit = await fake_slack.edit_message("general", posted.ts, CLAIM)

    reply = await fake_slack.wait_for_reply("general", posted.ts)
    assert reply.text.startswith("Misleading")
    assert await edit.ack() is None
    await fake_slack.edit_message("general", posted.ts, CLAIM + "!")  # edited again: still one answer
    await assert_no_reply(fake_slack, "general")
    assert len(fake_slack.replies("general", posted.ts)) == 1


async def test_a_deleted_message_takes_its_answer_with_it(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted = await fake_slack.post_message("alice", "general", CLAIM)
    reply = await fake_slack.wait_for_reply("general", posted.ts)

    await fake_slack.delete_message("general", posted.ts)

    await fake_slack.wait_for(lambda: fake_slack.message("general", reply.ts) is None, what="the answer deleted")
    deletion = fake_slack.calls("chat.delete")[0]
    assert (deletion.args["channel"], deletion.args["ts"]) == ("C0GENERAL", reply.ts)


async def test_a_redelivered_event_is_answered_once(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted = await fake_slack.post_message("alice", "general", CLAIM)
    await posted.delivery.ack()

    retried = await fake_slack.redeliver(posted.delivery)  # retry_attempt 1, same event id
    again = await fake_slack.socket.deliver("events_api", posted.delivery.payload)  # a retry saying attempt 0

    assert await retried.ack() is None and await again.ack() is None
    await fake_slack.wait_for_reply("general", posted.ts)
    await assert_no_reply(fake_slack, "general")
    assert len(fake_slack.replies("general", posted.ts)) == 1
    assert len([c for c in fake_slack.calls("chat.postMessage") if c.args.get("thread_ts") == posted.ts]) == 1


async def test_a_429_with_retry_after_is_waited_out_and_the_answer_posted(fake_slack, start_slack_bot):
    await start_slack_bot()
    fake_slack.rate_limit("chat.postMessage", retry_after=1)

    posted = await fake_slack.post_message("alice", "general", CLAIM)

    await fake_slack.wait_for_reply("general", posted.ts, timeout=8)
    calls = [c for c in fake_slack.calls("chat.postMessage") if c.args.get("thread_ts") == posted.ts]
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 1.0
    assert len(fake_slack.replies("general", posted.ts)) == 1


async def test_after_a_disconnect_the_bot_reconnects_and_misses_nothing(fake_slack, start_slack_bot):
    await start_slack_bot()

    await fake_slack.disconnect("refresh_requested")
    posted = [await fake_slack.post_message("alice", channel, CLAIM) for channel in ("general", "news")]
    await fake_slack.drop_connections()
    posted.append(await fake_slack.post_message("owner", "mods", "a man shoots at a CHP sergeant in Compton"))
    # (three channels: two claims racing in one channel may meet the per-channel cooldown, even at 0 minutes)

    for one in posted:
        channel = fake_slack.world.channels[one.message.channel].name
        await fake_slack.wait_for_reply(channel, one.ts, timeout=10)
    await assert_no_reply(fake_slack, "general")
    for one in posted:
        channel = fake_slack.world.channels[one.message.channel].name
        assert len(fake_slack.replies(channel, one.ts)) == 1
    assert len(fake_slack.calls("apps.connections.open")) >= 3


async def test_other_bots_and_other_subtypes_are_acknowledged_and_ignored(fake_slack, start_slack_bot):
    await start_slack_bot()
    from_bot = await fake_slack.post_message("otherbot", "general", CLAIM)
    joined = await fake_slack.socket.deliver(
        "events_api",
        {
            **from_bot.delivery.payload,
            "event_id": "EvJOIN0001",
            "event": {
                "type": "message",
                "subtype": "channel_join",
                "user": "U0BOB0001",
                "channel": "C0GENERAL",
                "ts": "1712345699.000100",
                "text": "<@U0BOB0001> has joined the channel",
            },
        },
    )

    assert await from_bot.delivery.ack() is None and await joined.ack() is None
    await assert_no_reply(fake_slack, "general", from_bot.ts)


async def test_stopping_lets_the_messages_being_handled_finish(fake_slack, start_slack_bot):
    bot = await start_slack_bot()
    fake_slack.delay("chat.postMessage", 0.5)
    posted = await fake_slack.post_message("alice", "general", CLAIM)
    await fake_slack.wait_for_call("chat.postMessage", lambda call: call.args.get("thread_ts") == posted.ts)

    await bot.stop()  # as on SIGTERM, while the answer is being posted

    assert len(fake_slack.replies("general", posted.ts)) == 1
    fake_slack.delay("chat.postMessage", 0)


async def test_the_health_server_reports_the_slack_connection_and_counts_messages(fake_slack, start_slack_bot):
    import json

    import aiohttp

    from tests.ports import free_port

    port = free_port()
    await start_slack_bot(health_port=port)
    posted = await fake_slack.post_message("alice", "general", CLAIM)
    await fake_slack.wait_for_reply("general", posted.ts)

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
            health = json.loads(await response.text())
        for _ in range(30):  # the answer is counted once recorded, just after Slack has it
            async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                metrics = await response.text()
            if "answers_sent_total 1.0" in metrics:
                break
            await asyncio.sleep(0.1)

    assert health["status"] == "ok" and health["checks"]["slack"] is True
    assert "messages_scanned_total 1.0" in metrics and "answers_sent_total 1.0" in metrics


async def test_a_burst_at_start_up_is_acknowledged_within_3_s(fake_slack, start_slack_bot):
    await start_slack_bot()  # the first events find Bolt without its auth.test answer and the caches empty

    burst = [await fake_slack.post_message("bob", "news", f"{ORDINARY} {n}") for n in range(500)]

    await fake_slack.wait_for(lambda: all(p.delivery.acked.done() for p in burst), timeout=10, what="every ack")
    assert not fake_slack.problems  # none later than 3 s
    assert max(fake_slack.ack_latencies()) < 3.0
