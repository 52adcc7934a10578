"""Asking the bot: ``/factcheck``, ``/incident show|list`` and the "Fact-check message" context menu."""

from __future__ import annotations

from bot.client import AlertBot
from cogs.factcheck._cog import FactCheckCog


async def setup(bot: AlertBot) -> None:
    """Load the cog (discord.py's extension entry point)."""
    await bot.add_cog(FactCheckCog(bot))
