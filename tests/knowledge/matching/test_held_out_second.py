"""Regression floors on the second held-out set: 185 chat messages a helper wrote from the official record and the
seeds alone, without seeing the matcher, the knowledge files or any labelled data.

It was scored before the second session's matching work (01506cc) and once after it (1872fdc), and never tuned
on then; reported, it became a development set of the third session, and the floors follow the matcher's
figures on it, less one message. They hold the line; they are not the issue's targets (90% caught, 75% answered
automatically).
"""

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import HeldOutReport, load_held_out
from tests.knowledge.matching.test_held_out import scored

HELD_OUT = Path(__file__).resolve().parents[3] / "knowledge" / "incidents" / "examples" / "heldout2_messages.jsonl"


@pytest.fixture(scope="module")
def report(knowledge: KnowledgeBase) -> HeldOutReport:
    return scored(knowledge, HELD_OUT)


def test_the_set_is_the_one_reported():
    messages = load_held_out(HELD_OUT)
    assert [sum(m.label == label for m in messages) for label in ("misinfo", "related", "unrelated")] == [80, 55, 50]


def test_misinformation_caught_does_not_fall(report: HeldOutReport):
    assert (
        report.misinfo_caught >= 68 / 80
    )  # 49 of 80 before (61.3%), 51 after (63.7%), 59 third session, 68 sixth, 69 eighth
    assert (
        report.misinfo_answered >= 60 / 80
    )  # 25 of 80 before (31.2%), 39 after (48.8%), 49 third session, 57 sixth, 58 seventh, 61 eighth


def test_related_talk_is_not_answered_more(report: HeldOutReport):
    assert report.count("related", "reply") <= 2  # 2 of 55 before and after
    assert report.count("related", "review") <= 2  # 7 of 55 before, 5 after, 4 third session, 2 sixth, 1 eighth


def test_unrelated_messages_get_nothing(report: HeldOutReport):
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") == 0
