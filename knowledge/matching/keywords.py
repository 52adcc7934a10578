"""An incident's keywords and near misses, read for matching: which name it, which name its place or its
police agency, which words point to another event, and which acronyms other keywords spell out.
"""  # noqa: D205

from __future__ import annotations

from dataclasses import dataclass

from knowledge.base import KnowledgeBase
from knowledge.matching._lexicon import word_set
from knowledge.matching.phrases import Phrase
from knowledge.matching.text import stem
from knowledge.schema import Incident

_NONE: frozenset[str] = frozenset()


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


_POLICE_WORDS = word_set("police patrol highway department sheriff sheriffs trooper troopers pd")
_AGENCY_WORDS = word_set(
    """
    police patrol highway department dept sheriff sheriffs office state county city trooper troopers pd
    """
)


def is_strong(keyword: str, incident: Incident) -> bool:
    """Names and places identify an event ("88th Ave" too); the region, agencies and ordinary words (lowercase) do
    not alone.
    """  # noqa: D205
    numbered = keyword[:1].isdigit() and any(word[:1].isupper() for word in keyword.split()[1:])  # "88th Ave"
    regions = (incident.location.region.casefold(), "us", "usa")
    if not (keyword[:1].isupper() or numbered) or keyword.casefold() in regions:
        return False
    if keyword.isupper() and len(keyword) <= 5:
        return False
    return not set(keyword.casefold().split()) <= _AGENCY_WORDS


def anchors(incident: Incident, words: set[str]) -> tuple[Anchor, ...]:
    """The incident's keywords as anchors; their words go into `words` (the typo corrector's vocabulary)."""
    return tuple(
        Anchor(Phrase.of(keyword, keep_stems=True, words=words), strong=is_strong(keyword, incident))
        for keyword in incident.keywords
    )


def near_misses(incident: Incident, own: set[str]) -> tuple[NearMissTerms, ...]:
    """The near misses' terms, less those the incident itself uses (a term of the claim points nowhere else)."""
    found = []
    for near_miss in incident.near_misses:
        phrases = (Phrase.of(term, keep_stems=True) for term in near_miss.terms)
        found.append(NearMissTerms(near_miss.description, tuple(p for p in phrases if not set(p.terms) <= own)))
    return tuple(found)


def agencies(incident: Incident) -> frozenset[str]:
    """Terms of the incident's keywords that name a police agency (acronyms, "Highway Patrol"): they mean police."""
    found: set[str] = set(police_names(incident))
    for keyword in incident.keywords:
        if keyword.isupper() and keyword.isalpha() and len(keyword) <= 5:
            found.update(Phrase.of(keyword).terms)
        elif keyword[:1].isupper():
            found.update(stem(word) for word in keyword.casefold().split() if word in _POLICE_WORDS)
    return frozenset(found) if found else _NONE


def police_names(incident: Incident) -> frozenset[str]:
    """Terms of the names the incident's keywords give with a police title ("Officer Adams": "adam"): a message
    naming him ("N. Adams was shot") names the police.
    """  # noqa: D205
    found: set[str] = set()
    for keyword in incident.keywords:
        words = keyword.casefold().replace(".", " ").split()
        if keyword[:1].isupper() and _POLICE_NAMES.intersection(words):
            found.update(Phrase.of(" ".join(w for w in words if w not in _POLICE_NAMES)).terms)
    return frozenset(found)


def _location_terms(incident: Incident) -> frozenset[str]:
    where = incident.location
    if where is None:
        return frozenset()
    return frozenset(Phrase.of(f"{where.place or ''} {where.city} {where.region}").terms)


def places(incident: Incident, anchors: tuple[Anchor, ...]) -> frozenset[str]:
    """Terms of the incident's keywords that name its place (street, city), which may stand in for each other."""
    if not anchors:
        return _NONE
    location = set(Phrase.of(f"{incident.location.place or ''} {incident.location.city}").terms)
    return frozenset(term for anchor in anchors if anchor.strong for term in anchor.phrase.terms if term in location)


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


_POLICE_NAMES = word_set("officer officers sergeant sgt deputy detective trooper chief lieutenant lt")
_PLACE_WORDS = word_set("street st avenue ave drive dr road rd boulevard blvd highway")


def names(incident: Incident, anchors: tuple[Anchor, ...]) -> dict[str, frozenset[str]]:
    """For each word of a person's full name among the keywords ("Alysha Duran"), the name's other words: a
    message naming her by one of them ("duran") names her, so the other stands in for it. A keyword with a word
    of the incident's location ("Westminster CO") names the place, and one with a police officer's name ("N. Adams")
    the police, not a person they dealt with.
    """  # noqa: D205
    location = _location_terms(incident) | police_names(incident)
    found: dict[str, set[str]] = {}
    for anchor in anchors:
        words = anchor.phrase.text.split()
        terms = anchor.phrase.terms
        if not anchor.strong or len(terms) < 2 or len(terms) != len(words) or location.intersection(terms):
            continue
        if not all(word[:1].isupper() for word in words) or {w.casefold() for w in words} & _PLACE_WORDS:
            continue
        if {w.casefold() for w in words} & _POLICE_NAMES:
            continue
        for term in terms:
            found.setdefault(term, set()).update(other for other in terms if other != term)
    return {term: frozenset(others) for term, others in found.items()}
