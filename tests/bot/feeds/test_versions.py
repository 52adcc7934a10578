"""Judging a feed's body: a good version, or refused (broken, truncated, empty, shrunk)."""

from __future__ import annotations

import json

import pytest

from bot.feeds.versions import RefusedVersion, check_shrink, is_jsonl, read_version
from tests.feedserver import claim_review, data_feed

URL = "https://checks.example.org/feed"


def jsonl(*reviews: dict[str, object]) -> bytes:
    return "\n".join(json.dumps(review) for review in reviews).encode() + b"\n"


def test_a_data_feed_is_a_version():
    version = read_version(URL, json.dumps(data_feed(claim_review(1, "The lake was drained"))).encode())
    assert (version.reviews, version.jsonl, version.errors) == (1, False, ())


def test_json_lines_by_suffix_media_type_or_shape():
    body = jsonl(claim_review(1, "The lake was drained"), claim_review(2, "The bridge is closed forever"))
    assert read_version(URL, body).jsonl
    assert is_jsonl(f"{URL}.jsonl?x=1", None, "[]")
    assert is_jsonl(URL, "application/x-ndjson", "{}")
    assert not is_jsonl(URL, "application/json", json.dumps([claim_review(1, "x")], indent=2))


def test_a_truncated_document_is_refused():
    body = json.dumps(data_feed(claim_review(1, "The lake was drained"))).encode()[:-10]
    with pytest.raises(RefusedVersion, match=r"^broken or truncated: line 1, column \d+: invalid JSON"):
        read_version(URL, body)


def test_a_cut_json_line_is_refused_even_when_the_others_are_good():
    body = jsonl(claim_review(1, "The lake was drained"), claim_review(2, "The bridge is closed forever"))[:-20]
    with pytest.raises(RefusedVersion, match="broken or truncated: line 2"):
        read_version(URL, body)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "broken or truncated: empty file"),
        (b"[]", "no review could be read: the feed holds no ClaimReview item"),
        (json.dumps([{"@type": "ClaimReview"}]).encode(), "no review could be read: [0].url: Field required"),
        (b"\xff\xfe[]", "not UTF-8 text"),
    ],
)
def test_versions_without_reviews_are_refused(body, reason):
    with pytest.raises(RefusedVersion, match=reason.replace("[", r"\[").replace("]", r"\]")):
        read_version(URL, body)


def test_bad_items_in_a_good_version_are_left_out_and_counted():
    version = read_version(
        URL, json.dumps([claim_review(1, "The lake was drained"), {"@type": "ClaimReview"}]).encode()
    )
    assert version.reviews == 1
    assert [error.location for error in version.errors] == ["[1].url", "[1].claimReviewed", "[1].reviewRating"]


def test_a_version_that_lost_more_than_max_shrink_is_refused():
    version = read_version(URL, json.dumps([claim_review(1, "The lake was drained")]).encode())
    check_shrink(version, 2, 0.5)  # half is allowed
    with pytest.raises(RefusedVersion, match="shrank from 3 to 1 reviews"):
        check_shrink(version, 3, 0.5)
    check_shrink(version, 1000, 1.0)  # 1 turns the check off
