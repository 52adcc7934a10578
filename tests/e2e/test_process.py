"""``python -m bot run`` as a real process, configured only through its environment."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.runner import REFUSED_LOGIN
from bot.settings import Settings
from tests.caches import shared_cache
from tests.e2e.helpers import CLAIM, replies_to
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e


def bot_environment(fake: FakeDiscord, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The machine's environment without any bot setting, plus the stand-in's addresses and a fresh database."""
    environment = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    environment.update(
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE_URL=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        LINK_FETCHING="false",
        BOT_TEST_NETWORK_GUARD="loopback",  # the bot process refuses anything beyond loopback, as the suite does
        **shared_cache(),
    )
    return environment | extra


async def start_bot_process(environment: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=environment,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_connects_answers_and_stops_cleanly_on_sigterm(tmp_path, clean_environment):
    async with FakeDiscord() as fake:
        process = await start_bot_process(bot_environment(fake, tmp_path), tmp_path)
        try:
            await fake.wait_for_identify(timeout=30)
            posted = await fake.post_message("alice", "general", CLAIM)
            answer = await fake.wait_for_message(
                fake.world.guild.channel("general"), predicate=lambda m: replies_to(m, posted), timeout=15
            )
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 15)
        except BaseException:
            if process.returncode is None:
                process.kill()
            _, stderr = await process.communicate()
            print(f"the bot's log:\n{stderr.decode()}")  # shown by pytest when the test fails
            raise

    log = stderr.decode()
    assert process.returncode == 0, log
    assert answer["embeds"][0]["title"].startswith("Misleading")
    assert "Traceback" not in log
    assert "stopped" in log


async def test_run_with_a_bad_token_prints_one_sentence_and_fails(tmp_path, clean_environment):
    async with FakeDiscord() as fake:
        environment = bot_environment(fake, tmp_path, DISCORD_TOKEN="not-the-token", LOG_LEVEL="CRITICAL")
        process = await start_bot_process(environment, tmp_path)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)

    assert process.returncode == 1
    assert stderr.decode().strip() == f"Error: {REFUSED_LOGIN}"
    assert stdout == b""


async def test_sigterm_while_an_answer_waits_out_a_rate_limit_posts_it_before_exiting(tmp_path, clean_environment):
    async with FakeDiscord() as fake:
        process = await start_bot_process(bot_environment(fake, tmp_path), tmp_path)
        try:
            await fake.wait_for_identify(timeout=30)
            fake.fail_next("POST", "/channels/{id}/messages", status=429, retry_after=1.0)
            posted = await fake.post_message("alice", "general", CLAIM)
            await fake.wait_for_request(
                "POST", "/channels/{id}/messages", predicate=lambda r: r.status == 429, timeout=15
            )
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 15)
        except BaseException:
            if process.returncode is None:
                process.kill()
            _, stderr = await process.communicate()
            print(f"the bot's log:\n{stderr.decode()}")  # shown by pytest when the test fails
            raise
        answers = [m for m in fake.bot_messages(fake.world.guild.channel("general")) if replies_to(m, posted)]

    log = stderr.decode()
    assert process.returncode == 0, log
    assert len(answers) == 1
    assert "waiting for 1 messages being handled" in log
    with sqlite3.connect(tmp_path / "bot.sqlite3") as database:
        assert database.execute("SELECT status, answer_message_id FROM answers").fetchall() == [
            ("sent", answers[0]["id"])
        ]
