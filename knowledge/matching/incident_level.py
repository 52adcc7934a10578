"""Incident-level recall: a message naming an incident and saying something no claim covers goes to review.

There moderators decide (and their decisions teach the bot), instead of the message being ignored.

What counts as "saying something": a word the incident's claims use to say what happened (in the wordings of its
answerable claims) that its official record does not use ("innocent", "unarmed", "wounded", "murdered",
"planted"), said the way the claims say it. News, grief and the debunk use the record's own words ("shot",
"killed", "handgun found", "under investigation") and stay quiet, as do questions and messages that say what
the record says against a claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from knowledge.matching import _lexicon as lex
from knowledge.matching.catalog import ClaimEntry
from knowledge.matching.stance import quotations
from knowledge.matching.text import analyze, base_term, is_negated, stem
from knowledge.matching.views import View, concept_of, low_information_stems
from knowledge.schema import Incident

WORD_CREDIT = 0.9
"""How well the message must have one of the words: exact or synonym, not a typo guess (0.85: "changed" read as
"charged")."""


def quoted_record(incident: Incident, raw: str) -> str | None:
    """A quotation of the incident's official statements in the message, if it has one: three words or more of one
    statement in its order ("'spectators holding cell phones'"), or two side by side ("lol 'she produced a handgun'
    sure jan"). Only that incident's officials said it: it names the incident, as a keyword would.
    """  # noqa: D205
    for quoted in quotations(raw):
        terms = analyze(quoted).content
        if len(terms) >= 2 and any(_in_order(terms, said) for said in _statements_terms(incident)):
            return quoted.strip()
    return None


@lru_cache(maxsize=4096)
def _statements_terms(incident: Incident) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(analyze(statement.quote).content) for statement in incident.statements)


def _in_order(wanted: Sequence[str], said: Sequence[str]) -> bool:
    """Whether every term of `wanted` is in `said` in the same order; side by side when they are only two (two
    words far apart in a statement, "gun … car", are too common to name it).
    """  # noqa: D205
    if len(wanted) == 2:
        return any(tuple(said[index : index + 2]) == tuple(wanted) for index in range(len(said) - 1))
    rest = iter(said)
    return all(term in rest for term in wanted)


def official_terms(entry: ClaimEntry) -> frozenset[str]:
    """Every term (and synonym group) the incident's official record uses: its statements, the clarifications
    and contradicting facts of its claims, and the wordings of its claims that are not answered (accurate ones).
    The summary is left out: it tells what circulated too.
    """  # noqa: D205
    incident = entry.incident
    texts = [statement.quote for statement in incident.statements]
    for claim in incident.claims:
        texts += [claim.clarification, *claim.contradictions]
        if not claim.verdict.actionable:
            texts += [claim.text, *claim.phrasings]
    return frozenset(_keys(term for text in texts for term in analyze(text).content))


def known_terms(entry: ClaimEntry) -> frozenset[str]:
    """What is known of the incident, in terms and synonym groups: its record (`official_terms`), what its
    summary, title, place and time say, and its names.
    """  # noqa: D205
    incident = entry.incident
    location = incident.location
    texts = [
        incident.title,
        incident.summary,
        location.place or "",
        location.city,
        location.region,
        incident.when or "",
    ]
    terms = _keys(term for text in texts for term in analyze(text).content)
    terms.update(term for anchor in entry.anchors for term in anchor.phrase.terms)
    terms.update(entry.agencies)
    return official_terms(entry) | terms


def beyond_record(view: View, known: frozenset[str]) -> list[str]:
    """The message's words that say something the incident's record does not (not who, not generic, not known):
    "rookie", "panics"; none in "woman shot and killed by westminster officer identified as alysha duran".
    """  # noqa: D205
    low = low_information_stems() | generic_stems()
    found: list[str] = []
    for word, term in zip(view.words, view.terms, strict=True):
        stemmed = base_term(term)
        if not term or stemmed in low or word in low or concept_of(stemmed) in _people():
            continue
        if not knows(known, term) or (stemmed in _loaded() and stemmed not in known):
            found.append(word)
    return found


@cache
def _loaded() -> frozenset[str]:
    """Words that judge a killing ("murdered", "executed"): beyond a record that says only that someone was killed."""
    return frozenset(stem(word) for word in lex.LOADED_KILLING_WORDS)


def knows(known: frozenset[str], term: str) -> bool:
    """Whether the record's terms (`known_terms`) hold a term, itself, its base or its synonym group."""
    return bool(_keys([term]) & known or _keys([base_term(term)]) & known)


def _keys(terms: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for term in terms:
        keys.add(term)
        group = concept_of(base_term(term))
        if group is not None:
            keys.add(f"#{group}{'-' if is_negated(term) else ''}")
    return keys


def assertion_terms(entries: Iterable[ClaimEntry]) -> frozenset[str]:
    """The words the incident's answerable claims say what happened with that its record does not use."""
    entries = list(entries)
    if not entries:
        return frozenset()
    official = official_terms(entries[0])
    naming = {term for anchor in entries[0].anchors for term in anchor.phrase.terms} | set(entries[0].agencies)
    low = low_information_stems() | generic_stems()
    found: set[str] = set()
    for entry in entries:
        if not entry.claim.verdict.actionable:
            continue
        for phrase in entry.texts:
            for term in phrase.terms:
                group = concept_of(base_term(term))
                if term in naming or base_term(term) in low or term.isdigit() or group in _people():
                    continue
                if _keys([term]) & official:
                    continue
                found.add(term)
    return frozenset(found)


@cache
def _people() -> frozenset[int | None]:
    return frozenset(concept_of(stem(word)) for word in ("police", "man", "woman", "video"))


@cache
def generic_stems() -> frozenset[str]:
    """Words that say nothing about what happened, whatever the record says."""
    return frozenset(stem(word) for word in lex.GENERIC_WORDS)


def says_something(view: View, terms: frozenset[str]) -> str | None:
    """The first assertion word the message says the way the claims say it, if any (a synonym too, unless it is a
    word too general to tell: "killed" for "murdered").
    """  # noqa: D205
    for term in sorted(terms):
        credit, positions = view.lookup(term)
        if credit >= WORD_CREDIT and positions and base_term(view.terms[positions[0]]) not in generic_stems():
            said = view.terms[positions[0]]
            if is_negated(said) == is_negated(term) or concept_of(said) is not None:
                return view.words[positions[0]]
    return None
