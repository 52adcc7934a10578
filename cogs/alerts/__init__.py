"""Automatic answers to repeated false claims, and the "This answer is wrong" button."""

from __future__ import annotations

from bot.client import AlertBot
from cogs.alerts._cog import AlertsCog


async def setup(bot: AlertBot) -> None:
    """Load the cog (discord.py's extension entry point)."""
    await bot.add_cog(AlertsCog(bot))
