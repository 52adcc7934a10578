"""Edits are checked again when their text changed; deleting a message takes the bot's answer with it."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import CLAIM, ORDINARY
from tests.fakediscord._gateway import GUILD_MESSAGES

pytestmark = pytest.mark.e2e


async def test_a_harmless_message_edited_into_a_claim_is_answered(start_alert_bot):
    running = await start_alert_bot()
    posted = await running.post("alice", "general", ORDINARY)

    await running.fake.edit_message(posted, CLAIM)

    answer = await running.answer_to(posted)
    assert answer["embeds"][0]["title"].startswith("Misleading")


async def test_an_edit_that_keeps_the_text_does_nothing(start_alert_bot):
    running = await start_alert_bot(cooldown_minutes=0)
    posted = await running.post("alice", "general", CLAIM)
    await running.answer_to(posted)
    scanned = running.metric("messages_scanned_total")

    await running.fake.edit_message(posted, CLAIM)

    await running.assert_no_answer()
    assert len(running.answers_to(posted)) == 1
    assert running.metric("messages_scanned_total") == scanned + 1  # the sentinel only


async def test_an_answered_message_edited_again_is_not_answered_twice(start_alert_bot):
    running = await start_alert_bot(cooldown_minutes=0)
    posted = await running.post("alice", "general", CLAIM)
    await running.answer_to(posted)

    await running.fake.edit_message(posted, CLAIM + " (edited: for real)")

    await running.assert_no_answer()
    assert len(running.answers_to(posted)) == 1


async def test_deleting_the_claim_deletes_the_answer(start_alert_bot):
    running = await start_alert_bot()
    posted = await running.post("alice", "general", CLAIM)
    answer = await running.answer_to(posted)

    await running.fake.delete_message(posted)

    await running.fake.wait_until(lambda: True if running.fake.message(answer["id"]) is None else None, what="delete")
    assert [m["id"] for m in running.fake.deleted_messages()] == [posted["id"], answer["id"]]


async def test_a_bulk_delete_deletes_the_answers(start_alert_bot):
    running = await start_alert_bot()
    posted = await running.post("alice", "general", CLAIM)
    answer = await running.answer_to(posted)

    # The stand-in has no bulk-delete injection: dispatch the event Discord sends after a moderator's purge.
    data = {"ids": [posted["id"]], "channel_id": posted["channel_id"], "guild_id": str(running.fake.world.guild.id)}
    await running.fake._core.gateway.dispatch("MESSAGE_DELETE_BULK", data, intent=GUILD_MESSAGES)

    await running.fake.wait_until(lambda: True if running.fake.message(answer["id"]) is None else None, what="delete")
