"""Answer cards: what the bot says about a match, taken only from the knowledge base.

A card is presentation-neutral: the Discord embed, the plain-text renderer and the console all
show the same fields. Nothing here is written by the bot; every sentence is a knowledge-base field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knowledge.base import KnowledgeBase
from knowledge.matching.types import Action, Match
from knowledge.schema import Incident, Rating, Source, Statement, Verdict


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

    @property
    def attribution(self) -> str:
        """``Speaker, via Outlet, 2024-05-06``: the parts that are known."""
        parts = [self.speaker]
        if self.via:
            parts.append(f"via {self.via}")
        if self.date:
            parts.append(self.date.isoformat())
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

    @property
    def verdict_label(self) -> str:
        """The verdict as shown to people."""
        return self.verdict.label

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
    incident = knowledge.get(match.incident_id)
    claim = incident.claim(match.claim_id)
    statements = incident.statements_for(claim)[:max_statements]
    return AnswerCard(
        incident_id=incident.id,
        incident_title=incident.title,
        claim_id=claim.id,
        claim_text=claim.text,
        verdict=claim.verdict,
        clarification=claim.clarification,
        statements=tuple(_quoted(incident, statement) for statement in statements),
        reasons=tuple(match.reason_texts),
        score=match.score,
        action=match.action,
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
    )
