"""Sending without ever pinging anyone, and answering interactions whether or not they were acknowledged."""

from __future__ import annotations

import discord

NO_MENTIONS = discord.AllowedMentions.none()
"""Passed on every send, reply and follow-up, on top of the bot's own default: whatever a text says, no ping."""


async def reply_privately(
    interaction: discord.Interaction, content: str | None = None, *, embeds: list[discord.Embed] | None = None
) -> None:
    """An ephemeral answer: the interaction's response, or a follow-up when it was already acknowledged."""
    await send_response(interaction, content, embeds=embeds, ephemeral=True)


async def send_response(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embeds: list[discord.Embed] | None = None,
    ephemeral: bool,
) -> None:
    """Answer an interaction (response or follow-up, whichever is due), never mentioning anyone."""
    embeds = embeds or []
    if interaction.response.is_done():
        await interaction.followup.send(content, embeds=embeds, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(
            content, embeds=embeds, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS
        )


async def acknowledge_click(interaction: discord.Interaction) -> None:
    """Acknowledge a click (or a modal opened by one) now, before database or other slow work (Discord allows 3 s).

    A deferred update of the clicked message: nothing changes on screen until the handler edits that message
    (``interaction.edit_original_response``) or answers privately (`reply_privately` then sends a follow-up).
    Does nothing when the interaction was already acknowledged.
    """
    if not interaction.response.is_done():
        await interaction.response.defer()
