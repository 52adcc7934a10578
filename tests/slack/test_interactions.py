"""Slack end to end: /factcheck, the two message shortcuts, the review queue's buttons, /alerts, disputes, restarts."""

from __future__ import annotations

import asyncio

import pytest

from slackfront.blocks import DRAFT_ACTION, PICK_ACTION
from tests.e2e.helpers import CHP_QUOTE, CLAIM, ORDINARY
from tests.fakeslack import FakeSlack, Message

pytestmark = pytest.mark.slack

UNSURE = "that compton takeover clip with the chp sergeant, wild, shots everywhere"
"""Names the incident without saying the claim (review tier, the CHP claim at about 96): queued for review."""
UNKNOWN = "my cousin says the mayor secretly closed the park"
"""Matches nothing; reported, it becomes an item without a suggestion."""


def shown(message: Message) -> str:
    return repr(message.text) + repr(message.blocks)


def buttons(message: Message) -> list[str]:
    return [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


async def review_card(fake: FakeSlack, *, count: int = 1) -> Message:
    """The ``count``-th review item posted in #mods."""
    found = await fake.wait_for(
        lambda: len(cards := [m for m in fake.messages("mods") if m.bot_id and "item #" in m.text]) >= count and cards,
        timeout=8,
        what=f"review item {count} in #mods",
    )
    return found[count - 1]


async def report(fake: FakeSlack, reporter: str, ts: str, note: str | None, channel: str = "general") -> None:
    """Report a message with the shortcut, and submit the modal with ``note``."""
    views = len(fake.store.views)
    shortcut = await fake.message_shortcut(reporter, channel, ts, "report_misinformation")
    assert await shortcut.ack() is None
    opened = await fake.wait_for(lambda: list(fake.store.views.values())[views:], what="the report modal")
    assert opened[0].view["callback_id"] == "report_misinformation_note"
    submitted = await fake.submit_view(opened[0].id, {"note": {"note_text": note}})
    assert await submitted.ack() is None


async def test_factcheck_answers_privately(fake_slack, start_slack_bot):
    await start_slack_bot()

    command = await fake_slack.slash_command("alice", "general", "/factcheck", CLAIM)

    assert await command.ack() is None
    answer = await fake_slack.wait_for_ephemeral("alice")
    assert answer.via == "response_url"
    assert "Misleading" in shown(answer) and CHP_QUOTE in shown(answer)
    assert fake_slack.messages("general") == []  # nothing public
    empty = await fake_slack.slash_command("alice", "general", "/factcheck", "")
    await empty.ack()
    assert "/factcheck some claim" in (await fake_slack.wait_for_ephemeral("alice", count=2)).text
    unknown = await fake_slack.slash_command("bob", "general", "/factcheck", ORDINARY)
    await unknown.ack()
    assert "Nothing in the knowledge base" in (await fake_slack.wait_for_ephemeral("bob")).text


async def test_the_factcheck_shortcut_answers_about_a_message_privately(fake_slack, start_slack_bot):
    bot = await start_slack_bot()
    await bot.services.guild_settings.set_auto_replies(bot_team(bot), False)  # no automatic answer in the way
    posted = await fake_slack.post_message("bob", "general", CLAIM)

    shortcut = await fake_slack.message_shortcut("alice", "general", posted.ts, "factcheck_message")

    assert await shortcut.ack() is None
    answer = await fake_slack.wait_for_ephemeral("alice")
    assert "Misleading" in shown(answer)
    assert fake_slack.replies("general", posted.ts) == []


def bot_team(bot) -> str:
    return bot.team_id


async def test_a_report_with_a_note_reaches_the_review_channel_and_never_pings(fake_slack, start_slack_bot):
    await start_slack_bot()
    typed = "&lt;!channel&gt; typed out, and real mentions:"  # Slack escapes what members type
    posted = await fake_slack.post_message("bob", "general", f"{typed} <!channel> <@U0ALICE01|alice> {UNKNOWN}")

    await report(fake_slack, "alice", posted.ts, "looks like <!here> bait & switch")

    card = await review_card(fake_slack)
    assert card.text.startswith("Reported as misinformation")
    assert "by bob (U0BOB0001) in &lt;#C0GENERAL&gt;" not in shown(
        card
    ) and "by bob (U0BOB0001) in <#C0GENERAL>" in shown(card)
    assert "alice (U0ALICE01): looks like" in shown(card)
    assert "&lt;!channel&gt; typed out" in shown(card) and "@channel @alice" in shown(card)
    assert "&lt;!here&gt; bait &amp; switch" in shown(card)
    assert "<!channel>" not in shown(card) and "<!here>" not in shown(card) and "<@U" not in shown(card)
    assert buttons(card) == ["review_approve", PICK_ACTION, "review_reject", "review_dismiss", DRAFT_ACTION]
    thanks = await fake_slack.wait_for_ephemeral("alice")
    assert "reviewers will look at it" in thanks.text
    await report(fake_slack, "owner", posted.ts, None)  # a second reporter: the same item, counted
    await fake_slack.wait_for(lambda: "2 people" in shown(fake_slack.message("mods", card.ts)), what="count 2")
    assert len([m for m in fake_slack.messages("mods") if "item #" in m.text]) == 1


async def test_an_uncertain_match_is_decided_by_a_reviewer_and_refused_to_others(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted = await fake_slack.post_message("bob", "general", UNSURE)
    card = await review_card(fake_slack)
    assert card.text.startswith("Possible misinformation") and "Suggested" in shown(card)
    assert fake_slack.replies("general", posted.ts) == []

    refused = await fake_slack.click("helper", "mods", card.ts, "review_approve", value=card_item(card))
    await refused.ack()
    assert "Only the workspace's reviewers" in (await fake_slack.wait_for_ephemeral("helper")).text
    assert buttons(fake_slack.message("mods", card.ts))  # unchanged
    assert fake_slack.replies("general", posted.ts) == []

    decided = await fake_slack.click("moderator", "mods", card.ts, "review_approve", value=card_item(card))
    await decided.ack()
    answer = await fake_slack.wait_for_reply("general", posted.ts)
    assert "a moderator of this server confirmed it" in shown(answer)
    updated = await fake_slack.wait_for(
        lambda: (m := fake_slack.message("mods", card.ts)) and not buttons(m) and m, what="the card updated"
    )
    assert "Decision: approved by moderator (U0MODER01)" in shown(updated)


def card_item(card: Message) -> str:
    return next(e["value"] for b in card.blocks if b["type"] == "actions" for e in b["elements"])


async def test_the_first_decision_wins_and_an_admin_may_decide(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted = await fake_slack.post_message("bob", "general", UNKNOWN)
    await report(fake_slack, "alice", posted.ts, None)
    card = await review_card(fake_slack)
    item = card_item(card)

    clicks = [
        await fake_slack.click("owner", "mods", card.ts, "review_dismiss", value=item),  # an admin
        await fake_slack.click("moderator", "mods", card.ts, "review_dismiss", value=item),
    ]
    for click in clicks:
        await click.ack()

    updated = await fake_slack.wait_for(
        lambda: (m := fake_slack.message("mods", card.ts)) and not buttons(m) and m, what="the card updated"
    )
    winner = "owner" if "by owner (U0OWNER01)" in shown(updated) else "moderator"
    loser = "moderator" if winner == "owner" else "owner"
    assert f"Decision: dismissed by {winner} ({fake_slack.world.user(winner).id})" in shown(updated)
    told = await fake_slack.wait_for(lambda: fake_slack.ephemerals(loser), what="the late reviewer told")
    assert told[0].text.startswith("Already decided")


async def test_approving_answers_the_message_in_its_thread(fake_slack, start_slack_bot):
    bot = await start_slack_bot()
    await bot.services.guild_settings.set_auto_replies(bot_team(bot), False)
    posted = await fake_slack.post_message("bob", "general", CLAIM)
    await report(fake_slack, "alice", posted.ts, "this again")
    card = await review_card(fake_slack)
    assert "Suggested" in shown(card)

    approve = await fake_slack.click("moderator", "mods", card.ts, "review_approve", value=card_item(card))
    await approve.ack()

    answer = await fake_slack.wait_for_reply("general", posted.ts)
    assert "Misleading" in shown(answer)
    assert "a moderator of this server confirmed it" in shown(answer)
    await fake_slack.wait_for(lambda: not buttons(fake_slack.message("mods", card.ts)), what="the card updated")


async def test_another_incident_opens_a_picker_with_search_and_approves_the_choice(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted = await fake_slack.post_message("bob", "general", UNKNOWN)
    await report(fake_slack, "alice", posted.ts, None)
    card = await review_card(fake_slack)
    views = len(fake_slack.store.views)

    pick = await fake_slack.click("moderator", "mods", card.ts, PICK_ACTION, value=card_item(card))
    await pick.ack()
    picker = (await fake_slack.wait_for(lambda: list(fake_slack.store.views.values())[views:], what="picker"))[0]
    empty = await fake_slack.submit_view(picker.id, {"pick": {"pick_claim": None}, "search": {"search_text": None}})
    assert (await empty.ack())["response_action"] == "errors"
    nothing = await fake_slack.submit_view(picker.id, {"search": {"search_text": "zzzz qqqq"}})
    assert (await nothing.ack())["errors"] == {"search": "Nothing in the knowledge base matches \u201czzzz qqqq\u201d."}
    searched = await fake_slack.submit_view(picker.id, {"search": {"search_text": "Westminster"}})
    assert (await searched.ack())["response_action"] == "update"
    options = fake_slack.store.views[picker.id].view["blocks"][0]["element"]["options"]
    assert options and all("Westminster" in option["text"]["text"] for option in options[:1])
    chosen = {"type": "static_select", "selected_option": options[0]}
    submitted = await fake_slack.submit_view(picker.id, {"pick": {"pick_claim": chosen}})
    assert await submitted.ack() is None

    answer = await fake_slack.wait_for_reply("general", posted.ts)
    assert "Westminster" in shown(answer) or "westminster" in shown(answer).lower()
    await fake_slack.wait_for(lambda: not buttons(fake_slack.message("mods", card.ts)), what="the card updated")
    assert fake_slack.store.views[picker.id].closed


async def test_buttons_work_after_a_restart(fake_slack, start_slack_bot, tmp_path):
    first = await start_slack_bot()
    posted = await fake_slack.post_message("bob", "general", UNKNOWN)
    await report(fake_slack, "alice", posted.ts, None)
    card = await review_card(fake_slack)
    await first.stop()

    await start_slack_bot(database_url=f"sqlite:///{tmp_path / 'bot-1' / 'bot.sqlite3'}")  # a new process
    click = await fake_slack.click("moderator", "mods", card.ts, "review_dismiss", value=card_item(card))
    await click.ack()

    updated = await fake_slack.wait_for(
        lambda: (m := fake_slack.message("mods", card.ts)) and not buttons(m) and m, what="the card updated"
    )
    assert "dismissed by moderator (U0MODER01)" in shown(updated)


async def test_a_disputed_answer_is_retracted_by_a_reviewer(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted = await fake_slack.post_message("bob", "general", CLAIM)
    answer = await fake_slack.wait_for_reply("general", posted.ts)
    await asyncio.sleep(0.5)  # the bot records the answer just after posting it; a person is never this quick

    dispute = await fake_slack.click("alice", "general", answer.ts, "dispute_answer")
    await dispute.ack()

    assert "look at this answer again" in (await fake_slack.wait_for_ephemeral("alice")).text
    card = await review_card(fake_slack)
    assert buttons(card) == ["review_uphold", "review_retract"]
    assert "CHP sergeant" in shown(card)  # the disputed message's text, read back from Slack
    retract = await fake_slack.click("moderator", "mods", card.ts, "review_retract", value=card_item(card))
    await retract.ack()
    corrected = await fake_slack.wait_for(
        lambda: (m := fake_slack.message("general", answer.ts)) and m.edited and m, what="the answer corrected"
    )
    assert corrected.blocks[0]["text"]["text"] == "Retracted"  # it says so instead of its verdict
    assert "answer retracted by the moderators" in repr(corrected.blocks)
    assert not any(block["type"] == "actions" for block in corrected.blocks)  # nothing left to dispute


async def test_alerts_is_for_admins_and_sets_the_review_channel(fake_slack, start_slack_bot):
    await start_slack_bot(slack_review_channel=None)

    refused = await fake_slack.slash_command("alice", "general", "/alerts", "status")
    await refused.ack()
    assert "Only workspace admins" in (await fake_slack.wait_for_ephemeral("alice")).text

    status = await fake_slack.slash_command("owner", "general", "/alerts", "status")
    await status.ack()
    assert "Review channel: not set" in (await fake_slack.wait_for_ephemeral("owner")).text
    chosen = await fake_slack.slash_command("owner", "general", "/alerts", "reviewchannel <#C0MODS001|mods>")
    await chosen.ack()
    assert "<#C0MODS001>" in (await fake_slack.wait_for_ephemeral("owner", count=2)).text
    group = await fake_slack.slash_command("owner", "general", "/alerts", "reviewers <!subteam^S0REVIEWS|@reviewers>")
    await group.ack()
    assert "S0REVIEWS" in (await fake_slack.wait_for_ephemeral("owner", count=3)).text

    posted = await fake_slack.post_message("bob", "general", UNKNOWN)
    await report(fake_slack, "alice", posted.ts, None)
    card = await review_card(fake_slack)
    assert card.channel == "C0MODS001"
