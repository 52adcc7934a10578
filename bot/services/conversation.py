"""What each channel was talking about lately: the incidents its messages named, for the matcher's ``context``.

A message that names nothing of an incident, right after others in its channel named it, may still be about it:
the matcher then sends it to review (never an automatic answer). A thread shares its parent channel's
conversation. The memory lives in this process only and is bounded: the channels heard from most recently, and
per channel the incidents named most recently, within the window.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.db.types import utcnow
from bot.platform.refs import Platform

MAX_CHANNELS = 10_000
"""Conversations remembered at most (the least recently active are forgotten first)."""
MAX_INCIDENTS = 8
"""Incidents remembered per conversation at most (the least recently named are forgotten first)."""


@dataclass(frozen=True)
class Conversation:
    """Where a conversation happens: a channel of a server or workspace (a thread counts as its parent channel)."""

    platform: Platform
    workspace: str
    channel: str

    @classmethod
    def of(cls, platform: Platform, workspace: str, channel: str, parent_channel: str | None = None) -> Conversation:
        """The conversation of a message in ``channel`` (a thread of ``parent_channel``, when given)."""
        return cls(platform, str(workspace), str(parent_channel if parent_channel is not None else channel))


class Conversations:
    """Per conversation, the incidents its messages named in the last ``window`` (a zero window: nothing)."""

    def __init__(
        self,
        window: dt.timedelta,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        max_channels: int = MAX_CHANNELS,
        max_incidents: int = MAX_INCIDENTS,
    ) -> None:
        self._window = window
        self._clock = clock
        self._max_channels = max_channels
        self._max_incidents = max_incidents
        self._named: OrderedDict[Conversation, dict[str, dt.datetime]] = OrderedDict()  # incident -> last named

    @property
    def enabled(self) -> bool:
        """Whether anything is remembered (the window is longer than zero)."""
        return self._window > dt.timedelta(0)

    def named(self, conversation: Conversation) -> frozenset[str]:
        """The incidents messages of ``conversation`` named within the window."""
        incidents = self._named.get(conversation)
        if not incidents:
            return frozenset()
        self._forget_expired(conversation, incidents)
        return frozenset(incidents)

    def record(self, conversation: Conversation, incident_ids: Iterable[str]) -> None:
        """A message of ``conversation`` named these incidents now."""
        ids = list(dict.fromkeys(incident_ids))
        if not self.enabled or not ids:
            return
        now = self._clock()
        incidents = self._named.pop(conversation, {})
        for incident_id in ids:
            incidents.pop(incident_id, None)  # re-inserted last: the most recently named
            incidents[incident_id] = now
        while len(incidents) > self._max_incidents:
            del incidents[next(iter(incidents))]
        self._named[conversation] = incidents
        while len(self._named) > self._max_channels:
            self._named.popitem(last=False)

    def __len__(self) -> int:
        """How many conversations are remembered (expired ones included until they are next read)."""
        return len(self._named)

    def _forget_expired(self, conversation: Conversation, incidents: dict[str, dt.datetime]) -> None:
        oldest = self._clock() - self._window
        for incident_id in [incident for incident, at in incidents.items() if at <= oldest]:
            del incidents[incident_id]
        if not incidents:
            del self._named[conversation]
