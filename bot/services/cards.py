"""Answer cards: what the bot says about a match, taken only from the knowledge base.

A card is presentation-neutral: the Discord embed, the plain-text renderer and the console all
show the same fields. Nothing here is written by the bot; every sentence is a knowledge-base field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from knowledge.base import KnowledgeBase
from knowledge.matching.types import Action, Match
from knowledge.schema import REPORTED, Incident, Rating, Source, Statement, Verdict, shown_words


@dataclass(frozen=True)
class SourceLink:
    """Where something was published."""

    url: str
    title: str | None = None
    publisher: str | None = None
    date: dt.date | None = None

    @classmethod
    def of(cls, source: Source) -> SourceLink:
        """From a knowledge-base source."""
        return cls(url=str(source.url), title=source.title, publisher=source.publisher, date=source.date)


@dataclass(frozen=True)
class QuotedStatement:
    """An official's exact words with who said them, when and where they were reported."""

    quote: str
    speaker: str
    via: str | None
    date: dt.date | None
    context: str | None
    sources: tuple[SourceLink, ...]
    reported: bool = False
    """What a source reports was said, not the words: shown without quotation marks."""

    @property
    def shown(self) -> str:
        """The words as shown: “quoted”, or as reported."""
        return shown_words(self.quote, reported=self.reported)

    @property
    def attribution(self) -> str:
        """``Speaker, via Outlet, 2024-05-06``: the parts that are known (and that it is reported, if it is)."""
        parts = [self.speaker]
        if self.via:
            parts.append(f"via {self.via}")
        if self.date:
            parts.append(self.date.isoformat())
        if self.reported:
            parts.append(REPORTED)
        return ", ".join(parts)


@dataclass(frozen=True)
class PublishedRating:
    """A fact-checker's rating of the claim as they published it: shown as theirs with its link, never quoted."""

    rating: str
    publisher: str | None
    source: SourceLink

    @classmethod
    def of(cls, rating: Rating) -> PublishedRating:
        """From a knowledge-base rating."""
        source = SourceLink(url=str(rating.url), publisher=rating.publisher, date=rating.date)
        return cls(rating=rating.rating, publisher=rating.publisher, source=source)

    @property
    def by(self) -> str:
        """Who published it: the publisher's name, or that the feed does not name one."""
        return self.publisher or "an unnamed fact-checker"


class Standing(StrEnum):
    """Whether an answer still stands: shown with its verdict, or saying why it no longer gives one."""

    CURRENT = "current"
    WITHDRAWN = "withdrawn"  # the claim is no longer in the knowledge base
    RETRACTED = "retracted"  # moderators retracted the answer


WITHDRAWN_TEXT = (
    "This fact-check was withdrawn from the knowledge base, so this answer no longer gives a verdict on the claim."
)
RETRACTED_TEXT = "Moderators retracted this answer: it did not fit the message it replied to."


@dataclass(frozen=True)
class AnswerCard:
    """Everything an answer shows, for one claim of one incident."""

    incident_id: str
    incident_title: str
    claim_id: str
    claim_text: str
    verdict: Verdict
    clarification: str
    statements: tuple[QuotedStatement, ...]
    reasons: tuple[str, ...]
    score: float
    action: Action
    rating: PublishedRating | None = None
    standing: Standing = Standing.CURRENT

    @property
    def current(self) -> bool:
        """Whether the answer still stands (not withdrawn, not retracted)."""
        return self.standing is Standing.CURRENT

    @property
    def verdict_label(self) -> str:
        """The verdict as shown to people ("Withdrawn" or "Retracted" when the answer no longer stands)."""
        return self.verdict.label if self.current else self.standing.value.capitalize()

    @property
    def sources(self) -> tuple[SourceLink, ...]:
        """Every source of the quoted statements, then the rating's review, once each, in order."""
        seen: dict[str, SourceLink] = {}
        for statement in self.statements:
            for source in statement.sources:
                seen.setdefault(source.url, source)
        if self.rating is not None:
            seen.setdefault(self.rating.source.url, self.rating.source)
        return tuple(seen.values())


def compose_card(knowledge: KnowledgeBase, match: Match, *, max_statements: int | None = None) -> AnswerCard:
    """The card for a match (KeyError if the match names an incident or claim the knowledge lacks).

    Args:
        knowledge: The knowledge base the match came from.
        match: The matcher's result.
        max_statements: Quote at most this many statements (the claim's first ones); all when None.
    """
    return claim_card(
        knowledge,
        match.incident_id,
        match.claim_id,
        reasons=tuple(match.reason_texts),
        score=match.score,
        action=match.action,
        max_statements=max_statements,
    )


def claim_card(
    knowledge: KnowledgeBase,
    incident_id: str,
    claim_id: str,
    *,
    reasons: tuple[str, ...],
    score: float,
    action: Action,
    max_statements: int | None = None,
) -> AnswerCard:
    """The card of a claim as the knowledge has it now (KeyError if it lacks the incident or claim)."""
    incident = knowledge.get(incident_id)
    claim = incident.claim(claim_id)
    statements = incident.statements_for(claim)[:max_statements]
    return AnswerCard(
        incident_id=incident.id,
        incident_title=incident.title,
        claim_id=claim.id,
        claim_text=claim.text,
        verdict=claim.verdict,
        clarification=claim.clarification,
        statements=tuple(_quoted(incident, statement) for statement in statements),
        reasons=reasons,
        score=score,
        action=action,
        rating=PublishedRating.of(claim.rating) if claim.rating is not None else None,
    )


def _quoted(incident: Incident, statement: Statement) -> QuotedStatement:
    return QuotedStatement(
        quote=statement.quote,
        speaker=statement.speaker,
        via=statement.via,
        date=statement.date,
        context=statement.context,
        sources=tuple(SourceLink.of(source) for source in incident.sources_for(statement)),
        reported=statement.reported,
    )
