"""Reviews of one incident turned into an `Incident`: one claim each, the fact-checker's rating, its words.

Nothing is invented. A review's rating is shown as the fact-checker's rating with its link (`Claim.rating`);
its ``reviewBody``, when there is one, becomes a statement in the fact-checker's name; dates appear only when
the review gives them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import ValidationError

from knowledge.claimreview._input import ClaimItem, ClaimReviewIn, Work
from knowledge.claimreview.ratings import SEVERITY
from knowledge.errors import LoadError, validation_errors
from knowledge.schema import Claim, Incident, KnownLink, Rating, Source, Statement, Verdict

UNNAMED_PUBLISHER = "Unnamed fact-checker"
"""The speaker of a review body whose feed names no publisher."""
_TITLE_MAX = 120


@dataclass(frozen=True)
class Review:
    """One valid ClaimReview item, with its place in the source, ids, verdict and publisher (None: unknown)."""

    where: str
    line: int | None
    item: ClaimReviewIn
    incident_id: str
    claim_id: str
    verdict: Verdict
    publisher: str | None


def build_incident(group: list[Review], source: str, errors: list[LoadError]) -> Incident | None:
    """The incident of reviews sharing an incident id (None, with errors, when it is invalid)."""
    group = _unique_claims(group, source, errors)
    if not group:
        return None
    first = group[0]
    lead = min(group, key=lambda review: SEVERITY.index(review.verdict))
    with_body = [review for review in group if review.item.review_body]
    sources = {review.claim_id: _source(review) for review in group}
    try:
        return Incident(
            id=first.incident_id,
            title=first.item.headline or first.item.name or _shorten(first.item.claim_reviewed),
            summary=first.item.review_body or first.item.claim_reviewed,
            date=next((r.item.item_reviewed.date_published for r in group if _claim_date(r)), None),
            verdict=lead.verdict,
            verdict_summary=_rated(lead),
            keywords=tuple(dict.fromkeys(word for review in group for word in review.item.keywords)),
            claims=tuple(_claim(review, review in with_body) for review in group),
            statements=tuple(_statement(review, sources[review.claim_id]) for review in with_body),
            sources=tuple({str(source.url): source for source in sources.values()}.values()),
            links=_links(group),
        )
    except ValidationError as exc:
        errors.extend(validation_errors(source, exc, prefix=first.where))
        return None


def _claim_date(review: Review) -> bool:
    return review.item.item_reviewed is not None and review.item.item_reviewed.date_published is not None


def _unique_claims(group: list[Review], source: str, errors: list[LoadError]) -> list[Review]:
    seen: dict[str, str] = {}
    kept: list[Review] = []
    for review in group:
        if review.claim_id in seen:
            earlier = seen[review.claim_id] or "the top level"
            message = f"duplicate claim {review.claim_id!r} of incident {review.incident_id!r}, already at {earlier}"
            errors.append(LoadError(source, review.where, message, review.line))
            continue
        seen[review.claim_id] = review.where
        kept.append(review)
    return kept


def _shorten(text: str) -> str:
    return text if len(text) <= _TITLE_MAX else text[: _TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


def _quoted_rating(review: Review) -> str:
    rating = review.item.review_rating
    return f'"{rating.text}"' if rating.text else str(rating.words)


def _rated(review: Review) -> str:
    if review.publisher is None:
        return f"An unnamed fact-checker rated this claim {_quoted_rating(review)}."
    return f"{review.publisher} rated this claim {_quoted_rating(review)}."


def _statement_id(review: Review) -> str:
    return f"review-{review.claim_id}"[:100].rstrip("-")


def _claim(review: Review, has_body: bool) -> Claim:
    item = review.item
    rating = Rating(
        rating=str(item.review_rating.words), publisher=review.publisher, url=item.url, date=item.date_published
    )
    return Claim(
        id=review.claim_id,
        text=item.claim_reviewed,
        verdict=review.verdict,
        clarification=_rated(review),
        rating=rating,
        statements=(_statement_id(review),) if has_body else (),
    )


def _source(review: Review) -> Source:
    item = review.item
    return Source(url=item.url, title=item.headline or item.name, publisher=review.publisher, date=item.date_published)


def _statement(review: Review, source: Source) -> Statement:
    item = review.item
    claimant = item.item_reviewed.author if item.item_reviewed else None
    return Statement(
        id=_statement_id(review),
        speaker=review.publisher or UNNAMED_PUBLISHER,
        quote=str(item.review_body),
        date=item.date_published,
        context=f"Reviewing a claim by {claimant.name}." if claimant else None,
        source=source,
    )


def _links(group: list[Review]) -> tuple[KnownLink, ...]:
    links: dict[str, KnownLink] = {}
    for review in group:
        for work, url in _appearances(review.item.item_reviewed):
            note = work.headline or work.name if work else None
            links.setdefault(url, KnownLink(url=url, claim=review.claim_id, note=note))
    return tuple(links.values())


def _appearances(item: ClaimItem | None) -> Iterator[tuple[Work | None, str]]:
    if item is None:
        return
    for work in (*item.appearance, *((item.first_appearance,) if item.first_appearance else ())):
        yield work, str(work.url)
    if item.url:
        yield None, str(item.url)
