"""The knowledge base prepared for matching: one entry per claim, plus the known links and sources by canonical form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from knowledge.base import KnowledgeBase
from knowledge.matching import keywords, urls
from knowledge.matching.keywords import Anchor, NearMissTerms
from knowledge.matching.phrases import Phrase, emphasize
from knowledge.matching.roles import Role, majority_role
from knowledge.schema import Claim, Incident


@dataclass(frozen=True, slots=True)
class ClaimEntry:
    """One claim with everything the scorer needs.

    Attributes:
        incident: The incident the claim belongs to.
        claim: The claim.
        texts: Its wordings: the claim's text, then its phrasings (or, for a lone imported claim, the headline).
        title: The incident's title.
        summary: The terms of the incident's summary (for the index only).
        anchors: The incident's keywords, telling names and places from other words.
        near_misses: The words of the incident's near misses, each with the other event's description.
        distinctive: Terms of this claim that its sibling claims do not use.
        places: Terms naming the incident's place; any of them may stand in for another.
        agencies: Terms naming the police agency (acronyms, "Highway Patrol").
        extra_terms: Terms of the title and keywords, which a message may add without changing the subject.
        role: The police's part in the shooting the claim describes, if its wordings agree on it.
        names: For each word of a person's full name, the name's other words (one stands in for another).
    """

    incident: Incident
    claim: Claim
    texts: tuple[Phrase, ...]
    title: Phrase
    summary: tuple[str, ...]
    anchors: tuple[Anchor, ...]
    near_misses: tuple[NearMissTerms, ...]
    distinctive: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    agencies: frozenset[str] = frozenset()
    extra_terms: tuple[str, ...] = ()
    role: Role | None = None
    names: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """(incident id, claim id)."""
        return (self.incident.id, self.claim.id)


def claim_entries(knowledge: KnowledgeBase, words: set[str], consensus: float = 1.0) -> list[ClaimEntry]:
    """One entry per claim of every incident, in knowledge-base order; the words of their texts go into `words`.

    `consensus` is the extra weight of a word all wordings of a claim share (see `emphasize`).
    """
    entries: list[ClaimEntry] = []
    for incident in knowledge:
        title = Phrase.of(incident.title, words=words)
        summary = Phrase.of(incident.summary, words=words).terms
        anchors = keywords.anchors(incident, words)
        places, agencies = keywords.places(incident, anchors), keywords.agencies(incident)
        names = keywords.names(incident, anchors)
        texts = [
            emphasize(
                [Phrase.of(text, words=words, agencies=agencies) for text in claim_wordings(incident, claim)], consensus
            )
            for claim in incident.claims
        ]
        own = {term for phrases in texts for phrase in (*phrases, title) for term in phrase.terms}
        own.update(term for anchor in anchors for term in anchor.phrase.terms)
        near_misses = keywords.near_misses(incident, own)
        extra = title.terms + tuple(term for anchor in anchors for term in anchor.phrase.terms)
        for claim, wordings, distinctive in zip(incident.claims, texts, _distinctive(texts), strict=True):
            role = majority_role([phrase.role for phrase in wordings])
            entries.append(
                ClaimEntry(
                    incident,
                    claim,
                    wordings,
                    title,
                    summary,
                    anchors,
                    near_misses,
                    distinctive,
                    places,
                    agencies,
                    extra,
                    role,
                    names,
                )
            )
    return entries


_NONE: frozenset[str] = frozenset()


def claim_wordings(incident: Incident, claim: Claim) -> tuple[str, ...]:
    """The claim's text and phrasings; for a lone claim without phrasings (an imported ClaimReview), the
    incident's title too, which is then the fact-check's headline: another wording of the claim.
    """  # noqa: D205
    if len(incident.claims) == 1 and not claim.phrasings and incident.title != claim.text:
        return (claim.text, incident.title)
    return (claim.text, *claim.phrasings)


def _distinctive(texts: list[tuple[Phrase, ...]]) -> list[frozenset[str]]:
    """For each claim of an incident, the terms none of its sibling claims use (nothing when it has no siblings)."""
    if len(texts) < 2:
        return [_NONE] * len(texts)
    terms = [{term for phrase in phrases for term in phrase.terms} for phrases in texts]
    return [frozenset(own - set().union(*(t for t in terms if t is not own))) for own in terms]


@dataclass(frozen=True)
class LinkTables:
    """Known links (canonical form -> the claims they carry) and sources (canonical form -> incident ids)."""

    known: dict[str, list[tuple[str, str]]]
    sources: dict[str, set[str]]


def _source_urls(incident: Incident) -> set[str]:
    found = {str(source.url) for source in incident.sources}
    found.update(str(statement.source.url) for statement in incident.statements if statement.source)
    return found


def link_tables(knowledge: KnowledgeBase) -> LinkTables:
    """Index the known links and the sources of every incident by canonical form."""
    known: dict[str, list[tuple[str, str]]] = {}
    sources: dict[str, set[str]] = {}
    for incident in knowledge:
        for link in incident.links:
            canonical = urls.canonicalize(str(link.url))
            if canonical:
                known.setdefault(canonical, []).append((incident.id, incident.link_claim(link).id))
        for url in _source_urls(incident):
            canonical = urls.canonicalize(url)
            if canonical:
                sources.setdefault(canonical, set()).add(incident.id)
    return LinkTables(known, sources)
