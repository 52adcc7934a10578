"""Regression floors on the third held-out set: 200 chat messages a helper wrote from the official record and the
seeds alone, without seeing the matcher, the knowledge files or any labelled data, at the start of the third
session.

It was scored once before that session's matching work (391c2e7: 62 of 90 caught, 43 answered) and once after
(8732cf5: 63 caught, 45 answered), and never tuned on; the floors are the figures reported after, less one
message. They hold the line; they are far from the issue's targets (90% caught, 75% answered automatically).
"""

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import HeldOutReport, load_held_out
from tests.knowledge.matching.test_held_out import scored

HELD_OUT = Path(__file__).resolve().parents[3] / "knowledge" / "incidents" / "examples" / "heldout3_messages.jsonl"


@pytest.fixture(scope="module")
def report(knowledge: KnowledgeBase) -> HeldOutReport:
    return scored(knowledge, HELD_OUT)


def test_the_set_is_the_one_reported():
    messages = load_held_out(HELD_OUT)
    assert [sum(m.label == label for m in messages) for label in ("misinfo", "related", "unrelated")] == [90, 60, 50]


def test_misinformation_caught_does_not_fall(report: HeldOutReport):
    assert (
        report.count("misinfo", "reply") + report.count("misinfo", "review") >= 76
    )  # 62 before, 63 after, 72 in the sixth session, 77 in the eighth
    assert report.count("misinfo", "reply") >= 65  # 43 before, 45 after, 62 in the sixth session, 65 seventh, 66 eighth


def test_related_talk_is_not_answered_more(report: HeldOutReport):
    assert report.count("related", "reply") <= 1  # 3 of 60 before and after, 0 in the sixth session
    assert report.count("related", "review") <= 4  # 6 of 60 before and after, 3 in the sixth session


def test_unrelated_messages_get_nothing(report: HeldOutReport):
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") == 0
