"""Close in meaning to a claim, but about play or another place and year: nothing to answer or review."""

import pytest

from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action


@pytest.mark.parametrize(
    "text",
    [
        "gta online takeover lobby, somebody pulled up and started blasting at the patrol cruiser in los santos",
        "flint firebirds won in a SHOOTOUT last night 4-3, goalie was unreal",
        "dude runs up shooting at the patrol car and it's literally a water gun 😂 car meet prank",
    ],
)
def test_play_in_the_claims_words_gets_nothing(semantic_matcher: Matcher, text: str) -> None:
    assert semantic_matcher.match(text) == []


def test_the_same_words_said_of_the_incident_are_answered(semantic_matcher: Matcher) -> None:
    text = "takeover last night, somebody pulled up and started blasting at the highway patrol cruiser in compton"
    assert [m.action for m in semantic_matcher.match(text)][:1] == [Action.REPLY]
    likened = "takeover clowns shooting at the chp car like its gta. compton monday morning edition"
    assert [m.action for m in semantic_matcher.match(likened)][:1] == [Action.REPLY]


@pytest.mark.parametrize(
    "text",
    [
        "phoenix takeover saturday 2024, somebody fired into a police car at the intersection, officer hurt by glass",
        "CHP officer shot and wounded during a traffic stop near redding in 2016, he is back at work now",
        "a deputy in tulsa shot a woman who reached for a gun in her car, bodycam out",
    ],
)
def test_another_state_or_year_named_no_better_gets_nothing(semantic_matcher: Matcher, text: str) -> None:
    assert semantic_matcher.match(text) == []


def test_a_metro_city_of_the_incidents_state_still_goes_to_review(semantic_matcher: Matcher) -> None:
    """Westminster is a Denver suburb: "in denver" does not set a message about it apart, as a far city does."""
    text = "my cousin in denver say police kill the lady for no reason, she have no gun, only necklace in the hand"
    assert [m.action for m in semantic_matcher.match(text)][:1] == [Action.REVIEW]
