"""Pointing discord.py at the stand-in, building test clients, and running them until ready."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

import discord
import yarl
from discord.ext import commands

from tests.fakediscord.server import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)

CLIENT_OPTIONS: dict[str, Any] = {"guild_ready_timeout": 0.05}
"""Keyword arguments every test client should get (on_ready 50 ms after the last GUILD_CREATE, not 2 s)."""


@contextlib.contextmanager
def pointing_discord_at(fake: FakeDiscord) -> Iterator[None]:
    """Within the block, discord.py's REST base and default gateway are the stand-in's; restored afterwards."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


def bot_intents() -> discord.Intents:
    """Default intents plus members and message content (all enabled in the stand-in by default)."""
    intents = discord.Intents.default()
    intents.members = True
    intents.message_content = True
    return intents


def make_bot(**options: Any) -> commands.Bot:
    """A plain `commands.Bot` for tests: prefix `!`, `bot_intents()`, `CLIENT_OPTIONS`; `options` override."""
    settings: dict[str, Any] = {"command_prefix": "!", "intents": bot_intents(), **CLIENT_OPTIONS, **options}
    return commands.Bot(**settings)


async def start_client(client: discord.Client, token: str, *, timeout: float = 5.0) -> asyncio.Task[None]:
    """Log in, connect in a task and wait for on_ready; return the connect task (for `stop_client`).

    Raises whatever stopped the client before it was ready (LoginFailure, PrivilegedIntentsRequired, …), or
    AssertionError if it was not ready within `timeout`; the client is closed in both cases.
    """
    try:
        await client.login(token)
    except BaseException:
        await client.close()
        raise
    task = asyncio.create_task(client.connect(reconnect=True), name="fake-discord-client")
    try:
        await _wait_ready(client, task, timeout)
    except BaseException:
        await stop_client(client, task, timeout=timeout)
        raise
    return task


async def stop_client(client: discord.Client, task: asyncio.Task[None], *, timeout: float = 5.0) -> None:
    """Close a client and wait for its connect task, cancelling it if it does not end in time."""
    await client.close()
    with contextlib.suppress(Exception, asyncio.CancelledError):
        await asyncio.wait_for(task, timeout)


@contextlib.asynccontextmanager
async def running(client: ClientT, token: str, *, timeout: float = 5.0) -> AsyncIterator[ClientT]:
    """`start_client` on entry, `stop_client` on exit."""
    task = await start_client(client, token, timeout=timeout)
    try:
        yield client
    finally:
        await stop_client(client, task, timeout=timeout)


async def _wait_ready(client: discord.Client, task: asyncio.Task[None], within: float) -> None:
    ready = asyncio.create_task(client.wait_until_ready())
    done, _pending = await asyncio.wait({task, ready}, timeout=within, return_when=asyncio.FIRST_COMPLETED)
    if ready in done:
        return
    ready.cancel()
    if task in done:
        task.result()
        raise AssertionError("the client stopped before it was ready")
    raise AssertionError(f"the client was not ready within {within:g} s")
