"""The message pipeline's JSON logs: ids of the guild, channel and message, never what the member wrote."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator

import pytest

from bot.log import NOISY_LOGGERS, setup_logging
from tests.e2e.helpers import CLAIM, eventually

pytestmark = pytest.mark.e2e

MARKER = "quokka-marker-7781"
"""A word found in no log line unless the bot logged a member's text."""


@pytest.fixture
def json_debug_logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """The bot's own log handler, JSON at DEBUG, writing into the returned buffer (as it would to stderr)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in NOISY_LOGGERS}
    buffer = io.StringIO()
    monkeypatch.setattr(sys, "stderr", buffer)
    setup_logging("DEBUG", "json")
    yield buffer
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


async def test_the_pipeline_logs_ids_as_json_and_never_the_message_text(start_alert_bot, json_debug_logs):
    running = await start_alert_bot(cooldown_minutes=0)

    claim = await running.post("alice", "general", f"{CLAIM} {MARKER}")
    await running.answer_to(claim)
    ordinary = await running.post("bob", "news", f"pizza tonight? {MARKER}")
    await running.assert_no_answer(ordinary, sentinel_channel="general")
    await eventually(lambda: running.metric("answers_sent_total") == 2, what="both answers confirmed")

    output = json_debug_logs.getvalue()
    entries = [json.loads(line) for line in output.splitlines()]
    assert MARKER not in output
    about_claim = [e for e in entries if e.get("message_id") == int(claim["id"])]
    assert {e["logger"] for e in about_claim} >= {"bot.services.alerts"}
    assert all(e["guild_id"] == running.fake.world.guild.id for e in about_claim)
    assert all(e["channel_id"] == running.channel("general").id for e in about_claim)
