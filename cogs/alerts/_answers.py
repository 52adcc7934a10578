"""Posting an answer the alert service decided on: reply (retried when Discord fails briefly), confirm or release."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import discord

from bot.discord_ui.cards import card_embed
from bot.discord_ui.replies import NO_MENTIONS
from bot.discord_ui.retry import TRANSIENT_ERRORS, Retrier, RetryPolicy
from bot.metrics import Metrics
from bot.services.alerts import AlertDecision, AlertService, Reservation
from cogs.alerts._views import answer_view

log = logging.getLogger(__name__)

SINGLE_ATTEMPT = RetryPolicy(attempts=1)
NOT_POSTED: tuple[type[BaseException], ...] = (discord.HTTPException, *TRANSIENT_ERRORS)
"""Failures after which the answer is given up (the reservation released) and the bot carries on."""


async def post_answer(
    message: discord.Message,
    decision: AlertDecision,
    alerts: AlertService,
    metrics: Metrics,
    *,
    received: float,
    retrier: Retrier | None = None,
) -> discord.Message | None:
    """Reply to ``message`` with the decision's card; the answer, or None when it was not (or no longer) posted.

    The reply's nonce is derived from ``message`` (and enforced), so a retry after a lost response gets the answer
    posted the first time instead of a second one. The reservation is released whenever no answer was posted,
    also when the task is cancelled (shutdown) or fails unexpectedly.

    Args:
        message: The member's message.
        decision: An `Outcome.ANSWER` decision (with its card and reservation).
        alerts: Confirms or releases the reservation.
        metrics: Counts the answer and the time from ``received`` to the reply request.
        received: ``time.perf_counter()`` when the message arrived.
        retrier: Retries transient failures (5xx, connection errors); one attempt only when None.
    """
    card, reservation = decision.card, decision.reservation
    if card is None or reservation is None:
        return None
    embed = card_embed(card)
    metrics.end_to_end_latency.observe(time.perf_counter() - received)

    async def reply() -> discord.Message:
        return await message.reply(
            embed=embed,
            view=answer_view(),
            mention_author=False,
            allowed_mentions=NO_MENTIONS,
            nonce=answer_nonce(message.id),
        )

    try:
        answer = await (retrier or Retrier(SINGLE_ATTEMPT)).run(reply, what=f"answer to message {message.id}")
    except NOT_POSTED as error:
        log.warning(
            "could not answer message %s in channel %s of guild %s: %s",
            message.id,
            message.channel.id,
            reservation.guild_id,
            error,
        )
        await alerts.release(reservation)
        return None
    except BaseException:
        await _release_anyway(alerts, reservation)  # cancelled at shutdown, or a bug: never keep the slot
        raise
    if await alerts.confirm_sent(reservation, answer.id):
        metrics.answers_sent.inc()
        return answer
    with contextlib.suppress(discord.NotFound):
        await answer.delete()
    return None


def answer_nonce(message_id: int) -> str:
    """The nonce of the answer to a message: the same for every attempt (at most 25 characters)."""
    return f"a{message_id}"


async def _release_anyway(alerts: AlertService, reservation: Reservation) -> None:
    """Release even while being cancelled; a failure is logged, never raised over the original error."""
    try:
        await asyncio.shield(alerts.release(reservation))
    except (Exception, asyncio.CancelledError):
        log.exception("could not release the answer to message %s", reservation.source_message_id)


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
