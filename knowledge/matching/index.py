"""An inverted index with BM25F weighting, for finding candidate claims among tens of thousands quickly.

Each document has weighted fields (claim text, phrasings, title, keywords, ...). Term impacts are computed once
and quantised to small integers, kept per term (a dict) and for searching in two flat arrays (`FlatPostings`), so
a query is a few numpy calls whatever its number of postings. Terms are read rarest first; frequent terms, and any
once enough postings have been read, only re-score the documents already found (a MaxScore-style shortcut).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

Field = tuple[Sequence[str], float]
"""A field of a document: its terms and its weight."""

_LEVELS = 255
_FEW_POSTINGS = 64
"""Postings up to which a search reads them one by one (`Bm25Index._search_few`)."""


@dataclass(frozen=True)
class Bm25Params:
    """BM25F parameters and search shortcuts.

    Attributes:
        k1: Term-frequency saturation.
        b: Length normalisation.
        frequent_df: Terms in more documents than this only add to documents rarer terms found.
        budget: After reading this many postings, every further term only adds to documents already found.
    """

    k1: float = 1.0
    b: float = 0.75
    frequent_df: int = 300
    budget: int = 400


class Bm25Index:
    """BM25F over documents made of weighted fields; documents are numbered in the order given."""

    def __init__(self, documents: Sequence[Sequence[Field]], params: Bm25Params = Bm25Params()) -> None:
        self.size = len(documents)
        self.params = params
        self.document_frequency: Counter[str] = Counter()
        averages = _average_lengths(documents)
        weighted: list[dict[str, float] | None] = [self._weighted_tf(fields, averages) for fields in documents]
        for tf in weighted:
            self.document_frequency.update(tf.keys() if tf else ())
        self._idf = {term: self._idf_of(df) for term, df in self.document_frequency.items()}
        self._postings, self._scale = self._build_postings(weighted)
        self._flat = FlatPostings.of(self._postings)
        self.frequent_df = params.frequent_df
        self.budget = params.budget

    def _idf_of(self, df: int) -> float:
        return math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))

    def _weighted_tf(self, fields: Sequence[Field], averages: list[float]) -> dict[str, float]:
        tf: dict[str, float] = {}
        for (terms, weight), average in zip(fields, averages, strict=True):
            norm = 1.0 - self.params.b + self.params.b * len(terms) / average if average else 1.0
            for term, count in Counter(terms).items():
                tf[term] = tf.get(term, 0.0) + weight * count / norm
        return tf

    def _build_postings(self, weighted: list[dict[str, float] | None]) -> tuple[dict[str, dict[int, int]], float]:
        """Quantised impacts by term and document; `weighted` is emptied on the way (it is the bulk of the memory)."""
        k1, idf = self.params.k1, self._idf
        top = max(
            (idf[term] * value * (k1 + 1.0) / (value + k1) for tf in weighted if tf for term, value in tf.items()),
            default=0.0,
        )
        scale = (top or 1.0) / _LEVELS
        postings: dict[str, dict[int, int]] = {}
        for doc in range(len(weighted)):
            tf, weighted[doc] = weighted[doc], None
            for term, value in (tf or {}).items():
                impact = idf[term] * value * (k1 + 1.0) / (value + k1)
                postings.setdefault(term, {})[doc] = max(1, round(impact / scale))
        return postings, scale

    def idf(self, term: str) -> float:
        """Inverse document frequency of a term (the highest value when the term is unknown)."""
        return self._idf.get(term) or self._idf_of(0)

    def __contains__(self, term: object) -> bool:
        return term in self._postings

    @property
    def vocabulary(self) -> Iterable[str]:
        """Every indexed term."""
        return self._postings.keys()

    def search(self, weighted_terms: dict[str, float], limit: int) -> list[tuple[int, float]]:
        """The best `limit` documents for terms with query weights, as (document, BM25 score), best first.

        Terms are taken rarest first. Once the postings read pass `budget`, or for terms in more than
        `frequent_df` documents, a term only adds to documents already found. Ties keep the order in which the
        documents were found (rarest term first, then by document).
        """
        flat, postings_of = self._flat, self._postings
        ordered = sorted(((t, len(postings_of[t])) for t in weighted_terms if t in postings_of), key=itemgetter(1))
        if not ordered:
            return []
        split = self._first_rescoring([size for _term, size in ordered])
        if sum(size for _term, size in ordered) <= _FEW_POSTINGS:
            return self._search_few(ordered, split, weighted_terms, limit)
        docs, impacts = flat.gather(ordered[:split], weighted_terms)
        order = np.argsort(docs, kind="stable")  # each document's impacts stay in the terms' order
        docs, impacts = docs[order], impacts[order]
        starts = np.empty(len(docs), dtype=bool)
        starts[0] = True
        np.not_equal(docs[1:], docs[:-1], out=starts[1:])
        found, first = docs[starts], order[starts]
        slots = np.cumsum(starts) - 1
        if split < len(ordered):
            more, extra = flat.gather(ordered[split:], weighted_terms)
            slot_of = np.zeros(self.size, dtype=np.int32)
            slot_of[found] = np.arange(1, len(found) + 1, dtype=np.int32)
            taken = slot_of[more]
            kept = taken > 0
            slots = np.concatenate((slots, taken[kept] - 1))
            impacts = np.concatenate((impacts, extra[kept]))
        scores = np.bincount(slots, weights=impacts, minlength=len(found))  # summed in order, as one by one
        best = np.lexsort((first, -scores))[:limit]
        return list(zip(found[best].tolist(), (scores[best] * self._scale).tolist(), strict=True))

    def _search_few(
        self, ordered: Sequence[tuple[str, int]], split: int, weighted_terms: dict[str, float], limit: int
    ) -> list[tuple[int, float]]:
        """`search` over few postings, one by one: numpy's calls would cost more than reading them. The same sums
        in the same order (a document's impacts in the terms' order) and the same ties (the order found).
        """  # noqa: D205
        scores: dict[int, float] = {}
        for position, (term, _size) in enumerate(ordered):
            weight, adds = weighted_terms[term], position < split
            for doc, impact in self._postings[term].items():
                if adds or doc in scores:
                    scores[doc] = scores.get(doc, 0.0) + (impact if weight == 1.0 else weight * impact)
        best = sorted(scores.items(), key=lambda item: -item[1])[:limit]
        return [(doc, score * self._scale) for doc, score in best]

    def _first_rescoring(self, sizes: Sequence[int]) -> int:
        """The position of the first term (by its number of postings) that only re-scores documents already found
        (the rest all do).
        """  # noqa: D205
        spent = 0
        for position, size in enumerate(sizes):
            if position and (size > self.frequent_df or spent > self.budget):
                return position
            spent += size
        return len(sizes)

    def score(self, weighted_terms: dict[str, float], doc: int) -> float:
        """One document's BM25 score for terms with query weights (0 when it has none of them)."""
        total = 0.0
        for term, weight in weighted_terms.items():
            impact = self._postings.get(term, {}).get(doc)
            if impact:
                total += weight * impact
        return total * self._scale


@dataclass(frozen=True)
class FlatPostings:
    """Every term's postings in two arrays, documents and impacts, a term's postings from `starts[term]` on."""

    starts: dict[str, int]
    documents: np.ndarray
    impacts: np.ndarray

    @classmethod
    def of(cls, postings: dict[str, dict[int, int]]) -> FlatPostings:
        """The postings of a dict, each term's in its order."""
        sizes = [len(found) for found in postings.values()]
        documents = np.fromiter((doc for found in postings.values() for doc in found), np.intc, sum(sizes))
        impacts = np.fromiter((value for found in postings.values() for value in found.values()), np.uint16)
        return cls.read(list(postings), sizes, documents, impacts)

    @classmethod
    def read(cls, terms: list[str], sizes: Sequence[int], documents: np.ndarray, impacts: np.ndarray) -> FlatPostings:
        """The postings of arrays as `prepared_file` keeps them: each term's count, then documents and impacts."""
        starts = itertools.accumulate(sizes, initial=0)  # one more than the terms: the end of the last
        return cls(dict(zip(terms, starts, strict=False)), documents, impacts)

    def gather(self, terms: Sequence[tuple[str, int]], weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """The documents of the terms' postings (each term with its number of postings), one after the other, and
        their impacts times the term's weight.
        """  # noqa: D205
        parts = [(slice(self.starts[term], self.starts[term] + size), weights[term]) for term, size in terms]
        documents = np.concatenate([self.documents[part] for part, _weight in parts])
        impacts = [self.impacts[part] if weight == 1.0 else weight * self.impacts[part] for part, weight in parts]
        return documents, np.concatenate(impacts, dtype=np.float64)


def _average_lengths(documents: Sequence[Sequence[Field]]) -> list[float]:
    if not documents:
        return []
    width = len(documents[0])
    totals = [0] * width
    for fields in documents:
        for index, (terms, _weight) in enumerate(fields):
            totals[index] += len(terms)
    return [total / len(documents) for total in totals]
