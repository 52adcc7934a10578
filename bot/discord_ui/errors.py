"""The one error path of application commands and buttons: a short private answer, and a log for bugs.

Order: user mistakes (`UserFacingError`, `InvalidSettingError`, bad option values) get their own message;
missing permissions say which; other check failures say "not here"; the database being unavailable says so (an
outage, not a bug); anything else is a bug: a generic private answer and ``log.error`` with the traceback and the
guild, channel and user ids. A handler that answered the user itself sets ``interaction.extras["error_handled"] =
True`` to skip this path.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.db.errors import is_database_unavailable
from bot.discord_ui.replies import reply_privately
from bot.services.guild_settings import InvalidSettingError

log = logging.getLogger(__name__)

MANAGE_SERVER_NEEDED = "You need the Manage Server permission to change alerts."
SERVER_ONLY = "This command only works in a server."
NOT_ALLOWED = "You can't use this command here."
UNEXPECTED = "Something went wrong on my side. It has been logged; please try again later."
BOT_FORBIDDEN = "Discord did not let me do that here: check my permissions in this channel."
DATABASE_UNAVAILABLE = "The database is unavailable right now, so I can't do that: try again in a few minutes."


class UserFacingError(Exception):
    """A mistake the user can fix; ``str(error)`` is the message shown to them privately."""


def error_message(error: BaseException) -> tuple[str, bool]:
    """The message for an error, and whether it is unexpected (a bug, to be logged with its traceback)."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    message: str | None = None
    if isinstance(error, UserFacingError | InvalidSettingError):
        message = str(error)
    elif isinstance(error, app_commands.MissingPermissions):
        message = _missing_permissions(error.missing_permissions)
    elif isinstance(error, app_commands.BotMissingPermissions):
        message = f"I need the {_names(error.missing_permissions)} permission in this channel."
    elif isinstance(error, app_commands.NoPrivateMessage):
        message = SERVER_ONLY
    elif isinstance(error, app_commands.CommandOnCooldown):
        message = f"Slow down: try again in {error.retry_after:.0f} seconds."
    elif isinstance(error, app_commands.TransformerError):
        message = f"That value does not work for this option: {error.value!r}."
    elif isinstance(error, app_commands.CheckFailure):
        message = NOT_ALLOWED
    elif isinstance(error, discord.Forbidden):
        message = BOT_FORBIDDEN
    elif is_database_unavailable(error):
        message = DATABASE_UNAVAILABLE
    return (UNEXPECTED, True) if message is None else (message, False)


async def respond_with_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Answer the user privately about an error, logging it first when it is a bug."""
    if interaction.extras.get("error_handled"):
        return
    message, unexpected = error_message(error)
    if unexpected:
        metrics = getattr(interaction.client, "metrics", None)
        if metrics is not None:
            metrics.errors.labels(where="command").inc()
        log.error(
            "unexpected error in %s (guild %s, channel %s, user %s)",
            _what(interaction),
            interaction.guild_id,
            interaction.channel_id,
            interaction.user.id,
            exc_info=error,
        )
    else:
        log.debug("refused %s for user %s: %s", _what(interaction), interaction.user.id, message)
    try:
        await reply_privately(interaction, message)
    except discord.HTTPException as failure:
        log.warning("could not tell user %s about an error: %s", interaction.user.id, failure)


class AlertCommandTree(app_commands.CommandTree):
    """The bot's command tree: every command error goes through `respond_with_error`."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        """Answer privately (see the module docs for the order)."""
        await respond_with_error(interaction, error)


def _missing_permissions(missing: list[str]) -> str:
    if "manage_guild" in missing:
        return MANAGE_SERVER_NEEDED
    return f"You need the {_names(missing)} permission for this."


def _names(permissions: list[str]) -> str:
    return ", ".join(name.replace("_", " ").replace("guild", "server").title() for name in permissions)


def _what(interaction: discord.Interaction) -> str:
    command = interaction.command
    if command is not None:
        return f"command {command.qualified_name!r}"
    custom_id = (interaction.data or {}).get("custom_id")
    return f"component {custom_id!r}" if custom_id else f"interaction type {interaction.type}"
