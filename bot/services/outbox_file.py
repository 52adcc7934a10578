"""The outbox's optional file: an append-only JSON Lines journal of pending writes, so a restart keeps them.

Each line is an entry (``{"id", "kind", "payload", "queued_at"}``) or an acknowledgement (``{"done": id}``);
what is pending is every entry without its acknowledgement, in file order. The file is emptied whenever nothing is
pending. Lines are flushed to the operating system as they are written: the journal survives the process
stopping or crashing, not the machine losing power before the system wrote it out.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One pending write: its id (also its idempotency key), kind, JSON payload, and when it was queued."""

    id: str
    kind: str
    payload: dict[str, Any]
    queued_at: str

    def as_json(self) -> dict[str, Any]:
        """The entry's line."""
        return {"id": self.id, "kind": self.kind, "payload": self.payload, "queued_at": self.queued_at}


def _read_line(record: dict[str, Any], pending: dict[str, Entry]) -> None:
    if "done" in record:
        pending.pop(str(record["done"]), None)
        return
    entry = Entry(str(record["id"]), str(record["kind"]), dict(record["payload"]), str(record["queued_at"]))
    pending[entry.id] = entry


class OutboxFile:
    """The journal at ``path`` (its directory must exist)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> list[Entry]:
        """The entries not acknowledged, in order; an unreadable line (a write cut short) is skipped with a warning."""
        if not self.path.exists():
            return []
        pending: dict[str, Entry] = {}
        with self.path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    _read_line(json.loads(line), pending)
                except (ValueError, KeyError, TypeError):
                    log.warning("outbox file %s: line %d is unreadable, skipped: %.200s", self.path, number, line)
        return list(pending.values())

    def append(self, entry: Entry) -> None:
        """Journal a new pending write."""
        self._write(entry.as_json())

    def acknowledge(self, entry_id: str) -> None:
        """Journal that a write was applied."""
        self._write({"done": entry_id})

    def clear(self) -> None:
        """Nothing is pending: start the journal afresh."""
        self.path.write_text("", encoding="utf-8")

    def _write(self, record: dict[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as journal:
            journal.write(json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n")
