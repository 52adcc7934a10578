"""Listeners: new and edited messages go to the answer workflow; deleted ones take their answers with them."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.client import AlertBot
from bot.discord_ui.events import is_watched, message_event
from bot.log import log_context
from bot.platform.refs import ChannelRef, Platform
from bot.tasks import InFlight
from cogs.alerts._views import DisputeButton

if TYPE_CHECKING:
    from cogs._port import DiscordPort

log = logging.getLogger(__name__)

RECENT_EDIT = dt.timedelta(minutes=5)
"""An edit of a message not in the cache counts only if edited this recently (link previews also send edits)."""
DRAIN_SECONDS = 5.0
"""On shutdown, how long messages being handled get to finish (their answers and records)."""
CANCEL_SECONDS = 2.0
"""Then how long those still running get, once cancelled, to release their reservations."""


class AlertsCog(commands.Cog):
    """Answers repeated false claims as they are posted or edited in."""

    def __init__(self, bot: AlertBot) -> None:
        self.bot = bot
        self._in_flight = InFlight()
        self._port = _connect_port(bot)

    async def cog_load(self) -> None:
        """Make the dispute buttons of every answer, old ones included, clickable; start correcting past answers."""
        self.bot.add_dynamic_items(DisputeButton)
        if self.bot.services.corrections is not None:
            self.bot.services.corrections.start(ready=self.bot.wait_until_ready)

    async def cog_unload(self) -> None:
        """Stop handling dispute buttons, and let the messages being handled finish (bounded).

        Those still running after `DRAIN_SECONDS` (say, waiting out a long rate limit) are cancelled: their
        answers are given up and the reservations released, so nothing is left half-done in the database.
        """
        self.bot.remove_dynamic_items(DisputeButton)
        if self.bot.services.corrections is not None:
            await self.bot.services.corrections.stop()
        pending = self._in_flight.pending()
        if pending:
            log.info("waiting for %d messages being handled", len(pending))
        late = await self._in_flight.wait(pending, DRAIN_SECONDS)
        self._port.retrier.stop()
        if late:
            log.warning("giving up %d messages still being handled", len(late))
        await self._in_flight.cancel(late, CANCEL_SECONDS)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A new message: answer it if it repeats a known claim."""
        received = time.perf_counter()
        if is_watched(message):
            await self._handle(message, is_edit=False, received=received)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """An edited message whose text changed: answer it if it now repeats a known claim."""
        received = time.perf_counter()
        message, before = payload.message, payload.cached_message
        if before is not None and before.content == message.content:
            return
        if before is None and not _recently_edited(message):
            return
        if is_watched(message):
            await self._handle(message, is_edit=True, received=received)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """A deleted message: delete the bot's answers to it."""
        await self._source_deleted(payload.guild_id, payload.channel_id, [payload.message_id])

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """Messages deleted in bulk: delete the bot's answers to them."""
        await self._source_deleted(payload.guild_id, payload.channel_id, sorted(payload.message_ids))

    async def _handle(self, message: discord.Message, *, is_edit: bool, received: float) -> None:
        guild_id = message.guild.id if message.guild is not None else None
        with log_context(guild_id=guild_id, channel_id=message.channel.id, message_id=message.id):
            await self._decide(message, is_edit=is_edit, received=received)

    async def _decide(self, message: discord.Message, *, is_edit: bool, received: float) -> None:
        with self._in_flight.track():
            await self.bot.services.answering.message(message_event(message, is_edit=is_edit), received=received)

    async def _source_deleted(self, guild_id: int | None, channel_id: int, message_ids: list[int]) -> None:
        channel = ChannelRef(Platform.DISCORD, str(guild_id or ""), str(channel_id))
        with self._in_flight.track():
            await self.bot.services.answering.source_deleted(channel, [str(message_id) for message_id in message_ids])


def _recently_edited(message: discord.Message) -> bool:
    edited = message.edited_at
    return edited is not None and discord.utils.utcnow() - edited <= RECENT_EDIT


def _connect_port(bot: AlertBot) -> DiscordPort:
    from cogs._port import discord_port

    return discord_port(bot)
