"""A message naming nothing of an incident, right after the conversation named it: for review, never answered."""

from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action
from tests.knowledge.matching.conftest import COMPTON, WESTMINSTER

FOLLOW_UP = "he ran behind the car and shot her for literally no reason. there was nothing in that car"


def test_a_follow_up_goes_to_review_when_the_conversation_named_the_incident(matcher: Matcher) -> None:
    assert matcher.match(FOLLOW_UP) == []
    [match] = matcher.match(FOLLOW_UP, context={WESTMINSTER})
    assert (match.incident_id, match.action) == (WESTMINSTER, Action.REVIEW)
    assert any("follows messages naming it in this conversation" in reason.detail for reason in match.reasons)
    assert not match.named


def test_another_incident_in_the_conversation_changes_nothing(matcher: Matcher) -> None:
    assert matcher.match(FOLLOW_UP, context={COMPTON}) == []


def test_the_conversation_never_makes_an_answer(matcher: Matcher) -> None:
    """Mocking the record is an answer when the message names the incident; after the conversation did, review."""
    mocked = "lmao 'the gun was in the car' conveniently AFTER they killed her. yeah ok"
    matches = matcher.match(mocked, context={WESTMINSTER})
    assert matches and all(match.action is Action.REVIEW for match in matches)


def test_a_message_naming_the_incident_says_so(matcher: Matcher) -> None:
    [match] = matcher.match("Alysha Duran was unarmed and they killed her")
    assert match.named
    assert any(m.named for m in matcher.match("the compton takeover was wild last night", top=3))
