"""What the services need from a chat platform, and how they name its things.

A front end (Discord, Slack, the console) implements `ChatPort` and turns its platform's events into service
calls; the services never import a platform library.
"""

from bot.platform.port import (
    ChatPort,
    Delivery,
    FetchedMessage,
    MessageGone,
    PlatformError,
    PostRefused,
    TransientFailure,
)
from bot.platform.refs import ChannelRef, MessageRef, Platform, UserRef, WorkspaceRef

__all__ = [
    "ChannelRef",
    "ChatPort",
    "Delivery",
    "FetchedMessage",
    "MessageGone",
    "MessageRef",
    "Platform",
    "PlatformError",
    "PostRefused",
    "TransientFailure",
    "UserRef",
    "WorkspaceRef",
]
