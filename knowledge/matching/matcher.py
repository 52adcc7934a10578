"""The matcher: a message in, ranked claims out, each with a 0-100 score, an action and the reasons.

    matcher = Matcher(knowledge)                      # build once per knowledge base (immutable)
    matcher.match(text)                               # reply/review matches, best first
    matcher.match(text, top=5, pages=[...], thresholds=server_thresholds)
    matcher.unknown_links(text)                       # links worth fetching (then pass them back as pages)

How: the message is taken apart (`query`): links are extracted and canonicalised (`urls`), the words normalised
(`text`), typos one edit from a known word corrected (`fuzzy`). A known link matched exactly scores 100. Otherwise
a BM25F index (`index`) over every claim's text, phrasings, title, keywords and summary picks the candidates,
and each is scored on 0-100 (`scoring`). The action: reply when the score reaches the reply threshold, the claim
is actionable, the message has enough words (a known link or a fetched page's headline stands on its own) and
nothing holds it back (the message or its page disputes the claim, or already links the official source);
review when the score reaches the review threshold and the claim is actionable; ignore otherwise.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, overload

from knowledge.base import KnowledgeBase
from knowledge.matching import _lexicon as lex
from knowledge.matching import scoring, urls
from knowledge.matching.catalog import ClaimEntry, claim_entries, link_tables
from knowledge.matching.fuzzy import TypoCorrector
from knowledge.matching.index import Bm25Index, Bm25Params, Field
from knowledge.matching.keywords import acronym_aliases
from knowledge.matching.meaning import MeaningParams, event_terms, promoted_score, ranking, says_event
from knowledge.matching.phrases import Phrase
from knowledge.matching.query import Query, Vocabulary, build_query, canonical_links, split_links
from knowledge.matching.roles import Role, police_role
from knowledge.matching.scoring import ScoreParams, TermWeights
from knowledge.matching.semantic import Closeness, SemanticIndex
from knowledge.matching.stance import Stance, StanceCheck, contradiction_phrases, stance_of
from knowledge.matching.text import base_term
from knowledge.matching.types import Action, Evidence, LinkPage, Match, Thresholds
from knowledge.matching.views import View, low_information_stems

if TYPE_CHECKING:
    from knowledge.semantic.encoder import Semantic


log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldWeights:
    """How much each part of a claim counts when looking for candidates."""

    claim: float = 1.0
    phrasings: float = 1.0
    title: float = 1.0
    keywords: float = 0.5
    summary: float = 1.0


@dataclass(frozen=True)
class MatcherParams:
    """Tuning of the matcher (defaults tuned on the labelled messages and CheckThat train/dev)."""

    fields: FieldWeights = field(default_factory=FieldWeights)
    bm25: Bm25Params = field(default_factory=Bm25Params)
    score: ScoreParams = field(default_factory=ScoreParams)
    meaning: MeaningParams = field(default_factory=MeaningParams)
    candidates: int = 10
    asserted: float = 0.5
    """Fit of the message's words to a claim from which it counts as asserting the claim (not only mentioning)."""


@dataclass(slots=True)
class _Scored:
    """A candidate's score and what its reasons are made from."""

    doc: int
    score: float
    bm25: float
    link: str | None
    best: scoring.TextFit
    check: scoring.EventCheck
    swapped: Role | None
    rank: float = 0.0
    closeness: Closeness | None = None
    meant: Evidence | None = None


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


@cache
def _dispute_cues() -> tuple[Phrase, ...]:
    return tuple(Phrase.of(cue, keep_stems=True) for cue in lex.DISPUTE_CUES)


class Matcher:
    """Matches messages against every claim of a knowledge base."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        thresholds: Thresholds | None = None,
        params: MatcherParams | None = None,
        *,
        semantic: Semantic | None = None,
        background: bool = False,
    ) -> None:
        """Build the matcher; with `semantic`, the knowledge's embeddings too (with `background`, in a thread:
        the matcher matches words only until they are ready, so a start or reload never waits for them).
        """  # noqa: D205
        self.knowledge = knowledge
        self.thresholds = thresholds or Thresholds()
        self.params = params or MatcherParams()
        words: set[str] = set()
        self._entries = claim_entries(knowledge, words, self.params.score.consensus)
        self._links = link_tables(knowledge)
        self._index = Bm25Index(_LazyFields(self._entries, self._fields), self.params.bm25)
        self._weigh = TermWeights(self._index, low_information_stems(), self.params.score.trust)
        hosts = frozenset(filter(None, map(urls.host_key, [*self._links.known, *self._links.sources])))
        self._vocabulary = Vocabulary(TypoCorrector(words), acronym_aliases(knowledge), self._weigh, hosts)
        self._docs = {entry.key: doc for doc, entry in enumerate(self._entries)}
        score = self.params.score
        self._bm25_power = score.bm25_power * len(self._entries) / (len(self._entries) + score.trust)
        self._events = [event_terms(entry) for entry in self._entries] if semantic is not None else []
        self._meaning: SemanticIndex | None = None
        if semantic is not None and background:
            threading.Thread(target=self._build_meaning, args=(semantic,), name="semantic-index", daemon=True).start()
        elif semantic is not None:
            self._meaning = SemanticIndex(semantic, self._entries)

    def _build_meaning(self, semantic: Semantic) -> None:
        try:
            self._meaning = SemanticIndex(semantic, self._entries)
        except Exception:
            log.exception("semantic index not built: matching words only")

    @property
    def semantic(self) -> bool:
        """Whether the semantic layer is on for this matcher."""
        return self._meaning is not None

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

    def claim_entry(self, incident_id: str, claim_id: str) -> ClaimEntry | None:
        """A claim as prepared for scoring (a server's learned wordings are scored against it: `learned`)."""
        doc = self._docs.get((incident_id, claim_id))
        return None if doc is None else self._entries[doc]

    def read(self, text: str) -> Query:
        """A message taken apart as `match` takes it apart (without pages)."""
        return build_query(text, (), self._vocabulary)

    @property
    def weights(self) -> TermWeights:
        """How much each term counts."""
        return self._weigh

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
        candidates = self._candidates(query, hits, top or 0)
        top_bm25 = max((bm25 for _doc, bm25 in candidates), default=0.0)
        scored = [self._score(doc, bm25, top_bm25, query, hits.get(doc)) for doc, bm25 in candidates]
        if self._meaning is not None:
            scored = self._weigh_meaning(self._meaning, text, query, scored, (hits, top_bm25), top, thresholds)
        scored.sort(key=lambda item: (item.rank or item.score, item.score, item.bm25), reverse=True)
        if top is not None:
            return [self._decide(item, query, thresholds, text) for item in scored[: max(0, top)] if item.score > 0]
        decided = (self._decide(item, query, thresholds, text) for item in scored if item.score >= thresholds.review)
        return [match for match in decided if match.action is not Action.IGNORE]

    def _weigh_meaning(
        self,
        index: SemanticIndex,
        text: str,
        query: Query,
        scored: list[_Scored],
        found: tuple[dict[int, str], float],
        top: int | None,
        thresholds: Thresholds,
    ) -> list[_Scored]:
        """Add closeness in meaning: more candidates, promotions (see `meaning`), and for a large base listed
        with ``top=N``, a ranking that counts it.

        Only messages that name an incident (and whose words do not already earn a reply) are embedded when the
        base is small and curated: ordinary chat costs nothing. Listing a large base embeds every message.
        """  # noqa: D205
        listing = top is not None and not index.scans_all
        if not listing and not any(item.check.anchored for item in scored):
            return scored
        if not listing and max(item.score for item in scored) >= thresholds.reply:
            return scored
        vector = index.embed(_meaning_text(text, query))
        params = self.params.meaning
        if index.scans_all:
            hits, top_bm25 = found
            seen = {item.doc for item in scored}
            terms = _query_terms(query)
            for doc, _value in index.nearest(vector, self.params.candidates, params.recall):
                if doc not in seen:
                    scored.append(self._score(doc, self._index.score(terms, doc), top_bm25, query, hits.get(doc)))
        for item in scored:
            entry = self._entries[item.doc]
            item.closeness = closeness = index.closeness(vector, item.doc, entry.incident.id)
            if listing:
                item.rank = 100.0 * ranking(item.score, closeness.claim, params.rank)
            stance = self._may_promote(item, query, text)
            if stance is not None:
                item.score, item.meant = promoted_score(item.score, closeness, params, thresholds, stance)
        return scored

    def _may_promote(self, item: _Scored, query: Query, text: str) -> StanceCheck | None:
        """The message's stance when the other evidence allows closeness in meaning to raise the score, else None."""
        entry = self._entries[item.doc]
        allowed = (
            entry.claim.verdict.actionable
            and item.link is None
            and item.check.anchored is True
            and not item.check.near_misses
            and item.swapped is None
            and says_event(query.message, self._events[item.doc])
            and not _disputing(query.message, _vocabulary(entry))
        )
        stance = self._stance(item, query, text) if allowed else None
        return stance if stance is not None and stance.stance is not Stance.DISPUTE else None

    def _stance(self, item: _Scored, query: Query, text: str) -> StanceCheck:
        entry = self._entries[item.doc]
        contradictions = contradiction_phrases(entry.claim.contradictions, entry.agencies)
        plain, _links = split_links(text)
        words, stems = query.message.analysis.words, query.message.analysis.stems
        role = police_role(words, stems, entry.agencies)
        return stance_of(
            query.message, plain, contradictions, asserted=item.best.value >= self.params.asserted, role=role
        )

    def _link_hits(self, links: Sequence[str]) -> dict[int, str]:
        hits: dict[int, str] = {}
        for link in links:
            for key in self._links.known.get(link, ()):
                hits.setdefault(self._docs[key], link)
        return hits

    def _candidates(self, query: Query, hits: dict[int, str], wanted: int) -> list[tuple[int, float]]:
        """The claims worth scoring: the best by BM25 (at least `wanted`), then any with a known link.

        Beyond the `wanted` best, a claim is left out when its BM25 score is so far below the best one's that
        the ranking factor alone keeps it under the smallest score that matters.
        """
        terms = _query_terms(query)
        if self._meaning is not None and not self._meaning.scans_all and wanted:
            wanted = max(wanted, self.params.meaning.candidates)
        found = self._index.search(terms, max(self.params.candidates, wanted))
        if found and self._bm25_power:
            floor = found[0][1] * self.params.score.negligible ** (1.0 / self._bm25_power)
            found = found[:wanted] + [item for item in found[wanted:] if item[1] >= floor]
        seen = {doc for doc, _ in found}
        return found + [(doc, 0.0) for doc in hits if doc not in seen]

    def _score(self, doc: int, bm25: float, top_bm25: float, query: Query, link: str | None) -> _Scored:
        entry = self._entries[doc]
        params = self.params.score
        check = scoring.check_event(entry, query.views)
        context = scoring.FitContext(self._weigh, params, entry.places, check.placed, entry.distinctive)
        best = max((scoring.best_fit(entry.texts, view, context) for view in query.views), key=lambda f: f.value)
        explained = scoring.explained(best, entry.extra_terms)
        value = best.value * (1.0 - params.explained_share + params.explained_share * explained)
        if self._bm25_power and top_bm25 > 0:
            value *= (bm25 / top_bm25) ** self._bm25_power
        if check.anchored is False:
            value *= params.unanchored
        if check.near_misses:
            value *= params.near_miss
        role = police_role(best.view.analysis.words, best.view.analysis.stems, entry.agencies) if entry.role else None
        swapped = role if role is not None and role is not entry.role else None
        if swapped is not None:
            value *= params.role_swap
        if link is not None:
            value = 1.0
        score = round(scoring.calibrate(value, params.calibration), 1)
        return _Scored(doc, score, bm25, link, best, check, swapped)

    def _reasons(self, item: _Scored, query: Query) -> list[Evidence]:
        reasons = [scoring.text_evidence(item.best)] if item.best.matched else []
        if item.link is not None:
            reasons.insert(0, _link_evidence(item.link, query.read_from.get(item.link)))
        reasons += scoring.event_evidence(item.check)
        claim_role = self._entries[item.doc].role
        if item.swapped is not None and claim_role is not None:
            reasons.append(scoring.role_evidence(item.swapped, claim_role))
        if item.meant is not None:
            reasons.append(item.meant)
        return reasons

    def _decide(self, item: _Scored, query: Query, thresholds: Thresholds, text: str) -> Match:
        entry = self._entries[item.doc]
        reasons = self._reasons(item, query)
        action = Action.IGNORE
        stance = self._stance(item, query, text) if entry.claim.contradictions else None
        if stance is not None and stance.stance is Stance.DISPUTE:
            detail = f'the message says what the record says against the claim ("{stance.said}")'
            reasons.append(Evidence("context", stance.said, detail))
        elif item.score >= thresholds.review:
            blockers = self._blockers(entry, query, thresholds, linked=item.link is not None, words=_words(item, query))
            if item.score >= thresholds.reply and not blockers:
                action = Action.REPLY
            elif entry.claim.verdict.actionable:
                action = Action.REVIEW
                reasons += blockers if item.score >= thresholds.reply else []
            else:
                reasons += blockers
        return Match(entry.incident.id, entry.claim.id, entry.claim.text, item.score, action, tuple(reasons))

    def _blockers(
        self, entry: ClaimEntry, query: Query, thresholds: Thresholds, *, linked: bool, words: int
    ) -> list[Evidence]:
        """Why a match scoring high enough must still not be answered automatically."""
        blockers: list[Evidence] = []
        verdict = entry.claim.verdict
        if not verdict.actionable:
            label = verdict.label.lower()
            blockers.append(Evidence("context", verdict.value, f"the claim is rated {label}: never answered unasked"))
        if not linked and words < thresholds.min_words_for_reply:
            blockers.append(Evidence("context", "", f"too short to answer automatically ({words} words)"))
        if any(entry.incident.id in self._links.sources.get(link, ()) for link in query.links):
            blockers.append(Evidence("context", "", "the message already links a source of the official record"))
        vocabulary = _vocabulary(entry)
        cue = _disputing(query.message, vocabulary)
        if cue:
            blockers.append(Evidence("context", cue, f'the message already disputes the claim ("{cue}")'))
        pages = (_disputing(view, vocabulary) for view in query.views if view.kind == "page")
        page_cue = next(filter(None, pages), None)
        if page_cue:
            blockers.append(Evidence("context", page_cue, f'the linked page disputes the claim ("{page_cue}")'))
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
        return incident_id in self.sources_carried(text)

    def sources_carried(self, text: str) -> set[str]:
        """The incidents one of whose sources the message links (its links read once)."""
        _plain, found = split_links(text)
        return {incident for link in canonical_links(found) for incident in self._links.sources.get(link, ())}


def _query_terms(query: Query) -> dict[str, float]:
    """The terms the index is searched with: every view's, negation marks dropped."""
    terms: dict[str, float] = {}
    for view in query.views:
        for term in view.terms:
            terms[base_term(term)] = 1.0
    return terms


def _meaning_text(text: str, query: Query) -> str:
    """What is embedded of a message: its words without links, and the titles of pages read from its links."""
    plain, _links = split_links(text)
    pages = [" ".join(view.words) for view in query.views[1:] if view.kind == "page"]
    return ". ".join(part for part in (plain, *pages) if part) or " ".join(" ".join(view.words) for view in query.views)


def _link_evidence(link: str, page: str | None) -> Evidence:
    """The reason for a known link: posted in the message, or named by a fetched page (its canonical link)."""
    if page is None:
        return Evidence("link", link, f"the link {link} is a known post of this claim")
    return Evidence("link", link, f"the page {page} gives {link} as its address, a known post of this claim")


def _words(item: _Scored, query: Query) -> int:
    """The words a match stands on: a fetched page's own (its title and description) when it fits best, else the
    message's (a short message is ambiguous; a page's headline is not).
    """  # noqa: D205
    view = item.best.view
    return len(view.words) if view.kind == "page" else query.word_count


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
