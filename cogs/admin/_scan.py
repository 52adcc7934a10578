"""``/alerts scan``: the history scan, its progress shown in the moderator's private answer."""

from __future__ import annotations

import contextlib
import logging

import discord

from bot.client import AlertBot
from bot.discord_ui.replies import NO_MENTIONS
from bot.platform.refs import ChannelRef, Platform
from bot.services.channel_scan import ScanRequest, progress_text, result_text

log = logging.getLogger(__name__)

SET_CHANNEL = "choose one with `/alerts modchannel`, then scan again"
GRANT_ACCESS = "give me View Channel and Read Message History in it"


async def run_scan(
    bot: AlertBot, interaction: discord.Interaction, channel: discord.TextChannel | discord.Thread, days: int
) -> None:
    """Scan ``days`` days of ``channel``: a private answer at once, edited with progress, then with the outcome."""
    await interaction.response.send_message(
        f"Reading the last {days} days of {channel.mention}\u2026", ephemeral=True, allowed_mentions=NO_MENTIONS
    )

    async def progress(count: int) -> None:
        await interaction.edit_original_response(content=progress_text(count), allowed_mentions=NO_MENTIONS)

    request = ScanRequest(
        ChannelRef(Platform.DISCORD, str(channel.guild.id), str(channel.id)),
        channel.name,
        days,
        requested_by=interaction.user.display_name,
    )
    result = await bot.services.scans.scan(request, progress)
    text = result_text(request, result, set_channel=SET_CHANNEL, grant_access=GRANT_ACCESS)
    try:
        await interaction.edit_original_response(content=text, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as error:  # the interaction's token lasts 15 minutes
        log.info("history scan of channel %s: could not show the outcome (%s)", channel.id, error)
        with contextlib.suppress(discord.HTTPException):
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
