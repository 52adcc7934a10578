"""What closeness in meaning may do to a match: recall, never an answer on meaning alone.

Embeddings confuse events that share words ("CHP officer shot a man on the 105 freeway" is close to the
Compton claim), so a message close in meaning to a claim is promoted only with the matcher's other evidence:
it names the incident, points to no documented near miss, does not reverse the police's part, does not dispute
the claim, and is closer to the claim than to the incident's official line (news, grief and the debunk itself
are close to the record). Then it goes at least to review; to an automatic answer only when it is very close
and its words already score near the reply threshold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from knowledge.matching.catalog import ClaimEntry
from knowledge.matching.roles import Role
from knowledge.matching.semantic import Closeness
from knowledge.matching.stance import StanceCheck
from knowledge.matching.text import base_term, is_negated, stem
from knowledge.matching.types import Evidence, Thresholds
from knowledge.matching.views import View, concept_of, low_information_stems

PROMOTED_REPLY = Thresholds().reply
"""The highest score a promotion gives: a server asking for more than the default to answer gets a review."""
EVENT_CREDIT = 0.85
"""How well (exact or synonym, not a typo guess) the message must have a word of the claim's event."""


@dataclass(frozen=True)
class MeaningParams:
    """Tuning of the semantic layer (defaults set on the labelled messages and CheckThat train/dev).

    Attributes:
        review: Closeness to a claim wording that sends an anchored message at least to review.
        reply: Closeness to a claim wording that lets an anchored message be answered ...
        reply_words: ... when its words score at least this (the lexical score, 0-100) ...
        reply_margin: ... and it is this much closer to the claim than to the official line.
        margin: How much closer to the claim than to the official line the message must be.
        recall: Closeness from which a claim is scored even if its words did not make it a candidate.
        mocked: Closeness that sends a message mocking the official line to review.
        rank: Share of the ranking given to closeness when listing the best candidates of a large base (``top=N``)
            that nobody reads (the alerts; messages embedded statically, which adds little to the words: CheckThat!
            train/dev best near 0.2).
        candidates: Lexical candidates at least compared by meaning in a large knowledge base (more cost time and,
            with static embeddings, gained nothing on CheckThat! train/dev).
        uncertain: A listing a person reads (``ranked``) of a large base whose full-model embeddings are ready is
            ranked in the full model's space: with the message's static embedding mapped into it, or, when the
            two best candidates so ranked are less than this apart (0-100) ...
        full_words: ... and the message has at least this many words, with the full model's embedding of the
            message (about 20 ms). On CheckThat! train/dev (13,824 claims) 6 sends 16% / 8% of the tweets to the
            full model: MAP@5 0.900 / 0.966, against 0.879 / 0.952 before (the words' two best scores less than
            10 apart sent 11% / 5% there, the rest ranked with static closeness); 4: 0.899 / 0.956, 8: 0.899 /
            0.966 for more forward passes. With 100k claims 6 sends 23% of train's tweets there.
        full_tokens: Word pieces of the message the full model reads then (a long tweet's first 48 say what it
            claims, its tail is mostly the author and hashtags; the forward pass costs in proportion): 40 gives
            0.896 / 0.966, 32 0.895 / 0.961.
        full_rank: Share of either ranking given to closeness in the full model's space (0.65: 0.900 / 0.964) ...
        full_bm25: ... and, of the rest, to the candidate's BM25 score relative to the best one's (the score's own
            BM25 factor buries a claim the message words differently; 0.2: 0.897 / 0.966).
        nearest: Claims nearest the message's full-model embedding added to that ranking (those its words missed;
            none: 0.894 / 0.954) ...
        mapped_nearest: ... and nearest its mapped static embedding (none: 0.894 / 0.959; 2 or 3 gain nothing
            more on train/dev and each costs a candidate's score).
    """

    review: float = 0.5
    reply: float = 0.72
    reply_margin: float = 0.1
    reply_words: float = 70.0
    margin: float = 0.03
    recall: float = 0.35
    mocked: float = 0.35
    rank: float = 0.2
    candidates: int = 5
    uncertain: float = 6.0
    full_words: int = 10
    full_tokens: int = 48
    full_rank: float = 0.6
    full_bm25: float = 0.3
    nearest: int = 5
    mapped_nearest: int = 1


@cache
def _bystanders() -> frozenset[int | None]:
    """Synonym groups that name who was involved rather than what happened (police, a man, a woman)."""
    return frozenset(concept_of(stem(word)) for word in ("police", "man", "woman", "video"))


def event_terms(entry: ClaimEntry) -> frozenset[str]:
    """The words of the claim's wordings that say what happened: not the incident's names and places, not
    low-information words, not who was involved ("shoot", "innocent", "unarmed", "tears").
    """  # noqa: D205
    naming = {term for anchor in entry.anchors for term in anchor.phrase.terms} | set(entry.agencies)
    low, people = low_information_stems(), _bystanders()
    shared = 2 if len(entry.texts) >= 3 else 1
    counts = Counter(_key(term) for phrase in entry.texts for term in set(phrase.terms)) if shared > 1 else None
    found: list[str] = []  # in the order of the wordings' terms, as before
    for phrase in entry.texts:
        for term in phrase.terms:
            if term in naming or term in low:
                continue
            group = concept_of(term)
            if group is not None and group in people:
                continue
            if counts is None or counts[term if group is None else group] >= shared:  # each term is in one
                found.append(term)
    return frozenset(found)


CORE_SHARE = 0.6
"""Share of a claim's wordings that must use a word of what happened for it to be the claim's core."""


def core_terms(entry: ClaimEntry, events: frozenset[str]) -> frozenset[str]:
    """What a message must say for the claim to be acted on: when most of its wordings share a word of what
    happened ("hit" for "the officer was hit too"), that word and the others a fifth of them use (besides
    "shoot" and "kill", which every claim about a shooting has), all with their synonyms; else any of its event
    words.
    """  # noqa: D205
    counts: dict[str | int, int] = {}  # a Counter's counts, in the same order (the first most common is taken)
    for phrase in entry.texts:
        for key in {_key(t) for t in phrase.terms if t in events}:
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return events
    key, count = max(counts.items(), key=itemgetter(1))
    if count < CORE_SHARE * len(entry.texts):
        return _beyond_police_shooting(entry, events)
    violence = _violence()
    keys = {key} | {
        other
        for other, seen in counts.items()
        if seen >= CORE_OTHERS * len(entry.texts) and (other not in violence or key in violence)
    }
    return frozenset(term for term in events if _key(term) in keys)


CORE_OTHERS = 0.2

_OPENED = stem("open")
"""As in "opened fire"."""


def _beyond_police_shooting(entry: ClaimEntry, events: frozenset[str]) -> frozenset[str]:
    """A claim of the police shooting someone is not said by the shooting alone ("the cop shot her", "killed",
    even "murdered": the word for it is no claim): its event words less those of shooting, when others remain.
    """  # noqa: D205
    if entry.role is not Role.AGENT:
        return events
    violence = _violence()
    rest = frozenset(term for term in events if concept_of(base_term(term)) not in violence and term != _OPENED)
    return rest or events


@cache
def _violence() -> frozenset[int | None]:
    return frozenset(concept_of(stem(word)) for word in ("shoot", "kill"))


def _key(term: str) -> str | int:
    group = concept_of(term)
    return term if group is None else group


def says_event(view: View, terms: frozenset[str]) -> bool:
    """Whether a message says some of what the claim says happened (the same way round, not negated)."""
    for term in terms:
        credit, positions = view.lookup(term)
        if credit >= EVENT_CREDIT and not (is_negated(view.terms[positions[0]]) and not is_negated(term)):
            return True
    return False


def promoted_score(
    score: float, closeness: Closeness, params: MeaningParams, thresholds: Thresholds, stance: StanceCheck
) -> tuple[float, Evidence | None]:
    """The score after meaning is weighed in (never lower), and the reason when it rose.

    A message quoting the official line mockingly is close to that line by construction: the margin is waived.
    """
    if stance.mocked and closeness.claim >= params.mocked and score < thresholds.review:
        detail = f'the message mocks what the record says ("{stance.said}") and means what the claim says'
        return thresholds.review, Evidence("text", stance.said, detail)
    if closeness.claim < closeness.official + params.margin or closeness.claim < params.review:
        return score, None
    target = thresholds.review
    if (
        closeness.claim >= params.reply
        and closeness.claim >= closeness.official + params.reply_margin
        and score >= params.reply_words
    ):
        target = min(thresholds.reply, PROMOTED_REPLY)
    if score >= target:
        return score, None
    percent = round(closeness.claim * 100)
    detail = f'the message means what the claim wording "{closeness.wording}" says ({percent}% close in meaning)'
    return target, Evidence("text", closeness.wording, detail)


def ranking(score: float, closeness: float, share: float) -> float:
    """The key candidates are listed by: the score blended with closeness in meaning."""
    return (1.0 - share) * score / 100.0 + share * max(0.0, closeness)


def full_ranking(score: float, bm25: float, closeness: float, params: MeaningParams) -> float:
    """The key a listing reranked by the full model is sorted by: the score and the BM25 ratio to the best
    candidate (0-1) blended, then blended with the full model's closeness.
    """  # noqa: D205
    words = (1.0 - params.full_bm25) * score / 100.0 + params.full_bm25 * bm25
    return (1.0 - params.full_rank) * words + params.full_rank * max(0.0, closeness)
