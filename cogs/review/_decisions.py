"""Who may decide, and what a decision does on Discord: the item shows its outcome, the answer is posted or deleted.

The decision itself (exactly once, learning, audit log) is `ReviewService.decide`; this module only turns its
result into Discord actions, reusing the alerts cog's answer path so an approved answer looks like any other.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import cast

import discord

from bot.client import AlertBot
from bot.discord_ui.replies import NO_MENTIONS, reply_privately
from bot.services.alerts import AlertDecision, Outcome
from bot.services.review_types import Approval, Decision, DecisionOutcome, ReviewAction, ReviewItemView
from cogs.alerts._answers import delete_answers, post_answer
from cogs.review._embeds import already_decided_text, item_embed

log = logging.getLogger(__name__)

NOT_REVIEWER = "Only moderators (Manage Messages, or the server's reviewer role) can work the review queue."
GONE = "This review item no longer exists."
ALREADY_ANSWERED = "The message already had an answer, so nothing more was posted."
SOURCE_GONE = "The message no longer exists, so no answer was posted."
NOT_POSTED = "I could not post the answer in that channel: check my permissions there."
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
    config = await cast(AlertBot, interaction.client).services.guild_settings.config(interaction.guild_id)
    return config.reviewer_role_id is not None and user.get_role(config.reviewer_role_id) is not None


def readable_by(interaction: discord.Interaction) -> Callable[[int], bool]:
    """Channel id -> whether the interaction's member may read that channel (unknown channels: no)."""
    guild, user = interaction.guild, interaction.user

    def can_read(channel_id: int) -> bool:
        channel = guild.get_channel_or_thread(channel_id) if guild is not None else None
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
    """Decide an item for the clicking moderator and show the result; a late click is told who was first."""
    bot = cast(AlertBot, interaction.client)
    decision = await bot.services.review.decide(
        item_id,
        interaction.user.id,
        action,
        guild_id=interaction.guild_id or 0,
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
    await interaction.response.edit_message(content=None, embed=item_embed(shown), view=None)
    clicked = interaction.message.id if interaction.message is not None else None
    if item.mod_message_id is not None and item.mod_message_id != clicked:
        await refresh_posted(bot, item)
    note = None
    if decision.approval is not None:
        note = await post_approval(bot, decision.approval)
    if decision.delete_answer is not None:
        channel_id, message_id = decision.delete_answer
        await delete_answers(bot, channel_id, [message_id])
    if note is not None:
        await interaction.followup.send(note, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def show_applied_later(bot: AlertBot, decision: Decision) -> None:
    """A decision queued during a database outage was applied: show it on the item, post or delete the answer."""
    if decision.item is not None:
        await refresh_posted(bot, decision.item)
    if decision.approval is not None:
        note = await post_approval(bot, decision.approval)
        if note is not None:
            log.info("approved review item %s: %s", decision.item.id if decision.item else "?", note)
    if decision.delete_answer is not None:
        channel_id, message_id = decision.delete_answer
        await delete_answers(bot, channel_id, [message_id])


async def refresh_posted(client: discord.Client, item: ReviewItemView) -> None:
    """Show a decided (or expired) item's outcome on its message in the moderators' channel, without buttons."""
    if item.mod_channel_id is None or item.mod_message_id is None:
        return
    message = client.get_partial_messageable(item.mod_channel_id).get_partial_message(item.mod_message_id)
    try:
        await message.edit(embed=item_embed(item), view=None, allowed_mentions=NO_MENTIONS)
    except discord.NotFound:
        log.info("review item %s: its message %s was deleted", item.id, item.mod_message_id)
    except discord.HTTPException as error:
        log.warning("could not update review item %s's message %s: %s", item.id, item.mod_message_id, error)


async def post_approval(bot: AlertBot, approval: Approval) -> str | None:
    """Answer the approved message the way automatic answers are posted; a note for the moderator if not."""
    reservation = approval.reservation
    if reservation is None:
        return ALREADY_ANSWERED
    try:
        message = await fetch_message(bot, approval.channel_id, approval.message_id)
    except discord.HTTPException as error:
        await bot.services.alerts.release(reservation)
        log.info("approved message %s could not be read: %s", approval.message_id, error)
        return SOURCE_GONE if isinstance(error, discord.NotFound) else NOT_POSTED
    decision = AlertDecision(Outcome.ANSWER, card=approval.card, reservation=reservation)
    posted = await post_answer(message, decision, bot.services.alerts, bot.metrics, received=time.perf_counter())
    return None if posted is not None else NOT_POSTED


async def fetch_message(client: discord.Client, channel_id: int, message_id: int) -> discord.Message:
    """A message by id, from a cached channel when possible."""
    channel = client.get_channel(channel_id)
    if not isinstance(channel, discord.abc.Messageable):
        channel = client.get_partial_messageable(channel_id)
    return await channel.fetch_message(message_id)


async def delete_quietly(message: discord.Message) -> None:
    """Delete a message the bot posted, already gone or not."""
    with contextlib.suppress(discord.NotFound):
        await message.delete()
