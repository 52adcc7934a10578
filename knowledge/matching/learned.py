"""Wordings of claims that a server's moderators taught the bot: matched the way the claims' own wordings are.

When moderators approve a message as a post of a claim, its wording (links, mentions and emoji removed, see
`clean_wording`) becomes a phrasing of that claim in their server; when they reject a suggested claim, the wording
is suppressed for that claim there. `LearnedWordings` holds one server's lessons prepared against one matcher:

    lessons = LearnedWordings(matcher, [Wording(incident, claim, text, approved=True), ...])
    lessons.adjust(text, matches)        # the matcher's matches with the server's lessons applied

A learned wording scores like a claim wording (`scoring.best_fit`: the same weights, synonyms, typo fixes,
negation, the incident's names and places, near misses, the police's part), and is trusted less than a curated
one, precision first: a message is answered on it only when it names the incident, points to no near miss, has
the police's part the same way round, does not dispute the claim, says nearly all of the wording's own words
beyond the incident's names (`Rules.said`) and scores at least the reply threshold. `refusal` tells why a wording
must not be learned at all: too short, naming no person or place of the incident, saying nothing beyond them,
disputing the claim, or pointing to a near miss.

A rejected wording suppresses its claim for messages without links that are nearly the same (`Rules.same`, both
ways: the message says nearly all of the wording, and the wording accounts for nearly all of the message); a
message with a link is about its link, and what moderators rejected for a link is kept by link.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.matching import scoring
from knowledge.matching.catalog import ClaimEntry
from knowledge.matching.matcher import Matcher
from knowledge.matching.phrases import Phrase
from knowledge.matching.query import Query, split_links
from knowledge.matching.roles import Role, police_role
from knowledge.matching.stance import Stance, contradiction_phrases, disputing, stance_of
from knowledge.matching.text import analyze, base_term, words
from knowledge.matching.types import Action, Evidence, Match, Thresholds
from knowledge.matching.views import View

MIN_SHARED = 2
"""Plain words a message must share with a learned wording before it is analysed for it."""
MAX_CHARS = 240
"""A learned wording keeps at most this many characters (cut at a word)."""

_MARKUP = re.compile(
    r"<a?:\w{1,64}:\d{1,25}>"  # Discord custom emoji
    r"|<[@#][!&]?\w{1,40}(?:\|[^>]{0,100})?>"  # Discord and Slack mentions of members, roles, channels
    r"|<![\w^|]{1,40}>"  # Slack's <!here>, <!channel>, <!subteam^ID|name>
    r"|(?<!\w)@(?:everyone|here)\b"
    r"|(?<![\w:]):[a-z0-9_+-]{1,40}:(?![\w:])"  # :shortcode: emoji
)
_WORD = re.compile(r"[a-z0-9]+")
_SYMBOLS = re.compile(r"[^\w\s.,;:!?'\"()&%$/+-]")
_SPACES = re.compile(r"\s+")


def clean_wording(text: str, limit: int = MAX_CHARS) -> str:
    """A message's text as a wording to keep: links, mentions, custom and shortcode emoji and other symbols removed
    (a hashtag keeps its word), spaces collapsed, at most ``limit`` characters (cut at a word).
    """  # noqa: D205
    if text.endswith("\u2026"):  # an excerpt cut mid-word: its last word may be partial
        text = text[:-1].rsplit(None, 1)[0] if " " in text.strip() else ""
    plain, _links = split_links(text)
    plain = _SYMBOLS.sub(" ", _MARKUP.sub(" ", plain))
    plain = _SPACES.sub(" ", plain).strip(" .,;:-")
    if len(plain) <= limit:
        return plain
    cut = plain[: limit + 1].rsplit(" ", 1)[0] if " " in plain[:limit] else plain[:limit]
    return cut.rstrip(" .,;:-")


def wording_key(text: str) -> str:
    """The key of a wording: the sha256 of its normalised words (case, punctuation and emoji do not count)."""
    return hashlib.sha256(("wording:" + " ".join(words(text))).encode()).hexdigest()


@dataclass(frozen=True)
class Wording:
    """What a server's moderators decided about a wording: a phrasing of the claim (``approved``) or not this claim."""

    incident_id: str
    claim_id: str
    text: str
    approved: bool = True


@dataclass(frozen=True)
class Rules:
    """How strictly learned wordings are matched.

    Attributes:
        min_terms: Content words a wording needs to be learned.
        min_claim_terms: Content words beyond the incident's names, places and title a wording needs.
        said: Share (by weight) of a wording's words beyond the incident's names that a message must say to be
            answered on it: the words that carry the claim.
        same: Share a message must say of a rejected wording, and that wording of the message, to be suppressed.
    """

    min_terms: int = 4
    min_claim_terms: int = 2
    said: float = 0.8
    same: float = 0.8


@dataclass(frozen=True)
class _Lesson:
    """A wording analysed for its claim; ``words`` and ``names`` (its words, and the incident's names and places
    as plain words) let most messages be passed over before they are analysed.
    """  # noqa: D205

    wording: Wording
    entry: ClaimEntry
    phrase: Phrase
    claim_terms: frozenset[str]
    words: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, wording: Wording, entry: ClaimEntry) -> _Lesson:
        phrase = Phrase.of(wording.text, agencies=entry.agencies)
        analysis = analyze(wording.text)
        words = frozenset(word for word, term in zip(analysis.words, analysis.terms, strict=True) if term)
        names = frozenset(word for anchor in entry.anchors for word in _plain_words(anchor.phrase.text))
        return cls(wording, entry, phrase, _claim_terms(phrase, entry), words, names)

    def may_concern(self, said: frozenset[str]) -> bool:
        """Whether a message with these plain words may be answered on the wording (a cheap gate)."""
        return bool(self.names & said or not self.names) and len(self.words & said) >= MIN_SHARED

    def may_repeat(self, said: frozenset[str]) -> bool:
        """Whether a message with these plain words may nearly repeat the wording (a cheap gate)."""
        return len(self.words & said) * 2 >= len(self.words)


@dataclass
class LearnedWordings:
    """One server's learned wordings, prepared against one matcher (build again when either changes)."""

    matcher: Matcher
    wordings: Sequence[Wording]
    rules: Rules = field(default_factory=Rules)
    _approved: list[_Lesson] = field(init=False)
    _rejected: list[_Lesson] = field(init=False)
    _by_word: dict[str, list[_Lesson]] = field(init=False)

    def __post_init__(self) -> None:
        self._approved, self._rejected = [], []
        for wording in self.wordings:
            entry = self.matcher.claim_entry(wording.incident_id, wording.claim_id)
            if entry is None:  # the knowledge changed since: the lesson no longer applies
                continue
            (self._approved if wording.approved else self._rejected).append(_Lesson.of(wording, entry))
        self._by_word = {}
        for lesson in (*self._approved, *self._rejected):
            for word in lesson.words:
                self._by_word.setdefault(word, []).append(lesson)

    def __bool__(self) -> bool:
        return bool(self._approved or self._rejected)

    def adjust(self, text: str, matches: list[Match], thresholds: Thresholds | None = None) -> list[Match]:
        """The matches with the server's lessons: a claim answered on a learned wording takes the place of the
        matcher's match for it (ranked by score, the others keeping their order), a claim whose rejected wording
        the message nearly repeats is left out.
        """  # noqa: D205
        said, sharing = self._sharing(text)
        approved = [lesson for lesson in sharing if lesson.wording.approved and lesson.may_concern(said)]
        rejected = [lesson for lesson in sharing if not lesson.wording.approved and lesson.may_repeat(said)]
        if rejected and split_links(text)[1]:
            rejected = []  # a message with a link is about its link: what was rejected for it is kept by link
        if not approved and not rejected:
            return matches
        thresholds = thresholds or self.matcher.thresholds
        query = self.matcher.read(text)
        suppressed = {lesson.entry.key for lesson in rejected if self._repeats(lesson, query)}
        learned: dict[tuple[str, str], Match] = {}
        checks: dict[tuple[str, str], scoring.EventCheck] = {}
        for lesson in approved:
            key = lesson.entry.key
            if key in suppressed:
                continue
            if key not in checks:
                checks[key] = scoring.check_event(lesson.entry, query.views[:1])
            match = self._match(lesson, query, checks[key], text, thresholds)
            if match is not None and (key not in learned or match.score > learned[key].score):
                learned[key] = match
        kept = [match for match in matches if (match.incident_id, match.claim_id) not in suppressed]
        better = {key: match for key, match in learned.items() if _improves(match, kept)}
        merged = [match for match in kept if (match.incident_id, match.claim_id) not in better]
        for match in sorted(better.values(), key=lambda found: found.score, reverse=True):
            at = next((index for index, other in enumerate(merged) if other.score < match.score), len(merged))
            merged.insert(at, match)
        return merged

    def repeated(self, text: str) -> list[Wording]:
        """The rejected wordings the text nearly repeats."""
        said, sharing = self._sharing(text)
        rejected = [lesson for lesson in sharing if not lesson.wording.approved and lesson.may_repeat(said)]
        query = self.matcher.read(text) if rejected else None
        return [lesson.wording for lesson in rejected if query is not None and self._repeats(lesson, query)]

    def _sharing(self, text: str) -> tuple[frozenset[str], list[_Lesson]]:
        """The message's plain words, and the lessons sharing at least `MIN_SHARED` of them (a cheap gate)."""
        said = frozenset(_plain_words(text))
        shared: dict[int, int] = {}
        found: list[_Lesson] = []
        for word in said:
            for lesson in self._by_word.get(word, ()):
                count = shared[id(lesson)] = shared.get(id(lesson), 0) + 1
                if count == MIN_SHARED:
                    found.append(lesson)
        return said, found

    def _fit(self, lesson: _Lesson, query: Query, placed: bool) -> scoring.TextFit:
        """How well the message's own words fit the wording (``placed``: they name the incident's place)."""
        entry = lesson.entry
        params = self.matcher.params.score
        context = scoring.FitContext(self.matcher.weights, params, entry.places, placed, entry.distinctive)
        return scoring.best_fit((lesson.phrase,), query.message, context)

    def _repeats(self, lesson: _Lesson, query: Query) -> bool:
        best = self._fit(lesson, query, placed=False)
        return min(best.value, scoring.explained(best, ())) >= self.rules.same

    def _match(
        self, lesson: _Lesson, query: Query, check: scoring.EventCheck, text: str, thresholds: Thresholds
    ) -> Match | None:
        """The match on one learned wording: only when the message names the incident, says nearly all the
        wording claims and fits it well enough to answer.
        """  # noqa: D205
        if check.anchored is False or check.near_misses:
            return None
        if _said(query.message, lesson, self.matcher.weights) < self.rules.said:
            return None
        entry, params = lesson.entry, self.matcher.params.score
        best = self._fit(lesson, query, check.placed)
        words, stems = best.view.analysis.words, best.view.analysis.stems
        role = police_role(words, stems, entry.agencies)
        if _swapped(role, lesson.phrase.role or entry.role):
            return None
        if _disputes(best.view, text, entry, lesson, role):
            return None
        explained = scoring.explained(best, entry.extra_terms)
        value = best.value * (1.0 - params.explained_share + params.explained_share * explained)
        score = round(scoring.calibrate(value, params.calibration), 1)
        if score < thresholds.reply:
            return None
        reasons = [_learned_evidence(best), *scoring.event_evidence(check)]
        blockers = _blockers(query, thresholds, self.matcher, entry)
        action = Action.REVIEW if blockers else Action.REPLY
        return Match(entry.incident.id, entry.claim.id, entry.claim.text, score, action, tuple(reasons + blockers))


def refusal(matcher: Matcher, wording: Wording, rules: Rules | None = None) -> str | None:
    """Why a wording must not be learned for its claim (None: it may be)."""
    rules = rules or Rules()
    entry = matcher.claim_entry(wording.incident_id, wording.claim_id)
    if entry is None:
        return "the claim is not in the knowledge base"
    phrase = Phrase.of(wording.text, agencies=entry.agencies)
    if len(phrase.terms) < rules.min_terms:
        return f"too short: {len(phrase.terms)} words that tell something"
    if len(_claim_terms(phrase, entry)) < rules.min_claim_terms:
        return "it says nothing beyond the incident's names and places"
    query = matcher.read(wording.text)
    check = scoring.check_event(entry, query.views)
    if check.anchored is False:
        return "it names no person, place or agency of the incident"
    if check.near_misses:
        return f'it points to another event ("{check.near_misses[0][0]}")'
    view = query.message
    role = police_role(view.analysis.words, view.analysis.stems, entry.agencies)
    plain, _links = split_links(wording.text)
    contradictions = contradiction_phrases(entry.claim.contradictions, entry.agencies)
    stance = stance_of(view, plain, contradictions, asserted=True, role=role)
    if stance.stance is Stance.DISPUTE:
        return f'it says what the record says against the claim ("{stance.said}")'
    return None


def _plain_words(text: str) -> list[str]:
    """A text's words, lowercased, without analysis (for the cheap gates)."""
    return _WORD.findall(text.casefold())


def _claim_terms(phrase: Phrase, entry: ClaimEntry) -> frozenset[str]:
    """The wording's words beyond the incident's names, places and title: what it says about the incident."""
    named = {base_term(term) for term in (*entry.extra_terms, *entry.places)}
    return frozenset(term for term in phrase.terms if base_term(term) not in named)


def _said(view: View, lesson: _Lesson, weigh: scoring.Weigh) -> float:
    """The share (by weight) of the wording's claim words the view says."""
    total = found = 0.0
    for term in lesson.claim_terms:
        weight = weigh[term]
        total += weight
        found += weight * max(0.0, view.lookup(term)[0])
    return found / total if total else 0.0


def _swapped(message: Role | None, wording: Role | None) -> bool:
    return message is not None and wording is not None and message is not wording


def _disputes(view: View, text: str, entry: ClaimEntry, lesson: _Lesson, role: Role | None) -> bool:
    """Whether the message disputes the claim: one of its contradicting facts, or a dispute word neither the
    wording nor the claim's wordings use.
    """  # noqa: D205
    plain, _links = split_links(text)
    contradictions = contradiction_phrases(entry.claim.contradictions, entry.agencies)
    if stance_of(view, plain, contradictions, asserted=True, role=role).stance is Stance.DISPUTE:
        return True
    vocabulary = {term for phrase in (*entry.texts, lesson.phrase) for term in phrase.terms}
    return disputing(view, vocabulary) is not None


def _blockers(query: Query, thresholds: Thresholds, matcher: Matcher, entry: ClaimEntry) -> list[Evidence]:
    blockers: list[Evidence] = []
    if query.word_count < thresholds.min_words_for_reply:
        blockers.append(Evidence("context", "", f"too short to answer automatically ({query.word_count} words)"))
    if any(matcher.is_source_link(entry.incident.id, link) for link in query.links):
        blockers.append(Evidence("context", "", "the message already links a source of the official record"))
    return blockers


def _learned_evidence(best: scoring.TextFit) -> Evidence:
    """The reason for a match on a learned wording: the message's own words, never the wording (another member's
    message, maybe from a channel the readers of this answer cannot see).
    """  # noqa: D205
    view = best.view
    said = " ".join(view.words[position] for position in sorted(set(best.matched)) if position < len(view.words))
    detail = (
        f'the message says "{said}", like a wording moderators of this server approved as a post of this claim '
        f"({round(best.value * 100)}% fit)"
    )
    return Evidence("text", said, detail)


def _improves(learned: Match, matches: Sequence[Match]) -> bool:
    """Whether the learned match says more than the matcher's own match for its claim (if any)."""
    for match in matches:
        if (match.incident_id, match.claim_id) == (learned.incident_id, learned.claim_id):
            if match.action is Action.REPLY:
                return False
            return learned.action is Action.REPLY or learned.score > match.score
    return True
