"""The moderators' review queue: ``/review``, the "Report misinformation" menu, and persistent decision buttons."""

from __future__ import annotations

from bot.client import AlertBot
from cogs.review._cog import ReviewCog


async def setup(bot: AlertBot) -> None:
    """Load the cog (discord.py's extension entry point)."""
    await bot.add_cog(ReviewCog(bot))
