"""``/alerts``: what the bot may do in a server, for members with the Manage Server permission."""

from __future__ import annotations

from bot.client import AlertBot
from cogs.admin._cog import AlertsAdminCog


async def setup(bot: AlertBot) -> None:
    """Load the cog (discord.py's extension entry point)."""
    await bot.add_cog(AlertsAdminCog(bot))
