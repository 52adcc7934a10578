"""What the scorer reads: a message, a link's slug or a fetched page, analysed and looked up term by term."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from knowledge.matching import _lexicon as lex
from knowledge.matching.text import Analysis, base_term, is_negated, stem
from knowledge.matching.types import EvidenceKind


@cache
def concepts() -> dict[str, int]:
    """Stem -> synonym group number, for the groups in the lexicon."""
    found: dict[str, int] = {}
    for number, group in enumerate(lex.SYNONYMS):
        for word in group:
            found.setdefault(stem(word), number)
    return found


@cache
def low_information_stems() -> frozenset[str]:
    """Stems of the words that count half."""
    return frozenset(stem(word) for word in lex.LOW_INFORMATION)


def concept_of(term: str) -> int | None:
    """The synonym group of a content term, if any."""
    return concepts().get(term)


Alias = tuple[tuple[str, ...], str]
"""A word sequence (as stems) and the term it also counts as."""


@dataclass(slots=True)
class View:
    """One text of a message (its words, a link's slug or a fetched page) ready for scoring.

    Attributes:
        kind: Where the text comes from.
        label: What reasons show for it: "" for the message, else the link.
        analysis: The analysed text, typos corrected.
        fixed_words: Word positions whose word was corrected from a typo.
        aliases: Word sequences (as stems) that also count as a term, e.g. "highway patrol" as "chp".
        weigh: The weight of a term, for `weights` and `total_weight` (weighed when first asked: most messages'
            words never are).
    """

    kind: EvidenceKind
    label: str
    analysis: Analysis
    fixed_words: frozenset[int] = frozenset()
    aliases: Sequence[Alias] = ()
    weigh: Mapping[str, float] | None = None
    terms: list[str] = field(init=False)
    concepts: list[int | None] = field(init=False)
    fixed: set[int] = field(init=False)
    words: list[str] = field(init=False)
    exact: dict[str, list[int]] = field(init=False)
    bases: dict[str, list[int]] = field(init=False)
    groups: dict[int, list[int]] = field(init=False)
    credits: dict[str, tuple[float, list[int]]] = field(init=False)
    """What `lookup` found for each term looked up so far."""
    _keys: frozenset[str | int] | None = field(init=False, default=None)
    _weights: list[float] | None = field(init=False, default=None)
    _total_weight: float = field(init=False, default=0.0)
    _stems: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        analysis, fixed_words = self.analysis, self.fixed_words
        kept = [index for index, term in enumerate(analysis.terms) if term]  # the content words' indices
        self.terms = terms = [analysis.terms[index] for index in kept]
        self.words = [analysis.words[index] for index in kept]
        self.fixed = {position for position, index in enumerate(kept) if index in fixed_words} if fixed_words else set()
        self.credits = {}
        self._stems = frozenset(analysis.stems)
        negation = lex.NEGATION_PREFIX
        self.exact, self.groups = _positions(terms), {}
        self.bases = _positions([term.removeprefix(negation) for term in terms])  # base_term, inlined
        self.concepts = list(map(concepts().get, terms))
        for position, group in enumerate(self.concepts):
            if group is not None:
                self.groups.setdefault(group, []).append(position)
        for stems, term in self.aliases:
            start = self._find(stems)
            if start is not None and terms:
                self._add(term, min(len(terms) - 1, sum(1 for t in analysis.terms[:start] if t)))

    def _add(self, term: str, position: int) -> None:
        self.exact.setdefault(term, []).append(position)
        self.bases.setdefault(base_term(term), []).append(position)
        group = concept_of(term)
        if group is not None:
            self.groups.setdefault(group, []).append(position)

    @property
    def weights(self) -> list[float]:
        """Each content term's weight."""
        return self._weights if self._weights is not None else self._weigh_terms()

    @property
    def total_weight(self) -> float:
        """The sum of its content terms' weights."""
        if self._weights is None:
            self._weigh_terms()
        return self._total_weight

    def _weigh_terms(self) -> list[float]:
        terms = self.terms
        self._weights = weights = list(map(self.weigh.__getitem__, terms)) if self.weigh else [1.0] * len(terms)
        self._total_weight = sum(weights)
        return weights

    @property
    def keys(self) -> frozenset[str | int]:
        """Its terms, their bases and their synonym groups (what a phrase must share with it to match at all)."""
        if self._keys is None:
            self._keys = frozenset([*self.exact, *self.bases, *self.groups])
        return self._keys

    @property
    def stem_set(self) -> frozenset[str]:
        """Its stems (stopwords included), as a set."""
        return self._stems

    def lookup(self, term: str) -> tuple[float, list[int]]:
        """How well the view has a term: 1 exact, less for a synonym or a typo, below 0 if negated the other way."""
        seen = self.credits.get(term)
        if seen is None:
            seen = self.credits[term] = self._lookup(term)
        return seen

    def _lookup(self, term: str) -> tuple[float, list[int]]:
        positions = self.exact.get(term)
        if positions:
            fixed = bool(self.fixed) and all(position in self.fixed for position in positions)
            return (TYPO_CREDIT if fixed else 1.0), positions
        group = concepts().get(term)
        if group is not None and group in self.groups:
            return SYNONYM_CREDIT, self.groups[group]
        positions = self.bases.get(term.removeprefix(lex.NEGATION_PREFIX))  # base_term, inlined
        if positions and any(is_negated(self.terms[p]) != is_negated(term) for p in positions):
            return NEGATION_CREDIT, positions
        return 0.0, []

    def _find(self, stems: Sequence[str]) -> int | None:
        size, own = len(stems), self.analysis.stems
        if not size or stems[0] not in self._stems:
            return None  # most phrases looked for are not there: a set lookup, not a scan
        wanted = tuple(stems)
        for index, value in enumerate(own):
            if value == wanted[0] and own[index : index + size] == wanted:
                return index
        return None

    def position(self, stems: Sequence[str]) -> int | None:
        """Where the words of a phrase (as stems, stopwords included) first occur together in the view, if they do."""
        return self._find(stems)

    def contains_phrase(self, stems: Sequence[str]) -> bool:
        """Whether the words of a phrase (as stems, stopwords included) occur together in the view."""
        return self._find(stems) is not None


def _positions(terms: Iterable[str]) -> dict[str, list[int]]:
    """Each term with the positions it has, in order."""
    found: dict[str, list[int]] = {}
    for position, term in enumerate(terms):
        where = found.get(term)
        if where is None:
            found[term] = [position]
        else:
            where.append(position)
    return found


TYPO_CREDIT = 0.85
SYNONYM_CREDIT = 0.95
NEGATION_CREDIT = -0.5
