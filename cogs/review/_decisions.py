"""Who may decide on Discord, and showing a decision where the moderator clicked.

The decision and everything it sets off (exactly once, learning, the audit log, the item's message, the approved
answer) is the services' `ReviewDecisions`; this module checks the member, shows the result, and tells them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import cast

import discord

from bot.client import AlertBot
from bot.discord_ui.replies import NO_MENTIONS, acknowledge_click, reply_privately
from bot.platform.refs import MessageRef, Platform
from bot.services.review_decisions import ALREADY_ANSWERED, NOT_POSTED, SOURCE_GONE
from bot.services.review_types import DecisionOutcome, ReviewAction
from cogs.review._embeds import already_decided_text, item_embed

__all__ = ["ALREADY_ANSWERED", "GONE", "NOT_POSTED", "NOT_REVIEWER", "RECORDED_LATER", "SOURCE_GONE"]

log = logging.getLogger(__name__)

NOT_REVIEWER = "Only moderators (Manage Messages, or the server's reviewer role) can work the review queue."
GONE = "This review item no longer exists."
RECORDED_LATER = (
    "Recorded \u2014 the database is unavailable right now; your decision will be applied when it is back "
    "(unless another moderator's decision gets there first)."
)


async def is_reviewer(interaction: discord.Interaction) -> bool:
    """Manage Messages in the whole server (never from one channel's overwrite), or the server's reviewer role."""
    user = interaction.user
    if interaction.guild_id is None or not isinstance(user, discord.Member):
        return False
    if user.guild_permissions.manage_messages:
        return True
    config = await cast(AlertBot, interaction.client).services.guild_settings.config(str(interaction.guild_id))
    return config.reviewer_role_id is not None and user.get_role(int(config.reviewer_role_id)) is not None


def readable_by(interaction: discord.Interaction) -> Callable[[str], bool]:
    """Channel id -> whether the interaction's member may read that channel (unknown channels: no)."""
    guild, user = interaction.guild, interaction.user

    def can_read(channel_id: str) -> bool:
        channel = guild.get_channel_or_thread(int(channel_id)) if guild is not None else None
        return channel is not None and isinstance(user, discord.Member) and channel.permissions_for(user).read_messages

    return can_read


async def refuse(interaction: discord.Interaction) -> bool:
    """Tell a non-moderator privately that they may not; returns False (for ``interaction_check``)."""
    interaction.extras["error_handled"] = True
    await reply_privately(interaction, NOT_REVIEWER)
    return False


async def apply_decision(
    interaction: discord.Interaction,
    item_id: int,
    action: ReviewAction,
    *,
    incident_id: str | None = None,
    claim_id: str | None = None,
) -> None:
    """Decide an item for the clicking moderator and show the result; a late click is told who was first.

    The click is acknowledged first (`acknowledge_click`): the clicked message then shows the decided item, and
    notes come as private follow-ups.
    """
    await acknowledge_click(interaction)
    decisions = cast(AlertBot, interaction.client).services.decisions
    decision = await decisions.decide(
        item_id,
        str(interaction.user.id),
        action,
        guild_id=str(interaction.guild_id or 0),
        incident_id=incident_id,
        claim_id=claim_id,
    )
    item = decision.item
    if decision.outcome is DecisionOutcome.QUEUED:
        await reply_privately(interaction, RECORDED_LATER)
        return
    if decision.outcome is DecisionOutcome.NOT_FOUND or item is None:
        await reply_privately(interaction, GONE)
        return
    if decision.outcome is DecisionOutcome.INVALID:
        await reply_privately(interaction, decision.problem or GONE)
        return
    if decision.outcome is DecisionOutcome.ALREADY_DECIDED:
        await reply_privately(interaction, already_decided_text(item))
        return
    shown = item.seen_by(readable_by(interaction))
    await interaction.edit_original_response(content=None, embed=item_embed(shown), view=None)
    note = await decisions.follow_through(decision, shown=_clicked(interaction))
    if note is not None:
        await interaction.followup.send(note, ephemeral=True, allowed_mentions=NO_MENTIONS)


def _clicked(interaction: discord.Interaction) -> MessageRef | None:
    """The message whose button was clicked (already showing the decision)."""
    message = interaction.message
    if message is None:
        return None
    guild = str(interaction.guild_id) if interaction.guild_id is not None else ""
    return MessageRef(Platform.DISCORD, guild, str(message.channel.id), str(message.id))
