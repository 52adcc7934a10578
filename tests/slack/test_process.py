"""``python -m bot run`` / ``start`` as a real process serving Slack (alone, or with Discord), and the app manifest."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import pytest
import yaml

from bot.settings import Settings
from slackfront.interactions import FACTCHECK_SHORTCUT, REPORT_SHORTCUT
from tests.caches import shared_cache
from tests.e2e.helpers import CLAIM, replies_to
from tests.fakediscord import FakeDiscord
from tests.fakeslack import FakeSlack

pytestmark = pytest.mark.slack
ROOT = Path(__file__).resolve().parents[2]


def environment(tmp_path: Path, slack: FakeSlack, discord: FakeDiscord | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    env.update(
        SLACK_BOT_TOKEN=slack.world.bot_token,
        SLACK_APP_TOKEN=slack.world.app_token,
        SLACK_API_BASE_URL=slack.api_url,
        SLACK_REVIEW_CHANNEL="C0MODS001",
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        LINK_FETCHING="false",
        **shared_cache(),
    )
    if discord is not None:
        env.update(
            DISCORD_TOKEN=discord.token, DISCORD_API_BASE_URL=discord.api_base, DISCORD_GATEWAY_URL=discord.gateway_url
        )
    return env


async def stop(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), 15)
    return stderr.decode()


async def spawn(command: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        command,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_serves_slack_when_its_tokens_are_set(fake_slack, tmp_path):
    process = await spawn("run", environment(tmp_path, fake_slack), tmp_path)
    try:
        await fake_slack.wait_for_connections(1, timeout=30)
        posted = await fake_slack.post_message("alice", "general", CLAIM)
        reply = await fake_slack.wait_for_reply("general", posted.ts, timeout=15)
        stderr = await stop(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert reply.text.startswith("Misleading")
    assert process.returncode == 0, stderr
    assert "connected to Slack workspace T0TEST001" in stderr


async def test_start_serves_slack_and_discord_together(fake_slack, tmp_path):
    async with FakeDiscord() as discord:
        process = await spawn("start", environment(tmp_path, fake_slack, discord), tmp_path)
        try:
            await fake_slack.wait_for_connections(1, timeout=30)
            await discord.wait_for_identify(timeout=30)
            on_slack = await fake_slack.post_message("alice", "general", CLAIM)
            on_discord = await discord.post_message("alice", "general", CLAIM)
            await fake_slack.wait_for_reply("general", on_slack.ts, timeout=15)
            await discord.wait_for_message(
                discord.world.guild.channel("general"), predicate=lambda m: replies_to(m, on_discord), timeout=15
            )
            stderr = await stop(process)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert process.returncode == 0, stderr
    discord.assert_clean()


def test_the_manifest_matches_the_app() -> None:
    manifest = yaml.safe_load((ROOT / "slack-manifest.yml").read_text())
    features, settings = manifest["features"], manifest["settings"]
    assert {c["command"] for c in features["slash_commands"]} == {"/factcheck", "/alerts"}
    assert {(s["type"], s["callback_id"]) for s in features["shortcuts"]} == {
        ("message", FACTCHECK_SHORTCUT),
        ("message", REPORT_SHORTCUT),
    }
    assert settings["socket_mode_enabled"] is True and settings["interactivity"]["is_enabled"] is True
    assert set(settings["event_subscriptions"]["bot_events"]) == {"message.channels", "message.groups"}
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = {  # the Web API methods the bot calls, and the scope each needs
        "chat.postMessage": "chat:write",
        "chat.update": "chat:write",
        "chat.delete": "chat:write",
        "chat.postEphemeral": "chat:write",
        "conversations.history": "channels:history",
        "conversations.replies": "groups:history",
        "users.info": "users:read",
        "usergroups.users.list": "usergroups:read",
        "reactions.add": "reactions:write",
    }
    assert scopes == set(needed.values()) | {"commands", "channels:history", "groups:history"}
    source = "\n".join(path.read_text() for path in (ROOT / "slackfront").glob("*.py"))
    called = set(re.findall(r"client\.(\w+)\(", source))
    assert {method.replace(".", "_") for method in needed} == called - {"auth_test", "views_open"}
