"""What the matcher returns: ranked matches with an action and the reasons behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Action(StrEnum):
    """What the bot should do with a match."""

    REPLY = "reply"
    REVIEW = "review"
    IGNORE = "ignore"


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs (0-100) for the actions; configurable per server."""

    reply: float = 80.0
    review: float = 55.0
    min_words_for_reply: int = 4

    def __post_init__(self) -> None:
        if not 0 <= self.review <= self.reply <= 100:
            raise ValueError("thresholds must satisfy 0 <= review <= reply <= 100")


EvidenceKind = Literal["link", "slug", "text", "page", "examples", "near-miss", "context"]
"""What a reason is about: the first five support a match ("examples": labelled messages it is like), "near-miss"
and "context" explain a lower score or action."""


@dataclass(frozen=True)
class Evidence:
    """One reason for a match: what in the message matched what in the knowledge base."""

    kind: EvidenceKind
    value: str = field(metadata={"doc": "The canonical link or the normalised phrase from the message."})
    detail: str = field(metadata={"doc": "A sentence for people, e.g. 'link matches a known post of the clip'."})

    def __str__(self) -> str:
        return self.detail


@dataclass(frozen=True)
class LinkPage:
    """What was read from a linked page (issue 5); matched like text, never fetched by the matcher."""

    url: str
    canonical_url: str | None = None
    title: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Match:
    """A candidate: one claim of one incident, scored 0-100, with the action and the reasons."""

    incident_id: str
    claim_id: str
    claim: str
    score: float
    action: Action
    reasons: tuple[Evidence, ...] = ()
    named: bool = False
    """Whether the message itself names the incident (its names, places), whatever its action: the conversation
    is about it for a while."""

    @property
    def reason_texts(self) -> list[str]:
        """The reasons as sentences."""
        return [str(reason) for reason in self.reasons]

    def to_json(self) -> dict[str, object]:
        """The match as the CLI prints it."""
        return {
            "incident": self.incident_id,
            "claim": self.claim,
            "claim_id": self.claim_id,
            "score": round(self.score, 1),
            "action": self.action.value,
            "reasons": self.reason_texts,
        }
