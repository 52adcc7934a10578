"""The knowledge base: the incidents loaded at one time, looked up by id."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from knowledge.examples import Example, examples_of
from knowledge.schema import Claim, Incident


@dataclass(frozen=True)
class KnowledgeBase:
    """An immutable set of incidents; replaced whole when the knowledge is reloaded."""

    incidents: tuple[Incident, ...]
    examples: tuple[Example, ...] = field(default=(), compare=False, repr=False)
    """Labelled chat messages about the incidents, which the matcher learns from (`knowledge.examples`)."""
    _by_id: dict[str, Incident] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Incident] = {}
        for incident in self.incidents:
            if incident.id in by_id:
                raise ValueError(f"duplicate incident id {incident.id}")
            by_id[incident.id] = incident
        object.__setattr__(self, "_by_id", by_id)

    @classmethod
    def of(cls, incidents: Sequence[Incident], examples: Sequence[Example] = ()) -> KnowledgeBase:
        """Build a knowledge base from any sequence of incidents (and labelled examples about them)."""
        return cls(tuple(incidents), tuple(examples))

    def training_examples(self) -> list[Example]:
        """What the matcher learns from: the labelled examples, then what each incident labels itself."""
        return [*self.examples, *(own for incident in self.incidents for own in examples_of(incident))]

    def __len__(self) -> int:
        return len(self.incidents)

    def __iter__(self) -> Iterator[Incident]:
        return iter(self.incidents)

    def __contains__(self, incident_id: object) -> bool:
        return incident_id in self._by_id

    def get(self, incident_id: str) -> Incident:
        """The incident with this id (KeyError when absent)."""
        return self._by_id[incident_id]

    def claim(self, incident_id: str, claim_id: str) -> Claim:
        """One claim of one incident (KeyError when either is absent)."""
        return self.get(incident_id).claim(claim_id)

    def search(self, query: str, limit: int = 25) -> list[Incident]:
        """Incidents whose id or title contains every word of the query (for autocomplete)."""
        words = query.casefold().split()
        hits = [i for i in self.incidents if all(w in f"{i.id} {i.title}".casefold() for w in words)]
        return hits[:limit]
