"""The stand-in serving several shards: servers split by ``(guild_id >> 22) % shard_count``, as on Discord."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest
from discord.ext import commands

from tests.fakediscord import CLIENT_OPTIONS, FakeDiscord, bot_intents, pointing_discord_at, shard_of, sharded_world

pytestmark = pytest.mark.e2e


def sharded_bot(**options: Any) -> commands.AutoShardedBot:
    bot = commands.AutoShardedBot(command_prefix="!", intents=bot_intents(), **CLIENT_OPTIONS, **options)

    async def identify_at_once(_shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py otherwise waits 5 s between the shards' IDENTIFYs."""

    bot.before_identify_hook = identify_at_once  # type: ignore[method-assign]
    return bot


async def ready(bot: discord.Client, token: str) -> asyncio.Task[None]:
    await bot.login(token)
    task = asyncio.create_task(bot.connect())
    async with asyncio.timeout(5):
        await bot.wait_until_ready()
    return task


def test_the_sharded_world_puts_its_guilds_on_each_shard():
    world = sharded_world("token", 3, guilds_per_shard=2)

    assert [shard_of(guild.id, 3) for guild in world.guilds] == [0, 1, 2, 0, 1, 2]
    assert [guild.name for guild in world.guilds][:2] == ["Guild 0", "Guild 1"]
    assert world.guilds[1].member("alice").user is world.guilds[0].member("alice").user
    assert world.guilds == sorted(world.guilds, key=lambda guild: guild.id)


async def test_an_auto_sharded_bot_gets_the_recommended_shards_and_each_guild_once():
    async with FakeDiscord(sharded_world("token", 2), token="token", shard_count=2) as fake:
        with pointing_discord_at(fake):
            bot = sharded_bot()
            task = await ready(bot, fake.token)
            seen: list[tuple[int | None, int]] = []

            async def on_message(message: discord.Message) -> None:
                seen.append((message.guild.shard_id, message.guild.id))

            bot.add_listener(on_message)
            try:
                for guild in fake.world.guilds:
                    await fake.post_message("alice", guild.channel("general"), "hello")
                await fake.wait_until(lambda: len(seen) == 2 or None, what="both messages")
            finally:
                await bot.close()
                await task

    assert sorted(identify["shard"] for identify in fake.identifies) == [[0, 2], [1, 2]]
    assert sorted(seen) == sorted((shard_of(g.id, 2), g.id) for g in fake.world.guilds)
    assert {guild.id for guild in bot.guilds} == {guild.id for guild in fake.world.guilds}


async def test_two_clients_with_one_shard_each_share_the_guilds_between_them():
    async with FakeDiscord(sharded_world("token", 2, guilds_per_shard=2), token="token") as fake:
        with pointing_discord_at(fake):
            bots = [sharded_bot(shard_count=2, shard_ids=[shard]) for shard in (0, 1)]
            seen: list[list[str]] = [[], []]
            for bot, inbox in zip(bots, seen, strict=True):
                bot.add_listener(_recorder(inbox), "on_message")
            tasks = [await ready(bot, fake.token) for bot in bots]
            try:
                guilds = [{guild.id for guild in bot.guilds} for bot in bots]
                for guild in fake.world.guilds:
                    await fake.post_message("alice", guild.channel("general"), guild.name)
                await fake.post_dm("alice", "a direct message")
                await fake.wait_until(lambda: sum(map(len, seen)) == 5 or None, what="every message")
            finally:
                for bot, task in zip(bots, tasks, strict=True):
                    await bot.close()
                    await task

    assert guilds == [{g.id for g in fake.world.guilds if shard_of(g.id, 2) == shard} for shard in (0, 1)]
    assert seen == [["Guild 0", "Guild 2", "a direct message"], ["Guild 1", "Guild 3"]]  # DMs go to shard 0


def _recorder(inbox: list[str]) -> Any:
    async def on_message(message: discord.Message) -> None:
        inbox.append(message.content)

    return on_message


async def test_an_invalid_shard_is_refused_with_4010():
    async with FakeDiscord() as fake:
        with pointing_discord_at(fake):
            bot = sharded_bot(shard_count=2, shard_ids=[2])
            await bot.login(fake.token)
            with pytest.raises(discord.ConnectionClosed) as closed:
                await asyncio.wait_for(bot.connect(reconnect=False), 5)
            await bot.close()

    assert closed.value.code == 4010
