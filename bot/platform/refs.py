"""Platform-neutral identity: a platform, a workspace and the platform's own id strings.

Discord snowflakes become their decimal strings; Slack keeps its ids as given (channels ``C024BE91L``, messages
by their ``ts`` such as ``1712345678.000200``). Nothing here parses an id: only the front end that made it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Platform(StrEnum):
    """The chat platforms the bot serves."""

    DISCORD = "discord"
    SLACK = "slack"
    CONSOLE = "console"


@dataclass(frozen=True, order=True)
class WorkspaceRef:
    """A Discord server (guild) or a Slack workspace (team)."""

    platform: Platform
    workspace: str


@dataclass(frozen=True, order=True)
class ChannelRef:
    """A channel (or Discord thread) of a workspace."""

    platform: Platform
    workspace: str
    channel: str

    @property
    def workspace_ref(self) -> WorkspaceRef:
        """The workspace the channel belongs to."""
        return WorkspaceRef(self.platform, self.workspace)


@dataclass(frozen=True, order=True)
class MessageRef:
    """One message; ``thread`` is the Slack thread's parent ``ts`` or a Discord thread's parent channel, if any."""

    platform: Platform
    workspace: str
    channel: str
    message: str
    thread: str | None = None

    @property
    def channel_ref(self) -> ChannelRef:
        """The channel the message is in."""
        return ChannelRef(self.platform, self.workspace, self.channel)

    @property
    def workspace_ref(self) -> WorkspaceRef:
        """The workspace the message is in."""
        return WorkspaceRef(self.platform, self.workspace)


@dataclass(frozen=True, order=True)
class UserRef:
    """A member of a workspace."""

    platform: Platform
    workspace: str
    user: str
