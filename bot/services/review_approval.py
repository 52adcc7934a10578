"""The answer an approval posts: composed and reserved in the decision's own transaction, recovered on a retry.

Committing the decision and reserving its answer separately lost the answer when the database failed between
the two (the replayed decision found the item decided and did nothing). Now `reserve_with_decision` writes the
pending answer before the decision commits, and `resume` finds that pending answer again when the same
decision is seen a second time (an outbox replay, or the moderator clicking again): the answer is then posted,
once (the platform reply's nonce is derived from the answered message).
"""

from __future__ import annotations

import datetime as dt

from bot.db.storage import NewAnswer, Transaction
from bot.services.alerts import Reservation
from bot.services.cards import AnswerCard, compose_card
from bot.services.review_types import Approval, ReviewItemView
from knowledge.base import KnowledgeBase
from knowledge.matching.types import Action, Evidence, Match

CONFIRMED = "a moderator of this server confirmed it"


def approved_card(
    knowledge: KnowledgeBase, view: ReviewItemView, incident_id: str, claim_id: str, max_statements: int | None
) -> tuple[AnswerCard, float]:
    """The card an approval posts, with the score it is recorded under."""
    known = {(c.incident_id, c.claim_id): c for c in (*view.candidates, *filter(None, [view.suggestion]))}
    candidate = known.get((incident_id, claim_id))
    score = candidate.score if candidate is not None and candidate.score is not None else 100.0
    reasons = (*(candidate.reasons if candidate else ()), CONFIRMED)
    evidence = tuple(Evidence("context", "", reason) for reason in reasons)
    claim = knowledge.claim(incident_id, claim_id)
    match = Match(incident_id, claim_id, claim.text, score, Action.REPLY, evidence)
    return compose_card(knowledge, match, max_statements=max_statements), score


def answer_record(view: ReviewItemView, text_sha256: str, incident_id: str, claim_id: str, score: float) -> NewAnswer:
    """The answer row an approval reserves (as an automatic answer would be)."""
    return NewAnswer(
        guild_id=view.guild_id,
        channel_id=view.channel_id,
        source_message_id=view.message_id,
        incident_id=incident_id,
        claim_id=claim_id,
        score=score,
        action=Action.REPLY.value,
        text_sha256=text_sha256,
        platform=view.platform.value,
    )


async def reserve_with_decision(tx: Transaction, record: NewAnswer, *, now: dt.datetime) -> int | None:
    """Reserve the answer in the decision's transaction (not committed); None when the message has one."""
    return await tx.answers.add_pending(record, now=now)


async def resume(tx: Transaction, view: ReviewItemView, card: AnswerCard) -> Approval:
    """The approval of an item decided earlier whose answer may not be posted yet (its reservation, if pending)."""
    pending = await tx.answers.pending_answer_of(view.source)
    reservation = None
    if pending is not None:
        ids = (view.guild_id, view.channel_id, view.message_id, card.incident_id, card.claim_id)
        reservation = Reservation(pending, *ids, platform=view.platform)
    return Approval(card, reservation, view.channel_id, view.message_id)


def approval(view: ReviewItemView, card: AnswerCard, answer_id: int | None) -> Approval:
    """What to post after the decision committed."""
    reservation = None
    if answer_id is not None:
        ids = (view.guild_id, view.channel_id, view.message_id, card.incident_id, card.claim_id)
        reservation = Reservation(answer_id, *ids, platform=view.platform)
    return Approval(card, reservation, view.channel_id, view.message_id)
