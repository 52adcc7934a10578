"""Pytest fixtures for the Discord stand-in (register with `pytest_plugins = ["tests.fakediscord.plugin"]`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import discord
import pytest

from tests.fakediscord._client import pointing_discord_at, start_client, stop_client
from tests.fakediscord.server import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)
StartClient = Callable[..., Awaitable[discord.Client]]


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started stand-in with the default world; discord.py points at it during the test.

    At teardown (after clients started with `start_discord_client` are closed) the test errors if the bot called
    an unknown route, broke an interaction rule, sent an invalid body or left an interaction unanswered.
    Call `fake_discord.clear_problems()` after asserting on an expected problem.
    """
    async with FakeDiscord() as fake:
        with pointing_discord_at(fake):
            yield fake
    fake.assert_clean()


@pytest.fixture
async def start_discord_client(fake_discord: FakeDiscord) -> AsyncIterator[StartClient]:
    """`await start_discord_client(client, token=None, timeout=5.0)`: log in to the stand-in and wait for on_ready.

    The client is closed at teardown, before the stand-in's checks. Build it with `make_bot()` or pass
    `**CLIENT_OPTIONS` (guild_ready_timeout=0.05) to your own client class.
    """
    started: list[tuple[discord.Client, asyncio.Task[None]]] = []

    async def start(client: ClientT, *, token: str | None = None, timeout: float = 5.0) -> ClientT:
        task = await start_client(client, token or fake_discord.token, timeout=timeout)
        started.append((client, task))
        return client

    yield start
    for client, task in reversed(started):
        await stop_client(client, task)
