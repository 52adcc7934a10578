"""Stable ids for imported reviews: the same review gets the same incident and claim ids on every import.

From ``identifier`` when the review has one (``<incident>--<claim>`` as exported here, or one id), else from
the review's URL (the incident) and the claim's text (the claim). Answers, learned links and suppressions
stored against these ids stay attached when a feed is polled again, its items are reordered, or a review without
an identifier is republished with its claim's case, spacing or punctuation touched up (or its rating changed).
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from anyascii import anyascii

_SLUG_MIN, _SLUG_MAX, _CLAIM_SLUG_MAX = 2, 100, 60


def review_ids(identifier: str | None, url: str, claim_text: str) -> tuple[str, str]:
    """The incident and claim ids of one review."""
    incident_id = claim_id = None
    if identifier:
        head, separator, tail = identifier.partition("--")
        if separator and slugify(head) and slugify(tail):
            incident_id, claim_id = slugify(head), slugify(tail)
        else:
            incident_id = slugify(identifier)
    incident_id = incident_id or _url_slug(url)
    return incident_id, claim_id or slugify(claim_text, _CLAIM_SLUG_MAX) or "claim"


def slugify(text: str, max_length: int = _SLUG_MAX) -> str | None:
    """A slug for the schema's id pattern, ending in a short stable hash when cut; None when too short."""
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    if len(slug) > max_length:  # the hash is of the whole slug: a case, spacing or punctuation edit keeps the id
        slug = f"{slug[: max_length - 9].rstrip('-')}-{_short_hash(slug)}"
    return slug if len(slug) >= _SLUG_MIN else None


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _url_slug(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    slug = slugify(f"{host.removeprefix('www.')} {parts.path}", _SLUG_MAX - 9) or "review"
    return f"{slug}-{_short_hash(url)}" if parts.query or parts.fragment or slug == "review" else slug
