"""One error path: user mistakes get their message, missing permissions say which, bugs are logged."""

import logging
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest
from discord import app_commands

from bot.discord_ui.errors import (
    BOT_FORBIDDEN,
    MANAGE_SERVER_NEEDED,
    NOT_ALLOWED,
    SERVER_ONLY,
    UNEXPECTED,
    UserFacingError,
    error_message,
    respond_with_error,
)
from bot.services.guild_settings import InvalidSettingError


def forbidden() -> discord.Forbidden:
    return discord.Forbidden(MagicMock(status=403, reason="Forbidden"), {"code": 50013, "message": "Missing"})


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            InvalidSettingError("The cooldown must be between 0 and 10080 minutes (a week)."),
            ("The cooldown must be between 0 and 10080 minutes (a week).", False),
        ),
        (UserFacingError("No such incident."), ("No such incident.", False)),
        (app_commands.MissingPermissions(["manage_guild"]), (MANAGE_SERVER_NEEDED, False)),
        (
            app_commands.MissingPermissions(["manage_messages"]),
            ("You need the Manage Messages permission for this.", False),
        ),
        (app_commands.NoPrivateMessage(), (SERVER_ONLY, False)),
        (app_commands.CheckFailure(), (NOT_ALLOWED, False)),
        (forbidden(), (BOT_FORBIDDEN, False)),
        (RuntimeError("bug"), (UNEXPECTED, True)),
    ],
    ids=["invalid-setting", "user-error", "manage-server", "other-permission", "dm", "check", "forbidden", "bug"],
)
def test_error_messages(error, expected):
    assert error_message(error) == expected


def test_errors_raised_in_a_command_are_unwrapped():
    command = MagicMock(spec=app_commands.Command)
    command.name = "cooldown"
    wrapped = app_commands.CommandInvokeError(command, InvalidSettingError("Bad value."))

    assert error_message(wrapped) == ("Bad value.", False)


def fake_interaction(*, done: bool) -> MagicMock:
    interaction = MagicMock(spec=discord.Interaction)
    interaction.extras = {}
    interaction.guild_id, interaction.channel_id = 1, 2
    interaction.user = MagicMock(spec=discord.Member, id=3)
    interaction.command = MagicMock(spec=app_commands.Command, qualified_name="alerts cooldown")
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.is_done.return_value = done
    interaction.response.send_message = AsyncMock()
    interaction.followup = MagicMock(spec=discord.Webhook)
    interaction.followup.send = AsyncMock()
    return interaction


async def test_a_user_mistake_is_answered_privately_without_mentions():
    interaction = fake_interaction(done=False)

    await respond_with_error(interaction, InvalidSettingError("Bad value."))

    interaction.response.send_message.assert_awaited_once()
    args, kwargs = interaction.response.send_message.await_args
    assert args == ("Bad value.",)
    assert kwargs["ephemeral"] is True
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}


async def test_after_a_defer_the_answer_is_a_private_follow_up():
    interaction = fake_interaction(done=True)

    await respond_with_error(interaction, UserFacingError("No."))

    interaction.followup.send.assert_awaited_once()
    assert interaction.followup.send.await_args.kwargs["ephemeral"] is True


async def test_a_bug_is_logged_with_ids_and_answered_generically(caplog):
    interaction = fake_interaction(done=False)

    with caplog.at_level(logging.ERROR, logger="bot.discord_ui.errors"):
        await respond_with_error(interaction, RuntimeError("boom"))

    record = caplog.records[0]
    assert record.getMessage() == "unexpected error in command 'alerts cooldown' (guild 1, channel 2, user 3)"
    assert record.exc_info is not None
    assert interaction.response.send_message.await_args.args == (UNEXPECTED,)


async def test_a_handler_that_answered_itself_opts_out():
    interaction = fake_interaction(done=False)
    interaction.extras["error_handled"] = True

    await respond_with_error(interaction, RuntimeError("boom"))

    interaction.response.send_message.assert_not_awaited()
