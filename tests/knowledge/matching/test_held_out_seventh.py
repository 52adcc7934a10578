"""Regression floors on the seventh held-out set: 210 chat messages a helper wrote from the official record and
the seeds alone, without seeing the matcher, the knowledge files or any labelled data, at the start of the sixth
session.

It was scored once before that session's matching work (d121e38: 56 of 90 caught, 34 answered, 4 of 70 related
answered, 4 to review) and once after (638594a: 61, 44, 4, 2). Its related messages were read then, and the four
answers among them fixed (b1e938d: 61, 44, 0, 3): from there it is a development set. The floors are those
figures, less one message; they hold the line, they are not the issue's targets.
"""

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import HeldOutReport, load_held_out
from tests.knowledge.matching.test_held_out import scored

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "heldout7_messages.jsonl"


@pytest.fixture(scope="module")
def report(knowledge: KnowledgeBase) -> HeldOutReport:
    return scored(knowledge, HELD_OUT)


def test_the_set_is_the_one_reported():
    messages = load_held_out(HELD_OUT)
    assert [sum(m.label == label for m in messages) for label in ("misinfo", "related", "unrelated")] == [90, 70, 50]


def test_misinformation_caught_does_not_fall(report: HeldOutReport):
    assert (
        report.count("misinfo", "reply") + report.count("misinfo", "review") >= 77
    )  # 61 in the sixth session, 78 in the seventh
    assert report.count("misinfo", "reply") >= 50  # 44, then 51


def test_related_talk_is_not_answered_more(report: HeldOutReport):
    assert report.count("related", "reply") <= 1
    assert report.count("related", "review") <= 4


def test_unrelated_messages_get_nothing(report: HeldOutReport):
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") == 0
