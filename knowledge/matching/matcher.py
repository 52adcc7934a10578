"""The matcher: a message in, ranked claims out, each with a 0-100 score, an action and the reasons.

    matcher = Matcher(knowledge)                      # build once per knowledge base (immutable)
    matcher.match(text)                               # reply/review matches, best first
    matcher.match(text, top=5, pages=[...], thresholds=server_thresholds)
    matcher.unknown_links(text)                       # links worth fetching (then pass them back as pages)
    Matcher(knowledge, cache=PreparedCache(stem))     # the lexical index read from disk when the knowledge is unchanged

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
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import TYPE_CHECKING, TypeVar

from knowledge.base import KnowledgeBase
from knowledge.matching import _lexicon as lex
from knowledge.matching import scoring
from knowledge.matching.catalog import ClaimEntry
from knowledge.matching.elsewhere import elsewhere
from knowledge.matching.hashtags import tag_keys
from knowledge.matching.incident_level import (
    assertion_terms,
    beyond_record,
    generic_stems,
    known_terms,
    knows,
    quoted_record,
    says_something,
)
from knowledge.matching.index import Bm25Params
from knowledge.matching.judge import Judge, JudgeParams, Verdict, train_judge
from knowledge.matching.keywords import police_names
from knowledge.matching.meaning import (
    PROMOTED_REPLY,
    MeaningParams,
    core_terms,
    event_terms,
    full_ranking,
    promoted_score,
    ranking,
    says_event,
)
from knowledge.matching.other_names import IncidentNames
from knowledge.matching.phrases import Phrase
from knowledge.matching.play import at_play
from knowledge.matching.prepared import FieldWeights, prepare
from knowledge.matching.prepared_cache import PreparedCache
from knowledge.matching.query import Query, Vocabulary, build_query, canonical_links, prepare_reading, split_links
from knowledge.matching.replies import quoted_reply
from knowledge.matching.roles import (
    Role,
    Shootings,
    aimed_elsewhere,
    names_police,
    police_harmed,
    police_role,
    shootings,
    violence_groups,
)
from knowledge.matching.scoring import ScoreParams, TermWeights
from knowledge.matching.semantic import UPGRADE_STEP, Closeness, SemanticIndex
from knowledge.matching.stance import (
    Stance,
    StanceCheck,
    attributes,
    contradiction_phrases,
    denied_in_passing,
    disputing,
    is_question,
    only_asks,
    others_dispute_rejected,
    others_say,
    quotations,
    quoted_words,
    quotes_fact,
    quotes_others,
    scoffs,
    stance_of,
    supposes,
    tells_the_record,
    unquoted,
    wishes,
)
from knowledge.matching.text import analyze, base_term, is_negated, stem
from knowledge.matching.types import Action, Evidence, LinkPage, Match, Thresholds
from knowledge.matching.views import View, concept_of, low_information_stems

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np

    from knowledge.semantic.encoder import Semantic


log = logging.getLogger(__name__)
_T = TypeVar("_T")

_FOLLOWS = "follows messages naming it in this conversation"
QUOTED_CANDIDATES = 5
"""Claims read in the lines a reply quotes, for the incidents they name."""

INCIDENT_ANCHORS = 2
"""Names and places of an incident a message must name for an incident-level review ("Compton" and "CHP")."""

UNNAMED_STANCE = 30.0
"""Score from which a claim is read for stance in a message naming nothing of its incident: denying or mocking a
specific fact of its record ("nah she never fired first, thats the cops story") sends the claim to review."""
SHOT_AT = "has the police shot at, as the claim does"
"""How one keyword with the police shot at in the message's own words names the incident (`_thinly_anchored`)."""
UNSAID = "the message names the incident but not what the claim says"
"""Why a claim the message's words score enough for an answer is reviewed only (the examples' judge may answer it)."""
ROLE_SAID = "who shot whom"
"""What a who-shot-whom claim's own assertion is called when the message says it by the police's part alone."""
_MANY_WORDINGS = 3
"""Wordings from which a claim keeps the keys of them all (`Matcher._best_fit`); an imported claim has one or two."""
_DEFAULTS = Thresholds()
"""The default thresholds: a server's stricter ones keep the examples' judge from acting."""


@dataclass(frozen=True)
class MatcherParams:
    """Tuning of the matcher (defaults tuned on the labelled messages and CheckThat train/dev)."""

    fields: FieldWeights = field(default_factory=FieldWeights)
    bm25: Bm25Params = field(default_factory=Bm25Params)
    score: ScoreParams = field(default_factory=ScoreParams)
    meaning: MeaningParams = field(default_factory=MeaningParams)
    judge: JudgeParams = field(default_factory=JudgeParams)
    candidates: int = 10
    asserted: float = 0.5
    """Fit of the message's words to a claim from which it counts as asserting the claim (not only mentioning)."""
    worded: float = 0.85
    """Fit of the message's words to one wording of a claim from which it says the claim whatever its core."""


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
    reranked: bool = False
    """Ranked in the full model's space: listed even when its words score nothing (a claim said in other words)."""
    closeness: Closeness | None = None
    meant: Evidence | None = None
    stance: StanceCheck | None = None
    held: Evidence | None = None
    lead: bool = False
    """Whether it scored best of its incident's answerable claims (the one a message naming the incident goes to
    review on)."""
    settled: bool = False
    """Whether its decision rests on what the message is (a dispute, play, elsewhere, the record's own words, a wish, a
    question): the examples' judge does not overrule it."""
    blocked: bool = False
    """Whether something kept it from an answer whatever its score (a quote, one keyword, another place...): the
    examples' judge does not answer it."""
    unsaid: bool = False
    """Whether all that kept it from an answer is that its words do not say the claim's core (the message names the
    incident): the examples' judge answers it only when very sure (`JudgeParams.unsaid`)."""
    thin: bool = False
    """Whether all that kept it from an answer is that one keyword names the incident (with the police shot at): the
    examples' judge answers it when sure (`JudgeParams.sure`)."""


SHARING_FRAME_WORDS = 4
"""The most words a message may have outside its quotation marks and still share the quotation as its own say
('[audio de mi apa] "..."', 'my aunt sent this: "..."')."""


@cache
def _allegations() -> frozenset[str]:
    return frozenset(stem(word) for word in lex.ALLEGATION_WORDS)


@cache
def _grief_cues() -> tuple[Phrase, ...]:
    return tuple(Phrase.of(cue, keep_stems=True) for cue in lex.GRIEF_CUES)


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
        cache: PreparedCache | None = None,
    ) -> None:
        """Build the matcher; with `semantic`, the knowledge's embeddings too (with `background`, in a thread:
        the matcher matches words only until they are ready, so a start or reload never waits for them). With
        `cache`, the lexical structures are read from it when it has this knowledge (else built and stored).
        """  # noqa: D205
        self.knowledge = knowledge
        self.thresholds = thresholds or Thresholds()
        self.params = params or MatcherParams()
        arguments = (knowledge, self.params.fields, self.params.bm25, self.params.score.consensus)
        prepared = cache.prepared(*arguments) if cache is not None else prepare(*arguments)
        self._cache = cache
        self._entries = prepared.entries
        self._links = prepared.links
        self._index = prepared.index
        self._weigh = TermWeights(self._index, low_information_stems(), self.params.score.trust)
        tags = tag_keys(anchor.phrase.text for entry in self._entries for anchor in entry.anchors)
        self._vocabulary = Vocabulary(prepared.typos, prepared.aliases, self._weigh, prepared.hosts, tags)
        prepare_reading()
        self._docs = {entry.key: doc for doc, entry in enumerate(self._entries)}
        score = self.params.score
        self._bm25_power = score.bm25_power * len(self._entries) / (len(self._entries) + score.trust)
        self._events: dict[int, frozenset[str]] = {}
        self._cores: dict[int, frozenset[str]] = {}
        self._assertions: dict[str, frozenset[str]] = {}
        self._known: dict[str, frozenset[str]] = {}
        self._claim_words: dict[int, frozenset[str]] = {}
        self._harmed: dict[int, bool] = {}
        self._by_incident: dict[str, list[int]] = {}
        for doc, entry in enumerate(self._entries):  # built here: a first message would wait for it
            self._by_incident.setdefault(entry.incident.id, []).append(doc)
        self._totals = [self._wording_totals(entry) for entry in self._entries]  # as above
        self._event_starts: dict[tuple[int, int], frozenset[str]] = {}
        """Each incident's keywords' and near misses' first stems (`scoring.event_starts`), made when first needed."""
        self._text_keys: dict[int, frozenset[str | int]] = {}
        """The keys of all wordings of claims with many (`_best_fit`), made when first needed."""
        self._incident_names = IncidentNames(self._entries)  # as above (some 20 ms for 14,000 claims)
        self._meaning: SemanticIndex | None = None
        self._judge: Judge | None = None
        self._upgraded = threading.Event()
        self._built = threading.Event()
        if background:
            threading.Thread(target=self._build_meaning, args=(semantic,), name="semantic-index", daemon=True).start()
            return
        if semantic is not None:
            self._meaning = SemanticIndex(semantic, self._entries)
        self._judge = self._trained_judge(semantic)
        self._built.set()
        index = self._meaning
        if index is None or index.scans_all or not index.semantic.config.upgrade:
            self._upgraded.set()
        else:
            threading.Thread(target=self._upgrade, name="semantic-upgrade", daemon=True).start()

    def _wording_totals(self, entry: ClaimEntry) -> tuple[scoring.Totals, ...]:
        """What scoring a claim's wordings needs of all their terms (`scoring.wording_totals`)."""
        standins = entry.places | entry.names.keys()
        return scoring.wording_totals(entry.texts, self._weigh, self.params.score, entry.distinctive, standins)

    def _trained_judge(self, semantic: Semantic | None) -> Judge | None:
        """The judge learned from the base's examples: on their embeddings too with the semantic layer (by the
        knowledge's encoder: the full model for a small curated base, which tells paraphrases apart better than the
        static table; a message the meaning layer embedded is not embedded again).
        """  # noqa: D205
        if not self.knowledge.examples:
            return None
        started = time.perf_counter()
        incidents = [incident.id for incident in self.knowledge]
        examples = self.knowledge.training_examples()
        index = self._meaning
        embed = partial(_embedded, index) if index is not None else None
        encoder = index.semantic.encoder(index.kind) if index is not None else "words"
        store = self._judge_store(semantic)
        judge = train_judge(examples, incidents, params=self.params.judge, embed=embed, encoder=encoder, store=store)
        seconds = time.perf_counter() - started
        log.info("examples' judge ready: %d examples, %s, %.1f s", len(examples), encoder, seconds)
        return judge

    def _judge_store(self, semantic: Semantic | None) -> Path | None:
        """Where a trained judge is kept: beside the lexical cache, else the knowledge's embeddings (else nowhere)."""
        if self._cache is not None:
            return self._cache.stem
        if semantic is not None and semantic.config.cache_path is not None:
            return PreparedCache.beside(semantic.config.cache_path).stem  # misinfo-bot.judge-<key>.npz
        return None

    def _build_meaning(self, semantic: Semantic | None) -> None:
        """In the background: the knowledge's embeddings (with `semantic`), the examples' judge, a large base's
        upgrade.
        """  # noqa: D205
        try:
            self._meaning = SemanticIndex(semantic, self._entries) if semantic is not None else None
        except Exception:
            log.exception("semantic index not built: matching words only")
        try:
            self._judge = self._trained_judge(semantic)
        except Exception:
            log.exception("examples' judge not trained: matching without it")
        self._built.set()
        self._upgrade()

    def _upgrade(self) -> None:
        """A large base's wordings through the full model, in the background (see `SemanticIndex.upgrade`)."""
        index = self._meaning
        try:
            if index is not None and not index.scans_all and index.semantic.config.upgrade:
                index.upgrade()
        except Exception:
            log.exception("semantic index not upgraded: large-base listings ranked with static embeddings only")
        finally:
            self._upgraded.set()

    def wait_until_built(self, timeout: float | None = None) -> bool:
        """Wait until what a background build adds is there: the knowledge's embeddings and the examples' judge
        (not a large base's full-model upgrade). Whether it is.
        """  # noqa: D205
        return self._built.wait(timeout)

    def wait_for_meaning(self, timeout: float | None = None) -> bool:
        """Wait until the semantic layer is complete: built, and a large base's full-model embeddings ready (or
        failed). Whether those embeddings are ready (False for a small base, embedded by the full model at once).
        """  # noqa: D205
        self._upgraded.wait(timeout)
        return self._meaning is not None and self._meaning.full is not None

    @property
    def complete(self) -> bool:
        """Whether everything a background build adds is there, or failed: embeddings, judge, a large base's upgrade."""
        return self._upgraded.is_set()

    def forget_messages(self) -> None:
        """Forget the recent messages' embeddings (a benchmark times each message as if new)."""
        if self._meaning is not None:
            self._meaning.forget_messages()

    @property
    def semantic(self) -> bool:
        """Whether the semantic layer is on for this matcher."""
        return self._meaning is not None

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
        context: Collection[str] = (),
        ranked: bool = False,
    ) -> list[Match]:
        """Best first. Default: only matches whose action is reply or review (at most one per claim);
        with top=N: the N best candidates even when their action is ignore. `thresholds` overrides per call.
        `context`: incidents the conversation named just before (a message that names none of an incident's names
        may then be about it: for review, never an automatic answer; so do the lines a reply quotes, see `replies`).
        `ranked`: the listing is read by a person
        (``/factcheck``, the CLI): a large base's listing is then ranked in the full model's space (an uncertain
        one with the full model itself, 20-40 ms); watching chat never asks for it.
        """  # noqa: D205
        reply = quoted_reply(text) if top is None else None  # a listing a person asked for reads all they quote
        if reply is not None:  # the quoted lines are another member's words: they only say what the talk is about
            named = {match.incident_id for match in self.match(reply.quoted, top=QUOTED_CANDIDATES) if match.named}
            own_pages = [page for page in pages if page.url in reply.own]
            return self.match(reply.own, pages=own_pages, thresholds=thresholds, context={*context, *named})
        thresholds = thresholds or self.thresholds
        query = build_query(text, pages, self._vocabulary, context)
        hits = self._link_hits(query.links)
        candidates = self._candidates(query, hits, top or 0)
        top_bm25 = max((bm25 for _doc, bm25 in candidates), default=0.0)
        scored = [self._score(doc, bm25, top_bm25, query, hits.get(doc)) for doc, bm25 in candidates]
        if self._meaning is not None:
            found = (hits, top_bm25)
            scored = self._weigh_meaning(self._meaning, text, query, scored, found, top, thresholds, ranked=ranked)
        self._weigh_stance(scored, query, text, thresholds)
        scored.sort(key=lambda item: (item.rank or item.score, item.score, item.bm25), reverse=True)
        if top is not None:
            listed = [item for item in scored[: max(0, top)] if item.score > 0 or item.reranked]
            return [self._decide(item, query, thresholds, text) for item in listed]
        decided = [
            (item, self._decide(item, query, thresholds, text)) for item in scored if item.score >= thresholds.review
        ]
        acting = [(item, match) for item, match in decided if match.action is not Action.IGNORE]
        if self._judge is not None and scored:  # the judge needs a candidate of its incident to queue
            acting = self._judged(self._judge, acting, scored, query, text, thresholds)
        return [match for _item, match in acting]

    def _judged(
        self,
        judge: Judge,
        acting: list[tuple[_Scored, Match]],
        scored: list[_Scored],
        query: Query,
        text: str,
        thresholds: Thresholds,
    ) -> list[tuple[_Scored, Match]]:
        """What the examples' judge adds: a message its words missed goes to review when it looks enough like one
        incident's misinformation, and the one claim queued for that incident is answered when it looks very much
        like it. Never over what the message is (a dispute, play, a question, the record's words), what kept the
        claim from an answer, the conversation alone, or a server's stricter bars.
        """  # noqa: D205
        if any(match.action is Action.REPLY for _item, match in acting):
            return acting  # answered already
        reviewing = any(match.action is Action.REVIEW for _item, match in acting)
        queueable = self._queueable(acting, scored, query, judge.params.words, thresholds)
        if not reviewing and not queueable:
            return acting  # nothing to answer, nothing the judge could queue: no need to ask it (or embed the message)
        if self._of_text(query, at_play) or self._of_text(query, only_asks):
            return acting
        verdict = judge.verdict(text)
        if verdict.chance < judge.params.review:
            return acting
        own = [match.action for _item, match in acting if match.incident_id == verdict.incident_id]
        if own == [Action.REVIEW]:  # one claim under review: the one to answer, if any
            return [self._answered(pair, verdict, judge.params, query, thresholds) for pair in acting]
        if own and set(own) == {Action.REVIEW} and verdict.chance >= judge.params.sure:
            return self._answered_best(acting, verdict, judge.params, query, thresholds)
        item = queueable.get(verdict.incident_id)
        if item is None:
            return acting
        if self._answered_alone(item, scored, verdict, judge.params, query, text, thresholds):
            evidence = _judged_evidence(verdict, "answer")
            return [*acting, (item, replace(self._match(item, Action.REPLY, [evidence]), score=thresholds.reply))]
        evidence = _judged_evidence(verdict, "review")
        return [*acting, (item, replace(self._match(item, Action.REVIEW, [evidence]), score=thresholds.review))]

    def _says_record(self, item: _Scored, scored: list[_Scored], query: Query, text: str) -> bool:
        """Whether the message says what the record says against one of the claims of the item's incident ("she
        fired at the flint cop and they shot her back"), whatever its words' score.
        """  # noqa: D205
        incident_id = self._entries[item.doc].incident.id
        return any(
            self._stance(other, query, text).stance is Stance.DISPUTE
            for other in scored
            if self._entries[other.doc].incident.id == incident_id and self._entries[other.doc].claim.contradictions
        )

    def _answered_alone(
        self,
        item: _Scored,
        scored: list[_Scored],
        verdict: Verdict,
        params: JudgeParams,
        query: Query,
        text: str,
        thresholds: Thresholds,
    ) -> bool:
        """Whether a message the words missed is answered on the judge's word: it is sure (`JudgeParams.alone`), the
        claim is answerable, the message says a shooting, a gun or the police or names the incident, nothing that keeps
        words from an answer holds (a quote, a dispute, a supposition, too few words, a source of the record linked),
        and the conversation was not about another incident just before; a claim of who shot whom needs the police
        named as in it.
        """  # noqa: D205
        if verdict.chance < params.alone or thresholds.reply > _DEFAULTS.reply or not item.check.answerable:
            return False
        if not (_about_police_or_guns(query) or item.check.anchored):
            return False  # no shooting, gun or police, nor the incident named ("... admitted nothing could have saved")
        if item.held is not None or self._says_record(item, scored, query, text):
            return False
        if query.context and verdict.incident_id not in query.context:
            return False  # the conversation was about another incident just before
        sure = verdict.chance >= params.sure  # then the police named do for their part ("Duran shot Adams")
        if self._who_shot_whom(item.doc) and not (
            self._names_police(item, query) and (sure or self._core_unquoted(item, query))
        ):
            return False
        if wishes(self._unquoted_view(query), self._core_terms(item.doc)) or self._disputes_plainly(item, query):
            return False
        return not self._said_blockers(item, query, thresholds)

    def _queueable(
        self,
        acting: list[tuple[_Scored, Match]],
        scored: list[_Scored],
        query: Query,
        words: float,
        thresholds: Thresholds,
    ) -> dict[str, _Scored]:
        """Per incident nothing acts on, the claim the judge would queue the message with, if it judged the message
        that incident's misinformation: its best answerable claim, when the words touch it enough, the message says
        a shooting or what the claim says happened, is set nowhere else, and nothing settled the incident.
        """  # noqa: D205
        if thresholds.review > _DEFAULTS.review or max(item.score for item in scored) < words:
            return {}  # a stricter server, or words touching no claim enough (most chat)
        acted = {match.incident_id for _item, match in acting}
        by_incident: dict[str, list[_Scored]] = {}
        for item in scored:
            by_incident.setdefault(self._entries[item.doc].incident.id, []).append(item)
        found: dict[str, _Scored] = {}
        for incident_id, items in by_incident.items():
            open_ = [item for item in items if self._entries[item.doc].claim.verdict.actionable]
            if incident_id in acted or not open_ or any(item.settled for item in items):
                continue
            item = max(open_, key=lambda candidate: (candidate.score, candidate.bm25))
            if item.score < words or not (_says_violence(query) or self._says_core(item, query)):
                continue  # its words barely touch the claim, or say no shooting nor what the claim says happened
            apart = self._far_apart(item, query) or self._elsewhere(item.doc, query) or self._names_another(item, query)
            if not apart:
                found[incident_id] = item  # else set in another place, year or kind of event, or another incident
        return found

    def _answered(
        self,
        pair: tuple[_Scored, Match],
        verdict: Verdict,
        params: JudgeParams,
        query: Query,
        thresholds: Thresholds,
    ) -> tuple[_Scored, Match]:
        item, match = pair
        strict = thresholds.reply > _DEFAULTS.reply
        own = match.incident_id == verdict.incident_id and match.action is Action.REVIEW
        bar = max(params.reply, params.unsaid) if item.unsaid else params.reply
        sure = verdict.chance >= params.sure
        followed = item.check.conversation and verdict.chance >= params.alone  # as sure as for no name at all
        thin = sure and item.thin  # "the highway patrol guy got shot at and just left lmaooo"
        blocked = item.blocked and not thin
        if not own or verdict.chance < bar or strict or blocked or not (item.check.answerable or followed or thin):
            return pair
        if self._who_shot_whom(item.doc) and not self._names_police(item, query):
            return pair  # "compton man arrested for shooting at his neighbor's car": no one said the police were in it
        kept = (reason for reason in match.reasons if reason.detail != UNSAID)
        reasons = (*kept, _judged_evidence(verdict, "answer"))
        return item, replace(match, action=Action.REPLY, reasons=reasons)

    def _answered_best(
        self,
        acting: list[tuple[_Scored, Match]],
        verdict: Verdict,
        params: JudgeParams,
        query: Query,
        thresholds: Thresholds,
    ) -> list[tuple[_Scored, Match]]:
        """Several claims of the judged incident under review and the judge sure: the best scoring one answered, if
        it may be, in place of them all ("the girl the cop shot during the parade was like 16 and unarmed smh").
        """  # noqa: D205
        own = [pair for pair in acting if pair[1].incident_id == verdict.incident_id]
        best = max(own, key=lambda pair: (pair[0].score, pair[0].bm25))
        answered = self._answered(best, verdict, params, query, thresholds)
        if answered[1].action is not Action.REPLY:
            return acting
        return [answered, *(pair for pair in acting if pair[1].incident_id != verdict.incident_id)]

    def _weigh_meaning(
        self,
        index: SemanticIndex,
        text: str,
        query: Query,
        scored: list[_Scored],
        found: tuple[dict[int, str], float],
        top: int | None,
        thresholds: Thresholds,
        *,
        ranked: bool = False,
    ) -> list[_Scored]:
        """Add closeness in meaning: more candidates, promotions (see `meaning`), and for a large base listed
        with ``top=N``, a ranking that counts it (in the full model's space when ``ranked``).

        Only messages that name an incident (and whose words do not already earn a reply) are embedded when the
        base is small and curated: ordinary chat costs nothing. Listing a large base embeds every message.
        """  # noqa: D205
        listing = top is not None and not index.scans_all
        if not listing and not any(item.check.anchored for item in scored):
            return scored
        if not listing and max(item.score for item in scored) >= thresholds.reply:
            return scored
        meaning_text = _meaning_text(text, query)
        vector = index.embed(meaning_text)
        params = self.params.meaning
        full = self._ranked_closeness(index, meaning_text, vector, query, scored, found) if listing and ranked else None
        if index.scans_all:
            nearest = index.nearest(vector, self.params.candidates, params.recall)
            self._add_candidates([doc for doc, _value in nearest], scored, query, found)
        for position, item in enumerate(scored):
            entry = self._entries[item.doc]
            item.closeness = closeness = index.closeness(vector, item.doc, entry.incident.id)
            if full is not None:
                item.rank, item.reranked = self._full_key(item, full[position], found[1]), True
            elif listing:
                item.rank = 100.0 * ranking(item.score, closeness.claim, params.rank)
            stance = self._may_promote(item, query, text)
            if stance is not None:
                score, item.meant = promoted_score(item.score, closeness, params, thresholds, stance)
                capped = item.check.answerable or item.meant is None
                item.score = score if capped else max(item.score, min(score, thresholds.review))
        return scored

    def _ranked_closeness(
        self,
        index: SemanticIndex,
        meaning_text: str,
        vector: np.ndarray,
        query: Query,
        scored: list[_Scored],
        found: tuple[dict[int, str], float],
    ) -> list[float] | None:
        """For a ranked listing of a large base whose full-model embeddings are ready: each candidate's closeness
        to the message in the full model's space; else None (the listing is ranked with static embeddings).

        The message's static embedding (`vector`) is mapped into that space (`SemanticIndex.mapped`), for next to
        nothing. When the listing that ranks is uncertain (its two best candidates less than
        `MeaningParams.uncertain` apart) and the message has at least `MeaningParams.full_words` words (a claim's
        worth, not a chat line), the full model embeds the message instead (about 20 ms, so only those pay it).
        The claims nearest the message in that space are added to `scored` first (those its words missed).
        """  # noqa: D205
        params = self.params.meaning
        if index.full is None or not scored:
            return None
        mapped = index.mapped(vector)
        self._add_candidates(
            [doc for doc, _ in index.full_nearest(mapped, params.mapped_nearest)], scored, query, found
        )
        closeness = index.full_closeness(mapped, [item.doc for item in scored])
        if query.word_count < params.full_words:
            return closeness
        keys = [self._full_key(item, value, found[1]) for item, value in zip(scored, closeness, strict=True)]
        best = [*sorted(keys, reverse=True)[:2], 0.0]
        if best[0] - best[1] >= params.uncertain:
            return closeness
        full = index.embed(meaning_text, "full", params.full_tokens)
        self._add_candidates([doc for doc, _ in index.full_nearest(full, params.nearest)], scored, query, found)
        return index.full_closeness(full, [item.doc for item in scored])

    def _full_key(self, item: _Scored, closeness: float, top_bm25: float) -> float:
        """What a candidate is listed by in a ranked listing of a large base (0-100, see `full_ranking`)."""
        bm25 = item.bm25 / top_bm25 if top_bm25 > 0 else 0.0
        return 100.0 * full_ranking(item.score, bm25, closeness, self.params.meaning)

    def _add_candidates(
        self, docs: Iterable[int], scored: list[_Scored], query: Query, found: tuple[dict[int, str], float]
    ) -> None:
        """Score the claims found by meaning that are not candidates yet, and add them to `scored`."""
        hits, top_bm25 = found
        seen = {item.doc for item in scored}
        terms = _query_terms(query)
        for doc in docs:
            if doc not in seen:
                scored.append(self._score(doc, self._index.score(terms, doc), top_bm25, query, hits.get(doc)))

    def _may_promote(self, item: _Scored, query: Query, text: str) -> StanceCheck | None:
        """The message's stance when the other evidence allows closeness in meaning to raise the score, else None."""
        entry = self._entries[item.doc]
        allowed = (
            entry.claim.verdict.actionable
            and item.link is None
            and item.check.anchored is True
            and not item.check.near_misses
            and item.swapped is None
            and self._says_core(item, query, assertions=False)
            and not disputing(self._unquoted_view(query), _vocabulary(entry))
            and not self._mourns(item, query)
            and not self._affirms_denied(item, query)
        )
        stance = self._stance(item, query, text) if allowed else None
        return stance if stance is not None and stance.stance is not Stance.DISPUTE else None

    def _affirms_denied(self, item: _Scored, query: Query) -> bool:
        """Whether the message says affirmatively what the claim denies ("pd says she had one [a gun]", "after
        seeing the gun" for "she never had a gun"), never denying it nor saying a word of the claim's own:
        closeness in meaning does not see the negation, so it raises nothing then.
        """  # noqa: D205
        denied = {base_term(term) for term in self._core_terms(item.doc) if is_negated(term)}
        if not denied:
            return False
        terms = set(self._unquoted_view(query).terms)
        if any(f"{lex.NEGATION_PREFIX}{term}" in terms for term in denied) or self._asserts(item, query):
            return False
        return bool(denied & terms)

    def _mourns(self, item: _Scored, query: Query) -> bool:
        """Whether the message mourns ("rip briana sykes, 19 is so young") without a word of the claim's own: grief
        comes close in meaning to "she was innocent" without saying it.
        """  # noqa: D205
        grieves = any(query.message.contains_phrase(cue.stems) for cue in _grief_cues())
        return grieves and not self._asserts(item, query)

    def _stance(self, item: _Scored, query: Query, text: str) -> StanceCheck:
        if item.stance is not None:
            return item.stance
        entry = self._entries[item.doc]
        contradictions = contradiction_phrases(entry.claim.contradictions, entry.agencies)
        plain, _links = split_links(text)
        words, stems = query.message.analysis.words, query.message.analysis.stems
        role = police_role(words, stems, entry.agencies)
        asserted = item.best.value >= self.params.asserted
        parties = {"agencies": entry.agencies, "people": frozenset(entry.names)}
        own = self._unquoted_view(query)
        own = own if len(own.words) > SHARING_FRAME_WORDS else query.message  # '[audio de mi apa] "..."' shares it
        item.stance = stance_of(query.message, plain, contradictions, asserted=asserted, role=role, own=own, **parties)
        return item.stance

    def _event_terms(self, doc: int) -> frozenset[str]:
        terms = self._events.get(doc)
        if terms is None:
            terms = self._events[doc] = event_terms(self._entries[doc])
        return terms

    def _named(self, item: _Scored) -> bool:
        """Whether the message names the incident twice over (two of its names or places) on its words alone and
        the claim is the incident's main one (its first): a mention goes to review on that claim at most (grief,
        "rip …", "praying for …", stays quiet).
        """  # noqa: D205
        entry = self._entries[item.doc]
        main = entry.claim.id == entry.incident.claims[0].id
        named = main and item.meant is None and len(item.check.anchors) >= INCIDENT_ANCHORS
        return named and not any(item.best.view.contains_phrase(cue.stems) for cue in _grief_cues())

    def _says_core(self, item: _Scored, query: Query, *, assertions: bool = True) -> bool:
        """Whether the message (or a link's slug or page) says what the claim says happened: its core words (the
        police hurt for a claim of them hurt), who shot whom for a claim that is about that, or nearly all of a
        wording of a claim that is not; else (with `assertions`) a word only the claim's wordings use.
        """  # noqa: D205
        entry = self._entries[item.doc]
        core = self._core_terms(item.doc)
        if self._who_shot_whom(item.doc):
            return self._says_role(item, query, assertions=assertions)
        if not self._in_a_shooting(item, query):
            return False
        worded = entry.role is None and item.best.value >= self.params.worded
        if not core or (worded and not core & set(item.best.phrase.terms)):  # the core in it must be said
            return True
        if any(says_event(view, core) for view in query.views):
            return True
        if _hurts(core) and self._shootings(item).hit:
            return True  # "the cop got shot" says what "the officer was wounded too" says
        return assertions and self._asserts(item, query)

    def _in_a_shooting(self, item: _Scored, query: Query) -> bool:
        """Whether a message saying someone was hurt ("hit", "injured") tells of a shooting, as the claim's hurt is
        by gunfire ("chp sergeant injured during a pursuit in barstow" does not); True for other claims.
        """  # noqa: D205
        return not _hurts(self._core_terms(item.doc)) or any(_tells_shooting(view) for view in query.views)

    def _who_shot_whom(self, doc: int) -> bool:
        """Whether the claim is who shot whom: the police's part, with nothing but violence for its core."""
        return self._entries[doc].role is not None and _violence_only(self._core_terms(doc))

    def _says_role(self, item: _Scored, query: Query, *, assertions: bool = True) -> bool:
        """For a claim that is who shot whom: the police shot at, shooting aimed ("blasting at the cruiser") or
        someone else shooting ("man runs up and starts shooting"; gunfire near them is no claim) or, where another
        claim has it the other way round, the police shown as the target ("she shot the cop and he shot her back"
        says she shot him); the police shooting, unambiguously, for the other way.
        """  # noqa: D205
        entry, read = self._entries[item.doc], self._shootings(item)
        if item.best.view is not query.message and not (read.roles or read.aimed or read.by_someone):
            read = self._shootings_in(query.message, entry)  # a link's slug named it, the message says who shot
        if entry.role is not Role.TARGET:
            return read.roles == {entry.role}
        if Role.TARGET in read.roles or self._reversal(item.doc):
            return Role.TARGET in read.roles
        return read.aimed or read.by_someone or (assertions and self._asserts(item, query))

    def _names_police(self, item: _Scored, query: Query) -> bool:
        """Whether the message names the police in its own words (not only inside quotation marks)."""
        own = self._unquoted_view(query)
        return names_police(own.analysis.words, own.analysis.stems, self._entries[item.doc].agencies)

    def _shootings(self, item: _Scored) -> Shootings:
        """The shootings the view the claim fits best describes, with the claim's incident's police words."""
        return self._shootings_in(item.best.view, self._entries[item.doc])

    @staticmethod
    def _shootings_in(view: View, entry: ClaimEntry) -> Shootings:
        return shootings(view.analysis.words, view.analysis.stems, entry.agencies, frozenset(entry.names))

    def _asserts(self, item: _Scored, query: Query) -> bool:
        """Whether the message says a word only the claim's wordings use (not its record), in its own words."""
        entry = self._entries[item.doc]
        return (
            bool(entry.anchors)
            and says_something(self._unquoted_view(query), self._claim_assertions(item.doc)) is not None
        )

    def _reversal(self, doc: int) -> bool:
        """Whether the claim has the police's part the other way round from another claim of its incident (then
        a message must show who shot whom to say it: "officer Adams was shot" rather than "the shooting").
        """  # noqa: D205
        entry = self._entries[doc]
        siblings = (self._entries[other] for other in self._siblings(entry.incident.id))
        return any(other.role is not None and other.role is not entry.role for other in siblings)

    def _siblings(self, incident_id: str) -> list[int]:
        """The documents of an incident's claims."""
        return self._by_incident.get(incident_id, [])

    def _core_terms(self, doc: int) -> frozenset[str]:
        terms = self._cores.get(doc)
        if terms is None:
            terms = self._cores[doc] = core_terms(self._entries[doc], self._event_terms(doc))
        return terms

    def _assertion_terms(self, incident_id: str) -> frozenset[str]:
        terms = self._assertions.get(incident_id)
        if terms is None:
            entries = (self._entries[doc] for doc in self._siblings(incident_id))
            terms = self._assertions[incident_id] = assertion_terms(entries)
        return terms

    def _weigh_stance(self, scored: list[_Scored], query: Query, text: str, thresholds: Thresholds) -> None:
        """What the message does with each claim: a message saying what the record says about an incident holds
        back every claim of it; a question is never answered; denying or mocking a contradicting fact asserts
        the claim (see `stance`); an incident named with something no claim covers goes to review.
        """  # noqa: D205
        if not scored:
            return
        self._mark_leads(scored)
        disputed: dict[str, str] = {}
        for item in scored:
            entry = self._entries[item.doc]
            if entry.claim.contradictions and (
                item.check.anchored or item.check.anchors or item.score >= min(thresholds.review, UNNAMED_STANCE)
            ):
                stance = self._stance(item, query, text)
                if stance.stance is Stance.DISPUTE and _specific(stance.said, entry):
                    disputed.setdefault(entry.incident.id, stance.said)
        for item in scored:
            said = disputed.get(self._entries[item.doc].incident.id)
            if said is not None and (item.stance is None or item.stance.stance is not Stance.DISPUTE):
                if self._says_besides(item, query, text, thresholds, said):
                    continue
                detail = f'the message says what the record says about this incident ("{said}")'
                item.held = Evidence("context", said, detail)
            elif said is None:
                self._promote_denial(item, query, thresholds)
            if item.held is None and not _vouched(item) and self._cites_record(item, query):
                item.held = Evidence("context", "", "the message links a source of the official record")
        self._promote_assertions(scored, query, thresholds, set(disputed))
        if thresholds.review < thresholds.reply:
            self._incident_level(scored, query, text, thresholds, set(disputed))

    def _mark_leads(self, scored: list[_Scored]) -> None:
        """Mark each incident's best-scoring answerable claim (`_Scored.lead`)."""
        leads: dict[str, _Scored] = {}
        for item in scored:
            entry = self._entries[item.doc]
            current = leads.get(entry.incident.id)
            if entry.claim.verdict.actionable and (current is None or item.score > current.score):
                leads[entry.incident.id] = item
        for item in leads.values():
            item.lead = True

    def _says_besides(self, item: _Scored, query: Query, text: str, thresholds: Thresholds, said: str) -> bool:
        """Whether the message says this claim in full besides what the record says against another claim ("the
        officer got hit in the leg before he returned fire"): its words reach an answer, it says the claim's core,
        and it asks nothing and says nothing against this claim.
        """  # noqa: D205
        entry = self._entries[item.doc]
        if item.score < thresholds.reply or not entry.claim.contradictions or item.link is not None:
            return False
        if "?" in self._of_text(query, unquoted):  # "he got hit? no": asked, perhaps answered
            return False
        if self._stance(item, query, text).stance is Stance.DISPUTE:
            return False
        return self._says_core_besides(item, query, said)

    def _says_core_besides(self, item: _Scored, query: Query, said: str) -> bool:
        """Whether the message's own words, those of the record's fact `said` left out, say the claim's core (the
        police hurt for "the officer was wounded too"): "no bystanders were injured" says no one was hurt.
        """  # noqa: D205
        entry, core = self._entries[item.doc], self._core_terms(item.doc)
        fact = set(analyze(said).stems)
        own = analyze(self._of_text(query, unquoted))
        rest = [word for word, stemmed in zip(own.words, own.stems, strict=True) if stemmed not in fact]
        view = View("text", "", analyze(" ".join(rest), normalized=True))
        if says_event(view, core):
            return True
        read = shootings(view.analysis.words, view.analysis.stems, entry.agencies, frozenset(entry.names))
        return _hurts(core) and read.hit

    def _cites_record(self, item: _Scored, query: Query) -> bool:
        """Whether the message links one of the incident's sources without saying the claim in its own words: news
        about the incident, quiet (the link's own words are the record's).
        """  # noqa: D205
        incident = self._entries[item.doc].incident.id
        cited = any(incident in self._links.sources.get(link, ()) for link in query.links)
        return cited and not says_event(query.message, self._core_terms(item.doc))

    def _promote_denial(self, item: _Scored, query: Query, thresholds: Thresholds) -> None:
        """Raise to an answer a claim whose contradicting fact the message denies or mocks, naming the incident."""
        stance, entry = item.stance, self._entries[item.doc]
        if stance is None or not (stance.denied or stance.mocked) or not entry.claim.verdict.actionable:
            return
        if item.link is not None or item.check.near_misses or (item.swapped is not None and not stance.mocked):
            return
        if stance.denied and _negative(stance.said, entry):
            return  # denying "the officer was not injured" is saying the claim itself: no more evidence than its words
        named = item.check.anchored is True and item.check.answerable
        keyword = bool(item.check.anchors) and (stance.mocked or _specific(stance.said, entry))
        unnamed = item.check.anchored is False and not item.check.anchors
        unnamed = unnamed and (_specific(stance.said, entry) or self._quotes_mocked(stance, query, entry))
        if not (named or keyword or item.check.anchored or unnamed):
            return
        # the record mocked, or a specific fact of it denied, and one keyword name the incident well enough; when
        # only the conversation (or the police's part) names it, a moderator decides
        target = min(thresholds.reply, PROMOTED_REPLY) if named or keyword else thresholds.review
        if item.score < target:
            how = "denies" if stance.denied else "mocks"
            detail = f'the message {how} what the record says against the claim ("{stance.said}"): it asserts the claim'
            item.score = target
            item.meant = Evidence("text", stance.said, detail)

    @staticmethod
    def _quotes_mocked(stance: StanceCheck, query: Query, entry: ClaimEntry) -> bool:
        """Whether the fact the message mocks is one it quotes ('"no one shot at him" is wild when ...'): a short
        fact mocked that way tells its incident; mocked only by a cue ("oh sure"), it may be the claim mocked.
        """  # noqa: D205
        return stance.mocked and quotes_fact(query.plain, stance.said, entry.agencies)

    def _promote_assertions(
        self, scored: list[_Scored], query: Query, thresholds: Thresholds, disputed: set[str]
    ) -> None:
        """Raise the best claim of an incident that the message says in the claim's own words (a word only its
        wordings use, never its record: "unarmed", "for no reason", "innocent"), asking nothing, disputing nothing,
        the police's part not reversed: to an answer when the message names the incident well (two of its names
        and places, or a person's name), to review when only the conversation named it.
        """  # noqa: D205
        target = min(thresholds.reply, PROMOTED_REPLY)
        if thresholds.review >= target or not any(item.check.anchored and item.score < target for item in scored):
            return  # only claims of incidents the message (or its conversation) names can be promoted
        if self._of_text(query, is_question):
            return
        answered = {
            self._entries[item.doc].incident.id
            for item in scored
            if item.score >= target and self._says_core(item, query)
        }
        best: dict[str, tuple[float, _Scored, str]] = {}
        for item in scored:
            incident = self._entries[item.doc].incident.id
            if incident in disputed or incident in answered or item.score >= target:
                continue
            word = self._asserted_word(item, query)
            level = self._promotion_level(item, target, thresholds, query, word)
            if level is None:
                continue
            current = best.get(incident)
            if word is not None and (current is None or (level, item.score) > (current[0], current[1].score)):
                best[incident] = (level, item, word)
        for level, item, word in best.values():
            named = ", ".join(item.check.anchors) or item.check.thin
            detail = f'names the incident ({named}) and says "{word}", as the claim does and the record does not'
            if item.check.thin.startswith("says"):  # the reason naming it says as much already
                detail = "one keyword and a word of the claim's own name the incident: a moderator decides"
            item.score = level
            item.meant = Evidence("context", word, detail)

    def _promotion_level(
        self, item: _Scored, target: float, thresholds: Thresholds, query: Query, word: str | None
    ) -> float | None:
        """The score a claim said in its own words rises to: an answer when the message names the incident well
        and its words reach review, or names it twice over, says what the claim says happened and is closer in
        meaning to the claim than to the record ("alysha duran got shot like 6 times over a traffic issue"); review
        when only the conversation named it or one keyword with a word of the claim's own ("that crying cop video
        ... he murdered an innocent girl"); None when it would not rise.
        """  # noqa: D205
        if self._well_named(item):
            if item.score < thresholds.review:  # named well, the words short of review: a moderator decides
                twice = len(item.check.anchors) >= INCIDENT_ANCHORS and not self._nearer_record(item)
                if twice and self._nearer_claim(item) and self._says_core(item, query, assertions=False):
                    return target
                core = word is not None and self._says_its_core(item, query, word)  # "#JusticeForAlysha ... no reason"
                return thresholds.review if twice or core or self._nearer_claim(item) else None
            return target if item.score < target else None
        if word is not None and self._named_by_one_beyond_doubt(item, query, word):
            return target
        if word is not None and self._weak_keyword_with_core(item, query, word):
            return thresholds.review if item.score < thresholds.review else None
        if item.check.conversation or self._telling_keyword(item) or self._strongly_named(item):
            return thresholds.review if item.score < thresholds.review else None
        return None

    def _named_by_one_beyond_doubt(self, item: _Scored, query: Query, word: str) -> bool:
        """Whether one keyword naming the incident on its own ("Westminster PD", "Flint") or a telling one ("cop
        crying", "CHP") is enough for an answer: the word the message says of the claim's own is its core
        ("unarmed", "for no reason", "cleared"), closer in meaning to the claim than to the record, not who shot
        whom, and nothing sets the message at another time, place or person ("in california", "an unarmed man").
        """  # noqa: D205
        telling = self._telling_keyword(item) and self._nearer_claim(item)
        if not (self._strongly_named(item) or telling) or self._who_shot_whom(item.doc):
            return False
        return self._says_its_core(item, query, word)

    def _says_its_core(self, item: _Scored, query: Query, word: str) -> bool:
        """Whether the claim's own word the message says is its core, the core said, and nothing sets the message
        at another time, place or person than the incident's.
        """  # noqa: D205
        if stem(word) not in {base_term(term) for term in self._core_terms(item.doc)}:
            return False
        return self._says_core(item, query, assertions=False) and self._elsewhere(item.doc, query) is None

    def _elsewhere(self, doc: int, query: Query, *, nearby: bool = True, when_and_who: bool = True) -> str | None:
        """Another time, place or person than the incident's the message names ("in 2019", "an unarmed man"); see
        `elsewhere` for the options.
        """  # noqa: D205
        entry = self._entries[doc]
        others = [
            phrase.text for sibling in self._siblings(entry.incident.id) for phrase in self._entries[sibling].texts
        ]
        wordings = [phrase.text for phrase in entry.texts]
        return elsewhere(query.plain, entry.incident, wordings, others, nearby=nearby, when_and_who=when_and_who)

    def _names_another(self, item: _Scored, query: Query) -> str | None:
        """A name or place of another incident the message says when it names this one no better than by keywords
        ("the bodycam from the flint shooting shows she had no gun", for Westminster's bodycam claim).
        """  # noqa: D205
        if self._well_named(item):
            return None
        return self._incident_names.another(self._entries[item.doc].incident.id, query.message)

    def _far_apart(self, item: _Scored, query: Query) -> str | None:
        """What sets the message at another year, state, kind of event or person than the incident's, when nothing
        but common words or a keyword with a word of the claim's names the incident ("CHP officer was shot during a
        traffic stop in Barstow", "a parade in Chicago"). A keyword that names the incident on its own is set apart
        only by another place or kind of event ("Flint officer shot during a domestic call"); with another year or
        person ("Westminster PD ... in 2019") a moderator decides. The caller sets aside a known link or a name.
        """  # noqa: D205
        if self._well_named(item):
            return None
        keyword = item.check.anchored is True and not item.check.thin and bool(item.check.anchors)
        return self._elsewhere(item.doc, query, nearby=False, when_and_who=not keyword)

    def _weak_keyword_with_core(self, item: _Scored, query: Query, word: str) -> bool:
        """Whether one common keyword ("parade", "necklace") names the incident and the word the message says of
        the claim's own is its core ("for no reason", "unarmed"), the core said: for review.
        """  # noqa: D205
        if item.check.anchored is not True or not item.check.thin.startswith("says") or self._who_shot_whom(item.doc):
            return False
        if not _says_violence(query):
            return False  # "finally hit sergeant rank in cod": no one shot
        return self._says_its_core(item, query, word)

    def _nearer_record(self, item: _Scored) -> bool:
        """Whether the message is closer in meaning to the record than to the claim ("he saw the gun")."""
        return item.closeness is not None and item.closeness.official >= item.closeness.claim

    def _nearer_claim(self, item: _Scored) -> bool:
        """Whether the message is close in meaning to the claim, and closer to it than to the record (words alone
        do not tell "it says the officer was shot?? he wasnt" well enough, nor a name misspelt from "Brian").
        """  # noqa: D205
        close = item.closeness
        return close is not None and close.claim > close.official and close.claim >= self.params.meaning.review

    def _strongly_named(self, item: _Scored) -> bool:
        """Whether one keyword that names the incident on its own (a place, an agency: "Westminster PD") does, and
        the message is closer in meaning to the claim than to the record (words alone do not tell "nah she was
        UNARMED" from "hearing that crowd go off live hits different" well enough).
        """  # noqa: D205
        if item.check.anchored is not True or item.check.thin or not item.check.anchors:
            return False
        return self._nearer_claim(item)

    def _named_beyond(self, item: _Scored, query: Query) -> bool:
        """Whether one keyword names the incident on its own and the message alleges something its record does not,
        mourning nothing, close in meaning to a claim rather than the record: for review ("westminster cops killed a
        woman and then arrested the other driver"). Words alone do not tell it well enough: "Brian" read as "Briana"
        with "lied", a street name ("Atlantic Council Awards") with "awards".
        """  # noqa: D205
        one = item.check.anchored is True and not item.check.thin and bool(item.check.anchors)
        if not one or not self._nearer_claim(item):
            return False
        grieves = any(query.message.contains_phrase(cue.stems) for cue in _grief_cues())
        return not grieves and self._alleged(item, query) is not None

    def _alleged(self, item: _Scored, query: Query) -> str | None:
        """The message's first word of what people allege about a police shooting (`lex.ALLEGATION_WORDS`) that the
        incident's record does not say, not negated ("never cleared"), asking and wishing nothing.
        """  # noqa: D205
        own = self._unquoted_view(query)
        if self._of_text(query, is_question) or wishes(own, _allegations()):
            return None
        known = self._known_terms(item)
        for word, term in zip(own.words, own.terms, strict=True):
            if term and not is_negated(term) and base_term(term) in _allegations() and not knows(known, term):
                return word
        return None

    def _known_terms(self, item: _Scored) -> frozenset[str]:
        incident_id = self._entries[item.doc].incident.id
        known = self._known.get(incident_id)
        if known is None:
            known = self._known[incident_id] = known_terms(self._entries[item.doc])
        return known

    def _telling_keyword(self, item: _Scored) -> bool:
        """Whether one keyword with a word of the claim's own names the incident (`_thinly_anchored`), the keyword
        a name, an acronym or a phrase ("CHP", "crying cop"), not one common word ("sergeant", "bodycam").
        """  # noqa: D205
        if item.check.anchored is not True or not item.check.thin.startswith("says"):
            return False
        found = [anchor for anchor in self._entries[item.doc].anchors if anchor.phrase.text in item.check.anchors]
        return any(a.strong or a.phrase.text.isupper() or _telling_phrase(a.phrase.text) for a in found)

    def _asserted_word(self, item: _Scored, query: Query) -> str | None:
        """The word of the claim's own (not the record's) the message says, when nothing else holds it back."""
        entry = self._entries[item.doc]
        if item.held is not None or not entry.claim.verdict.actionable or item.link is not None:
            return None
        if item.check.anchored is not True or item.check.near_misses or item.swapped is not None:
            return None
        stance = self._stance(item, query, query.plain) if entry.claim.contradictions else None
        if stance is not None and stance.stance is Stance.DISPUTE:
            return None
        if disputing(self._unquoted_view(query), _vocabulary(entry)) or self._cites_record(item, query):
            return None
        if not self._in_a_shooting(item, query):
            return None
        if not self._who_shot_whom(item.doc):
            return self._says_assertion(query, self._claim_assertions(item.doc))
        if not self._says_role(item, query, assertions=False):
            return None  # a word of the claim's ("gun") without the police's part in the shooting does not say it
        word = says_something(self._unquoted_view(query), self._claim_assertions(item.doc))
        if word is not None or attributes(query.plain):  # "some pages claim N. Adams was shot by …" tells, not says
            return word
        return ROLE_SAID if self._entries[item.doc].role in self._shootings(item).roles else None

    def _well_named(self, item: _Scored) -> bool:
        """Whether the message itself names the incident twice over, or by a person's name."""
        entry, found = self._entries[item.doc], item.check.anchors
        if item.check.anchored is not True or item.check.thin:
            return False
        if len(found) >= INCIDENT_ANCHORS:
            return True
        anchors = [anchor for anchor in entry.anchors if anchor.phrase.text in found]
        return any(anchor.strong and set(anchor.phrase.terms) <= entry.names.keys() for anchor in anchors)

    def _named_by_person(self, item: _Scored) -> bool:
        """Whether the message names one of the incident's people ("Alysha Duran", "Briana Sykes", "N. Adams")."""
        entry = self._entries[item.doc]
        anchors = [anchor for anchor in entry.anchors if anchor.phrase.text in item.check.anchors]
        people = entry.names.keys() | police_names(entry.incident)
        return any(anchor.strong and set(anchor.phrase.terms) & people for anchor in anchors)

    def _claim_assertions(self, doc: int) -> frozenset[str]:
        terms = self._claim_words.get(doc)
        if terms is None:
            terms = self._claim_words[doc] = assertion_terms([self._entries[doc]])
        return terms

    def _incident_level(
        self, scored: list[_Scored], query: Query, text: str, thresholds: Thresholds, disputed: set[str]
    ) -> None:
        """Send to review a message naming an incident and saying something about it in the words its claims use
        but its record does not ("innocent", "wounded", "planted"), when no claim of it reached review.
        """  # noqa: D205
        best: dict[str, _Scored] = {}
        for item in scored:
            entry = self._entries[item.doc]
            named = len(item.check.anchors) >= INCIDENT_ANCHORS or self._named_beyond(item, query)
            if named and entry.claim.verdict.actionable and item.link is None:
                current = best.get(entry.incident.id)
                if current is None or item.score > current.score:
                    best[entry.incident.id] = item
        for incident_id, item in best.items():
            if incident_id in disputed or item.score >= thresholds.review:
                continue
            if item.check.near_misses or item.held is not None:
                continue
            if item.closeness is not None and item.closeness.official > item.closeness.claim:
                continue
            if disputing(self._unquoted_view(query), _vocabulary(self._entries[item.doc])):
                continue
            if len(item.check.anchors) >= INCIDENT_ANCHORS:
                word = says_something(query.message, self._assertion_terms(incident_id))
                if word is None and item.closeness is not None and self._named_beyond(item, query):
                    word = self._alleged(item, query)  # "colorado state patrol already cleared the westminster cop"
            else:
                word = self._alleged(item, query) if self._named_beyond(item, query) else None
            if word is None or is_question(split_links(text)[0]):
                continue
            named = ", ".join(item.check.anchors)
            detail = f'names the incident ({named}) and says "{word}" about it, which no claim covers well: for review'
            item.score = thresholds.review
            item.meant = Evidence("context", word, detail)

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
        check = self._check_event(entry, query)
        best = self._best_fit(doc, query, check.placed)
        value = best.value
        if value:
            explained = scoring.explained(best, entry.extra_terms)
            value *= 1.0 - params.explained_share + params.explained_share * explained
        if value and self._bm25_power and top_bm25 > 0:
            value *= (bm25 / top_bm25) ** self._bm25_power
        role = self._role(best.view, entry.agencies, query) if entry.role else None
        if entry.role and role is None and best.view is query.message:
            role = self._unquoted_role(query, entry.agencies)  # "'Adams was shot' is garbage. the officer shot her"
        swapped = role if role is not None and role is not entry.role else None
        if check.anchored is False and check.anchors:
            check = self._thinly_anchored(check, doc, role, query)
        if check.anchored is False and not check.anchors and self._of_text(query, quotations):
            check = _quoting_the_record(check, entry, query)  # read once per message: most quote nothing
        if check.anchored is False and entry.incident.id in query.context:
            check = replace(check, anchored=True, thin=_FOLLOWS, answerable=False, conversation=True)
        if check.anchored is False or (check.thin and not check.scored_as_named):
            value *= params.unanchored
        if check.near_misses:
            value *= params.near_miss
        if swapped is not None:
            value *= params.role_swap
        if link is not None:
            value = 1.0
        score = round(scoring.calibrate(value, params.calibration), 1)
        return _Scored(doc, score, bm25, link, best, check, swapped)

    def _best_fit(self, doc: int, query: Query, placed: bool) -> scoring.TextFit:
        """The claim's best wording over the message's views (the first best); `placed`: the message names the
        incident's place. A message sharing no word, base or synonym with any wording, nor a place or a name that
        may stand in for one, fits none: most chat is told so with one set operation per view rather than one per
        wording.
        """  # noqa: D205
        entry, totals = self._entries[doc], self._totals[doc]
        if not placed and len(entry.texts) >= _MANY_WORDINGS:
            keys = self._text_keys.get(doc)
            if keys is None:
                keys = self._text_keys[doc] = frozenset(key for phrase in entry.texts for key in phrase.keys)
            if all(view.keys.isdisjoint(keys) and view.keys.isdisjoint(entry.names) for view in query.views):
                return scoring.TextFit(0.0, entry.texts[0], query.views[0], (), set())
        params = self.params.score
        context = scoring.FitContext(self._weigh, params, entry.places, placed, entry.distinctive, entry.names)
        best = scoring.best_fit(entry.texts, query.views[0], context, totals)
        for view in query.views[1:]:
            fitted = scoring.best_fit(entry.texts, view, context, totals)
            if fitted.value > best.value:  # the first best
                best = fitted
        return best

    def _role(self, view: View, agencies: frozenset[str], query: Query) -> Role | None:
        """The police's part in a view: once per view and agency words (the claims of an incident share them)."""
        key = (id(view), id(agencies))
        if key not in query.roles:
            query.roles[key] = police_role(view.analysis.words, view.analysis.stems, agencies)
        return query.roles[key]

    def _thinly_anchored(
        self, check: scoring.EventCheck, doc: int, role: Role | None, query: Query
    ) -> scoring.EventCheck:
        """The check, anchored when one keyword of the incident comes with the police shot at as the claim has them,
        or with a word only the claim's wordings use ("bodycam" with "no gun"; the region alone names too much).
        """  # noqa: D205
        entry = self._entries[doc]
        if self._shot_at(entry, role, query):
            if entry.incident.verdict.value in quoted_words(query.plain) or self._names_the_video(entry, query):
                return replace(check, anchored=True, thin="", answerable=True, scored_as_named=False)
            thin = SHOT_AT
            return replace(check, anchored=True, thin=thin, answerable=False, scored_as_named=True)
        region = entry.incident.location.region.casefold()
        telling = [anchor for anchor in check.anchors if anchor.casefold() != region]
        regional = not telling and bool(check.anchors) and _says_violence(query)  # "colorado cops shot a woman ..."
        regional = regional and self._elsewhere(doc, query) is None
        if (telling or regional) and entry.claim.verdict.actionable and not check.near_misses:
            word = self._says_assertion(query, self._claim_assertions(doc))
            if word is not None:
                thin = f'says "{word}", as the claim does and the record does not'
                return replace(check, anchored=True, thin=thin, answerable=not regional)  # the region: review at most
        return check

    def _says_assertion(self, query: Query, assertions: frozenset[str]) -> str | None:
        """The first word of the claim's own the message says (`says_something`): in its own words, or else in a
        link's address written as a title ("westminster-co-woman-shot-for-no-reason" with "look at this").
        """  # noqa: D205
        word = says_something(self._unquoted_view(query), assertions)
        if word is not None:
            return word
        slugs = (view for view in query.views if view.kind == "slug")
        return next(filter(None, (says_something(view, assertions) for view in slugs)), None)

    def _names_the_video(self, entry: ClaimEntry, query: Query) -> bool:
        """Whether the claim is about a video ("Video shows a man shooting at a CHP sergeant") and the message's own
        words name one ("reddit deleted the vid of the guy shooting at the chp cruiser"): with the police shot at
        and one keyword, the circulated clip itself.
        """  # noqa: D205
        video = _video_group()
        return video in entry.texts[0].keys and video in self._unquoted_view(query).groups

    def _shot_at(self, entry: ClaimEntry, role: Role | None, query: Query) -> bool:
        """Whether the claim and the message's own words (quotations left out) both have the police shot at: the
        rarer way round, which with one keyword of the incident ("CHP", "sergeant") names it well enough.
        """  # noqa: D205
        wanted = Role.TARGET
        return entry.role is wanted and role is wanted and self._unquoted_role(query, entry.agencies) is wanted

    def _unquoted_role(self, query: Query, agencies: frozenset[str]) -> Role | None:
        """The police's part in the message's own words, quotations left out ("'man shoots at CHP' is false")."""
        view = self._unquoted_view(query)
        if view is query.message:
            return self._role(view, agencies, query)  # it quotes nothing: its own words' part, read once
        key = ("unquoted", id(agencies))
        if key not in query.roles:
            query.roles[key] = police_role(view.analysis.words, view.analysis.stems, agencies)
        return query.roles[key]

    def _unquoted_view(self, query: Query) -> View:
        """The message's own words, quotations left out (read once per message; without quotations, its view)."""
        key = ("unquoted", 0)
        if key not in query.roles:
            own = self._of_text(query, unquoted)
            query.roles[key] = query.message if own == query.plain else self._vocabulary.view("text", "", own)
        return query.roles[key]

    @staticmethod
    def _of_text(query: Query, reading: Callable[[str], _T]) -> _T:
        """What `reading` finds in the message's own text, read once per message (several claims ask)."""
        if reading not in query.read:
            query.read[reading] = reading(query.plain)
        return query.read[reading]

    def _check_event(self, entry: ClaimEntry, query: Query) -> scoring.EventCheck:
        """The incident's names, places and near misses in the message: once per incident and message (its claims
        share them).
        """  # noqa: D205
        key = (id(entry.anchors), id(entry.near_misses))
        checked = query.checked.get(key)
        if checked is None:
            starts = self._event_starts.get(key)
            if starts is None:
                starts = self._event_starts[key] = scoring.event_starts(entry)
            checked = query.checked[key] = scoring.check_event(entry, query.views, starts)
        return checked

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
        weighed = item.stance is not None or item.score >= thresholds.review
        stance = self._stance(item, query, text) if entry.claim.contradictions and weighed else None
        if stance is not None and stance.stance is Stance.DISPUTE:
            item.settled = True
            detail = f'the message says what the record says against the claim ("{stance.said}")'
            reasons.append(Evidence("context", stance.said, detail))
        elif item.held is not None:
            reasons.append(item.held)
        elif item.score >= thresholds.review:
            return self._decide_on_evidence(item, query, thresholds, reasons)
        return self._match(item, Action.IGNORE, reasons)

    def _decide_on_evidence(
        self, item: _Scored, query: Query, thresholds: Thresholds, reasons: list[Evidence]
    ) -> Match:
        """A candidate scoring at least review, neither disputed nor held back: what its evidence allows."""
        entry = self._entries[item.doc]
        pinned = item.link is not None or self._named_by_person(item)  # a known link or a person's name holds it
        played = None if pinned else self._of_text(query, at_play)
        if played is not None:
            item.settled = True
            detail = f"the message is about {played}, not something that happened"
            return self._match(item, Action.IGNORE, [*reasons, Evidence("context", played, detail)])
        far = None if pinned else self._far_apart(item, query)
        if far is not None:
            item.settled = True
            detail = f"the message sets what it says elsewhere ({far}) and names the incident no better"
            return self._match(item, Action.IGNORE, [*reasons, Evidence("context", far, detail)])
        unsaid = item.link is None and not _vouched(item) and not _denies_record(item, entry)
        unsaid = unsaid and not self._says_core(item, query)
        if unsaid and not (self._named(item) or (item.lead and self._named_beyond(item, query))):
            detail = "the message does not say what the claim says happened"
            return self._match(item, Action.IGNORE, [*reasons, Evidence("context", "", detail)])
        if unsaid and (not self._beyond_record(item, query) or self._no_shooting(item, query)):
            item.settled = True
            detail = "the message names the incident and says nothing its record does not"
            return self._match(item, Action.IGNORE, [*reasons, Evidence("context", "", detail)])
        blockers = self._said_blockers(item, query, thresholds)
        apart = None if pinned else self._elsewhere(item.doc, query) or self._names_another(item, query)
        if apart is not None:
            detail = f"the message names the incident's keywords, but also {apart}: a moderator decides"
            blockers.append(Evidence("context", apart, detail))
        thin = item.check.scored_as_named and not _vouched(item)
        if thin:
            detail = "one keyword is all that names the incident: a moderator decides"
            blockers.append(Evidence("context", "", detail))
        if wishes(self._unquoted_view(query), self._core_terms(item.doc)):
            item.settled = True
            detail = "the message wishes for what the claim says rather than saying it"
            return self._match(item, Action.IGNORE, [*reasons, Evidence("context", "", detail)])
        item.unsaid = unsaid and not self._who_shot_whom(item.doc)  # the judge cannot read who shot whom
        item.blocked = bool(blockers) or (unsaid and not item.unsaid)
        item.thin = thin and len(blockers) == 1 and not unsaid
        if unsaid:
            blockers.append(Evidence("context", "", UNSAID))
        if item.score >= thresholds.reply and not blockers:
            if self._of_text(query, only_asks):
                return self._asked(item, reasons)
            return self._match(item, Action.REPLY, reasons)
        if self._disputes_plainly(item, query):
            item.settled = True
            detail = "the message disputes the claim in its own words: nothing to answer or review"
            return self._match(item, Action.IGNORE, [*reasons, *blockers, Evidence("context", "", detail)])
        if self._of_text(query, only_asks):
            item.settled = True
            detail = "the message only asks: the member can ask /factcheck"
            return self._match(item, Action.IGNORE, [*reasons, Evidence("context", "", detail)])
        if entry.claim.verdict.actionable:
            shown = blockers if item.score >= thresholds.reply else []
            return self._match(item, Action.REVIEW, [*reasons, *shown])
        return self._match(item, Action.IGNORE, [*reasons, *blockers])

    def _asked(self, item: _Scored, reasons: list[Evidence]) -> Match:
        """A message that only asks about what a claim says, in words strong enough for an answer: moderators
        decide whether to answer it (the member can also ask /factcheck); an unprompted answer to a question
        reads as a correction.
        """  # noqa: D205
        detail = "the message only asks: a moderator decides whether to answer it"
        action = Action.REVIEW if self._entries[item.doc].claim.verdict.actionable else Action.IGNORE
        return self._match(item, action, [*reasons, Evidence("context", "", detail)])

    def _match(self, item: _Scored, action: Action, reasons: list[Evidence]) -> Match:
        entry = self._entries[item.doc]
        named = item.check.anchored is True and not item.check.thin
        return Match(entry.incident.id, entry.claim.id, entry.claim.text, item.score, action, tuple(reasons), named)

    def _disputes_plainly(self, item: _Scored, query: Query) -> bool:
        """Whether the message disputes the claim in its own words ("the posts are misleading", "chp already
        debunked that"), laughing at nothing, denying or mocking none of the record, and not putting the dispute
        in others' mouths ("idk why ppl keep saying it's fake"): no answer, no review.
        """  # noqa: D205
        if item.stance is not None and (item.stance.denied or item.stance.mocked):
            return False
        own = self._of_text(query, unquoted)
        cue = disputing(self._unquoted_view(query), _vocabulary(self._entries[item.doc]))
        return bool(cue) and not scoffs(own) and not others_say(own, cue)

    def _cited_dispute(self, item: _Scored, query: Query) -> str | None:
        """A dispute word in quotation marks, when the message says what happened only in quotation marks too
        ("people post the clip as 'man shoots at cop', chp called it 'misleading'"): it cites both. In a message
        saying the claim in its own words, a quoted 'misleading' mocks ("he was shooting AT the cop. 'misleading'").
        """  # noqa: D205
        if item.link is not None or says_event(self._unquoted_view(query), self._core_terms(item.doc)):
            return None
        return disputing(query.message, _vocabulary(self._entries[item.doc]))

    def _quoted_only(self, item: _Scored, query: Query) -> bool:
        """Whether the words the claim was matched on, or its core, are mostly inside quotation marks, scoffed at
        ("lmao 'he was shooting at the cop' bro was holding an iphone"): talk about the claim, not the claim (unless
        it mocks the record).
        """  # noqa: D205
        fit = item.best
        if fit.view.kind != "text" or (item.stance is not None and item.stance.mocked):
            return False
        own = self._unquoted_view(query)
        if len(own.words) == len(fit.view.words) or not scoffs(self._of_text(query, unquoted)):
            return False  # a headline quoted to share it ('suspect fires at CHP sergeant') says it
        terms = [fit.view.terms[position] for position in fit.matched if fit.view.terms[position]]
        kept = sum(1 for term in terms if own.lookup(term)[0] >= QUOTE_CREDIT)
        if terms and kept == len(terms):
            return False  # what it quotes is not the claim's words ('chp calling it "misleading" is cope')
        return (bool(terms) and 2 * kept < len(terms)) or not self._core_unquoted(item, query)

    def _core_unquoted(self, item: _Scored, query: Query) -> bool:
        """Whether the message says the claim's core in its own words, not only inside quotation marks ("the sarge
        got turned into a viral 'cop gets shot at' meme lmao" has the shooting only in quotes).
        """  # noqa: D205
        entry, own = self._entries[item.doc], self._unquoted_view(query)
        if self._who_shot_whom(item.doc):
            return self._unquoted_role(query, entry.agencies) is entry.role
        core = self._core_terms(item.doc)
        return not core or says_event(own, core)

    def _no_shooting(self, item: _Scored, query: Query) -> bool:
        """Whether a claim of who shot whom meets a message without a word of shooting ("the chp car just dipping
        outta the takeover"): nothing of it to review.
        """  # noqa: D205
        return self._who_shot_whom(item.doc) and not _tells_shooting(self._unquoted_view(query))

    def _beyond_record(self, item: _Scored, query: Query) -> list[str]:
        """The message's own words that say what the incident's record does not (see `beyond_record`)."""
        return beyond_record(self._unquoted_view(query), self._known_terms(item))

    def _said_blockers(self, item: _Scored, query: Query, thresholds: Thresholds) -> list[Evidence]:
        """What in how the message says it keeps a claim from an answer: `_blockers`, a claim only quoted, or quoted
        with what is said against it.
        """  # noqa: D205
        entry = self._entries[item.doc]
        denied = item.stance is not None and item.stance.reported  # "…claimed she had a gun. she didn't."
        blockers = self._blockers(
            entry, query, thresholds, linked=item.link is not None, words=_words(item, query), denied=denied
        )
        if self._quoted_only(item, query):
            detail = "the message quotes the claim rather than saying it in its own words"
            blockers.append(Evidence("context", "", detail))
        cited = self._cited_dispute(item, query)
        if cited:
            detail = f'the message quotes the claim and what is said against it ("{cited}")'
            blockers.append(Evidence("context", cited, detail))
        if self._aimed_elsewhere(item, query):
            detail = "the message has the shooting aimed at someone other than the police: a moderator decides"
            blockers.append(Evidence("context", "", detail))
        return blockers

    def _aimed_elsewhere(self, item: _Scored, query: Query) -> bool:
        """Whether a claim of the police shot at meets a message aiming the shooting at someone else (read in all its
        text, quotations too) with the police shot at nowhere in its own words ("ran up on the car at the sideshow
        and started shooting at some other dude").
        """  # noqa: D205
        entry = self._entries[item.doc]
        if not self._of_text(query, aimed_elsewhere):  # most messages: the claim's wordings are never read
            return False
        if entry.role is not Role.TARGET and not self._police_harmed(item.doc):
            return False
        return self._unquoted_role(query, entry.agencies) is not Role.TARGET

    def _police_harmed(self, doc: int) -> bool:
        """Whether most wordings of a claim have the police hurt or hit (`roles.police_harmed`)."""
        harmed = self._harmed.get(doc)
        if harmed is None:
            entry = self._entries[doc]
            count = sum(police_harmed(phrase.text, entry.agencies) for phrase in entry.texts)
            harmed = self._harmed[doc] = 2 * count > len(entry.texts)
        return harmed

    def _blockers(
        self,
        entry: ClaimEntry,
        query: Query,
        thresholds: Thresholds,
        *,
        linked: bool,
        words: int,
        denied: bool = False,
    ) -> list[Evidence]:
        """Why a match scoring high enough must still not be answered automatically (`denied`: the message reports a
        fact of the record and denies it in a short sentence, so that denial is of the fact, not the claim).
        """  # noqa: D205
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
        own = self._of_text(query, unquoted)
        cue = disputing(self._unquoted_view(query), vocabulary)
        cue = None if cue and others_dispute_rejected(own, cue) else cue
        cue = cue or (None if denied else denied_in_passing(own))  # a short denial of the record said, not the claim
        if cue:
            blockers.append(Evidence("context", cue, f'the message already disputes the claim ("{cue}")'))
        if supposes(own):
            blockers.append(Evidence("context", "", "the message supposes rather than says: a moderator decides"))
        told = tells_the_record(own) or self._of_text(query, quotes_others)
        if told:
            blockers.append(Evidence("context", told, f'the message tells the record or others\' word ("{told}")'))
        for kind, what in (("page", "the linked page"), ("slug", "the link's address")):
            cue = next(filter(None, (disputing(view, vocabulary) for view in query.views if view.kind == kind)), None)
            if cue:
                blockers.append(Evidence("context", cue, f'{what} disputes the claim ("{cue}")'))
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


def _violence_only(terms: frozenset[str]) -> bool:
    """Whether a claim's core says only the shooting (besides generic words): then who shot whom is what it says."""
    violence = violence_groups()
    kinds = {concept_of(base_term(term)) in violence for term in terms if base_term(term) not in generic_stems()}
    shooting = any(concept_of(base_term(term)) in violence for term in terms)
    return shooting and not kinds - {True}


QUOTE_CREDIT = 0.85
"""How well the message's own (unquoted) words must have a matched word for it to count as said, not quoted."""


def _telling_phrase(text: str) -> bool:
    """Whether a keyword of several words tells its incident apart: not one made of any patrol's words only
    ("patrol car"), unless written as a name ("Highway Patrol").
    """  # noqa: D205
    words = text.split()
    return len(words) > 1 and not (text.islower() and all(word in lex.PATROL_WORDS for word in words))


def _hurts(terms: frozenset[str]) -> bool:
    """Whether a claim's core has someone being hurt ("hit", "wounded"): any of its words is enough to say it."""
    hurt = concept_of(stem("hurt"))
    return any(concept_of(base_term(term)) == hurt for term in terms)


def _says_violence(query: Query) -> bool:
    """Whether the message has a word of shooting or killing."""
    violence = violence_groups()
    return any(concept_of(stemmed) in violence for stemmed in query.message.analysis.stems)


def _about_police_or_guns(query: Query) -> bool:
    """Whether the message has a word of shooting or killing, of a gun or of the police."""
    wanted = violence_groups() | {concept_of(stem("gun")), concept_of(stem("police"))}
    return any(concept_of(stemmed) in wanted for stemmed in query.message.analysis.stems)


def _vouched(item: _Scored) -> bool:
    """Whether the match stands on the message's stance (a denied or mocked fact) or names its incident only."""
    stance = item.stance
    denied = stance is not None and (stance.denied or stance.mocked)
    return item.meant is not None and (denied or item.meant.kind == "context")


def _denies_record(item: _Scored, entry: ClaimEntry) -> bool:
    """Whether the message denies a specific fact of the record against the claim ("they werent holding phones"):
    it says the claim, in other words than the claim's.
    """  # noqa: D205
    stance = item.stance
    return stance is not None and stance.denied and _specific(stance.said, entry)


def _negative(fact: str, entry: ClaimEntry) -> bool:
    """Whether a contradicting fact is worded negatively ("no one shot at him", "the officer was not injured")."""
    return any(is_negated(term) for term in contradiction_phrases((fact,), entry.agencies)[0].phrase.terms)


def _specific(fact: str, entry: ClaimEntry) -> bool:
    """Whether a contradicting fact has two words or more (one word, "she had a gun", says little alone)."""
    return len(contradiction_phrases((fact,), entry.agencies)[0].phrase.terms) >= 2


def _query_terms(query: Query) -> dict[str, float]:
    """The terms the index is searched with: every view's, negation marks dropped."""
    return dict.fromkeys((base_term(term) for view in query.views for term in view.terms), 1.0)


def _judged_evidence(verdict: Verdict, action: str) -> Evidence:
    share = f"{verdict.chance:.0%}"
    detail = f"messages like this one were labelled as repeating this incident's claim ({share} alike): {action}"
    return Evidence("examples", share, detail)


def _meaning_text(text: str, query: Query) -> str:
    """What is embedded of a message: its words without links, and the titles of pages read from its links."""
    plain, _links = split_links(text)
    pages = [" ".join(view.words) for view in query.views[1:] if view.kind == "page"]
    return ". ".join(part for part in (plain, *pages) if part) or " ".join(" ".join(view.words) for view in query.views)


def _embedded(index: SemanticIndex, texts: list[str]) -> np.ndarray:
    """Texts' embeddings by the knowledge's encoder: a message through the index's recent messages, the examples
    through the on-disk cache (a restart embeds none of them again); by the full model, a few at a time, so that a
    message waiting for the model meanwhile is not held up for the whole 80 s (setup's seed spares most processes).
    """  # noqa: D205
    if len(texts) == 1:
        return index.embed(texts[0])[None, :]
    if index.kind == "full":
        return index.semantic.upgrade_knowledge(texts, UPGRADE_STEP)
    return index.semantic.encode_knowledge(texts, index.kind)


def _link_evidence(link: str, page: str | None) -> Evidence:
    """The reason for a known link: posted in the message, or named by a fetched page (its canonical link)."""
    if page is None:
        return Evidence("link", link, f"the link {link} is a known post of this claim")
    return Evidence("link", link, f"the page {page} gives {link} as its address, a known post of this claim")


def _words(item: _Scored, query: Query) -> int:
    """The words a match stands on: a fetched page's own (its title and description) or a link's own (the words
    of its address) when it fits best, else the message's (a short message is ambiguous; a headline is not).
    """  # noqa: D205
    view = item.best.view
    return len(view.words) if view.kind in ("page", "slug") else query.word_count


def _vocabulary(entry: ClaimEntry) -> frozenset[str]:
    """The words of a claim's wordings and its incident's title: a dispute word among them ("fake" in a claim of a
    fake video) disputes nothing. The incident's keywords are not among them: "wrong" in "wrong way" is no claim.
    """  # noqa: D205
    terms = {term for phrase in entry.texts for term in phrase.terms}
    terms.update(entry.title.terms)
    return frozenset(terms)


def _quoting_the_record(check: scoring.EventCheck, entry: ClaimEntry, query: Query) -> scoring.EventCheck:
    """The check of a message that names nothing of the incident but quotes its officials: anchored as by one
    keyword (a moderator decides, unless the quotation is mocked or denied: "lol 'she produced a handgun' sure jan").
    """  # noqa: D205
    quoted = quoted_record(entry.incident, query.plain)
    if quoted is None:
        return check
    thin = f'quotes what officials said of this incident ("{quoted}")'
    return replace(check, anchored=True, anchors=(quoted,), thin=thin, answerable=False, scored_as_named=True)


@cache
def _video_group() -> int | None:
    return concept_of(stem("video"))


def _tells_shooting(view: View) -> bool:
    """Whether a view has a word of shooting or killing, or one that tells of a shooting (`_shooting_traces`)."""
    violence, traces = violence_groups(), _shooting_traces()
    return any(concept_of(base := base_term(term)) in violence or base in traces for term in view.terms if term)


@cache
def _shooting_traces() -> frozenset[str]:
    """Words besides shooting and killing that tell of a shooting ("a shootout", "holes in the chp car")."""
    words = lex.word_set(
        "shootout shootouts hole holes bullet bullets round rounds gunfire gunshot gun guns stray strays"
    )
    return frozenset(stem(word) for word in words)
