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
        rank: Share of the ranking given to closeness when listing the best candidates of a large base (``top=N``;
            messages are then embedded statically, which adds little to the words: CheckThat! train/dev best
            near 0.2).
        candidates: Lexical candidates at least compared by meaning in a large knowledge base (more cost time and,
            with static embeddings, gained nothing on CheckThat! train/dev).
        uncertain: A large base's listing whose two best candidates score less than this apart (0-100) is reranked
            with the full model once the base's full-model embeddings are ready (20-40 ms per message here). On
            CheckThat! train/dev (13,824 claims) 10 sends 11% / 5% of the tweets there (MAP@5 0.860 -> 0.877,
            0.940 -> 0.952), 20 sends 21% / 13% (0.887, 0.960) but costs 14 ms per tweet at 100k claims: 10 keeps
            the 10 ms budget ...
        full_words: ... when the message has at least this many words.
        full_rank: Share of that ranking given to the full model's closeness.
        reranked: Lexical candidates that ranking compares.
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
    uncertain: float = 10.0
    full_words: int = 10
    full_rank: float = 0.6
    reranked: int = 30


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
    counts = Counter(_key(term) for phrase in entry.texts for term in set(phrase.terms))
    shared = 2 if len(entry.texts) >= 3 else 1
    return frozenset(
        term
        for phrase in entry.texts
        for term in phrase.terms
        if term not in naming
        and term not in low
        and (concept_of(term) is None or concept_of(term) not in people)
        and counts[_key(term)] >= shared
    )


CORE_SHARE = 0.6
"""Share of a claim's wordings that must use a word of what happened for it to be the claim's core."""


def core_terms(entry: ClaimEntry, events: frozenset[str]) -> frozenset[str]:
    """What a message must say for the claim to be acted on: when most of its wordings share a word of what
    happened ("hit" for "the officer was hit too"), that word and the others a fifth of them use (besides
    "shoot" and "kill", which every claim about a shooting has), all with their synonyms; else any of its event
    words.
    """  # noqa: D205
    counts = Counter(_key(term) for phrase in entry.texts for term in {_key(t) for t in phrase.terms if t in events})
    if not counts:
        return events
    key, count = counts.most_common(1)[0]
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
