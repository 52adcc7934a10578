"""Fetched pages (issue 5): a headline counts as the words a match stands on; reasons name what the page gave."""

from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action, LinkPage, Match
from tests.knowledge.matching.conftest import COMPTON, GARBLED_LINK, WESTMINSTER

POSTED = "https://example-news.net/story-123"
HEADLINE = "Man shoots at CHP sergeant during Compton street takeover"


def _compton(matches: list[Match]) -> Match:
    found = [m for m in matches if (m.incident_id, m.claim_id) == (COMPTON, "man-shot-at-chp-sergeant")]
    assert len(found) == 1, matches
    return found[0]


def test_a_short_message_with_a_page_repeating_the_claim_is_answered(matcher: Matcher) -> None:
    """Three words of its own would be too short, but the page's headline is what matched."""
    page = LinkPage(url=POSTED, title=HEADLINE)
    match = _compton(matcher.match(f"check this out {POSTED}", pages=[page]))
    assert match.action is Action.REPLY
    assert match.reasons[0].kind == "page"
    assert f"the page {POSTED} says" in match.reason_texts[0]


def test_the_same_short_message_without_a_page_is_not_answered(matcher: Matcher) -> None:
    assert matcher.match(f"check this out {POSTED}") == []


def test_a_page_disputing_the_claim_is_not_answered(matcher: Matcher) -> None:
    """A fact-check article repeats the claim in its headline: held back like a message that disputes it."""
    page = LinkPage(url=POSTED, title=f"Fact check: {HEADLINE}?", description="The video is misleading, the CHP says.")
    match = _compton(matcher.match(f"what do you think of this {POSTED}", pages=[page]))
    assert match.action is not Action.REPLY
    assert any("the linked page disputes the claim" in text for text in match.reason_texts)


def test_a_canonical_link_named_by_a_page_says_so(matcher: Matcher) -> None:
    page = LinkPage(url=POSTED, canonical_url=f"{GARBLED_LINK}/?utm_source=share", title="Watch")
    match = matcher.match(f"look {POSTED}", pages=[page])[0]
    assert (match.incident_id, match.score, match.action) == (WESTMINSTER, 100, Action.REPLY)
    assert match.reason_texts[0] == f"the page {POSTED} gives {GARBLED_LINK} as its address, a known post of this claim"


def test_a_posted_known_link_is_reported_as_posted(matcher: Matcher) -> None:
    page = LinkPage(url=GARBLED_LINK, canonical_url=GARBLED_LINK, title="Watch")
    match = matcher.match(GARBLED_LINK, pages=[page])[0]
    assert match.reason_texts[0] == f"the link {GARBLED_LINK} is a known post of this claim"
