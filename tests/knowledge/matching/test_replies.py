"""A reply quoting another message: the quoted lines are the other member's words, the writer's own are matched."""

import pytest

from knowledge.matching.matcher import Matcher
from knowledge.matching.replies import QuotedReply, quoted_reply
from knowledge.matching.types import Action
from tests.knowledge.matching.conftest import COMPTON, FLINT, WESTMINSTER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("> the cop got shot\nno he wasn't", QuotedReply("the cop got shot", "no he wasn't")),
        ("  >   quoted\n> more\nmine", QuotedReply("quoted\nmore", "mine")),
        ("mine first\n>>> all of\nthis is quoted", QuotedReply("all of\nthis is quoted", "mine first")),
        ("before\n> quoted\nafter", QuotedReply("quoted", "before\nafter")),
    ],
)
def test_quoted_and_own_lines_are_told_apart(text: str, expected: QuotedReply) -> None:
    assert quoted_reply(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "no quote here",
        "> only a quote",
        ">>> only\na quote",
        ">_> side-eye, not a quote\nsecond line",
        "a > b\nc",
    ],
)
def test_a_message_that_quotes_nothing_of_its_own_is_no_reply(text: str) -> None:
    assert quoted_reply(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "> the cop got shot\nNo, the officer wasn't hurt. He shot Alysha Duran, she died at the hospital.",
        "> Flint cops murdered an innocent girl at the Juneteenth parade\n"
        "That's not what the investigation found so far. "
        "MSP says she drove up to the officer and fired at him first, he returned fire.",
        "> man shoots at CHP sergeant in Compton\nThis got debunked days ago. CHP says the people running toward the "
        "car were spectators holding phones. Sergeant was unharmed.",
    ],
)
def test_the_claim_in_the_quoted_lines_is_not_answered(taught_matcher: Matcher, text: str) -> None:
    assert all(match.action is not Action.REPLY for match in taught_matcher.match(text))


def test_the_quote_alone_would_have_been_answered(taught_matcher: Matcher) -> None:
    """The test above would pass for a matcher that answers nothing: the quoted claim on its own is answered."""
    assert Action.REPLY in {m.action for m in taught_matcher.match("man shoots at CHP sergeant in Compton")}


def test_the_writer_s_own_claim_under_a_quote_of_the_record_is_answered(taught_matcher: Matcher) -> None:
    text = (
        "> no shots fired at the CHP officer or his vehicle\n"
        "that's KTLA repeating whatever CHP tells them, the man in the Compton clip shot at the CHP sergeant"
    )
    matches = taught_matcher.match(text)
    assert any(m.action is Action.REPLY and m.incident_id == COMPTON for m in matches)


def test_the_quoted_lines_say_what_the_talk_is_about(matcher: Matcher) -> None:
    """Own words that name no incident follow the incident the quote names: for review, never an answer."""
    text = "> that westminster bodycam video\nshe never had a gun, he just opened fire on her"
    actions = {m.action for m in matcher.match(text) if m.incident_id == WESTMINSTER}
    assert actions == {Action.REVIEW}
    alone = {m.action for m in matcher.match("she never had a gun, he just opened fire on her")}
    assert Action.REVIEW not in alone and Action.REPLY not in alone


def test_links_quoted_are_not_the_writer_s(matcher: Matcher) -> None:
    text = "> https://example.com/flint-cops-murdered-innocent-girl-at-juneteenth-parade\nthat's not what MSP found"
    assert all(m.incident_id != FLINT or m.action is Action.IGNORE for m in matcher.match(text))


def test_a_listing_a_member_asked_for_reads_the_quote_too(matcher: Matcher) -> None:
    """/factcheck on a reply quoting the claim ("is this true?") is asked about the quoted claim."""
    listed = matcher.match("> man shoots at CHP sergeant in Compton\nis this true?", top=3)
    assert listed and listed[0].claim_id == "man-shot-at-chp-sergeant"
