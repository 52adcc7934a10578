"""Regression floors on the held-out chat messages (written from the official record alone, never tuned on).

The floors are what the matcher scored when the set was first reported (session of 2026-12-05), less one
message: they hold the line, they are not the issue's targets (90% caught, 75% answered).
"""

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import HeldOutReport, evaluate_held_out, load_held_out
from knowledge.matching.matcher import Matcher
from knowledge.semantic.encoder import SemanticConfig, load_semantic

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "heldout_messages.jsonl"


@pytest.fixture(scope="module")
def report(knowledge: KnowledgeBase) -> HeldOutReport:
    semantic = load_semantic(SemanticConfig())
    if semantic is None:
        pytest.skip("the semantic model is not installed (make setup installs it)")
    return evaluate_held_out(Matcher(knowledge, semantic=semantic), load_held_out(HELD_OUT))


def test_the_set_is_the_one_reported():
    messages = load_held_out(HELD_OUT)
    assert [sum(m.label == label for m in messages) for label in ("misinfo", "related", "unrelated")] == [85, 57, 57]


def test_misinformation_caught_does_not_fall(report: HeldOutReport):
    assert report.count("misinfo", "reply") + report.count("misinfo", "review") >= 58  # 59 of 85 when reported
    assert report.count("misinfo", "reply") >= 36  # 37 of 85 when reported


def test_related_talk_is_not_answered_more(report: HeldOutReport):
    assert report.count("related", "reply") <= 3
    assert report.count("related", "review") <= 8  # 7 of 57 when reported


def test_unrelated_messages_get_nothing(report: HeldOutReport):
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") == 0
