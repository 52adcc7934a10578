"""Slack delivery modes end to end (real slack_bolt): a marker reaction with a private answer on request, and
moderators only; ``reply`` and ``thread`` are both the thread reply Slack always gets (`test_answers`).
"""

from __future__ import annotations

import pytest

from slackfront.port import MARKER_REACTION
from tests.e2e.helpers import CLAIM, ORDINARY
from tests.fakeslack import FakeSlack
from tests.slack.test_answers import assert_no_reply
from tests.slack.test_interactions import review_card, shown

pytestmark = pytest.mark.slack


async def alerts(fake: FakeSlack, text: str, *, count: int) -> str:
    """``/alerts <text>`` as the workspace's owner; the ``count``-th private answer the owner got."""
    command = await fake.slash_command("owner", "general", "/alerts", text)
    assert await command.ack() is None
    return (await fake.wait_for_ephemeral("owner", count=count)).text


def marked(fake: FakeSlack, ts: str) -> bool:
    message = fake.message("general", ts)
    return message is not None and fake.world.bot.id in message.reactions.get(MARKER_REACTION, [])


async def test_marker_mode_reacts_and_the_shortcut_shows_the_answer_privately(fake_slack, start_slack_bot):
    await start_slack_bot()
    assert "`marker`" in await alerts(fake_slack, "delivery marker <#C0GENERAL|general>", count=1)

    posted = await fake_slack.post_message("alice", "general", CLAIM)

    await fake_slack.wait_for(lambda: marked(fake_slack, posted.ts) or None, what="the marker")
    [added] = fake_slack.calls("reactions.add")
    assert added.args == {"channel": "C0GENERAL", "timestamp": posted.ts, "name": "mag"}
    await assert_no_reply(fake_slack, "general", posted.ts)  # #news still gets thread replies
    shortcut = await fake_slack.message_shortcut("bob", "general", posted.ts, "factcheck_message")
    assert await shortcut.ack() is None
    assert "Misleading" in shown(await fake_slack.wait_for_ephemeral("bob"))
    status = await alerts(fake_slack, "status", count=2)
    assert "Delivery: `reply` (`marker` in <#C0GENERAL>)" in status

    await fake_slack.delete_message("general", posted.ts)
    await assert_no_reply(fake_slack, "general")
    assert fake_slack.calls("chat.delete") == [] and fake_slack.calls("reactions.remove") == []
    assert not fake_slack.problems


async def test_marker_mode_marks_an_edit_into_a_claim_once(fake_slack, start_slack_bot):
    await start_slack_bot()
    await alerts(fake_slack, "delivery marker", count=1)  # the whole workspace
    posted = await fake_slack.post_message("alice", "general", ORDINARY)

    await fake_slack.edit_message("general", posted.ts, CLAIM)
    await fake_slack.wait_for(lambda: marked(fake_slack, posted.ts) or None, what="the marker")
    await fake_slack.edit_message("general", posted.ts, CLAIM + " (really)")
    sentinel = await fake_slack.post_message("bob", "news", CLAIM)
    await fake_slack.wait_for(lambda: fake_slack.message("news", sentinel.ts).reactions or None, what="sentinel")

    assert len(fake_slack.calls("reactions.add")) == 2 and fake_slack.replies("general", posted.ts) == []


async def test_moderators_only_posts_nothing_and_queues_the_match(fake_slack, start_slack_bot):
    await start_slack_bot()
    answer = await alerts(fake_slack, "delivery moderators-only <#C0GENERAL|general>", count=1)
    assert "review items in the review channel" in answer

    posted = await fake_slack.post_message("alice", "general", CLAIM)

    card = await review_card(fake_slack)
    assert card.text.startswith("Possible misinformation") and "*Suggested:* Video of a man" in shown(card)
    await assert_no_reply(fake_slack, "general", posted.ts)
    assert fake_slack.calls("reactions.add") == []
    assert [m for m in fake_slack.messages("general") if m.bot_id] == []
    cleared = await alerts(fake_slack, "delivery default <#C0GENERAL|general>", count=2)
    assert "follows the workspace's delivery again" in cleared
    again = await fake_slack.post_message("bob", "general", CLAIM + " again")
    await fake_slack.wait_for_reply("general", again.ts)


async def test_thread_mode_is_the_thread_reply_slack_always_gets(fake_slack, start_slack_bot):
    await start_slack_bot()
    assert "the same as `reply` on Slack" in await alerts(fake_slack, "delivery thread", count=1)

    posted = await fake_slack.post_message("alice", "general", CLAIM)

    reply = await fake_slack.wait_for_reply("general", posted.ts)
    assert reply.thread_ts == posted.ts and "reply_broadcast" not in reply.args
    assert fake_slack.calls("reactions.add") == []
    assert "`/alerts delivery reply|thread|marker" in await alerts(fake_slack, "delivery louder", count=2)
