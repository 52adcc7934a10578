"""``/review`` and "Report misinformation": the moderators' queue of what the bot is unsure of or members report.

Items come from the answer workflow (what the matcher was unsure of), from the message context menu, and from
disputes (the alerts cog's button); the services' `ReviewPublisher` posts them through the Discord port.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.client import AlertBot
from bot.discord_ui.replies import NO_MENTIONS, reply_privately
from bot.services.review_types import ReportedMessage
from cogs.review._chart import attach_chart
from cogs.review._decisions import is_reviewer, readable_by, refuse
from cogs.review._drafts import AnswerButton, draft_choices, open_edit, remove
from cogs.review._embeds import log_embed, queue_embed, stats_embed
from cogs.review._pager import Pager
from cogs.review._views import ReportModal, ReviewButton, ReviewPick

if TYPE_CHECKING:
    from cogs._port import DiscordPort

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
        self.publisher = bot.services.publisher
        _connect_port(bot)
        self._report_menu = app_commands.ContextMenu(name=REPORT_MENU, callback=self.report_message)
        self._report_menu.guild_only = True
        super().__init__()

    async def cog_load(self) -> None:
        """Register the context menu and the persistent buttons; start posting and expiring."""
        self.bot.tree.add_command(self._report_menu)
        self.bot.add_dynamic_items(ReviewButton, ReviewPick, AnswerButton)
        self.publisher.start(ready=self.bot.wait_until_ready)
        self.expire_loop.start()

    async def cog_unload(self) -> None:
        """Undo `cog_load`."""
        self.expire_loop.cancel()
        await self.publisher.stop()
        self.bot.remove_dynamic_items(ReviewButton, ReviewPick, AnswerButton)
        self.bot.tree.remove_command(self._report_menu.name, type=self._report_menu.type)

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
        guild_id, can_read = str(interaction.guild_id or 0), readable_by(interaction)

        async def render(number: int) -> tuple[discord.Embed, int, list[Any]]:
            found = await self.bot.services.review.queue(guild_id, number, can_read=can_read)
            return queue_embed(found), found.pages, list(found.entries)

        await Pager.open(interaction, render, page, with_items=True)

    @app_commands.command(name="log", description="Decisions on review items, newest first")
    @app_commands.describe(page="Which page to show first")
    async def log(self, interaction: discord.Interaction, page: Page = 1) -> None:
        """Who decided what, when; and, on the first page, the latest corrections of past answers."""
        guild_id = str(interaction.guild_id or 0)

        corrections = self.bot.services.corrections

        async def render(number: int) -> tuple[discord.Embed, int, list[Any]]:
            found = await self.bot.services.review.log(guild_id, number)
            latest = await corrections.recent(guild_id) if corrections is not None and number == 1 else []
            return log_embed(found, latest), found.pages, []

        await Pager.open(interaction, render, page)

    @app_commands.command(name="stats", description="Open items, decisions and the most reported claims")
    async def stats(self, interaction: discord.Interaction) -> None:
        """Over the last 7 and 30 days, with a chart of the last 30 days attached."""
        await interaction.response.defer(ephemeral=True, thinking=True)  # drawing may outlast Discord's 3 s
        guild_id = str(interaction.guild_id or 0)
        found = await self.bot.services.review.stats(guild_id)
        embed = stats_embed(found)
        chart = await attach_chart(self.bot.services.activity, guild_id, embed)
        files = [chart] if chart is not None else []
        await interaction.followup.send(embed=embed, files=files, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="claim-edit", description="Edit one of this server's drafted claims")
    @app_commands.describe(claim="The claim (start typing; /incident list shows their numbers)")
    async def claim_edit(self, interaction: discord.Interaction, claim: int) -> None:
        """Open the draft's modal, prefilled."""
        await open_edit(interaction, claim)

    @app_commands.command(name="claim-remove", description="Remove one of this server's drafted claims")
    @app_commands.describe(claim="The claim (start typing; /incident list shows their numbers)")
    async def claim_remove(self, interaction: discord.Interaction, claim: int) -> None:
        """Remove the draft: the bot no longer answers it in this server."""
        await remove(interaction, claim)

    @claim_edit.autocomplete("claim")
    @claim_remove.autocomplete("claim")
    async def _claims(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        return await draft_choices(interaction, current)


def _reported(message: discord.Message) -> ReportedMessage:
    guild_id = str(message.guild.id) if message.guild is not None else ""
    ids = (guild_id, str(message.channel.id), str(message.id), str(message.author.id))
    return ReportedMessage(*ids, message.content)


def _connect_port(bot: AlertBot) -> DiscordPort:
    from cogs._port import discord_port

    return discord_port(bot)
