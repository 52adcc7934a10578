"""Posting an answer the alert service decided on: reply, confirm (or release), count."""

from __future__ import annotations

import contextlib
import logging
import time

import discord

from bot.discord_ui.cards import card_embed
from bot.discord_ui.replies import NO_MENTIONS
from bot.metrics import Metrics
from bot.services.alerts import AlertDecision, AlertService
from cogs.alerts._views import answer_view

log = logging.getLogger(__name__)


async def post_answer(
    message: discord.Message, decision: AlertDecision, alerts: AlertService, metrics: Metrics, *, received: float
) -> discord.Message | None:
    """Reply to ``message`` with the decision's card; the answer, or None when it was not (or no longer) posted.

    Args:
        message: The member's message.
        decision: An `Outcome.ANSWER` decision (with its card and reservation).
        alerts: Confirms or releases the reservation.
        metrics: Counts the answer and the time from ``received`` to the reply request.
        received: ``time.perf_counter()`` when the message arrived.
    """
    card, reservation = decision.card, decision.reservation
    if card is None or reservation is None:
        return None
    embed = card_embed(card)
    metrics.end_to_end_latency.observe(time.perf_counter() - received)
    try:
        answer = await message.reply(
            embed=embed, view=answer_view(), mention_author=False, allowed_mentions=NO_MENTIONS
        )
    except discord.HTTPException as error:
        log.warning(
            "could not answer message %s in channel %s of guild %s: %s",
            message.id,
            message.channel.id,
            reservation.guild_id,
            error,
        )
        await alerts.release(reservation)
        return None
    if await alerts.confirm_sent(reservation, answer.id):
        metrics.answers_sent.inc()
        return answer
    with contextlib.suppress(discord.NotFound):
        await answer.delete()
    return None


async def delete_answers(client: discord.Client, channel_id: int, answer_ids: list[int]) -> None:
    """Delete the bot's answers (already gone ones are fine)."""
    channel = client.get_partial_messageable(channel_id)
    for answer_id in answer_ids:
        try:
            await channel.get_partial_message(answer_id).delete()
        except discord.NotFound:
            pass
        except discord.HTTPException as error:
            log.warning("could not delete answer %s in channel %s: %s", answer_id, channel_id, error)
