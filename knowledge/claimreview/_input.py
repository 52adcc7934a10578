"""The ClaimReview properties read on import, as pydantic models; anything else in an item is ignored.

Required as Google's consumers require them: ``url``, ``claimReviewed`` and ``reviewRating``. ``author``,
``datePublished`` and ``itemReviewed`` are recommended: the importer copes without them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from knowledge.claimreview.ratings import rating_words
from knowledge.schema import Url


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def first(value: object) -> object:
    """The first element of a list (None when empty), or the value itself."""
    return (value[0] if value else None) if isinstance(value, list) else value


def _named(value: object) -> object:
    value = first(value)
    return {"name": value} if isinstance(value, str) else value


def as_list(value: object) -> list[object]:
    """The value as a list: ``[]`` for None, ``[value]`` for one value."""
    return [] if value is None else value if isinstance(value, list) else [value]


def _date_part(value: object) -> object:
    value = _blank_to_none(value)
    if isinstance(value, str) and len(value) > 10 and value[10] in "T ":
        return value[:10]
    return value


def _identifier(value: object) -> object:
    value = first(value)
    if isinstance(value, dict):
        value = value.get("value")
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else _blank_to_none(value)


def _keywords(value: object) -> object:
    return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else as_list(value)


Text = Annotated[str, Field(min_length=1)]
OptText = Annotated[str | None, BeforeValidator(_blank_to_none)]
OptNumber = Annotated[float | None, BeforeValidator(_blank_to_none)]
OptDate = Annotated[dt.date | None, BeforeValidator(_date_part)]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True, alias_generator=to_camel)


class Named(_In):
    """An organisation or person: only its name is used."""

    name: Text


OptNamed = Annotated[Named | None, BeforeValidator(_named)]


class Work(_In):
    """A page where a claim appeared (a bare URL string is accepted)."""

    url: Url
    headline: OptText = None
    name: OptText = None

    @model_validator(mode="before")
    @classmethod
    def _bare_url(cls, data: object) -> object:
        return {"url": data} if isinstance(data, str) else data


class RatingIn(_In):
    """``reviewRating``: a textual rating (``alternateName`` or ``name``), a value on a scale, or both."""

    alternate_name: OptText = None
    name: OptText = None
    rating_value: OptNumber = None
    best_rating: OptNumber = None
    worst_rating: OptNumber = None

    @property
    def text(self) -> str | None:
        """The textual rating, when given."""
        return self.alternate_name or self.name

    @property
    def words(self) -> str | None:
        """The rating as published (``False``, ``2 on a scale of 1 to 5``); None when it says nothing."""
        return rating_words(self.text, self.rating_value, self.best_rating, self.worst_rating)

    @model_validator(mode="after")
    def _says_something(self) -> RatingIn:
        if self.words is None:
            raise ValueError("no rating given: expected alternateName, name or ratingValue")
        return self


class ClaimItem(_In):
    """``itemReviewed``: the claim, who made it, when, and where it appeared."""

    author: OptNamed = None
    date_published: OptDate = None
    appearance: Annotated[tuple[Work, ...], BeforeValidator(as_list)] = ()
    first_appearance: Annotated[Work | None, BeforeValidator(first)] = None
    url: Annotated[Url | None, BeforeValidator(_blank_to_none)] = None


class ClaimReviewIn(_In):
    """One ClaimReview item; ``author`` falls back on the item's ``publisher`` (None when neither is given)."""

    identifier: Annotated[str | None, BeforeValidator(_identifier)] = None
    url: Url
    claim_reviewed: Text
    review_rating: Annotated[RatingIn, BeforeValidator(first)]
    headline: OptText = None
    name: OptText = None
    review_body: OptText = None
    author: OptNamed = None
    date_published: OptDate = None
    item_reviewed: Annotated[ClaimItem | None, BeforeValidator(first)] = None
    keywords: Annotated[tuple[str, ...], BeforeValidator(_keywords)] = ()

    @model_validator(mode="before")
    @classmethod
    def _publisher_as_author(cls, data: object) -> object:
        if isinstance(data, dict) and not data.get("author") and data.get("publisher"):
            return {**data, "author": data["publisher"]}
        return data


def publisher_name(value: object) -> str | None:
    """The name of a document-level ``publisher`` or ``author`` (a string or an object with ``name``)."""
    value = _named(value)
    name = value.get("name") if isinstance(value, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else None
