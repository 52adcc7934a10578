"""A server removing the bot (GUILD_DELETE): its data is purged after the grace period; adding the bot back keeps it."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.db.engine import create_session_factory
from bot.db.models import Answer, GuildDeparture, GuildSettings
from tests.e2e.helpers import CLAIM

pytestmark = pytest.mark.e2e


async def count(running, model, guild_id: int) -> int:
    sessions = create_session_factory(running.runtime.engine)
    async with sessions() as session:
        query = select(func.count()).select_from(model).where(model.guild_id == guild_id)
        return (await session.execute(query)).scalar_one()


async def eventually(check, *, within: float = 5) -> None:
    async with asyncio.timeout(within):
        while True:
            if await check():
                return
            await asyncio.sleep(0.05)


async def test_removing_the_bot_with_no_grace_period_purges_the_server_at_once(start_alert_bot):
    running = await start_alert_bot(guild_purge_grace_days=0)
    guild_id = running.fake.world.guild.id
    await running.services.guild_settings.set_cooldown(guild_id, 5)
    await running.answer_to(await running.post("alice", "general", CLAIM))
    assert await count(running, Answer, guild_id) == 1

    await running.fake.remove_bot_from_guild()

    async def purged() -> bool:
        return await count(running, Answer, guild_id) == 0 and await count(running, GuildSettings, guild_id) == 0

    await eventually(purged)


async def test_removing_the_bot_schedules_the_purge_and_adding_it_back_cancels_it(start_alert_bot):
    running = await start_alert_bot(guild_purge_grace_days=7)
    guild_id = running.fake.world.guild.id
    await running.answer_to(await running.post("alice", "general", CLAIM))

    await running.fake.remove_bot_from_guild()

    async def scheduled() -> bool:
        return await count(running, GuildDeparture, guild_id) == 1

    await eventually(scheduled)
    assert await count(running, Answer, guild_id) == 1  # kept during the grace period

    await running.fake.add_bot_to_guild()

    async def cancelled() -> bool:
        return await count(running, GuildDeparture, guild_id) == 0

    await eventually(cancelled)
    assert await count(running, Answer, guild_id) == 1
