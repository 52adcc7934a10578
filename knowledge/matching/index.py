"""An inverted index with BM25F weighting, for finding candidate claims among tens of thousands quickly.

Each document has weighted fields (claim text, phrasings, title, keywords, ...). Term impacts are computed once
and quantised to small integers, so a posting costs one dict slot and a query is a few dict updates per posting.
Terms are read rarest first; frequent terms, and any once enough postings have been read, only re-score the
documents already found (a MaxScore-style shortcut, done as set intersections in C).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Field = tuple[Sequence[str], float]
"""A field of a document: its terms and its weight."""

_LEVELS = 255


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
        `frequent_df` documents, a term only adds to documents already found (a set intersection in C).
        """
        postings_of = self._postings
        ordered = sorted((t for t in weighted_terms if t in postings_of), key=lambda t: len(postings_of[t]))
        scores: dict[int, float] = {}
        spent = 0
        for term in ordered:
            postings = postings_of[term]
            weight = weighted_terms[term]
            if scores and (len(postings) > self.frequent_df or spent > self.budget):
                for doc in scores.keys() & postings.keys():
                    scores[doc] += postings[doc] if weight == 1.0 else weight * postings[doc]
                continue
            spent += len(postings)
            if weight == 1.0:  # new documents are added in C; only those seen before are summed in Python
                seen = [(doc, scores[doc]) for doc in scores.keys() & postings.keys()]
                scores.update(postings)
                for doc, score in seen:
                    scores[doc] += score
            else:
                get = scores.get
                for doc, impact in postings.items():
                    scores[doc] = get(doc, 0) + weight * impact
        best = sorted(scores, key=scores.__getitem__, reverse=True)[:limit]
        return [(doc, scores[doc] * self._scale) for doc in best]

    def score(self, weighted_terms: dict[str, float], doc: int) -> float:
        """One document's BM25 score for terms with query weights (0 when it has none of them)."""
        total = 0.0
        for term, weight in weighted_terms.items():
            impact = self._postings.get(term, {}).get(doc)
            if impact:
                total += weight * impact
        return total * self._scale


def _average_lengths(documents: Sequence[Sequence[Field]]) -> list[float]:
    if not documents:
        return []
    width = len(documents[0])
    totals = [0] * width
    for fields in documents:
        for index, (terms, _weight) in enumerate(fields):
            totals[index] += len(terms)
    return [total / len(documents) for total in totals]
