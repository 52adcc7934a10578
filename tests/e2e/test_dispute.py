"""The "This answer is wrong" button: recorded once per member, answered privately, working after a restart."""

from __future__ import annotations

import pytest

from bot.services.alerts import DisputeResult
from cogs.alerts._views import DISPUTE_CUSTOM_ID, DISPUTE_REPLIES
from tests.e2e.helpers import CLAIM, RunningBot, eventually
from tests.fakediscord import is_ephemeral

pytestmark = pytest.mark.e2e


async def test_a_dispute_is_recorded_once_per_member(start_alert_bot):
    running = await start_alert_bot()
    fake = running.fake
    answer = await answered(running)

    first = await fake.wait_for_shown(await fake.click_button("bob", answer, DISPUTE_CUSTOM_ID))
    again = await fake.wait_for_shown(await fake.click_button("bob", answer, DISPUTE_CUSTOM_ID))

    assert (first["content"], is_ephemeral(first)) == (DISPUTE_REPLIES[DisputeResult.NEW], True)
    assert (again["content"], is_ephemeral(again)) == (DISPUTE_REPLIES[DisputeResult.ALREADY_RECORDED], True)
    status = await running.services.guild_settings.status(str(fake.world.guild.id))
    assert status.disputes_last_day == 1


async def test_the_button_still_works_after_a_restart(start_alert_bot):
    first_run = await start_alert_bot()
    answer = await answered(first_run)
    await first_run.stop()

    second_run = await start_alert_bot(database_url=first_run.settings.database_url)
    click = await second_run.fake.click_button("bob", answer, DISPUTE_CUSTOM_ID)

    note = await second_run.fake.wait_for_shown(click)
    assert note["content"] == DISPUTE_REPLIES[DisputeResult.NEW]


async def answered(running: RunningBot) -> dict:
    """An answer to a claim, once recorded (a member could not click faster than that)."""
    answer = await running.answer_to(await running.post("alice", "general", CLAIM))
    await eventually(lambda: running.metric("answers_sent_total") == 1, what="the answer recorded")
    return answer
