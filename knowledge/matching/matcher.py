"""The matcher: a message in, ranked claims out, each with a 0-100 score, an action and the reasons.

Known links are matched exactly after canonicalisation (score 100). Text, link slugs and fetched pages are
matched in two steps: a BM25F index picks candidate claims among any number, then each candidate is scored on
0-100 by `scoring` (coverage of its wordings, the incident's names and places, near misses).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from knowledge.base import KnowledgeBase
from knowledge.matching import _lexicon as lex
from knowledge.matching import scoring
from knowledge.matching.catalog import ClaimEntry, Phrase, acronym_aliases, claim_entries, link_tables
from knowledge.matching.fuzzy import TypoCorrector
from knowledge.matching.index import Bm25Index, Bm25Params, Field
from knowledge.matching.query import Query, Vocabulary, build_query, canonical_links, split_links
from knowledge.matching.roles import police_role
from knowledge.matching.scoring import ScoreParams, TermWeights
from knowledge.matching.text import base_term
from knowledge.matching.types import Action, Evidence, LinkPage, Match, Thresholds
from knowledge.matching.views import View, concept_of, low_information_stems


@dataclass(frozen=True)
class FieldWeights:
    """How much each part of a claim counts when looking for candidates."""

    claim: float = 1.0
    phrasings: float = 1.0
    title: float = 1.0
    keywords: float = 0.5
    summary: float = 0.5


@dataclass(frozen=True)
class MatcherParams:
    """Tuning of the matcher (defaults tuned on the labelled messages and CheckThat train/dev)."""

    fields: FieldWeights = field(default_factory=FieldWeights)
    bm25: Bm25Params = field(default_factory=Bm25Params)
    score: ScoreParams = field(default_factory=ScoreParams)
    candidates: int = 40


@dataclass(frozen=True, slots=True)
class _Scored:
    doc: int
    score: float
    bm25: float
    link: str | None
    reasons: tuple[Evidence, ...]


@cache
def _dispute_cues() -> tuple[Phrase, ...]:
    return tuple(Phrase.of(cue, keep_stems=True) for cue in lex.DISPUTE_CUES)


class Matcher:
    """Matches messages against every claim of a knowledge base."""

    def __init__(
        self, knowledge: KnowledgeBase, thresholds: Thresholds | None = None, params: MatcherParams | None = None
    ) -> None:
        self.thresholds = thresholds or Thresholds()
        self.params = params or MatcherParams()
        words: set[str] = set()
        self._entries = claim_entries(knowledge, words)
        self._links = link_tables(knowledge)
        self._index = Bm25Index([self._fields(entry) for entry in self._entries], self.params.bm25)
        self._vocabulary = Vocabulary(TypoCorrector(words), acronym_aliases(knowledge))
        self._weigh = TermWeights(self._index, low_information_stems())
        self._docs = {entry.key: doc for doc, entry in enumerate(self._entries)}

    def _fields(self, entry: ClaimEntry) -> list[Field]:
        weights = self.params.fields
        phrasings = [base_term(term) for phrase in entry.texts[1:] for term in phrase.terms]
        keywords = [term for anchor in entry.anchors for term in anchor.phrase.terms]
        return [
            ([base_term(term) for term in entry.texts[0].terms], weights.claim),
            (phrasings, weights.phrasings),
            (list(entry.title.terms), weights.title),
            (keywords, weights.keywords),
            ([base_term(term) for term in entry.summary], weights.summary),
        ]

    def __len__(self) -> int:
        return len(self._entries)

    def match(
        self,
        text: str,
        *,
        top: int | None = None,
        pages: Sequence[LinkPage] = (),
        thresholds: Thresholds | None = None,
    ) -> list[Match]:
        """Best first. Default: only matches whose action is reply or review (at most one per claim);
        with top=N: the N best candidates even when their action is ignore. `thresholds` overrides per call.
        """  # noqa: D205
        thresholds = thresholds or self.thresholds
        query = build_query(text, pages, self._vocabulary)
        hits = self._link_hits(query.links)
        scored = [self._score(doc, bm25, query, hits.get(doc)) for doc, bm25 in self._candidates(query, hits)]
        scored.sort(key=lambda item: (item.score, item.bm25), reverse=True)
        matches = [self._decide(item, query, thresholds) for item in scored if item.score > 0]
        if top is None:
            return [match for match in matches if match.action is not Action.IGNORE]
        return matches[: max(0, top)]

    def _link_hits(self, links: Sequence[str]) -> dict[int, str]:
        hits: dict[int, str] = {}
        for link in links:
            for key in self._links.known.get(link, ()):
                hits.setdefault(self._docs[key], link)
        return hits

    def _candidates(self, query: Query, hits: dict[int, str]) -> list[tuple[int, float]]:
        terms: dict[str, float] = {}
        for view in query.views:
            for term in view.terms:
                terms[base_term(term)] = 1.0
        found = self._index.search(terms, max(self.params.candidates, len(hits)))
        seen = {doc for doc, _ in found}
        return found + [(doc, 0.0) for doc in hits if doc not in seen]

    def _score(self, doc: int, bm25: float, query: Query, link: str | None) -> _Scored:
        entry = self._entries[doc]
        params = self.params.score
        vocabulary = _vocabulary(entry)
        check = scoring.check_event(entry, query.views, vocabulary)
        emphasis = scoring.consensus(entry.texts, params.consensus)
        context = scoring.FitContext(self._weigh, params, entry.places, check.placed, entry.distinctive, emphasis)
        fits = [scoring.fit(phrase, view, context) for phrase in entry.texts for view in query.views]
        best = max(fits, key=lambda item: item.value)
        groups = frozenset(group for group in map(concept_of, vocabulary) if group is not None)
        explained = scoring.explained(best.view, vocabulary, groups, self._weigh)
        value = best.value * (1.0 - params.explained_share + params.explained_share * explained)
        value *= (params.unanchored if check.anchored is False else 1.0) * (
            params.near_miss if check.near_misses else 1.0
        )
        reasons = [scoring.text_evidence(best)] if best.matched else []
        reasons += scoring.event_evidence(check)
        claim_role = entry.role
        role = police_role(best.view.analysis.words, best.view.analysis.stems, entry.agencies) if claim_role else None
        if role is not None and role is not claim_role:
            value *= params.role_swap
            reasons.append(scoring.role_evidence(role, claim_role))
        if link is not None:
            reasons.insert(0, Evidence("link", link, f"the link {link} is a known post of this claim"))
            value = 1.0
        return _Scored(doc, round(scoring.calibrate(value, params.calibration), 1), bm25, link, tuple(reasons))

    def _decide(self, item: _Scored, query: Query, thresholds: Thresholds) -> Match:
        entry = self._entries[item.doc]
        reasons = list(item.reasons)
        blockers = self._blockers(entry, query, thresholds, linked=item.link is not None)
        if item.score >= thresholds.reply and not blockers:
            action = Action.REPLY
        elif item.score >= thresholds.review and entry.claim.verdict.actionable:
            action = Action.REVIEW
            reasons += blockers if item.score >= thresholds.reply else []
        else:
            action = Action.IGNORE
            reasons += blockers if item.score >= thresholds.review else []
        return Match(entry.incident.id, entry.claim.id, entry.claim.text, item.score, action, tuple(reasons))

    def _blockers(self, entry: ClaimEntry, query: Query, thresholds: Thresholds, *, linked: bool) -> list[Evidence]:
        """Why a match scoring high enough must still not be answered automatically."""
        blockers: list[Evidence] = []
        verdict = entry.claim.verdict
        if not verdict.actionable:
            label = verdict.label.lower()
            blockers.append(Evidence("context", verdict.value, f"the claim is rated {label}: never answered unasked"))
        if not linked and query.word_count < thresholds.min_words_for_reply:
            blockers.append(Evidence("context", "", f"too short to answer automatically ({query.word_count} words)"))
        if any(entry.incident.id in self._links.sources.get(link, ()) for link in query.links):
            blockers.append(Evidence("context", "", "the message already links a source of the official record"))
        cue = _disputing(query.message, _vocabulary(entry))
        if cue:
            blockers.append(Evidence("context", cue, f'the message already disputes the claim ("{cue}")'))
        return blockers

    def unknown_links(self, text: str) -> list[str]:
        """Canonical links in the text that are neither known links nor sources (candidates for fetching)."""
        _plain, found = split_links(text)
        return [
            link for link in canonical_links(found) if not self.is_known_link(link) and link not in self._links.sources
        ]

    def is_known_link(self, url: str) -> bool:
        """Whether a link (any variant) is a known post of some claim."""
        canonical = canonical_links([url])
        return bool(canonical) and canonical[0] in self._links.known

    def is_source_link(self, incident_id: str, url: str) -> bool:
        """Whether a link (any variant) is one of the incident's sources."""
        canonical = canonical_links([url])
        return bool(canonical) and incident_id in self._links.sources.get(canonical[0], ())

    def carries_source(self, text: str, incident_id: str) -> bool:
        """Whether a message already links one of the incident's sources (then the bot must not answer it)."""
        _plain, found = split_links(text)
        return any(incident_id in self._links.sources.get(link, ()) for link in canonical_links(found))


def _vocabulary(entry: ClaimEntry) -> frozenset[str]:
    terms = {term for phrase in entry.texts for term in phrase.terms}
    terms.update(entry.title.terms)
    terms.update(term for anchor in entry.anchors for term in anchor.phrase.terms)
    return frozenset(terms)


def _disputing(view: View, vocabulary: frozenset[str]) -> str | None:
    for cue in _dispute_cues():
        if not set(cue.terms) <= vocabulary and view.contains_phrase(cue.stems):
            return cue.text
    return None
