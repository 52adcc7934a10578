"""Operations that affect every server (reloading the knowledge) belong to the bot's operator, never to a server.

In Discord the operator is the application's owner, or a member of its team (discord.py's ``Bot.is_owner``, which
reads the application's information once). A server's Manage Server lets its members configure their server only.
"""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.discord_ui.errors import UserFacingError

OPERATOR_ONLY = (
    "Only the bot's operator (the application's owner or team) can do this: it affects every server. Operators can "
    "also run `python -m bot kb reload` where the bot runs."
)


async def require_operator(bot: commands.Bot, user: discord.abc.User) -> None:
    """Raise a `UserFacingError` (a private refusal) unless ``user`` owns the application or is on its team."""
    if not await bot.is_owner(user):
        raise UserFacingError(OPERATOR_ONLY)
