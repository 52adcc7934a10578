"""The incident model: what the knowledge base says about one event, validated by pydantic.

One YAML file per incident under ``knowledge/incidents/``. Every statement the bot shows is an
official's exact words with who said it and a source link; nothing here is free text from the bot.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=2, max_length=100)]
NonEmpty = Annotated[str, AfterValidator(str.strip), Field(min_length=1)]


def _url_text(value: HttpUrl) -> str:
    return str(value)


Url = Annotated[HttpUrl, AfterValidator(_url_text)]


class Verdict(StrEnum):
    """How a claim stands against the official record; maps onto ClaimReview ratings."""

    FALSE = "false"
    MISLEADING = "misleading"
    CONTRADICTED = "contradicted"
    MISSING_CONTEXT = "missing-context"
    UNPROVEN = "unproven"
    ACCURATE = "accurate"

    @property
    def label(self) -> str:
        """The verdict as shown to people."""
        return _VERDICT_LABELS[self]

    @property
    def actionable(self) -> bool:
        """Whether a claim with this verdict is worth answering unasked (accurate or unproven ones are not)."""
        return self not in _UNACTIONABLE


_UNACTIONABLE = frozenset({Verdict.ACCURATE, Verdict.UNPROVEN})
"""Verdicts never answered unasked (a set: reading a member off the class each time is slow)."""
_VERDICT_LABELS = {
    Verdict.FALSE: "False",
    Verdict.MISLEADING: "Misleading",
    Verdict.CONTRADICTED: "Contradicted by officials",
    Verdict.MISSING_CONTEXT: "Missing context",
    Verdict.UNPROVEN: "Unproven",
    Verdict.ACCURATE: "Accurate",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Model):
    """A page that reports the facts or statements, with where it was published."""

    url: Url
    title: NonEmpty | None = None
    publisher: NonEmpty | None = None
    date: dt.date | None = None


REPORTED = "as reported, not their exact words"
"""How a reported statement's attribution is marked."""


class Statement(_Model):
    """An official's exact words (or, `reported`, what the source reports they said), attributed and sourced."""

    id: Slug
    speaker: NonEmpty = Field(description="Who said it: a person, office, agency or the outlet that reported it.")
    quote: NonEmpty = Field(
        description="The exact words, without surrounding quotation marks; when `reported`, what was said as the "
        "source reports it."
    )
    reported: bool = Field(
        default=False,
        description="The source gives what was said, not the words: shown without quotation marks, marked "
        f"'{REPORTED}'.",
    )
    via: NonEmpty | None = Field(default=None, description="The outlet that reported it, e.g. 'KTLA'.")
    date: dt.date | None = None
    context: NonEmpty | None = Field(default=None, description="Where or when it was said, if not obvious.")
    source: Source | None = Field(
        default=None, description="Where it was reported; the incident's sources when absent."
    )

    @property
    def shown(self) -> str:
        """The words as shown: in quotation marks, or as reported (no quotation marks: they are not the words)."""
        return shown_words(self.quote, reported=self.reported)


def shown_words(text: str, *, reported: bool) -> str:
    """Words as shown: “quoted”, unless they are what a source reports was said (then as they are)."""
    return text if reported else f"\u201c{text}\u201d"


class Rating(_Model):
    """A fact-checker's published rating of a claim: shown as theirs, with its link, never as a quote."""

    rating: NonEmpty = Field(description="The rating as published: 'False', '2 on a scale of 1 to 5'.")
    publisher: NonEmpty | None = Field(default=None, description="Who published it; unknown when absent.")
    url: Url = Field(description="The published review.")
    date: dt.date | None = None


class Claim(_Model):
    """One claim as it circulates, with its own verdict and the statements that answer it."""

    id: Slug
    text: NonEmpty = Field(description="The claim in the words people use.")
    verdict: Verdict
    clarification: NonEmpty = Field(description="One line: what the record says instead.")
    phrasings: tuple[NonEmpty, ...] = Field(default=(), description="Other ways people post the claim.")
    contradictions: tuple[NonEmpty, ...] = Field(
        default=(),
        description="What the official record says against the claim, in people's words; a message saying it "
        "disputes the claim and is never answered (unless it quotes it mockingly).",
    )
    rating: Rating | None = Field(default=None, description="A fact-checker's rating (imported reviews).")
    statements: tuple[Slug, ...] = Field(
        default=(), validate_default=True, description="Ids of the statements that answer it."
    )

    @field_validator("statements")
    @classmethod
    def _something_answers(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if not value and info.data.get("rating") is None:
            raise ValueError("a claim needs at least one statement (or, imported, a fact-checker's rating)")
        return value


class KnownLink(_Model):
    """A link where the claim appeared (a post, a video, an article)."""

    url: Url
    claim: Slug | None = Field(default=None, description="The claim it carries; the first claim when absent.")
    note: NonEmpty | None = None


class NearMiss(_Model):
    """Another event with the same place, agency or vocabulary, which must not trigger a reply."""

    description: NonEmpty
    terms: tuple[NonEmpty, ...] = Field(default=(), description="Words that point to the other event.")


class Location(_Model):
    """Where the incident happened."""

    place: NonEmpty | None = None
    city: NonEmpty
    region: NonEmpty
    country: NonEmpty = "US"


class Incident(_Model):
    """An event, the claims circulating about it, and the official record."""

    id: Slug
    title: NonEmpty
    summary: NonEmpty
    location: Location | None = Field(default=None, description="Unknown for imported fact checks.")
    date: dt.date | None = Field(default=None, description="Only when the record gives it.")
    when: NonEmpty | None = Field(default=None, description="The time as the record words it.")
    verdict: Verdict
    verdict_summary: NonEmpty
    keywords: tuple[NonEmpty, ...] = Field(default=(), description="Names and places that identify the event.")
    claims: tuple[Claim, ...] = Field(min_length=1)
    statements: tuple[Statement, ...] = Field(default=(), description="Empty only when every claim has a rating.")
    sources: tuple[Source, ...] = ()
    links: tuple[KnownLink, ...] = ()
    near_misses: tuple[NearMiss, ...] = ()

    @model_validator(mode="after")
    def _check_references(self) -> Incident:
        _require_unique("claims", [claim.id for claim in self.claims])
        _require_unique("statements", [statement.id for statement in self.statements])
        statement_ids = {statement.id for statement in self.statements}
        for index, claim in enumerate(self.claims):
            missing = [ref for ref in claim.statements if ref not in statement_ids]
            if missing:
                raise ValueError(f"claims.{index}.statements: unknown statement id(s) {', '.join(missing)}")
        if not self.sources and any(statement.source is None for statement in self.statements):
            raise ValueError("statements: a statement without a source needs the incident to list sources")
        claim_ids = {claim.id for claim in self.claims}
        for index, link in enumerate(self.links):
            if link.claim is not None and link.claim not in claim_ids:
                raise ValueError(f"links.{index}.claim: unknown claim id {link.claim}")
        return self

    def claim(self, claim_id: str) -> Claim:
        """Return the claim with this id (KeyError when absent)."""
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(claim_id)

    def statement(self, statement_id: str) -> Statement:
        """Return the statement with this id (KeyError when absent)."""
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise KeyError(statement_id)

    def statements_for(self, claim: Claim) -> tuple[Statement, ...]:
        """The statements that answer a claim, in the claim's order."""
        return tuple(self.statement(ref) for ref in claim.statements)

    def sources_for(self, statement: Statement) -> tuple[Source, ...]:
        """Where a statement was reported: its own source, else the incident's sources."""
        return (statement.source,) if statement.source else self.sources

    def link_claim(self, link: KnownLink) -> Claim:
        """The claim a known link carries."""
        return self.claim(link.claim) if link.claim else self.claims[0]


def _require_unique(field: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise ValueError(f"{field}: duplicate id {value}")
        seen.add(value)
