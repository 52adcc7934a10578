"""The matcher on hostile text (tests/hostile.py): no exception, bounded and valid output, no pathological time.

Example counts (recorded for the lead): 250 mixed hostile messages, 60 link floods (100-400 links each), 40 walls
of repeated text, each checked with and without ``top``; a 2 s hypothesis deadline per example only catches
blow-ups (the timings are printed by benchmarks/hostile_input.py, never asserted).
"""

import pytest
from hypothesis import HealthCheck, given, settings

from knowledge.loader import load_knowledge
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action, Match
from tests.hostile import MAX_CHARS, link_floods, messages, walls

HOSTILE = settings(
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
TOP = 5


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    result = load_knowledge()
    assert not result.errors
    return Matcher(result.knowledge)


def check(matcher: Matcher, text: str) -> None:
    assert len(text) <= MAX_CHARS
    for matches, limit in ((matcher.match(text), len(matcher)), (matcher.match(text, top=TOP), TOP)):
        assert_bounded(matches, limit)
    for match in matcher.match(text, top=TOP):
        matcher.carries_source(text, match.incident_id)
    matcher.unknown_links(text)


def assert_bounded(matches: list[Match], limit: int) -> None:
    assert len(matches) <= limit
    assert len({(m.incident_id, m.claim_id) for m in matches}) == len(matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    for match in matches:
        assert 0 <= match.score <= 100
        assert match.action in Action


@settings(HOSTILE, max_examples=250)
@given(text=messages)
def test_hostile_messages(matcher: Matcher, text: str) -> None:
    check(matcher, text)


@settings(HOSTILE, max_examples=60)
@given(text=link_floods)
def test_hundreds_of_links(matcher: Matcher, text: str) -> None:
    check(matcher, text)


@settings(HOSTILE, max_examples=40)
@given(text=walls)
def test_walls_of_repeated_text(matcher: Matcher, text: str) -> None:
    check(matcher, text)
