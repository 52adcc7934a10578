"""Metrics an operator reads: per-shard gateway latency, errors, action names as the command line's."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import CLAIM, eventually
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e


async def test_gateway_latency_is_exported_per_shard_once_heartbeats_are_acknowledged(start_alert_bot):
    async with FakeDiscord(heartbeat_interval_ms=100) as fake:
        running = await start_alert_bot(fake=fake)
        await eventually(
            lambda: running.metric("gateway_latency_seconds", shard="0") > 0, what="a heartbeat", timeout=10
        )

        latency = running.metric("gateway_latency_seconds", shard="0")
        await running.stop()

    assert 0 < latency < 1


async def test_an_answer_counts_as_a_reply_match_and_a_cooldown_as_a_skipped_answer(start_alert_bot):
    running = await start_alert_bot()
    await running.answer_to(await running.post("alice", "general", CLAIM))
    await running.assert_no_answer(await running.post("bob", "general", CLAIM))

    assert running.metric("matches_total", action="reply") == 3  # and the sentinel answered in #news
    assert running.metric("matches_total", action="answer") == 0
    assert running.metric("answers_skipped_total", reason="cooldown") == 1


async def test_an_event_handler_failure_is_counted(start_alert_bot):
    running = await start_alert_bot()

    await running.bot.on_error("on_message")

    assert running.metric("errors_total", where="event") == 1


async def test_each_shard_opening_its_first_session_is_not_a_reconnect(start_alert_bot):
    running = await start_alert_bot()

    for shard_id in (0, 1):
        await running.bot.on_shard_connect(shard_id)
    assert running.metric("gateway_reconnects_total", how="identify") == 0
    await running.bot.on_shard_connect(1)
    assert running.metric("gateway_reconnects_total", how="identify") == 1
