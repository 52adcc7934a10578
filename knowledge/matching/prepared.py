"""The knowledge base prepared for lexical matching: what `Matcher` builds before it matches anything.

    prepared = prepare(knowledge, FieldWeights(), Bm25Params(), consensus=1.0)

The claims' entries (`catalog`), the known links and sources, the BM25F index over the claims' fields, the typo
corrector's vocabulary, the keywords' acronyms and the links' hosts. It depends only on the knowledge and the
arguments given here, so it may be kept on disk and read back (`prepared_cache`) instead of being rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import overload

from knowledge.base import KnowledgeBase
from knowledge.matching import urls
from knowledge.matching.catalog import ClaimEntry, LinkTables, claim_entries, link_tables
from knowledge.matching.fuzzy import TypoCorrector
from knowledge.matching.index import Bm25Index, Bm25Params, Field
from knowledge.matching.keywords import acronym_aliases
from knowledge.matching.text import base_term
from knowledge.matching.views import Alias


@dataclass(frozen=True)
class FieldWeights:
    """How much each part of a claim counts when looking for candidates."""

    claim: float = 1.0
    phrasings: float = 1.0
    title: float = 1.0
    keywords: float = 0.5
    summary: float = 1.0


@dataclass(frozen=True)
class Prepared:
    """Everything the matcher reads about the knowledge's words and links, built once per knowledge base."""

    entries: list[ClaimEntry]
    links: LinkTables
    index: Bm25Index
    typos: TypoCorrector
    aliases: tuple[Alias, ...]
    hosts: frozenset[str]


def prepare(knowledge: KnowledgeBase, fields: FieldWeights, bm25: Bm25Params, consensus: float) -> Prepared:
    """Build the lexical structures of a knowledge base (`consensus`: see `catalog.claim_entries`)."""
    words: set[str] = set()
    entries = claim_entries(knowledge, words, consensus)
    links = link_tables(knowledge)
    index = Bm25Index(_LazyFields(entries, lambda entry: document_fields(entry, fields)), bm25)
    hosts = frozenset(filter(None, map(urls.host_key, [*links.known, *links.sources])))
    return Prepared(entries, links, index, TypoCorrector(words), acronym_aliases(knowledge), hosts)


def document_fields(entry: ClaimEntry, weights: FieldWeights) -> list[Field]:
    """A claim as the index reads it: its text, phrasings, title, keywords and summary, each weighted."""
    phrasings = [base_term(term) for phrase in entry.texts[1:] for term in phrase.terms]
    keywords = [term for anchor in entry.anchors for term in anchor.phrase.terms]
    return [
        ([base_term(term) for term in entry.texts[0].terms], weights.claim),
        (phrasings, weights.phrasings),
        (list(entry.title.terms), weights.title),
        (keywords, weights.keywords),
        ([base_term(term) for term in entry.summary], weights.summary),
    ]


class _LazyFields(Sequence[list[Field]]):
    """The index's documents, made from the entries when read (the index reads them twice, keeps neither)."""

    def __init__(self, entries: list[ClaimEntry], fields: Callable[[ClaimEntry], list[Field]]) -> None:
        self._entries, self._make = entries, fields

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> list[Field]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[list[Field]]: ...
    def __getitem__(self, index: int | slice) -> list[Field] | Sequence[list[Field]]:
        if isinstance(index, slice):
            return [self._make(entry) for entry in self._entries[index]]
        return self._make(self._entries[index])
