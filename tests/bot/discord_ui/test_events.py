"""Which Discord messages the bot looks at, and the plain events it hands to the service."""

from unittest.mock import MagicMock

import discord
import pytest

from bot.discord_ui.events import is_watched, message_event


def fake_message(
    *,
    channel_type: type = discord.TextChannel,
    guild: bool = True,
    bot: bool = False,
    webhook_id: int | None = None,
    kind: discord.MessageType = discord.MessageType.default,
) -> MagicMock:
    message = MagicMock(spec=discord.Message)
    message.id, message.content, message.type, message.webhook_id = 10, "hello", kind, webhook_id
    message.guild = MagicMock(spec=discord.Guild, id=1) if guild else None
    message.author = MagicMock(spec=discord.Member, id=3, bot=bot)
    message.channel = MagicMock(spec=channel_type, id=2)
    if channel_type is discord.Thread:
        message.channel.parent_id = 5
    return message


@pytest.mark.parametrize(
    ("message", "watched"),
    [
        (fake_message(), True),
        (fake_message(channel_type=discord.Thread), True),
        (fake_message(kind=discord.MessageType.reply), True),
        (fake_message(bot=True), False),
        (fake_message(webhook_id=99), False),
        (fake_message(guild=False, channel_type=discord.DMChannel), False),
        (fake_message(channel_type=discord.VoiceChannel), False),
        (fake_message(kind=discord.MessageType.pins_add), False),
    ],
    ids=["text-channel", "thread", "reply", "bot", "webhook", "dm", "voice-chat", "system"],
)
def test_is_watched(message, watched):
    assert is_watched(message) is watched


def test_the_event_carries_ids_text_and_the_threads_parent():
    event = message_event(fake_message(channel_type=discord.Thread), is_edit=True)

    assert (event.guild_id, event.channel_id, event.message_id, event.author_id) == ("1", "2", "10", "3")
    assert (event.content, event.parent_channel_id, event.is_edit) == ("hello", "5", True)
    assert not event.author_is_bot and not event.is_webhook
