"""The knowledge base prepared for matching: one entry per claim, plus the known links and sources by canonical form."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, replace

from knowledge.base import KnowledgeBase
from knowledge.matching import urls
from knowledge.matching._lexicon import word_set
from knowledge.matching.roles import Role, majority_role, police_role
from knowledge.matching.text import analyze, stem
from knowledge.matching.views import concept_of
from knowledge.schema import Claim, Incident


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase of the knowledge base as written, with its content terms and (when kept) all its stems.

    Terms and stems are interned: tens of thousands of claims share one copy of each word.
    """

    text: str
    terms: tuple[str, ...]
    stems: tuple[str, ...] = ()
    role: Role | None = None
    emphasis: tuple[float, ...] = ()

    @classmethod
    def of(
        cls,
        text: str,
        *,
        keep_stems: bool = False,
        words: set[str] | None = None,
        agencies: frozenset[str] | None = None,
    ) -> Phrase:
        """Analyse a phrase; keep the stems of every word if asked; add its words to `words` if given;
        find the police's role in it if `agencies` (extra words naming the police) are given.
        """  # noqa: D205
        analysis = analyze(text)
        if words is not None:
            words.update(analysis.words)
        stems = tuple(sys.intern(s) for s in analysis.stems) if keep_stems else ()
        role = police_role(analysis.words, analysis.stems, agencies) if agencies is not None else None
        return cls(text, tuple(sys.intern(term) for term in analysis.content), stems, role)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A keyword that identifies the incident; `strong` for names and places other than the region or country."""

    phrase: Phrase
    strong: bool


@dataclass(frozen=True, slots=True)
class NearMissTerms:
    """The words pointing to another event, with that event's description."""

    description: str
    terms: tuple[Phrase, ...]


@dataclass(frozen=True, slots=True)
class ClaimEntry:
    """One claim with everything the scorer needs."""

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

    @property
    def key(self) -> tuple[str, str]:
        """(incident id, claim id)."""
        return (self.incident.id, self.claim.id)


_POLICE_WORDS = word_set("police patrol highway department sheriff sheriffs trooper troopers pd")
_AGENCY_WORDS = word_set(
    """
    police patrol highway department dept sheriff sheriffs office state county city trooper troopers pd
    """
)


def _is_strong(keyword: str, incident: Incident) -> bool:
    """Names and places identify an event; the region, agencies and ordinary words (lowercase) do not alone."""
    if not keyword[:1].isupper() or keyword.casefold() in (incident.location.region.casefold(), "us", "usa"):
        return False
    if keyword.isupper() and len(keyword) <= 5:
        return False
    return not set(keyword.casefold().split()) <= _AGENCY_WORDS


def _anchors(incident: Incident, words: set[str]) -> tuple[Anchor, ...]:
    return tuple(
        Anchor(Phrase.of(keyword, keep_stems=True, words=words), strong=_is_strong(keyword, incident))
        for keyword in incident.keywords
    )


def _near_misses(incident: Incident, own: set[str]) -> tuple[NearMissTerms, ...]:
    """The near misses' terms, less those the incident itself uses (a term of the claim points nowhere else)."""
    found = []
    for near_miss in incident.near_misses:
        phrases = (Phrase.of(term, keep_stems=True) for term in near_miss.terms)
        found.append(NearMissTerms(near_miss.description, tuple(p for p in phrases if not set(p.terms) <= own)))
    return tuple(found)


def claim_entries(knowledge: KnowledgeBase, words: set[str], consensus: float = 1.0) -> list[ClaimEntry]:
    """One entry per claim of every incident, in knowledge-base order; the words of their texts go into `words`.

    `consensus` is the extra weight of a word all wordings of a claim share (see `emphasize`).
    """
    entries: list[ClaimEntry] = []
    for incident in knowledge:
        title = Phrase.of(incident.title, words=words)
        summary = Phrase.of(incident.summary, words=words).terms
        anchors = _anchors(incident, words)
        places, agencies = _places(incident, anchors), _agencies(incident)
        texts = [
            emphasize(
                [Phrase.of(text, words=words, agencies=agencies) for text in _wordings(incident, claim)], consensus
            )
            for claim in incident.claims
        ]
        own = {term for phrases in texts for phrase in (*phrases, title) for term in phrase.terms}
        own.update(term for anchor in anchors for term in anchor.phrase.terms)
        near_misses = _near_misses(incident, own)
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
                )
            )
    return entries


def emphasize(texts: list[Phrase], share: float) -> tuple[Phrase, ...]:
    """The wordings with weight multipliers for the words most of them share: the claim's core ("shoot" in
    every phrasing of the CHP claim counts double; a word in one phrasing of two, half as much extra).
    """  # noqa: D205
    if len(texts) < 2 or not share:
        return tuple(texts)
    keys = {term: _concept_key(term) for phrase in texts for term in phrase.terms}
    counts = Counter(key for phrase in texts for key in {keys[term] for term in phrase.terms})
    step = share / len(texts)
    extra = {
        term: _MULTIPLIERS.setdefault(1.0 + step * counts[key], 1.0 + step * counts[key]) for term, key in keys.items()
    }
    return tuple(replace(phrase, emphasis=tuple(extra[term] for term in phrase.terms)) for phrase in texts)


_MULTIPLIERS: dict[float, float] = {}
"""One float object per multiplier value, shared by every phrase."""


def _concept_key(term: str) -> str | int:
    group = concept_of(term)
    return term if group is None else group


_NONE: frozenset[str] = frozenset()


def _wordings(incident: Incident, claim: Claim) -> tuple[str, ...]:
    """The claim's text and phrasings; for a lone claim without phrasings (an imported ClaimReview), the
    incident's title too, which is then the fact-check's headline: another wording of the claim.
    """  # noqa: D205
    if len(incident.claims) == 1 and not claim.phrasings and incident.title != claim.text:
        return (claim.text, incident.title)
    return (claim.text, *claim.phrasings)


def _agencies(incident: Incident) -> frozenset[str]:
    """Terms of the incident's keywords that name a police agency (acronyms, "Highway Patrol"): they mean police."""
    found: set[str] = set()
    for keyword in incident.keywords:
        if keyword.isupper() and keyword.isalpha() and len(keyword) <= 5:
            found.update(Phrase.of(keyword).terms)
        elif keyword[:1].isupper():
            found.update(stem(word) for word in keyword.casefold().split() if word in _POLICE_WORDS)
    return frozenset(found) if found else _NONE


def _places(incident: Incident, anchors: tuple[Anchor, ...]) -> frozenset[str]:
    """Terms of the incident's keywords that name its place (street, city), which may stand in for each other."""
    if not anchors:
        return _NONE
    location = set(Phrase.of(f"{incident.location.place or ''} {incident.location.city}").terms)
    return frozenset(term for anchor in anchors if anchor.strong for term in anchor.phrase.terms if term in location)


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


def acronym_aliases(knowledge: KnowledgeBase) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Keyword expansions that count as their acronym: "California Highway Patrol" and "Highway Patrol" as "CHP".

    Found among each incident's keywords: an all-capitals keyword and another keyword whose initials spell it;
    the expansion also counts without its first words, down to two words.
    """
    aliases: dict[tuple[str, ...], str] = {}
    for incident in knowledge:
        acronyms = {k.casefold(): k for k in incident.keywords if k.isalpha() and k.isupper() and 2 <= len(k) <= 6}
        for keyword in incident.keywords:
            words = keyword.split()
            acronym = "".join(word[0] for word in words).casefold()
            if len(words) >= 2 and acronym in acronyms:
                term = Phrase.of(acronyms[acronym]).terms
                for start in range(len(words) - 1):
                    stems = Phrase.of(" ".join(words[start:]), keep_stems=True).stems
                    if term:
                        aliases[stems] = term[0]
    return tuple(aliases.items())
