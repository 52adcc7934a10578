"""Links to Discord messages: the front end builds them, the services only name messages."""

from __future__ import annotations

from bot.platform.refs import MessageRef

WEB = "https://discord.com/channels"


def jump_url(message: MessageRef) -> str:
    """The link that opens a message in Discord."""
    return f"{WEB}/{message.workspace}/{message.channel}/{message.message}"
