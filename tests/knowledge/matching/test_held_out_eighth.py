"""Regression floors on the eighth set: 240 chat messages a helper wrote from the official record and the seeds
alone (never seeing the matcher, the knowledge files or any labelled data) in the sixth session, to probe
precision: 130 accurate or neutral messages, many in the claims' own words (debunks, quotes of the officials,
questions, grief, sympathy for the officers), 70 misinformation, 40 unrelated near misses.

It was written as a development set and worked on at once. At d121e38 it scored 59 of 70 caught, 43 answered, 5
of 130 related answered and 13 to review; at b1e938d 65, 50, 1 (a question naming a claim: answered by design)
and 8. The floors are those figures, less one message.
"""

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import HeldOutReport, load_held_out
from tests.knowledge.matching.test_held_out import scored

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "heldout8_messages.jsonl"


@pytest.fixture(scope="module")
def report(knowledge: KnowledgeBase) -> HeldOutReport:
    return scored(knowledge, HELD_OUT)


def test_the_set_is_the_one_written():
    messages = load_held_out(HELD_OUT)
    assert [sum(m.label == label for m in messages) for label in ("misinfo", "related", "unrelated")] == [70, 130, 40]


def test_misinformation_caught_does_not_fall(report: HeldOutReport):
    assert (
        report.count("misinfo", "reply") + report.count("misinfo", "review") >= 66
    )  # 65 in the sixth session, 67 in the seventh
    assert report.count("misinfo", "reply") >= 52  # 50, then 53


def test_related_talk_is_not_answered_more(report: HeldOutReport):
    assert report.count("related", "reply") <= 2
    assert report.count("related", "review") <= 10  # 8, then 9


def test_unrelated_messages_get_nothing(report: HeldOutReport):
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") == 0
