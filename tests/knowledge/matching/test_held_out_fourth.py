"""Regression floors on the fourth held-out set: 210 chat messages a helper wrote from the official record and the
seeds alone, without seeing the matcher, the knowledge files or any labelled data, at the start of the fourth
session.

It was scored once before that session's matching work (a63b212: 83 of 90 caught, 64 answered, 5 of 70 related
answered, 13 to review) and once after (d10fa49: 83, 62, 4, 11). Two fixes followed that it showed (quoting the
claim to scoff at it); the floors are the figures after them (83, 62, 1, 14), less one message. They hold the
line; they are not the issue's targets (75% answered automatically, at most 15% of related talk to review).
"""

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import HeldOutReport, load_held_out
from tests.knowledge.matching.test_held_out import scored

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "heldout4_messages.jsonl"


@pytest.fixture(scope="module")
def report(knowledge: KnowledgeBase) -> HeldOutReport:
    return scored(knowledge, HELD_OUT)


def test_the_set_is_the_one_reported():
    messages = load_held_out(HELD_OUT)
    assert [sum(m.label == label for m in messages) for label in ("misinfo", "related", "unrelated")] == [90, 70, 50]


def test_misinformation_caught_does_not_fall(report: HeldOutReport):
    assert report.count("misinfo", "reply") + report.count("misinfo", "review") >= 89  # 90 in the sixth session
    assert report.count("misinfo", "reply") >= 82  # 82 in the sixth session, 83 in the seventh


def test_related_talk_is_not_answered_more(report: HeldOutReport):
    assert report.count("related", "reply") <= 1  # 0 in the sixth session
    assert report.count("related", "review") <= 9  # 8 in the sixth session


def test_unrelated_messages_get_nothing(report: HeldOutReport):
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") == 0
