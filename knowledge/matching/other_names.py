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
    """Every incident's strong keywords (names and places), found in a message by their first stem.

    A large base shares names between thousands of incidents ("Donald Trump"): each name is looked for once.
    """

    def __init__(self, entries: Sequence[ClaimEntry]) -> None:
        self._own: dict[str, set[tuple[str, ...]]] = {}
        self._by_first: dict[str, dict[tuple[str, ...], str]] = {}
        for entry in entries:
            incident_id = entry.incident.id
            if incident_id in self._own:
                continue
            self._own[incident_id] = {anchor.phrase.stems for anchor in entry.anchors}
            for anchor in entry.anchors:
                stems = anchor.phrase.stems
                if anchor.strong and stems:
                    self._by_first.setdefault(stems[0], {}).setdefault(stems, anchor.phrase.text)

    def another(self, incident_id: str, view: View) -> str | None:
        """A name or place of another incident that the view says and that is no keyword of this one, if any."""
        own = self._own.get(incident_id, set())
        for first in view.stem_set & self._by_first.keys():
            for stems, text in self._by_first[first].items():
                if stems not in own and view.contains_phrase(stems):
                    return text
        return None
