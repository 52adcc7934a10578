"""Starting: the intents asked for, and one clear sentence for each mistake a person can fix."""

from __future__ import annotations

import json
import urllib.request

import pytest
from sqlalchemy import select

from bot.client import StartupError
from bot.db.migrate import current_revision, head_revision
from bot.db.models import Answer
from bot.runner import MISSING_LOGIN, NO_MESSAGE_CONTENT, REFUSED_LOGIN, run
from tests.e2e.helpers import CLAIM, e2e_settings
from tests.fakediscord import GUILD_MEMBERS, GUILD_MESSAGES, GUILD_PRESENCES, MESSAGE_CONTENT, FakeDiscord
from tests.ports import free_port

pytestmark = pytest.mark.e2e

GUILDS = 1 << 0


async def test_identify_asks_for_guilds_messages_and_message_content_only(start_alert_bot):
    running = await start_alert_bot()

    intents = running.fake.identify_payload["intents"]

    assert intents == GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT
    assert not intents & (GUILD_MEMBERS | GUILD_PRESENCES)


async def test_a_new_database_file_is_migrated_at_start_and_used(start_alert_bot, tmp_path):
    """The bot creates and migrates its SQLite file (other tests' bots start on a copy of a migrated one)."""
    path = tmp_path / "new.sqlite3"

    running = await start_alert_bot(database_url=f"sqlite:///{path}")

    assert await current_revision(running.runtime.engine) == head_revision()
    posted = await running.post("alice", "general", CLAIM)
    await running.answer_to(posted)
    async with running.runtime.engine.connect() as connection:
        recorded = await connection.scalar(select(Answer.source_message_id))
    assert recorded == posted["id"]


async def test_a_bad_token_ends_with_one_sentence(tmp_path, clean_environment):
    async with FakeDiscord() as fake:
        settings = e2e_settings(fake, tmp_path, discord_token="not-the-token")

        with pytest.raises(StartupError) as raised:
            await run(settings, handle_signals=False)

    assert str(raised.value) == REFUSED_LOGIN
    assert fake.requests[0].status == 401
    fake.assert_clean()


async def test_a_missing_message_content_intent_ends_with_one_sentence(tmp_path, clean_environment):
    async with FakeDiscord(enabled_privileged_intents=0) as fake:
        settings = e2e_settings(fake, tmp_path)

        with pytest.raises(StartupError) as raised:
            await run(settings, handle_signals=False)

    assert str(raised.value) == NO_MESSAGE_CONTENT
    assert fake.identify_payload is not None
    fake.assert_clean()


async def test_a_missing_token_ends_with_one_sentence(tmp_path, clean_environment):
    async with FakeDiscord() as fake:
        settings = e2e_settings(fake, tmp_path, discord_token=None)

        with pytest.raises(StartupError) as raised:
            await run(settings, handle_signals=False)

    assert str(raised.value) == MISSING_LOGIN
    assert fake.requests == []


@pytest.mark.parametrize(
    "url",
    ["sqlite:////nonexistent-directory/bot.sqlite3"],
    ids=["sqlite-no-directory"],  # an unreachable PostgreSQL starts without it: test_start_without_database.py
)
async def test_an_unreachable_database_ends_with_one_sentence(tmp_path, clean_environment, url):
    async with FakeDiscord() as fake:
        settings = e2e_settings(fake, tmp_path, database_url=url)

        with pytest.raises(StartupError) as raised:
            await run(settings, handle_signals=False)

    message = str(raised.value)
    assert message.startswith("Cannot reach the database ")
    assert message.endswith("check DATABASE_URL and that the database is running.")
    assert "secret" not in message
    assert "\n" not in message
    assert fake.requests == []


async def test_the_health_server_reports_the_running_bot(start_alert_bot):
    port = free_port()
    running = await start_alert_bot(health_port=port)

    health = await _get(f"http://127.0.0.1:{port}/healthz")
    metrics = await _get(f"http://127.0.0.1:{port}/metrics")

    checks = {"gateway": True, "database": True, "knowledge": True, "outbox": True}
    assert json.loads(health) == {"status": "ok", "checks": checks}
    assert "messages_scanned_total" in metrics
    assert running.runtime.health is not None


async def _get(url: str) -> str:
    import asyncio

    def fetch() -> str:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  # loopback only
            return response.read().decode()

    return await asyncio.to_thread(fetch)
