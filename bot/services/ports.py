"""The front ends connected to this process, found by the platform of the thing to act on."""

from __future__ import annotations

from bot.platform.port import ChatPort
from bot.platform.refs import Platform, WorkspaceRef


class NoFrontEnd(LookupError):
    """No front end of that platform is connected in this process."""


class Ports:
    """One `ChatPort` per platform; front ends add theirs when they start and remove it when they stop."""

    def __init__(self) -> None:
        self._ports: dict[Platform, ChatPort] = {}

    def add(self, port: ChatPort) -> None:
        """Connect a front end (replacing an earlier one of the same platform)."""
        self._ports[port.platform] = port

    def remove(self, port: ChatPort) -> None:
        """Disconnect a front end (if it is the one connected)."""
        if self._ports.get(port.platform) is port:
            del self._ports[port.platform]

    def get(self, platform: Platform) -> ChatPort:
        """The front end of ``platform``; raises `NoFrontEnd`."""
        try:
            return self._ports[platform]
        except KeyError:
            raise NoFrontEnd(f"no {platform} front end is connected") from None

    def serving(self, workspace: WorkspaceRef) -> ChatPort | None:
        """The front end connected to ``workspace`` now, if any."""
        port = self._ports.get(workspace.platform)
        return port if port is not None and port.serves(workspace) else None

    @property
    def platforms(self) -> tuple[Platform, ...]:
        """The platforms connected."""
        return tuple(self._ports)
