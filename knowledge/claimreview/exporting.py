"""Export the knowledge base as schema.org ClaimReview JSON-LD, one review per claim, importable back."""

from __future__ import annotations

import datetime as dt

from knowledge.base import KnowledgeBase
from knowledge.claimreview.ratings import BEST_RATING, VERDICT_RATINGS, WORST_RATING
from knowledge.schema import REPORTED, Claim, Incident


def export_claimreview(
    knowledge: KnowledgeBase, *, author: str, base_url: str | None = None, date_published: dt.date | None = None
) -> dict[str, object]:
    """The knowledge base as a JSON-LD ``@graph`` of ClaimReview items, one per claim.

    ``author`` names the publishing organisation; ``base_url`` gives each review the URL
    ``{base_url}/{incident}#{claim}`` (needed to import the file back); ``date_published`` is the
    review date, omitted when None. ``identifier`` is ``{incident}--{claim}``, so a re-import keeps ids.
    """
    graph = [
        _export_review(incident, claim, author, base_url, date_published)
        for incident in knowledge
        for claim in incident.claims
    ]
    return {"@context": "https://schema.org", "@graph": graph}


def _export_review(
    incident: Incident, claim: Claim, author: str, base_url: str | None, date_published: dt.date | None
) -> dict[str, object]:
    value, label = VERDICT_RATINGS[claim.verdict]
    review: dict[str, object] = {"@type": "ClaimReview", "identifier": f"{incident.id}--{claim.id}"}
    if base_url:
        review["url"] = f"{base_url.rstrip('/')}/{incident.id}#{claim.id}"
    if date_published:
        review["datePublished"] = date_published.isoformat()
    review |= {
        "headline": incident.title,
        "claimReviewed": claim.text,
        "reviewBody": _review_body(incident, claim),
        "author": {"@type": "Organization", "name": author},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": label,
        },
        "itemReviewed": _item_reviewed(incident, claim),
    }
    sources = dict.fromkeys(str(s.url) for st in incident.statements_for(claim) for s in incident.sources_for(st))
    if claim.rating is not None:
        sources.setdefault(str(claim.rating.url))
    if sources:
        review["citation"] = [{"@type": "CreativeWork", "url": url} for url in sources]
    return review


def _review_body(incident: Incident, claim: Claim) -> str:
    lines = [claim.clarification]
    for statement in incident.statements_for(claim):
        speaker = f"{statement.speaker} (via {statement.via})" if statement.via else statement.speaker
        reported = f"{speaker} ({REPORTED}): {statement.quote}"
        lines.append(reported if statement.reported else f'{speaker}: "{statement.quote}"')
    return "\n".join(lines)


def _item_reviewed(incident: Incident, claim: Claim) -> dict[str, object]:
    item: dict[str, object] = {"@type": "Claim"}
    urls = [str(link.url) for link in incident.links if incident.link_claim(link).id == claim.id]
    if urls:
        item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in urls]
    if incident.date:
        item["datePublished"] = incident.date.isoformat()
    return item
