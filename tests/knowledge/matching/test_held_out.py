"""Regression floors on the held-out chat messages (written from the official record alone, never tuned on).

The floors were first what the matcher scored when the set was reported (session of 2026-12-05), less one
message; once reported the set became a development set, and the floors follow the matcher's figures on it
(claim stance and incident-level review, same session; thin naming and the claims' own words, third session),
less one message. They hold the line; they are not
the issue's targets (90% caught, 75% answered). The development messages (dev_messages.jsonl, written for this
work in people's styles: slang, negation, reversed roles, sarcasm, links, hashtags) hold their own floors.
"""

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import HeldOutReport, evaluate_held_out, load_held_out
from knowledge.matching.matcher import Matcher
from knowledge.semantic.encoder import SemanticConfig, load_semantic
from tests.knowledge.matching.conftest import with_examples

# The first test builds the matcher with the semantic layer and trains the examples' judge on their embeddings:
# about 25 s on a quiet core (setup embedded the examples; some 80 s more without that seed), more with the suite's
# other workers on this 2-core machine.
pytestmark = pytest.mark.timeout(360)

HELD_OUT = Path(__file__).resolve().parents[3] / "knowledge" / "incidents" / "examples" / "heldout_messages.jsonl"
DEVELOPMENT = HELD_OUT.with_name("dev_messages.jsonl")


def scored(knowledge: KnowledgeBase, path: Path) -> HeldOutReport:
    """The matcher with the semantic layer and the examples' judge, as the bot runs, on a set of messages (skipped
    without the model).
    """
    semantic = load_semantic(SemanticConfig())
    if semantic is None:
        pytest.skip("the semantic model is not installed (make setup installs it)")
    return evaluate_held_out(Matcher(with_examples(knowledge), semantic=semantic), load_held_out(path))


@pytest.fixture(scope="module")
def report(knowledge: KnowledgeBase) -> HeldOutReport:
    return scored(knowledge, HELD_OUT)


def test_the_set_is_the_one_reported():
    messages = load_held_out(HELD_OUT)
    assert [sum(m.label == label for m in messages) for label in ("misinfo", "related", "unrelated")] == [85, 57, 57]


def test_misinformation_caught_does_not_fall(report: HeldOutReport):
    assert (
        report.count("misinfo", "reply") + report.count("misinfo", "review") >= 78
    )  # 59 of 85 when reported, 75 in the fifth session, 76 in the sixth, 79 in the eighth
    assert (
        report.count("misinfo", "reply") >= 71
    )  # 37 of 85 when reported, 68 in the fifth session, 72 in the sixth and seventh


def test_related_talk_is_not_answered_more(report: HeldOutReport):
    assert report.count("related", "reply") <= 1  # 3 of 57 when reported, 0
    assert report.count("related", "review") <= 2  # 7 of 57 when reported, 2, then 1 in the sixth session


def test_unrelated_messages_get_nothing(report: HeldOutReport):
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") == 0


@pytest.fixture(scope="module")
def development(knowledge: KnowledgeBase) -> HeldOutReport:
    return scored(knowledge, DEVELOPMENT)


def test_the_development_messages_hold_their_floors(development: HeldOutReport):
    assert (
        development.count("misinfo", "reply") + development.count("misinfo", "review") >= 51
    )  # 52 of 52 in the seventh session
    assert development.count("misinfo", "reply") >= 50  # 51 of 52 in the seventh session
    assert development.count("related", "reply") <= 2  # 1 of 38
    assert development.count("related", "review") <= 2  # 1 of 38
    assert development.count("unrelated", "reply") + development.count("unrelated", "review") == 0
