"""``/review stats``'s chart as a Discord attachment shown in the embed, when it can be drawn in time."""

from __future__ import annotations

import asyncio
import io
import logging

import discord

from bot.services.review_activity import ReviewActivity

log = logging.getLogger(__name__)

FILENAME = "review-activity.png"
CHART_SECONDS = 10.0
"""How long the chart may take (the answer is deferred, so Discord waits): the numbers matter more than the picture."""


async def attach_chart(
    activity: ReviewActivity | None, guild_id: int, embed: discord.Embed, *, seconds: float = CHART_SECONDS
) -> discord.File | None:
    """The chart as a file, shown as the embed's image; None (and the embed untouched) when it cannot be drawn."""
    if activity is None:
        return None
    try:
        async with asyncio.timeout(seconds):
            png = await activity.chart(guild_id)
    except TimeoutError:
        log.warning("review stats chart for guild %s not drawn within %.1f s; sent without it", guild_id, seconds)
        return None
    except Exception:
        log.exception("review stats chart for guild %s could not be drawn; sent without it", guild_id)
        return None
    embed.set_image(url=f"attachment://{FILENAME}")
    return discord.File(io.BytesIO(png), filename=FILENAME, description="Answers and reports per day per incident")
