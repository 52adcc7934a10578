"""Phrases of the knowledge base, analysed once: content terms, stems, who shot whom, weight multipliers."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from knowledge.matching.roles import Role, police_role
from knowledge.matching.text import analyze, base_term
from knowledge.matching.views import concept_of


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
    keys: tuple[str | int, ...] = ()
    """Its terms, their bases and their synonym groups: a view sharing none of them cannot match it (a tuple:
    tens of thousands of phrases keep one each)."""

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
        terms = tuple(sys.intern(term) for term in analysis.content)
        return cls(text, terms, stems, role, keys=lookup_keys(terms))


def lookup_keys(terms: Iterable[str]) -> tuple[str | int, ...]:
    """Terms, their bases (without a negation mark) and their synonym groups."""
    keys: set[str | int] = set()
    for term in terms:
        base = base_term(term)
        keys.update((term, base))
        group = concept_of(base)
        if group is not None:
            keys.add(group)
    return tuple(sys.intern(key) if isinstance(key, str) else key for key in keys)


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


def shared_multipliers(values: tuple[float, ...]) -> tuple[float, ...]:
    """The multipliers as the float objects every phrase shares (phrases read back from a file get them again)."""
    return tuple(map(_MULTIPLIERS.setdefault, values, values))


def _concept_key(term: str) -> str | int:
    group = concept_of(term)
    return term if group is None else group
