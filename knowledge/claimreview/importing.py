"""Import schema.org ClaimReview (https://schema.org/ClaimReview) as fact-checkers and Google's tools publish it.

Shapes read: a JSON array, one JSON-LD object, a ``@graph``, a ``DataFeed`` of ``DataFeedItem``s, or JSON
lines. Reviews that share an incident (an ``identifier`` ``<incident>--<claim>``, as exported here, or the same
review URL) become one incident with one claim each. A review without ``author`` (or ``publisher``) takes the
feed's own publisher, or is shown as an unnamed fact-checker, with a note either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from knowledge.claimreview._incidents import Review, build_incident
from knowledge.claimreview._input import ClaimReviewIn, as_list, publisher_name
from knowledge.claimreview.ids import review_ids
from knowledge.claimreview.ratings import TEXTUAL_RATINGS, normal_rating, verdict_from_rating
from knowledge.errors import LoadError, LoadNote, join_location, validation_errors
from knowledge.releasing import drop_in_steps
from knowledge.schema import Incident, Verdict

Source = Path | str
"""A file, or a feed's address: named in every error and note."""


@dataclass(frozen=True)
class ImportResult:
    """What one ClaimReview source gave: incidents, errors for the items left out, and notes.

    ``reviews`` counts the valid reviews read; ``unreadable`` counts the parts that were not JSON at all
    (the document, or lines of JSON lines): a source with any is broken or truncated.
    """

    incidents: tuple[Incident, ...] = ()
    errors: tuple[LoadError, ...] = ()
    notes: tuple[LoadNote, ...] = ()
    reviews: int = 0
    unreadable: int = 0


@dataclass
class _Import:
    path: Source
    publisher: str | None = None
    errors: list[LoadError] = field(default_factory=list)
    notes: list[LoadNote] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unreadable: int = 0


def read_claimreview(text: str, path: Source, *, jsonl: bool = False) -> ImportResult:
    """Import ClaimReview items from JSON or JSON-LD text, or from JSON lines when ``jsonl``.

    ``path`` names the source in errors and notes. Never raises for bad input.
    """
    state = _Import(path)
    if not text.strip():
        state.errors.append(LoadError(path, "", "empty file: expected ClaimReview items"))
        state.unreadable += 1
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
            state.unreadable += 1
    if len(documents) == 1:
        state.publisher = _document_publisher(documents[0][2])
    items = [(where, line, raw) for prefix, line, doc in documents for where, raw in _items(doc, prefix, state)]
    result = _finish(state, items)
    drop_in_steps(items)  # a large feed's parsed JSON, freed in steps rather than at once (see knowledge.releasing)
    drop_in_steps(documents)
    return result


def import_claimreview(document: object, path: Source = Path("<claimreview>")) -> ImportResult:
    """Import ClaimReview items from an already parsed JSON document (array, object, ``@graph`` or DataFeed)."""
    state = _Import(path, publisher=_document_publisher(document))
    return _finish(state, [(where, None, raw) for where, raw in _items(document, "", state)])


def _document_publisher(document: object) -> str | None:
    """The feed's own publisher: a ``@graph`` document's or a DataFeed's ``publisher`` (or ``author``)."""
    if not isinstance(document, dict) or not ("@graph" in document or "DataFeed" in _types(document)):
        return None
    return publisher_name(document.get("publisher")) or publisher_name(document.get("author"))


def _json_error(path: Source, exc: Exception, number: int | None) -> LoadError:
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
        yield from _items(as_list(document["@graph"]), join_location(prefix, "@graph"), state)
    elif isinstance(document, dict) and "DataFeed" in _types(document):
        for index, element in enumerate(as_list(document.get("dataFeedElement"))):
            where = join_location(prefix, f"dataFeedElement[{index}]")
            if isinstance(element, dict) and "DataFeedItem" in _types(element):
                yield from _items(as_list(element.get("item")), f"{where}.item", state)
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
    groups: dict[str, list[Review]] = {}
    for review in reviews:
        groups.setdefault(review.incident_id, []).append(review)
    incidents = [incident for group in groups.values() if (incident := build_incident(group, state.path, state.errors))]
    if state.skipped:
        kinds = ", ".join(sorted(set(state.skipped)))
        state.notes.append(
            LoadNote(state.path, "", f"skipped {len(state.skipped)} item(s) that are not ClaimReview: {kinds}")
        )
    claims = sum(len(incident.claims) for incident in incidents)
    groups.clear()
    drop_in_steps(reviews)
    return ImportResult(tuple(incidents), tuple(state.errors), tuple(state.notes), claims, state.unreadable)


def _review(where: str, line: int | None, raw: object, state: _Import) -> Review | None:
    if not isinstance(raw, dict):
        state.errors.append(LoadError(state.path, where, f"expected a JSON object, got {_json_kind(raw)}", line))
        return None
    kinds = _types(raw)
    if "ClaimReview" not in kinds:
        state.skipped.append("/".join(kinds) or "no @type")
        return None
    try:
        item = ClaimReviewIn.model_validate(raw)
    except ValidationError as exc:
        state.errors.extend(replace(e, line=line) for e in validation_errors(state.path, exc, prefix=where))
        return None
    incident_id, claim_id = review_ids(item.identifier, str(item.url), item.claim_reviewed)
    verdict = _verdict(item, where, line, state)
    return Review(where, line, item, incident_id, claim_id, verdict, _publisher(item, where, line, state))


def _publisher(item: ClaimReviewIn, where: str, line: int | None, state: _Import) -> str | None:
    """The review's author (or publisher), else the feed's publisher, else None (unknown), with a note."""
    if item.author is not None:
        return item.author.name
    location = join_location(where, "author")
    if state.publisher:
        message = f"no author: the feed's publisher {state.publisher!r} is shown as the fact-checker"
    else:
        message = "no author or publisher: the fact-checker is shown as unnamed"
    state.notes.append(LoadNote(state.path, location, message, line))
    return state.publisher


def _verdict(item: ClaimReviewIn, where: str, line: int | None, state: _Import) -> Verdict:
    """The verdict from the textual rating, else from ``ratingValue``, else 'unproven' (with a note)."""
    rating = item.review_rating
    text = rating.text
    verdict = verdict_from_rating(text, rating.rating_value, rating.best_rating, rating.worst_rating)
    if verdict and (not text or normal_rating(text) in TEXTUAL_RATINGS):
        return verdict
    given = f"rating {text!r}" if text else f"rating {rating.words}"
    if verdict and rating.rating_value is not None:
        message = f"{given} not recognised; verdict {verdict.value!r} from ratingValue {rating.rating_value:g}"
    else:
        verdict, message = Verdict.UNPROVEN, f"{given} not recognised; imported as 'unproven'"
    state.notes.append(LoadNote(state.path, join_location(where, "reviewRating"), message, line))
    return verdict
