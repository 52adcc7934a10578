"""Slack end to end: a reload that changes a statement corrects the earlier answer in place with ``chat.update``."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from bot.reload import reload_knowledge
from slackfront.app import SlackFront
from tests.bot.test_reload import knowledge_copy
from tests.e2e.helpers import CHP_QUOTE, CLAIM
from tests.e2e.test_corrections import drop_first_via
from tests.fakeslack import pings_in

pytestmark = pytest.mark.slack

TODAY = dt.datetime.now(dt.UTC).date().isoformat()


def texts(blocks: list[dict[str, Any]]) -> str:
    return repr(blocks)


async def test_a_reload_changing_a_statement_updates_the_earlier_answer(fake_slack, start_slack_bot, tmp_path):
    incidents = knowledge_copy(tmp_path / "incidents")
    bot = await start_slack_bot(knowledge_paths=(incidents,), corrections_pace_seconds=0)
    posted = await fake_slack.post_message("alice", "general", CLAIM)
    reply = await fake_slack.wait_for_reply("general", posted.ts)
    assert texts(reply.blocks).count("California Highway Patrol, via KTLA") == 2  # two statements shown
    channel = reply.channel
    await recorded(bot)
    drop_first_via(incidents)

    report = await reload_knowledge(bot.services.knowledge)

    assert report.reloaded
    update = await fake_slack.wait_for_call("chat.update", lambda call: call.args.get("ts") == reply.ts)
    assert update.ok and update.args["channel"] == channel
    shown = fake_slack.message(channel, reply.ts)
    assert shown is not None and shown.edited
    assert shown.blocks[0]["text"]["text"] == "Misleading"
    assert CHP_QUOTE in texts(shown.blocks)
    assert texts(shown.blocks).count("California Highway Patrol, via KTLA") == 1  # the first lost its outlet
    notes = [b for b in shown.blocks if b["type"] == "context" and "Updated" in b["elements"][0]["text"]]
    assert [note["elements"][0]["text"] for note in notes] == [f"Updated {TODAY}: statement updated"]
    assert any(b["type"] == "actions" for b in shown.blocks)  # the answer can still be disputed
    assert pings_in(update.args) == []
    assert len([c for c in fake_slack.calls("chat.update") if c.args.get("ts") == reply.ts]) == 1


async def recorded(bot: SlackFront) -> None:
    """Wait until the bot has recorded its answer (just after posting it)."""
    async with asyncio.timeout(5):
        while (await bot.services.guild_settings.status(bot.team_id)).answers_last_day < 1:  # noqa: ASYNC110
            await asyncio.sleep(0.02)


async def test_alerts_corrections_off_in_slack(fake_slack, start_slack_bot):
    bot = await start_slack_bot()

    switched = await fake_slack.slash_command("owner", "general", "/alerts", "corrections off")
    await switched.ack()

    assert (await fake_slack.wait_for_ephemeral("owner")).text == "Corrections of past answers are now off."
    assert not (await bot.services.guild_settings.config(bot.team_id)).corrections
