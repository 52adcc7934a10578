"""schema.org ClaimReview (https://schema.org/ClaimReview) in and out of the knowledge base.

Import reads the shapes fact-checkers and Google's fact-check tools publish: a JSON array, one
JSON-LD object, a ``@graph``, a ``DataFeed`` of ``DataFeedItem``s, or JSON lines. Reviews that share
an incident (an ``identifier`` ``<incident>--<claim>``, as exported here, or the same review URL)
become one incident with one claim each. Nothing is invented: the fact-checker is the speaker, its
review text (or its rating, quoted) the statement, and dates appear only when the review gives them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Annotated
from urllib.parse import urlsplit

from anyascii import anyascii
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic.alias_generators import to_camel

from knowledge.base import KnowledgeBase
from knowledge.errors import LoadError, LoadNote, join_location, validation_errors
from knowledge.schema import Claim, Incident, KnownLink, Source, Statement, Url, Verdict

# The one table for export: each verdict as a 1 (false) to 5 (true) rating and its label.
VERDICT_RATINGS: Mapping[Verdict, tuple[int, str]] = MappingProxyType(
    {
        Verdict.FALSE: (1, Verdict.FALSE.label),
        Verdict.CONTRADICTED: (2, Verdict.CONTRADICTED.label),
        Verdict.MISLEADING: (2, Verdict.MISLEADING.label),
        Verdict.MISSING_CONTEXT: (3, Verdict.MISSING_CONTEXT.label),
        Verdict.UNPROVEN: (3, Verdict.UNPROVEN.label),
        Verdict.ACCURATE: (5, Verdict.ACCURATE.label),
    }
)
BEST_RATING, WORST_RATING = 5, 1

_TEXTUAL: dict[Verdict, tuple[str, ...]] = {
    Verdict.FALSE: (
        "false", "pants on fire", "fake", "fake news", "hoax", "fabricated", "incorrect", "wrong", "not true",
        "untrue", "totally false", "completely false", "four pinocchios", "scam", "altered", "doctored",
        "falso", "faux", "falsch",
    ),
    Verdict.MISLEADING: (
        "misleading", "mostly false", "partly false", "partially false", "three pinocchios", "miscaptioned",
        "misattributed", "exaggerated", "exaggeration", "distorted", "distorts the facts", "false context",
        "enganoso", "trompeur", "irrefuhrend",
    ),
    Verdict.CONTRADICTED: ("contradicted",),
    Verdict.MISSING_CONTEXT: (
        "missing context", "needs context", "lacks context", "out of context", "half true", "half truth", "mixture",
        "mixed", "partly true", "partially true", "two pinocchios", "cherry picks",
    ),
    Verdict.UNPROVEN: (
        "unproven", "unverified", "unsubstantiated", "unsupported", "no evidence", "not proven", "unclear",
        "undetermined", "unknown", "research in progress", "under investigation", "insufficient evidence",
    ),
    Verdict.ACCURATE: (
        "true", "accurate", "correct", "mostly true", "mostly accurate", "largely accurate", "correct attribution",
        "verified", "legit", "one pinocchio", "geppetto checkmark", "verdadero", "vrai", "wahr",
    ),
}  # fmt: skip


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text).casefold()).split())


# Textual ratings (normalised: lower case, punctuation as spaces) to verdicts; our labels and values included.
TEXTUAL_RATINGS: Mapping[str, Verdict] = MappingProxyType(
    {_normal(text): verdict for verdict, texts in _TEXTUAL.items() for text in texts}
    | {_normal(verdict.value): verdict for verdict in Verdict}
    | {_normal(label): verdict for verdict, (_, label) in VERDICT_RATINGS.items()}
)
_SEVERITY = (
    Verdict.FALSE,
    Verdict.CONTRADICTED,
    Verdict.MISLEADING,
    Verdict.MISSING_CONTEXT,
    Verdict.UNPROVEN,
    Verdict.ACCURATE,
)
_SLUG_MIN, _SLUG_MAX, _CLAIM_SLUG_MAX, _TITLE_MAX = 2, 100, 60, 120


@dataclass(frozen=True)
class ImportResult:
    """What one ClaimReview source gave: incidents, errors for the items left out, and notes."""

    incidents: tuple[Incident, ...] = ()
    errors: tuple[LoadError, ...] = ()
    notes: tuple[LoadNote, ...] = ()


# -- input model: only the ClaimReview properties used here; anything else is ignored -----------------


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _first(value: object) -> object:
    return (value[0] if value else None) if isinstance(value, list) else value


def _named(value: object) -> object:
    value = _first(value)
    return {"name": value} if isinstance(value, str) else value


def _as_list(value: object) -> object:
    return [] if value is None else value if isinstance(value, list) else [value]


def _date_part(value: object) -> object:
    value = _blank_to_none(value)
    if isinstance(value, str) and len(value) > 10 and value[10] in "T ":
        return value[:10]
    return value


def _identifier(value: object) -> object:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("value")
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else _blank_to_none(value)


def _keywords(value: object) -> object:
    return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else _as_list(value)


Text = Annotated[str, Field(min_length=1)]
OptText = Annotated[str | None, BeforeValidator(_blank_to_none)]
OptNumber = Annotated[float | None, BeforeValidator(_blank_to_none)]
OptDate = Annotated[dt.date | None, BeforeValidator(_date_part)]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True, alias_generator=to_camel)


class _Named(_In):
    name: Text


class _Work(_In):
    url: Url
    headline: OptText = None
    name: OptText = None

    @model_validator(mode="before")
    @classmethod
    def _bare_url(cls, data: object) -> object:
        return {"url": data} if isinstance(data, str) else data


class _Rating(_In):
    alternate_name: OptText = None
    name: OptText = None
    rating_value: OptNumber = None
    best_rating: OptNumber = None
    worst_rating: OptNumber = None


class _ClaimItem(_In):
    author: Annotated[_Named | None, BeforeValidator(_named)] = None
    date_published: OptDate = None
    appearance: Annotated[tuple[_Work, ...], BeforeValidator(_as_list)] = ()
    first_appearance: Annotated[_Work | None, BeforeValidator(_first)] = None
    url: Annotated[Url | None, BeforeValidator(_blank_to_none)] = None


class _ClaimReviewIn(_In):
    identifier: Annotated[str | None, BeforeValidator(_identifier)] = None
    url: Url
    claim_reviewed: Text
    headline: OptText = None
    name: OptText = None
    review_body: OptText = None
    author: Annotated[_Named, BeforeValidator(_named)]
    date_published: OptDate = None
    review_rating: Annotated[_Rating | None, BeforeValidator(_first)] = None
    item_reviewed: Annotated[_ClaimItem | None, BeforeValidator(_first)] = None
    keywords: Annotated[tuple[str, ...], BeforeValidator(_keywords)] = ()

    @model_validator(mode="before")
    @classmethod
    def _publisher_as_author(cls, data: object) -> object:
        if isinstance(data, dict) and not data.get("author") and data.get("publisher"):
            return {**data, "author": data["publisher"]}
        return data

    @model_validator(mode="after")
    def _something_to_say(self) -> _ClaimReviewIn:
        if _rating_words(self.review_rating) is None and self.review_body is None:
            raise ValueError("reviewRating: no rating given, and no reviewBody either")
        return self


# -- verdicts -----------------------------------------------------------------------------------------


def verdict_from_rating(
    text: str | None, value: float | None = None, best: float | None = None, worst: float | None = None
) -> Verdict | None:
    """The verdict for a textual rating, else for ``value`` on the ``worst``-``best`` scale (1-5 by default)."""
    if text and _normal(text) in TEXTUAL_RATINGS:
        return TEXTUAL_RATINGS[_normal(text)]
    if value is None:
        return None
    best, worst = best if best is not None else BEST_RATING, worst if worst is not None else WORST_RATING
    if best <= worst or not worst <= value <= best:
        return None
    position = (value - worst) / (best - worst)
    for limit, verdict in ((1 / 8, Verdict.FALSE), (3 / 8, Verdict.MISLEADING), (5 / 8, Verdict.MISSING_CONTEXT)):
        if position <= limit:
            return verdict
    return Verdict.ACCURATE


def _rating_words(rating: _Rating | None) -> str | None:
    """The rating as the fact-checker gave it, for quoting: ``"False"`` or ``2 on a scale of 1 to 5``."""
    if rating is None:
        return None
    text = rating.alternate_name or rating.name
    if text:
        return f'"{text}"'
    if rating.rating_value is None:
        return None
    best = rating.best_rating if rating.best_rating is not None else BEST_RATING
    worst = rating.worst_rating if rating.worst_rating is not None else WORST_RATING
    return f"{rating.rating_value:g} on a scale of {worst:g} to {best:g}"


# -- import -------------------------------------------------------------------------------------------


@dataclass
class _Review:
    where: str
    line: int | None
    item: _ClaimReviewIn
    incident_id: str
    claim_id: str
    verdict: Verdict


@dataclass
class _Import:
    path: Path
    errors: list[LoadError] = field(default_factory=list)
    notes: list[LoadNote] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_claimreview(text: str, path: Path, *, jsonl: bool = False) -> ImportResult:
    """Import ClaimReview items from JSON or JSON-LD text, or from JSON lines when ``jsonl``.

    ``path`` names the source in errors and notes. Never raises for bad input.
    """
    state = _Import(path)
    if not text.strip():
        state.errors.append(LoadError(path, "", "empty file: expected ClaimReview items"))
        return _finish(state, [])
    documents: list[tuple[str, int | None, object]] = []
    lines = enumerate(text.splitlines(), start=1) if jsonl else [(None, text)]
    for number, chunk in lines:
        if not chunk.strip():
            continue
        try:
            documents.append(
                (f"line {number}" if number else "", number, json.loads(chunk, parse_constant=_no_constant))
            )
        except (ValueError, RecursionError) as exc:
            state.errors.append(_json_error(path, exc, number))
    items = [(where, line, raw) for prefix, line, doc in documents for where, raw in _items(doc, prefix, state)]
    return _finish(state, items)


def import_claimreview(document: object, path: Path = Path("<claimreview>")) -> ImportResult:
    """Import ClaimReview items from an already parsed JSON document (array, object, ``@graph`` or DataFeed)."""
    state = _Import(path)
    return _finish(state, [(where, None, raw) for where, raw in _items(document, "", state)])


def _json_error(path: Path, exc: Exception, number: int | None) -> LoadError:
    if isinstance(exc, json.JSONDecodeError):
        line = exc.lineno if number is None else number
        where = f"line {line}, column {exc.colno}"
        return LoadError(path, where, f"invalid JSON: {exc.msg}", line)
    message = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
    return LoadError(path, f"line {number}" if number else "", f"invalid JSON: {message}", number)


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")


def _types(raw: Mapping[str, object]) -> list[str]:
    kinds = raw.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return [re.split(r"[/:#]", kind)[-1] for kind in kinds if isinstance(kind, str)]


def _items(document: object, prefix: str, state: _Import) -> Iterator[tuple[str, object]]:
    """Every candidate item with its place (``[3]``, ``@graph[3]``, ``dataFeedElement[0].item[1]``)."""
    if isinstance(document, list):
        for index, raw in enumerate(document):
            yield join_location(prefix, f"[{index}]"), raw
    elif isinstance(document, dict) and "@graph" in document:
        yield from _items(_as_list(document["@graph"]), join_location(prefix, "@graph"), state)
    elif isinstance(document, dict) and "DataFeed" in _types(document):
        for index, element in enumerate(_as_list(document.get("dataFeedElement"))):
            where = join_location(prefix, f"dataFeedElement[{index}]")
            if isinstance(element, dict) and "DataFeedItem" in _types(element):
                yield from _items(_as_list(element.get("item")), f"{where}.item", state)
            else:
                yield where, element
    elif isinstance(document, dict):
        yield prefix, document
    else:
        state.errors.append(
            LoadError(state.path, prefix, f"expected a JSON object or array, got {_json_kind(document)}")
        )


def _json_kind(value: object) -> str:
    kinds = {str: "a string", int: "a number", float: "a number", bool: "true or false", type(None): "null"}
    return kinds.get(type(value), "an array" if isinstance(value, list) else "an object")


def _finish(state: _Import, items: list[tuple[str, int | None, object]]) -> ImportResult:
    reviews = [review for where, line, raw in items if (review := _review(where, line, raw, state))]
    groups: dict[str, list[_Review]] = {}
    for review in reviews:
        groups.setdefault(review.incident_id, []).append(review)
    incidents = [incident for group in groups.values() if (incident := _incident(group, state))]
    if state.skipped:
        kinds = ", ".join(sorted(set(state.skipped)))
        state.notes.append(
            LoadNote(state.path, "", f"skipped {len(state.skipped)} item(s) that are not ClaimReview: {kinds}")
        )
    return ImportResult(tuple(incidents), tuple(state.errors), tuple(state.notes))


def _review(where: str, line: int | None, raw: object, state: _Import) -> _Review | None:
    if not isinstance(raw, dict):
        state.errors.append(LoadError(state.path, where, f"expected a JSON object, got {_json_kind(raw)}", line))
        return None
    kinds = _types(raw)
    if "ClaimReview" not in kinds:
        state.skipped.append("/".join(kinds) or "no @type")
        return None
    try:
        item = _ClaimReviewIn.model_validate(raw)
    except ValidationError as exc:
        state.errors.extend(replace(e, line=line) for e in validation_errors(state.path, exc, prefix=where))
        return None
    incident_id, claim_id = _ids(item)
    verdict = _verdict(item, where, line, state)
    return _Review(where, line, item, incident_id, claim_id, verdict)


def _verdict(item: _ClaimReviewIn, where: str, line: int | None, state: _Import) -> Verdict:
    """The verdict from the textual rating, else from ``ratingValue``, else 'unproven' (with a note)."""
    rating = item.review_rating or _Rating()
    text = rating.alternate_name or rating.name
    verdict = verdict_from_rating(text, rating.rating_value, rating.best_rating, rating.worst_rating)
    if verdict and (not text or _normal(text) in TEXTUAL_RATINGS):
        return verdict
    given = f"rating {text!r}" if text else "rating" if item.review_rating else "no reviewRating"
    if verdict:
        message = f"{given} not recognised; verdict {verdict.value!r} from ratingValue {rating.rating_value:g}"
    else:
        verdict, message = Verdict.UNPROVEN, f"{given} not recognised; imported as 'unproven'"
    state.notes.append(LoadNote(state.path, join_location(where, "reviewRating"), message, line))
    return verdict


def _ids(item: _ClaimReviewIn) -> tuple[str, str]:
    """The incident and claim ids: from ``identifier`` (``incident--claim`` or one id), else from the URL."""
    incident_id = claim_id = None
    if item.identifier:
        head, separator, tail = item.identifier.partition("--")
        if separator and slugify(head) and slugify(tail):
            incident_id, claim_id = slugify(head), slugify(tail)
        else:
            incident_id = slugify(item.identifier)
    incident_id = incident_id or _url_slug(str(item.url))
    return incident_id, claim_id or slugify(item.claim_reviewed, _CLAIM_SLUG_MAX) or "claim"


def slugify(text: str, max_length: int = _SLUG_MAX) -> str | None:
    """A slug for the schema's id pattern, ending in a short stable hash when cut; None when too short."""
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    if len(slug) > max_length:
        slug = f"{slug[: max_length - 9].rstrip('-')}-{_short_hash(text)}"
    return slug if len(slug) >= _SLUG_MIN else None


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _url_slug(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    slug = slugify(f"{host.removeprefix('www.')} {parts.path}", _SLUG_MAX - 9) or "review"
    return f"{slug}-{_short_hash(url)}" if parts.query or parts.fragment or slug == "review" else slug


def _incident(group: list[_Review], state: _Import) -> Incident | None:
    group = _unique_claims(group, state)
    if not group:
        return None
    first = group[0]
    lead = min(group, key=lambda review: _SEVERITY.index(review.verdict))
    try:
        return Incident(
            id=first.incident_id,
            title=first.item.headline or first.item.name or _shorten(first.item.claim_reviewed),
            summary=first.item.review_body or first.item.claim_reviewed,
            date=next((r.item.item_reviewed.date_published for r in group if _claim_date(r)), None),
            verdict=lead.verdict,
            verdict_summary=_rated(lead.item),
            keywords=tuple(dict.fromkeys(word for review in group for word in review.item.keywords)),
            claims=tuple(_claim(review, index) for index, review in enumerate(group, start=1)),
            statements=tuple(_statement(review, index) for index, review in enumerate(group, start=1)),
            links=_links(group),
        )
    except ValidationError as exc:
        state.errors.extend(validation_errors(state.path, exc, prefix=first.where))
        return None


def _claim_date(review: _Review) -> bool:
    return review.item.item_reviewed is not None and review.item.item_reviewed.date_published is not None


def _unique_claims(group: list[_Review], state: _Import) -> list[_Review]:
    seen: dict[str, str] = {}
    kept: list[_Review] = []
    for review in group:
        if review.claim_id in seen:
            earlier = seen[review.claim_id] or "the top level"
            message = f"duplicate claim {review.claim_id!r} of incident {review.incident_id!r}, already at {earlier}"
            state.errors.append(LoadError(state.path, review.where, message, review.line))
            continue
        seen[review.claim_id] = review.where
        kept.append(review)
    return kept


def _shorten(text: str) -> str:
    return text if len(text) <= _TITLE_MAX else text[: _TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


def _rated(item: _ClaimReviewIn) -> str:
    words = _rating_words(item.review_rating)
    return f"{item.author.name} rated this claim {words}." if words else f"{item.author.name} reviewed this claim."


def _claim(review: _Review, index: int) -> Claim:
    return Claim(
        id=review.claim_id,
        text=review.item.claim_reviewed,
        verdict=review.verdict,
        clarification=_rated(review.item),
        statements=(f"review-{index}",),
    )


def _statement(review: _Review, index: int) -> Statement:
    item = review.item
    words = _rating_words(item.review_rating)
    claimant = item.item_reviewed.author if item.item_reviewed else None
    return Statement(
        id=f"review-{index}",
        speaker=item.author.name,
        quote=item.review_body or f"Rated {words}.",
        date=item.date_published,
        context=f"Reviewing a claim by {claimant.name}." if claimant else None,
        source=Source(
            url=item.url, title=item.headline or item.name, publisher=item.author.name, date=item.date_published
        ),
    )


def _links(group: list[_Review]) -> tuple[KnownLink, ...]:
    links: dict[str, KnownLink] = {}
    for review in group:
        for work, url in _appearances(review.item.item_reviewed):
            note = work.headline or work.name if work else None
            links.setdefault(url, KnownLink(url=url, claim=review.claim_id, note=note))
    return tuple(links.values())


def _appearances(item: _ClaimItem | None) -> Iterator[tuple[_Work | None, str]]:
    if item is None:
        return
    for work in (*item.appearance, *((item.first_appearance,) if item.first_appearance else ())):
        yield work, str(work.url)
    if item.url:
        yield None, str(item.url)


# -- export -------------------------------------------------------------------------------------------


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
    if sources:
        review["citation"] = [{"@type": "CreativeWork", "url": url} for url in sources]
    return review


def _review_body(incident: Incident, claim: Claim) -> str:
    lines = [claim.clarification]
    for statement in incident.statements_for(claim):
        speaker = f"{statement.speaker} (via {statement.via})" if statement.via else statement.speaker
        lines.append(f'{speaker}: "{statement.quote}"')
    return "\n".join(lines)


def _item_reviewed(incident: Incident, claim: Claim) -> dict[str, object]:
    item: dict[str, object] = {"@type": "Claim"}
    urls = [str(link.url) for link in incident.links if incident.link_claim(link).id == claim.id]
    if urls:
        item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in urls]
    if incident.date:
        item["datePublished"] = incident.date.isoformat()
    return item
