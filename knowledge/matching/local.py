"""One server's own claims matched beside the shared knowledge: two matchers read as one.

The shared matcher is built once for every server; a server's drafted claims get a small matcher of their own
(built in milliseconds), and `LocalMatcher` merges both rankings by score. Nothing of one server's claims reaches
another server's matcher.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.base import KnowledgeBase
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import LinkPage, Match, Thresholds


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
    ) -> list[Match]:
        """Both matchers' matches, best first (``top`` of them when given)."""
        found = [
            *self.local.match(text, top=top, pages=pages, thresholds=thresholds),
            *self.shared.match(text, top=top, pages=pages, thresholds=thresholds),
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
