"""The names and places of a base's other incidents a message says.

A common keyword names an incident weakly ("bodycam" is one of Westminster's), and a message naming another incident
outright is about that one: "the bodycam from the flint shooting shows she had no gun" is not answered with the
Westminster claim it shares a keyword with.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.matching.catalog import ClaimEntry
from knowledge.matching.views import View


class IncidentNames:
    """Every incident's strong keywords (names and places), found in a message by their first stem."""

    def __init__(self, entries: Sequence[ClaimEntry]) -> None:
        self._own: dict[str, set[tuple[str, ...]]] = {}
        self._by_first: dict[str, list[tuple[str, tuple[str, ...], str]]] = {}
        for entry in entries:
            incident_id = entry.incident.id
            if incident_id in self._own:
                continue
            self._own[incident_id] = {anchor.phrase.stems for anchor in entry.anchors}
            for anchor in entry.anchors:
                if anchor.strong and anchor.phrase.stems:
                    found = (incident_id, anchor.phrase.stems, anchor.phrase.text)
                    self._by_first.setdefault(anchor.phrase.stems[0], []).append(found)

    def another(self, incident_id: str, view: View) -> str | None:
        """A name or place of another incident that the view says and that is no keyword of this one, if any."""
        own = self._own.get(incident_id, set())
        for first in view.stem_set & self._by_first.keys():
            for other, stems, text in self._by_first[first]:
                if other != incident_id and stems not in own and view.contains_phrase(stems):
                    return text
        return None
