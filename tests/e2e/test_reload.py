"""Reloading the running bot's knowledge: ``/alerts reload`` and ``python -m bot kb reload`` through the runner."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.discord_ui.errors import MANAGE_SERVER_NEEDED
from bot.discord_ui.operators import OPERATOR_ONLY
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR
from tests.bot.test_reload import COMPTON_FILE, break_verdict, knowledge_copy
from tests.e2e.helpers import CLAIM, KNOWN_LINK
from tests.ports import free_port

pytestmark = pytest.mark.e2e

WESTMINSTER_FILE = "westminster-duran-shooting.yaml"
"""The incident of `KNOWN_LINK`."""


def good_edit(incidents: Path) -> None:
    """Repair the broken file and drop the Westminster incident."""
    (incidents / COMPTON_FILE).write_text((DEFAULT_KNOWLEDGE_DIR / COMPTON_FILE).read_text())
    (incidents / WESTMINSTER_FILE).unlink()


async def test_alerts_reload_keeps_the_knowledge_on_a_broken_edit_and_swaps_in_a_good_one(start_alert_bot, tmp_path):
    incidents = knowledge_copy(tmp_path / "incidents")
    running = await start_alert_bot(knowledge_paths=(incidents,), cooldown_minutes=0)
    world = running.fake.world
    operator = world.guild.add_member(world.app_owner, [world.guild.role("Admin")]).user.username
    break_verdict(incidents)

    broken = await running.fake.slash_command(operator, "general", "alerts reload")

    reply = await running.fake.wait_for_followups(broken)
    text = reply[0]["content"]
    assert text.startswith("Knowledge not reloaded: 1 problem(s)")
    assert f"- {COMPTON_FILE} (line 18): verdict: " in text
    assert str(tmp_path) not in text  # file names only in Discord
    assert running.fake.interaction_message(broken)["flags"] & 64  # ephemeral
    still = await running.post("alice", "general", CLAIM)
    answer = await running.answer_to(still)
    assert answer["embeds"][0]["title"].startswith("Misleading")

    good_edit(incidents)
    good = await running.fake.slash_command(operator, "general", "alerts reload")

    reply = await running.fake.wait_for_followups(good)
    assert reply[0]["content"] == "Knowledge reloaded: 2 incidents from 2 files."
    gone = await running.post("alice", "general", f"look {KNOWN_LINK}")
    await running.assert_no_answer(gone)


async def test_alerts_reload_is_for_manage_server_only(start_alert_bot):
    running = await start_alert_bot()
    before = running.services.knowledge.current

    refused = await running.fake.slash_command("alice", "general", "alerts reload")

    response = await running.fake.wait_for_interaction_response(refused)
    assert (response.content, response.ephemeral) == (MANAGE_SERVER_NEEDED, True)
    assert running.services.knowledge.current is before


async def test_alerts_reload_is_refused_to_a_server_manager_who_does_not_operate_the_bot(start_alert_bot):
    running = await start_alert_bot()
    before = running.services.knowledge.current

    refused = await running.fake.slash_command("owner", "mods", "alerts reload")  # owns the server, not the bot

    response = await running.fake.wait_for_interaction_response(refused)
    assert (response.content, response.ephemeral) == (OPERATOR_ONLY, True)
    assert running.services.knowledge.current is before


async def test_kb_reload_reaches_the_running_bot_through_its_health_server(
    start_alert_bot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    incidents = knowledge_copy(tmp_path / "incidents")
    port = free_port()
    running = await start_alert_bot(knowledge_paths=(incidents,), health_port=port, cooldown_minutes=0)
    monkeypatch.chdir(tmp_path)
    environment = {"HEALTH_PORT": str(port), "KNOWLEDGE_PATHS": str(incidents)}
    break_verdict(incidents)

    broken = await asyncio.to_thread(CliRunner().invoke, cli, ["kb", "reload"], env=environment)

    assert broken.exit_code == 1
    assert "verdict" in broken.output
    await running.answer_to(await running.post("alice", "general", CLAIM))

    good_edit(incidents)
    good = await asyncio.to_thread(CliRunner().invoke, cli, ["kb", "reload"], env=environment)

    assert good.exit_code == 0, good.output
    assert good.output.strip() == "Knowledge reloaded: 2 incidents from 2 files."
    gone = await running.post("alice", "general", f"look {KNOWN_LINK}")
    await running.assert_no_answer(gone)
