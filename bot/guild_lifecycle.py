"""A server removing the bot, or adding it back: schedule or cancel the purge of its data (see `bot.retention`)."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands
from sqlalchemy.exc import SQLAlchemyError

from bot.db.engine import SessionFactory
from bot.retention import cancel_departures, purge_guild, record_departure

log = logging.getLogger(__name__)

DATABASE_ERRORS = (OSError, SQLAlchemyError, TimeoutError)


def install_guild_lifecycle(bot: commands.Bot, sessions: SessionFactory, *, grace_days: int) -> None:
    """Listen for GUILD_DELETE (the bot removed: purge after ``grace_days``, at once when 0) and for GUILD_CREATE.

    A GUILD_DELETE marked ``unavailable`` is an outage, not a removal: discord.py does not call ``on_guild_remove``.
    """

    async def on_guild_remove(guild: discord.Guild) -> None:
        try:
            if grace_days == 0:
                await purge_guild(sessions, guild.id)
            else:
                await record_departure(sessions, guild.id, grace_days=grace_days)
        except DATABASE_ERRORS as error:
            log.warning("could not schedule the purge of guild %s (%s)", guild.id, type(error).__name__)

    async def on_guild_join(guild: discord.Guild) -> None:
        await _keep(sessions, [guild.id])

    async def on_ready() -> None:
        await _keep(sessions, [guild.id for guild in bot.guilds])

    bot.add_listener(on_guild_remove)
    bot.add_listener(on_guild_join)
    bot.add_listener(on_guild_join, "on_guild_available")  # a GUILD_CREATE carrying unavailable=false
    bot.add_listener(on_ready)


async def _keep(sessions: SessionFactory, guild_ids: list[int]) -> None:
    try:
        await cancel_departures(sessions, guild_ids)
    except DATABASE_ERRORS as error:
        log.warning("could not cancel pending purges (%s)", type(error).__name__)
