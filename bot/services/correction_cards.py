"""What a corrected answer shows: the claim's current record (or that it was withdrawn or retracted), noted.

The note is one ``Updated <date>: <what changed>`` line per change, shown with the card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.db.storage import DueAnswer, QueuedEdit
from bot.domain import AnswerStatus
from bot.services.cards import RETRACTED_TEXT, WITHDRAWN_TEXT, AnswerCard, Standing, claim_card
from knowledge.base import KnowledgeBase
from knowledge.claim_changes import ClaimRecord
from knowledge.matching.types import Action
from knowledge.schema import Verdict

SHOWN_UPDATES = 3
"""Update lines an edited answer shows at most (the latest)."""


def update_note(edits: Sequence[QueuedEdit]) -> str:
    """One ``Updated <date>: <what changed>`` line per change, the latest `SHOWN_UPDATES`."""
    return "\n".join(f"Updated {edit.created_at.date().isoformat()}: {edit.note}" for edit in edits[-SHOWN_UPDATES:])


def corrected_card(
    knowledge: KnowledgeBase, answer: DueAnswer, kept: ClaimRecord | None, *, max_statements: int | None
) -> AnswerCard:
    """The card an answer shows now.

    The claim's current record; a retracted answer says so; a claim no longer in the knowledge says it was
    withdrawn, with the claim as it last read (``kept``). The match's reasons are not stored, so an edited card
    gives none beyond its score.
    """
    retracted = answer.status == AnswerStatus.RETRACTED.value
    try:
        card = claim_card(
            knowledge,
            answer.incident_id,
            answer.claim_id,
            reasons=(),
            score=answer.score,
            action=_action(answer.action),
            max_statements=max_statements,
        )
    except KeyError:
        return _no_longer_standing(answer, kept, Standing.RETRACTED if retracted else Standing.WITHDRAWN)
    if retracted:
        return replace(card, standing=Standing.RETRACTED, clarification=RETRACTED_TEXT, statements=(), rating=None)
    return card


def _no_longer_standing(answer: DueAnswer, kept: ClaimRecord | None, standing: Standing) -> AnswerCard:
    """A card saying the answer no longer gives a verdict (its claim as it last read, when known)."""
    return AnswerCard(
        incident_id=answer.incident_id,
        incident_title=kept.incident_title if kept is not None else answer.incident_id,
        claim_id=answer.claim_id,
        claim_text=kept.claim_text if kept is not None else answer.claim_id,
        verdict=kept.verdict if kept is not None else Verdict.UNPROVEN,
        clarification=RETRACTED_TEXT if standing is Standing.RETRACTED else WITHDRAWN_TEXT,
        statements=(),
        reasons=(),
        score=answer.score,
        action=_action(answer.action),
        standing=standing,
    )


def _action(value: str) -> Action:
    try:
        return Action(value)
    except ValueError:
        return Action.REPLY
