"""Slack end-to-end fixtures: the product's Slack front end (real services, SQLite in tmp_path, migrations applied)
run by `slackfront.runner.open_slack`, through the real slack_bolt and slack_sdk, against the Slack stand-in.

    async def test_answers(fake_slack, start_slack_bot):
        bot = await start_slack_bot()                       # connected over Socket Mode
        posted = await fake_slack.post_message("alice", "general", CLAIM)
        reply = await fake_slack.wait_for_reply("general", posted.ts)

``await start_slack_bot(services=None, **settings)`` takes any `Settings` field (e.g. ``database_url=`` of an
earlier bot to restart on its database), and ``services``: ``(settings) -> Services`` built instead (in a
thread); ``SLACK_REVIEW_CHANNEL`` is ``#mods`` and ``SLACK_REVIEWERS`` the ``reviewers`` group
unless given, and the cooldown is 0 (a claim in #news is the "sentinel" showing earlier events were handled).
Without ``database_url``, the bot's SQLite file is a copy of the session's migrated one (tests/migrated.py); the
bot still runs the migrations at start, with nothing left to do.
Every bot is stopped at teardown, before the stand-in checks its problems.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.services.container import Services
from bot.settings import Settings
from slackfront.app import SlackFront
from slackfront.runner import open_slack
from tests.fakeslack import FakeSlack
from tests.migrated import MigratedDatabases

StartSlackBot = Callable[..., Awaitable[SlackFront]]
DATABASE_FILE = "bot.sqlite3"


def slack_settings(fake: FakeSlack, directory: Path, **overrides: Any) -> Settings:
    """Settings for a bot on ``fake`` with a SQLite database in ``directory`` (no .env file read); the semantic
    layer off, as in `tests.e2e.helpers.e2e_settings` (and why).
    """
    values: dict[str, Any] = {
        "slack_bot_token": fake.world.bot_token,
        "slack_app_token": fake.world.app_token,
        "slack_api_base_url": fake.api_url,
        "slack_review_channel": "C0MODS001",
        "slack_reviewers": ("S0REVIEWS",),
        "database_url": f"sqlite:///{directory / DATABASE_FILE}",
        "link_fetching": False,
        "semantic_matching": False,
        "cooldown_minutes": 0,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def start_slack_bot(
    fake_slack: FakeSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated: MigratedDatabases
) -> AsyncIterator[StartSlackBot]:
    """``await start_slack_bot(**settings)`` -> a connected `SlackFront`."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    async with contextlib.AsyncExitStack() as stack:
        counter = iter(range(1, 1000))

        async def start(*, services: Callable[[Settings], Services] | None = None, **overrides: Any) -> SlackFront:
            directory = tmp_path / f"bot-{next(counter)}"
            directory.mkdir()
            if "database_url" not in overrides:
                await migrated.copy_sqlite(directory / DATABASE_FILE)
            settings = slack_settings(fake_slack, directory, **overrides)
            built = await asyncio.to_thread(services, settings) if services is not None else None
            connections = len(fake_slack.socket.connections)
            opened = open_slack(settings, built)  # the product's keep-alive: a ping every 10 s
            front = await stack.enter_async_context(opened)
            await fake_slack.wait_for_connections(connections + 1)
            return front

        yield start
