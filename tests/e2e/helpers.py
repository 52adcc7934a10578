"""What end-to-end tests share: known claims, and a `RunningBot` with helpers to post and await answers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.client import AlertBot
from bot.metrics import PREFIX, Metrics
from bot.runner import Runtime
from bot.services.container import Services
from bot.settings import Settings
from tests.fakediscord import FakeDiscord
from tests.fakediscord._payloads import Payload
from tests.fakediscord._world import Channel

CLAIM = "man shoots at a CHP sergeant at the Compton takeover"
"""Matches compton-chp-takeover-video / man-shot-at-chp-sergeant with score 100 (`python -m bot check`)."""
CLAIM_INCIDENT = "compton-chp-takeover-video"
CHP_QUOTE = "The sergeant related no one shot at him"
CHP_SOURCE = "https://thenerdstash.com/?p=720768"
KNOWN_LINK = (
    "https://www.spamchronicles.com/alysha-duran-is-shot-and-killed-by-a-police-officer-in-westminster-colorado-"
    "after-stopping-a-car-on-the-wrong-side-of-the-street-and-reaching-for-her-gun/?utm_source=facebook"
)
"""A variant (www., trailing slash, tracking parameter) of a known post of westminster-duran-shooting."""
ORDINARY = "anyone up for pizza after the game tonight?"
DATABASE_FILE = "bot.sqlite3"
"""The bot's SQLite file in its directory (`e2e_settings`)."""


def e2e_settings(fake: FakeDiscord, directory: Path, **overrides: Any) -> Settings:
    """Settings for a bot talking to ``fake``, with a SQLite database in ``directory`` (no .env file read).

    The semantic layer is off unless a test turns it on: a started bot matches words only until its background
    build (the knowledge's embeddings, the examples' judge) is done, which no test here waits for, so the build only
    kept a core busy after the test and could change a match in the middle of one. The bot processes started with
    ``python -m bot`` (test_process.py, tests/slack/test_process.py) run with it on.
    """
    values: dict[str, Any] = {
        "discord_token": fake.token,
        "database_url": f"sqlite:///{directory / DATABASE_FILE}",
        "discord_api_base_url": fake.api_base,
        "discord_gateway_url": fake.gateway_url,
        "link_fetching": False,
        "semantic_matching": False,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class RunningBot:
    """A started product bot and the stand-in it talks to."""

    fake: FakeDiscord
    runtime: Runtime
    task: asyncio.Task[None]

    async def stop(self) -> None:
        """Close the bot (as on SIGTERM) and wait until it has stopped; the runtime closes at teardown."""
        await self.bot.close()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(self.task, 5)

    @property
    def bot(self) -> AlertBot:
        return self.runtime.bot

    @property
    def services(self) -> Services:
        return self.runtime.services

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def metrics(self) -> Metrics:
        return self.runtime.metrics

    def metric(self, name: str, **labels: str) -> float:
        """A sample of the bot's metrics, e.g. ``metric("answers_sent_total")`` (0 when never recorded).

        The name may leave out the common prefix (``misinfo_bot_``).
        """
        full = name if name.startswith(f"{PREFIX}_") else f"{PREFIX}_{name}"
        return self.metrics.registry.get_sample_value(full, labels) or 0.0

    def channel(self, name: str) -> Channel:
        return self.fake.world.guild.channel(name)

    async def post(self, author: str, channel: str, content: str) -> Payload:
        return await self.fake.post_message(author, channel, content)

    async def answer_to(self, posted: Payload, *, timeout: float = 10.0) -> Payload:
        """The bot's message replying to ``posted`` (waits for it)."""
        return await self.fake.wait_for_message(
            int(posted["channel_id"]), predicate=lambda m: replies_to(m, posted), after=posted["id"], timeout=timeout
        )

    def answers_to(self, posted: Payload) -> list[Payload]:
        """The bot's messages replying to ``posted`` so far."""
        return [m for m in self.fake.bot_messages(int(posted["channel_id"])) if replies_to(m, posted)]

    async def assert_no_answer(self, *silent: Payload, sentinel_channel: str = "news") -> None:
        """No answer to any of ``silent``: a claim posted afterwards in ``sentinel_channel`` is answered first."""
        sentinel = await self.post("bob", sentinel_channel, CLAIM)
        await self.answer_to(sentinel)
        for message in silent:
            assert self.answers_to(message) == [], f"message {message['content']!r} was answered"


def replies_to(message: Payload, posted: Payload) -> bool:
    """Whether ``message`` is a reply to ``posted``."""
    reference = message.get("message_reference") or {}
    return str(reference.get("message_id")) == str(posted["id"])


async def eventually(check: Callable[[], bool], *, what: str, timeout: float = 3.0) -> None:
    """Wait until ``check()`` is true (for state outside the stand-in, such as metrics or the database)."""
    async with asyncio.timeout(timeout):
        while not check():  # noqa: ASYNC110  # metrics and the database have no event to wait on
            await asyncio.sleep(0.01)
    assert check(), what
