"""Discord answering the reply with 429 or 5xx: the answer is posted exactly once, or released; never flooded."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.db.models import Answer, AnswerCooldown
from tests.e2e.helpers import CLAIM, RunningBot, eventually

pytestmark = pytest.mark.e2e

MESSAGES = "/channels/{id}/messages"


def reply_statuses(running: RunningBot, posted: dict) -> list[int | None]:
    """Statuses of the bot's reply requests to ``posted``, in order."""

    def replying(request) -> bool:
        reference = (request.json or {}).get("message_reference") or {}
        return str(reference.get("message_id")) == posted["id"]

    return [r.status for r in running.fake.requests_matching("POST", MESSAGES, predicate=replying)]


async def rows(running: RunningBot, table: type) -> int:
    async with running.runtime.engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table)) or 0


def messages_path(running: RunningBot, channel: str) -> str:
    return f"/channels/{running.channel(channel).id}/messages"


@pytest.mark.parametrize("is_global", [False, True], ids=["route", "global"])
async def test_a_rate_limited_reply_is_posted_once_after_the_wait(start_alert_bot, is_global):
    running = await start_alert_bot()
    running.fake.fail_next("POST", MESSAGES, status=429, retry_after=0.2, is_global=is_global)

    posted = await running.post("alice", "general", CLAIM)

    await running.answer_to(posted)
    await running.assert_no_answer(sentinel_channel="news")
    assert reply_statuses(running, posted) == [429, 200]
    assert len(running.answers_to(posted)) == 1
    assert running.metric("discord_http_failures_total", status="429") == 1
    await eventually(lambda: running.metric("answers_sent_total") == 2, what="both answers confirmed")


async def test_a_reply_refused_twice_with_503_is_posted_on_the_third_attempt(start_alert_bot):
    running = await start_alert_bot()
    running.fake.fail_next("POST", messages_path(running, "general"), status=503, times=2)

    posted = await running.post("alice", "general", CLAIM)

    await running.answer_to(posted)
    assert reply_statuses(running, posted) == [503, 503, 200]
    assert running.metric("discord_http_failures_total", status="5xx") == 2
    nonces = {r.json["nonce"] for r in running.fake.requests_matching("POST", MESSAGES)}
    assert len(nonces) == 1  # every attempt carries the same nonce: Discord posts it once
    assert len(running.answers_to(posted)) == 1
    assert await rows(running, Answer) == 1


async def test_a_lost_response_is_retried_without_posting_the_answer_twice(start_alert_bot):
    """Discord created the answer but the 502 reached the bot: the retry's nonce gets the same message back."""
    running = await start_alert_bot()
    running.fake.fail_next("POST", messages_path(running, "general"), status=503, after_handling=True)

    posted = await running.post("alice", "general", CLAIM)

    answer = await running.answer_to(posted)
    await running.fake.wait_until(lambda: len(reply_statuses(running, posted)) == 2 or None, what="the retry")
    await running.assert_no_answer(sentinel_channel="news")
    assert reply_statuses(running, posted) == [503, 200]
    assert [m["id"] for m in running.answers_to(posted)] == [answer["id"]]
    await eventually(lambda: running.metric("answers_sent_total") == 2, what="both answers confirmed")
    async with running.runtime.engine.connect() as connection:
        recorded = await connection.scalar(select(Answer.answer_message_id).where(Answer.status == "sent").limit(1))
    assert str(recorded) == answer["id"]


async def test_a_reply_refused_with_503_every_time_is_given_up_after_three_attempts(start_alert_bot):
    running = await start_alert_bot()
    running.fake.fail_next("POST", messages_path(running, "general"), status=503, times=100)

    refused = await running.post("alice", "general", CLAIM)

    await running.fake.wait_until(lambda: len(reply_statuses(running, refused)) == 3 or None, what="three attempts")
    await running.assert_no_answer(refused, sentinel_channel="news")
    # The sentinel's rows only: the refused answer's reservation is released after its last attempt.
    assert await rows_eventually(running, AnswerCooldown, 1)
    assert await rows_eventually(running, Answer, 1)
    assert reply_statuses(running, refused) == [503, 503, 503]
    assert len(running.fake.requests_matching("POST", messages_path(running, "general"))) == 3


async def test_a_claim_deleted_while_its_answer_waits_for_a_retry_gets_no_answer(start_alert_bot):
    running = await start_alert_bot()
    running.fake.fail_next("POST", messages_path(running, "general"), status=503)
    posted = await running.post("alice", "general", CLAIM)
    await running.fake.wait_until(lambda: reply_statuses(running, posted) == [503] or None, what="a refused reply")

    await running.fake.delete_message(posted)

    await running.fake.wait_until(lambda: len(reply_statuses(running, posted)) == 2 or None, what="the retry")
    await running.assert_no_answer(posted, sentinel_channel="news")
    assert reply_statuses(running, posted) == [503, 400]  # Discord refuses a reply to a deleted message


async def test_at_shutdown_an_answer_stuck_behind_a_long_rate_limit_is_released(start_alert_bot, monkeypatch):
    running = await start_alert_bot()
    running.fake.fail_next("POST", messages_path(running, "general"), status=429, retry_after=30)
    posted = await running.post("alice", "general", CLAIM)
    await running.fake.wait_until(lambda: reply_statuses(running, posted) == [429] or None, what="a rate limit")
    monkeypatch.setattr("cogs.alerts._cog.DRAIN_SECONDS", 0.2)

    await running.stop()

    assert (await rows(running, Answer), await rows(running, AnswerCooldown)) == (0, 0)
    assert running.answers_to(posted) == []


async def rows_eventually(running, model, expected: int, timeout: float = 5.0) -> bool:
    """Whether the table reaches `expected` rows within `timeout` (a release is written after the last attempt)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (count := await rows(running, model)) != expected:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{model.__name__}: {count} rows, expected {expected}")
        await asyncio.sleep(0.02)
    return True
