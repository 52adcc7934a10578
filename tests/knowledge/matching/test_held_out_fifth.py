"""Regression floors on the fifth held-out set: 210 chat messages a helper wrote from the official record and the
seeds alone, without seeing the matcher, the knowledge files or any labelled data, at the start of the fifth
session.

It was scored once before that session's matching work (823df71: 60 of 90 caught, 46 answered, 3 of 70 related
answered, 5 to review) and once after (e9c6127: 60, 49, 4, 4). Fixes followed that it showed (the passive, the
incident's people as the ones who shot, quotations of the officials); the floors are the figures after them
(66, 55, 4, 4), less one message. They hold the line; they are not the issue's targets.
"""

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import HeldOutReport, load_held_out
from tests.knowledge.matching.test_held_out import scored

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "heldout5_messages.jsonl"


@pytest.fixture(scope="module")
def report(knowledge: KnowledgeBase) -> HeldOutReport:
    return scored(knowledge, HELD_OUT)


def test_the_set_is_the_one_reported():
    messages = load_held_out(HELD_OUT)
    assert [sum(m.label == label for m in messages) for label in ("misinfo", "related", "unrelated")] == [90, 70, 50]


def test_misinformation_caught_does_not_fall(report: HeldOutReport):
    assert (
        report.count("misinfo", "reply") + report.count("misinfo", "review") >= 73
    )  # 71 in the sixth session, 74 in the seventh
    assert report.count("misinfo", "reply") >= 60  # 61 in the sixth session


def test_related_talk_is_not_answered_more(report: HeldOutReport):
    assert report.count("related", "reply") <= 3  # 2 in the sixth session (questions naming a claim)
    assert report.count("related", "review") <= 4  # 3 in the sixth session


def test_unrelated_messages_get_nothing(report: HeldOutReport):
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") == 0
