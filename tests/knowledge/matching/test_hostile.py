"""Hostile and random input: no exception, bounded output, canonical forms that stay canonical."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.matching.matcher import Matcher
from knowledge.matching.query import MAX_LINKS
from knowledge.matching.text import normalize
from knowledge.matching.types import Action
from knowledge.matching.urls import canonicalize, extract_links

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_URL_CHARS = string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%"
urlish = st.builds(
    lambda scheme, host, path: f"{scheme}{host}{path}",
    st.sampled_from(["https://", "http://", "", "HTTPS://www.", "ftp://", "mailto:"]),
    st.sampled_from(
        ["example.com", "x.com", "youtu.be", "old.reddit.com", "m.youtube.com", "a.b.example.org", "[::1]"]
    ),
    st.text(alphabet=_URL_CHARS, max_size=60),
)
message = st.lists(st.one_of(st.text(max_size=200), urlish), max_size=20).map(" ".join)


def _check(matches: list, limit: int) -> None:
    assert len(matches) <= limit
    assert len({(m.incident_id, m.claim_id) for m in matches}) == len(matches)
    for match in matches:
        assert 0 <= match.score <= 100
        assert match.action in Action


@SETTINGS
@given(text=message)
def test_any_message_gives_bounded_valid_matches(matcher: Matcher, text: str) -> None:
    """Whatever the message, matches are valid, unique per claim and at most one per claim."""
    _check(matcher.match(text), len(matcher))
    _check(matcher.match(text, top=3), 3)
    matcher.unknown_links(text)


@SETTINGS
@given(url=urlish)
def test_canonical_forms_are_stable(url: str) -> None:
    """A canonical form is an https link whose own canonical form is itself."""
    canonical = canonicalize(url)
    if canonical is not None:
        assert canonical.startswith("https://")
        assert canonicalize(canonical) == canonical


@SETTINGS
@given(text=st.text(max_size=300))
def test_normalize_is_plain_and_stable(text: str) -> None:
    """Normalised text is lowercase ASCII words, and normalising again changes nothing."""
    once = normalize(text)
    assert once.isascii()
    assert once == once.lower()
    assert "  " not in once
    assert normalize(once) == once


def test_a_wall_of_text_with_control_characters(matcher: Matcher) -> None:
    """4,000 characters of claim words, control characters and invisible ones: handled, bounded."""
    noise = "".join(chr(code) for code in range(0, 32)) + "\u200b\u202e\ufeff\u00ad"
    text = ("man shoots at CHP sergeant in Compton " + noise) * 60
    matches = matcher.match(text[:4000])
    _check(matches, len(matcher))
    _check(matcher.match(text * 10, top=5), 5)


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/" + ")" * 4000,
        "a1" * 2000,
        "#AbC" * 1000,
        "abcdefghij" * 400,
        "a." * 2000,
        "a " * 2000,
        "(https://example.com/x)" * 150,
        "\u202e" * 4000,
    ],
)
def test_degenerate_messages(matcher: Matcher, text: str) -> None:
    """Pathological shapes (one huge run, endless brackets, all separators) are handled and bounded."""
    _check(matcher.match(text, top=5), 5)
    assert len(matcher.unknown_links(text)) <= MAX_LINKS


def test_hundreds_of_links(matcher: Matcher) -> None:
    """A message with hundreds of links is cut down to the first few; the output stays bounded."""
    links = " ".join(f"https://example{n}.com/man-shoots-at-chp-sergeant-{n}?utm_source=x" for n in range(400))
    assert len(extract_links(links)) == 400
    _check(matcher.match(links), len(matcher))
    assert len(matcher.unknown_links(links)) <= MAX_LINKS


def test_empty_and_blank_messages(matcher: Matcher) -> None:
    """Nothing in, nothing out."""
    for text in ("", " ", "\n\t", "\u200b\u200b", "🔥🔥🔥"):
        assert matcher.match(text) == []
        assert matcher.unknown_links(text) == []
