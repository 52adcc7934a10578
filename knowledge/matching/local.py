"""One server's own claims matched beside the shared knowledge: two matchers read as one.

The shared matcher is built once for every server; a server's drafted claims get a small matcher of their own
(built in milliseconds), and `LocalMatcher` merges both rankings by score. Nothing of one server's claims reaches
another server's matcher.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Sequence

from knowledge.base import KnowledgeBase
from knowledge.matching.catalog import ClaimEntry
from knowledge.matching.matcher import Matcher
from knowledge.matching.query import Query
from knowledge.matching.scoring import TermWeights
from knowledge.matching.types import LinkPage, Match, Thresholds
from knowledge.schema import Incident


class LocalKnowledge(KnowledgeBase):
    """The shared knowledge base with a server's own incidents, read as one without copying the shared one.

    Built in the time of the server's few incidents, whatever the shared base's size (50,000 incidents copied
    took about 0.1 s and 2 MB per server). ``incidents`` holds the server's own only; iterate the object for all.
    """

    shared: KnowledgeBase

    def __init__(self, shared: KnowledgeBase, own: Sequence[Incident]) -> None:
        super().__init__(tuple(incident for incident in own if incident.id not in shared))
        object.__setattr__(self, "shared", shared)

    def __len__(self) -> int:
        return len(self.shared) + len(self.incidents)

    def __iter__(self) -> Iterator[Incident]:
        return itertools.chain(self.shared, self.incidents)

    def __contains__(self, incident_id: object) -> bool:
        return incident_id in self._by_id or incident_id in self.shared

    def get(self, incident_id: str) -> Incident:
        """The server's incident with this id, else the shared one (KeyError when neither)."""
        own = self._by_id.get(incident_id)
        return own if own is not None else self.shared.get(incident_id)

    def search(self, query: str, limit: int = 25) -> list[Incident]:
        """The server's matching incidents first, then the shared ones."""
        words = query.casefold().split()
        own = [i for i in self.incidents if all(w in f"{i.id} {i.title}".casefold() for w in words)]
        return (own + self.shared.search(query, limit))[:limit]


class LocalMatcher(Matcher):
    """The shared matcher with a server's own claims: the `Matcher` methods the application uses, over both.

    It does not build an index itself (no ``Matcher.__init__``): it delegates to the two matchers it joins.
    """

    def __init__(self, shared: Matcher, local: Matcher, knowledge: KnowledgeBase) -> None:
        self.shared = shared
        self.local = local
        self.knowledge = knowledge
        self.thresholds = shared.thresholds
        self.params = shared.params

    @property
    def semantic(self) -> bool:
        """Whether the shared matcher compares meaning."""
        return self.shared.semantic

    def __len__(self) -> int:
        return len(self.shared) + len(self.local)

    def match(
        self,
        text: str,
        *,
        top: int | None = None,
        pages: Sequence[LinkPage] = (),
        thresholds: Thresholds | None = None,
        context: Collection[str] = (),
        ranked: bool = False,
    ) -> list[Match]:
        """Both matchers' matches, best first (``top`` of them when given)."""
        found = [
            *self.local.match(text, top=top, pages=pages, thresholds=thresholds, context=context, ranked=ranked),
            *self.shared.match(text, top=top, pages=pages, thresholds=thresholds, context=context, ranked=ranked),
        ]
        found.sort(key=lambda match: match.score, reverse=True)  # stable: a tie goes to the server's own claim
        return found[:top] if top is not None else found

    def unknown_links(self, text: str) -> list[str]:
        """Links neither matcher knows."""
        local = set(self.local.unknown_links(text))
        return [link for link in self.shared.unknown_links(text) if link in local]

    def is_known_link(self, url: str) -> bool:
        """Whether either matcher knows the link as a post of a claim."""
        return self.local.is_known_link(url) or self.shared.is_known_link(url)

    def is_source_link(self, incident_id: str, url: str) -> bool:
        """Whether the link is a source of the incident (in either)."""
        return self.local.is_source_link(incident_id, url) or self.shared.is_source_link(incident_id, url)

    def sources_carried(self, text: str) -> set[str]:
        """The incidents (of either) one of whose sources the message links."""
        return self.local.sources_carried(text) | self.shared.sources_carried(text)

    def claim_entry(self, incident_id: str, claim_id: str) -> ClaimEntry | None:
        """A claim as prepared for scoring, the server's own or a shared one (for learned wordings)."""
        return self.local.claim_entry(incident_id, claim_id) or self.shared.claim_entry(incident_id, claim_id)

    def read(self, text: str) -> Query:
        """A message taken apart as the shared matcher takes it apart."""
        return self.shared.read(text)

    @property
    def weights(self) -> TermWeights:
        """How much each term counts, as the shared matcher weighs it."""
        return self.shared.weights
