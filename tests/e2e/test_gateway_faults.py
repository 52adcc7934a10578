"""Gateway faults: the bot resumes after a drop, a resumable close or op 7 and answers what it missed, once."""

from __future__ import annotations

import pytest

from bot.runner import Runtime
from tests.e2e.helpers import CLAIM, RunningBot
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

MESSAGES = "/channels/{id}/messages"
WHILE_AWAY = (("alice", "general"), ("bob", "news"), ("alice", "general-thread"))


async def identify_at_once(_shard_id: int | None, *, initial: bool = False) -> None:
    """Stands in for discord.py's `before_identify_hook`, which waits 5 s before identifying again."""


async def fast_identify(runtime: Runtime) -> None:
    runtime.bot.before_identify_hook = identify_at_once  # type: ignore[method-assign]


async def disrupt(fake: FakeDiscord, fault: str) -> None:
    if fault == "drop":
        await fake.drop_gateway()
    elif fault == "close-4000":
        await fake.close_gateway(4000)
    else:
        await fake.send_reconnect()


def answer_requests(running: RunningBot) -> int:
    return len(running.fake.requests_matching("POST", MESSAGES, predicate=lambda r: r.ok))


@pytest.mark.parametrize("fault", ["drop", "close-4000", "op7-reconnect"])
async def test_after_a_resumable_fault_each_missed_claim_gets_exactly_one_answer(start_alert_bot, fault):
    running = await start_alert_bot(cooldown_minutes=0)
    fake = running.fake
    before = await running.post("alice", "general", CLAIM)
    await running.answer_to(before)

    async with fake.gateway_held():
        await disrupt(fake, fault)
        missed = [await running.post(author, channel, CLAIM) for author, channel in WHILE_AWAY]
    await fake.wait_for_resume()

    for message in missed:
        await running.answer_to(message)
    await running.assert_no_answer(sentinel_channel="news")
    assert [len(running.answers_to(message)) for message in (before, *missed)] == [1, 1, 1, 1]
    assert answer_requests(running) == 1 + len(missed) + 1  # the sentinel's too: no request was repeated
    assert fake.identify_count == 1
    assert running.metric("gateway_reconnects_total", how="resume") == 1


async def test_a_claim_delivered_twice_is_answered_once(start_alert_bot):
    """Discord may deliver an event again (at least once); the answer is recorded per message, not per event."""
    running = await start_alert_bot(cooldown_minutes=0)
    posted = await running.post("alice", "general", CLAIM)
    await running.answer_to(posted)

    await running.fake.redeliver(posted)

    await running.assert_no_answer(sentinel_channel="news")
    assert len(running.answers_to(posted)) == 1
    assert answer_requests(running) == 2


async def test_after_an_invalid_session_the_bot_identifies_again_and_keeps_answering(start_alert_bot):
    running = await start_alert_bot(setup=fast_identify, cooldown_minutes=0)
    fake = running.fake
    before = await running.post("alice", "general", CLAIM)
    await running.answer_to(before)

    await fake.invalidate_session()
    await fake.wait_for_identify(count=2)

    after = await running.post("bob", "general", CLAIM)
    await running.answer_to(after)
    await running.assert_no_answer(sentinel_channel="news")
    assert len(running.answers_to(before)) == 1
    assert len(running.answers_to(after)) == 1
    assert fake.resume_count == 0
    assert running.metric("gateway_reconnects_total", how="identify") == 1


async def test_a_rejected_resume_ends_in_a_new_session_that_is_answered(start_alert_bot):
    """The session expired while the bot was away: RESUME gets op 9, the bot identifies again."""
    running = await start_alert_bot(setup=fast_identify, cooldown_minutes=0)
    fake = running.fake

    async with fake.gateway_held():
        await fake.drop_gateway()
        await fake.invalidate_session()  # no connection to tell: the session is just forgotten
    await fake.wait_for_identify(count=2)

    after = await running.post("alice", "general", CLAIM)
    await running.answer_to(after)
    assert fake.resume_count == 0  # tried (the stand-in answered op 9), never resumed
