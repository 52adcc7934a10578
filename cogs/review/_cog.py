"""``/review`` and "Report misinformation": the moderators' queue of what the bot is unsure of or members report.

Items come from the alerts cog (``review_candidates`` events), from the message context menu, and from disputes
(recorded by the alerts cog's button; the review service queues them and wakes the publisher).
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.client import AlertBot
from bot.discord_ui.replies import NO_MENTIONS, reply_privately
from bot.services.alerts import AlertDecision
from bot.services.review_types import Decision, ReportedMessage
from cogs.review._decisions import is_reviewer, readable_by, refuse, show_applied_later
from cogs.review._embeds import log_embed, queue_embed, stats_embed
from cogs.review._pager import Pager
from cogs.review._publisher import Publisher
from cogs.review._views import ReportModal, ReviewButton, ReviewPick

log = logging.getLogger(__name__)

REPORT_MENU = "Report misinformation"
OWN_MESSAGE = "To say one of my answers is wrong, use its \u201cThis answer is wrong\u201d button."
EXPIRY_MINUTES = 10.0
Page = app_commands.Range[int, 1, 10_000]


@app_commands.default_permissions(manage_messages=True)
@app_commands.guild_only()
class ReviewCog(commands.GroupCog, group_name="review", group_description="The moderators' review queue"):
    """The review queue's commands, buttons, context menu and background posting."""

    def __init__(self, bot: AlertBot) -> None:
        self.bot = bot
        self.publisher = Publisher(bot)
        self._report_menu = app_commands.ContextMenu(name=REPORT_MENU, callback=self.report_message)
        self._report_menu.guild_only = True
        super().__init__()

    async def cog_load(self) -> None:
        """Register the context menu and the persistent buttons; start posting and expiring."""
        self.bot.tree.add_command(self._report_menu)
        self.bot.add_dynamic_items(ReviewButton, ReviewPick)
        self.bot.services.review.add_listener(self.publisher.wake)
        self.bot.services.review.add_decision_listener(self._applied_later)
        self.publisher.start()
        self.expire_loop.start()

    async def cog_unload(self) -> None:
        """Undo `cog_load`."""
        self.expire_loop.cancel()
        await self.publisher.stop()
        self.bot.services.review.remove_listener(self.publisher.wake)
        self.bot.services.review.remove_decision_listener(self._applied_later)
        self.bot.remove_dynamic_items(ReviewButton, ReviewPick)
        self.bot.tree.remove_command(self._report_menu.name, type=self._report_menu.type)

    async def _applied_later(self, decision: Decision) -> None:
        """A decision queued while the database was unavailable was applied: show it on Discord."""
        await show_applied_later(self.bot, decision)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """``/review`` is for moderators: hidden from others by default, and checked on every use."""
        return await is_reviewer(interaction) or await refuse(interaction)

    @tasks.loop(minutes=EXPIRY_MINUTES)
    async def expire_loop(self) -> None:
        """Expire old pending items."""
        try:
            await self.publisher.expire()
        except Exception:
            log.exception("review expiry failed")

    @expire_loop.before_loop
    async def _before_expiry(self) -> None:
        await self.bot.wait_until_ready()

    @commands.Cog.listener()
    async def on_review_candidates(self, message: discord.Message, decision: AlertDecision) -> None:
        """The alerts cog handled a message the matcher was unsure of: queue it for moderators."""
        if message.guild is None:
            return
        await self.bot.services.review.submit_matches(_reported(message), decision.review)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """A deleted message's review items keep only ids: show it on their posted messages."""
        await self._forget(payload.channel_id, [payload.message_id])

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """The same for messages deleted in bulk."""
        await self._forget(payload.channel_id, sorted(payload.message_ids))

    async def _forget(self, channel_id: int, message_ids: list[int]) -> None:
        for message_id in message_ids:
            for item in await self.bot.services.review.message_deleted(channel_id, message_id):
                await self.publisher.show(item)

    async def report_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """The context menu: ask for an optional note (a modal must be the first answer, within 3 s)."""
        if message.guild is None:
            await reply_privately(interaction, "Only messages in a server can be reported.")
        elif self.bot.user is not None and message.author.id == self.bot.user.id:
            await reply_privately(interaction, OWN_MESSAGE)
        else:
            await interaction.response.send_modal(ReportModal(_reported(message)))

    @app_commands.command(name="queue", description="Open review items, most reported first")
    @app_commands.describe(page="Which page to show first")
    async def queue(self, interaction: discord.Interaction, page: Page = 1) -> None:
        """Pending items, five per page, with a menu to open one and decide it."""
        guild_id, can_read = interaction.guild_id or 0, readable_by(interaction)

        async def render(number: int) -> tuple[discord.Embed, int, list[Any]]:
            found = await self.bot.services.review.queue(guild_id, number, can_read=can_read)
            return queue_embed(found), found.pages, list(found.entries)

        await Pager.open(interaction, render, page, with_items=True)

    @app_commands.command(name="log", description="Decisions on review items, newest first")
    @app_commands.describe(page="Which page to show first")
    async def log(self, interaction: discord.Interaction, page: Page = 1) -> None:
        """Who decided what, when."""
        guild_id = interaction.guild_id or 0

        async def render(number: int) -> tuple[discord.Embed, int, list[Any]]:
            found = await self.bot.services.review.log(guild_id, number)
            return log_embed(found), found.pages, []

        await Pager.open(interaction, render, page)

    @app_commands.command(name="stats", description="Open items, decisions and the most reported claims")
    async def stats(self, interaction: discord.Interaction) -> None:
        """Over the last 7 and 30 days."""
        found = await self.bot.services.review.stats(interaction.guild_id or 0)
        await interaction.response.send_message(embed=stats_embed(found), ephemeral=True, allowed_mentions=NO_MENTIONS)


def _reported(message: discord.Message) -> ReportedMessage:
    guild_id = message.guild.id if message.guild is not None else 0
    return ReportedMessage(guild_id, message.channel.id, message.id, message.author.id, message.content)
