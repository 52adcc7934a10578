"""A feed's body read as ClaimReview and judged: a good version to swap in, or why it is refused.

Refused, so the last good version stays: text that is not UTF-8; any part that is not JSON (a truncated
document, a cut JSON line); no review that could be read; and, against the last good version, losing more than
``max_shrink`` of its reviews (a feed cut at a line boundary looks like that). Items with problems in an
otherwise good version are left out and counted, as for knowledge files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from knowledge.claimreview import read_claimreview
from knowledge.errors import LoadError, LoadNote
from knowledge.schema import Incident

JSONL_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/ndjson"})
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class FeedVersion:
    """A good version of a feed: its incidents, how many reviews, and the items left out."""

    incidents: tuple[Incident, ...]
    reviews: int
    errors: tuple[LoadError, ...] = ()
    notes: tuple[LoadNote, ...] = ()
    jsonl: bool = False


class RefusedVersion(Exception):
    """A version that must not replace the last good one; the message says why."""


def read_version(url: str, body: bytes, *, content_type: str | None = None, jsonl: bool | None = None) -> FeedVersion:
    """Read a feed's body (JSON lines when ``jsonl``, else guessed); `RefusedVersion` when it is broken."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RefusedVersion(f"not UTF-8 text: byte 0x{body[exc.start]:02x} at offset {exc.start}") from None
    lines = jsonl if jsonl is not None else is_jsonl(url, content_type, text)
    result = read_claimreview(text, url, jsonl=lines)
    if result.unreadable:
        raise RefusedVersion(f"broken or truncated: {_first(result.errors)}")
    if not result.reviews:
        reason = _first(result.errors) if result.errors else "the feed holds no ClaimReview item"
        raise RefusedVersion(f"no review could be read: {reason}")
    return FeedVersion(result.incidents, result.reviews, result.errors, result.notes, lines)


def check_shrink(version: FeedVersion, previous_reviews: int, max_shrink: float) -> None:
    """`RefusedVersion` when the version lost more than ``max_shrink`` of the last good version's reviews."""
    if previous_reviews and version.reviews < previous_reviews * (1 - max_shrink):
        raise RefusedVersion(
            f"shrank from {previous_reviews} to {version.reviews} reviews, more than KNOWLEDGE_FEED_MAX_SHRINK "
            f"({max_shrink:g}) allows: taken for a truncated feed"
        )


def is_jsonl(url: str, content_type: str | None, text: str) -> bool:
    """JSON lines by media type or file suffix, else when the first of several lines is a whole JSON object."""
    if content_type in JSONL_TYPES or url.split("?", 1)[0].lower().endswith(JSONL_SUFFIXES):
        return True
    stripped = text.strip()
    first, newline, rest = stripped.partition("\n")
    if not newline or not rest.strip() or not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _first(errors: tuple[LoadError, ...]) -> str:
    if not errors:
        return "unknown problem"
    error = errors[0]
    where = error.location or (f"line {error.line}" if error.line else "")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {error.message}{more}" if where else f"{error.message}{more}"
