"""What this process answered lately, so "never twice" and cooldowns hold while the database is unavailable.

The database is the authority across processes; this guard is the in-process memory beside it: every answer this
process reserves (with or without the database) is noted, checked before the database, and the only check while
the database is unavailable. Bounded: the oldest entries are forgotten first.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

from bot.db.storage import ReserveOutcome

MAX_ENTRIES = 10_000


@dataclass
class _Answered:
    incident_id: str
    answer_message_id: str | None = None
    deleted: bool = False


class AnswerGuard:
    """Answered source messages and each (channel, incident)'s last answer time, at most ``max_entries`` of each.

    A message is known by its channel and id together (a Slack ``ts`` is unique only within its channel).
    """

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._max_entries = max_entries
        self._answered: OrderedDict[tuple[str, str], _Answered] = OrderedDict()
        self._last: OrderedDict[tuple[str, str], tuple[dt.datetime, str]] = OrderedDict()

    def blocks(
        self, message_id: str, channel_id: str, incident_id: str, *, now: dt.datetime, cooldown: dt.timedelta
    ) -> ReserveOutcome | None:
        """Why this process must not answer (already answered, or the channel's cooldown); None when nothing."""
        if (channel_id, message_id) in self._answered:
            return ReserveOutcome.ALREADY_ANSWERED
        last = self._last.get((channel_id, incident_id))
        if last is not None and now - last[0] < cooldown:
            return ReserveOutcome.COOLDOWN
        return None

    def answered(self, message_id: str, *, channel_id: str) -> bool:
        """Whether this process answered (or is answering) the message."""
        return (channel_id, message_id) in self._answered

    def note(self, message_id: str, channel_id: str, incident_id: str, *, now: dt.datetime) -> None:
        """An answer to the message was reserved now."""
        _put(self._answered, (channel_id, message_id), _Answered(incident_id), self._max_entries)
        _put(self._last, (channel_id, incident_id), (now, message_id), self._max_entries)

    def forget(self, message_id: str, *, channel_id: str) -> None:
        """The answer was not posted after all: the message and the cooldown slot it held are free again."""
        answered = self._answered.pop((channel_id, message_id), None)
        if answered is None:
            return
        slot = (channel_id, answered.incident_id)
        last = self._last.get(slot)
        if last is not None and last[1] == message_id:
            del self._last[slot]

    def sent(self, message_id: str, answer_message_id: str | None, *, channel_id: str) -> bool:
        """The answer was posted; False when its message was deleted meanwhile (delete the answer)."""
        answered = self._answered.get((channel_id, message_id))
        if answered is None:
            return True
        answered.answer_message_id = answer_message_id
        return not answered.deleted

    def deleted(self, channel_id: str, message_id: str) -> list[str]:
        """A message was deleted: the answers this process posted to it (to delete too); marks them deleted."""
        answered = self._answered.get((channel_id, message_id))
        if answered is None or answered.deleted:
            return []
        answered.deleted = True
        return [answered.answer_message_id] if answered.answer_message_id is not None else []

    def is_deleted(self, message_id: str, *, channel_id: str) -> bool:
        """Whether the answered message was deleted (as far as this process saw)."""
        answered = self._answered.get((channel_id, message_id))
        return answered is not None and answered.deleted


def _put(entries: OrderedDict, key: object, value: object, limit: int) -> None:  # type: ignore[type-arg]
    entries[key] = value
    entries.move_to_end(key)
    while len(entries) > limit:
        entries.popitem(last=False)
