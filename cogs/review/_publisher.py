"""Posting review items in moderators' channels, keeping their counts current, and expiring old ones.

One background task flushes: when the review service says the queue changed in this process (a listener), and
every `POLL_SECONDS` anyway (items from other processes, items held back by the hourly cap, restarts). Each
item is claimed in the database before it is posted, so it is posted once whatever runs at the same time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import discord

from bot.client import AlertBot
from bot.db.errors import is_database_unavailable
from bot.discord_ui.replies import NO_MENTIONS
from bot.services.review_types import ReviewItemView, ReviewKind
from cogs.review._decisions import delete_quietly, fetch_message, refresh_posted
from cogs.review._embeds import item_embed
from cogs.review._views import item_view

log = logging.getLogger(__name__)

POLL_SECONDS = 30.0
"""The longest an item waits to be posted when nothing in this process announced it."""
BACKOFF_SECONDS = 600.0
"""A server whose moderators' channel refused a post is skipped this long."""


class Publisher:
    """The flush task of one bot."""

    def __init__(self, bot: AlertBot, *, poll_seconds: float = POLL_SECONDS) -> None:
        self._bot = bot
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._blocked: dict[int, float] = {}

    def start(self) -> None:
        """Start flushing (once the bot is ready)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="review-publisher")

    async def stop(self) -> None:
        """Stop flushing."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self, _guild_id: int = 0, _item_id: int = 0) -> None:
        """Flush soon (the review service's listener: called when the queue changed in this process)."""
        self._wake.set()

    async def _run(self) -> None:
        await self._bot.wait_until_ready()
        await self._finish_interrupted()
        while True:
            self._wake.clear()
            try:
                await self.flush()
            except Exception as error:
                if not is_database_unavailable(error):
                    log.exception("review publisher: flush failed")
                else:
                    log.warning("review publisher: the database is unavailable (%s); trying again later", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def _finish_interrupted(self) -> None:
        """Post the answers of approvals a crash left unposted (the review service hands them to the listeners)."""
        try:
            finished = await self._bot.services.review.finish_interrupted()
        except Exception:
            log.exception("review publisher: could not finish interrupted approvals")
            return
        if finished:
            log.info("review publisher: finished %d approvals a restart interrupted", finished)

    async def flush(self) -> None:
        """Post what is due in every server this bot is in, edit grown counts, and update the gauge."""
        review = self._bot.services.review
        for guild_id in await review.guilds_with_work():
            if self._bot.get_guild(guild_id) is None or self._blocked.get(guild_id, 0.0) > time.monotonic():
                continue
            await self._flush_guild(guild_id)
        for state, count in (await review.counts_by_state()).items():
            self._bot.metrics.review_items.labels(state=state.value).set(count)

    async def _flush_guild(self, guild_id: int) -> None:
        review = self._bot.services.review
        channel_id = (await self._bot.services.guild_settings.config(guild_id)).moderators_channel_id
        if channel_id is not None:
            budget = await review.post_budget(guild_id)
            for item_id in await review.items_to_post(guild_id, budget) if budget else []:
                if not await self._post(guild_id, item_id, channel_id):
                    break
        for item_id in await review.items_to_edit(guild_id):
            item = await review.claim_edit(item_id)
            if item is not None:
                await self._edit(item)

    async def _post(self, guild_id: int, item_id: int, channel_id: int) -> bool:
        """Post one item; False when the channel refused (the server is skipped for a while)."""
        review = self._bot.services.review
        item = await review.claim_post(item_id)
        if item is None:
            return True
        if item.excerpt is None and item.kind is ReviewKind.DISPUTE:
            item = await self._with_excerpt(item)
        channel = self._bot.get_partial_messageable(channel_id, guild_id=guild_id)
        try:
            sent = await channel.send(embed=item_embed(item), view=item_view(item), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as error:
            await review.release_post(item_id)
            log.warning(
                "could not post review item %s in channel %s of guild %s: %s", item_id, channel_id, guild_id, error
            )
            if isinstance(error, discord.Forbidden | discord.NotFound):
                self._blocked[guild_id] = time.monotonic() + BACKOFF_SECONDS
                return False
            return True
        try:
            marked = await review.mark_posted(item_id, channel_id, sent.id, shown=item.reporters)
        except Exception as error:
            if is_database_unavailable(error):  # not recorded: it is posted again once the database is back
                await delete_quietly(sent)
            raise
        if not marked:
            await delete_quietly(sent)  # another process posted it first
            return True
        current = await review.item(item_id, guild_id=guild_id)
        if current is not None and not current.pending:  # decided or expired while it was being posted
            await refresh_posted(self._bot, current)
        return True

    async def _with_excerpt(self, item: ReviewItemView) -> ReviewItemView:
        """A dispute's item with the disputed message's text, read now (the bot never stored it)."""
        try:
            message = await fetch_message(self._bot, item.channel_id, item.message_id)
        except discord.HTTPException:
            return item
        review = self._bot.services.review
        await review.attach_excerpt(item.id, message.content, message.author.id)
        return await review.item(item.id, guild_id=item.guild_id) or item

    async def show(self, item: ReviewItemView) -> None:
        """Show an item's current state on its posted message (buttons as they are)."""
        await self._edit(item)

    async def _edit(self, item: ReviewItemView) -> None:
        if item.mod_channel_id is None or item.mod_message_id is None:
            return
        message = self._bot.get_partial_messageable(item.mod_channel_id).get_partial_message(item.mod_message_id)
        try:
            await message.edit(embed=item_embed(item), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as error:
            log.warning("could not update review item %s's count: %s", item.id, error)

    async def expire(self) -> None:
        """Expire old pending items and show it on their posted messages."""
        for item in await self._bot.services.review.expire_due():
            await refresh_posted(self._bot, item)
