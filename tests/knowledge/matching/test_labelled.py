"""The floors on the labelled messages: no false automatic reply, most claims caught, most answered."""

from collections import Counter

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import LabelledMessage, Report, evaluate, load_labelled
from knowledge.matching.matcher import Matcher
from tests.knowledge.matching.conftest import LABELLED


@pytest.fixture(scope="module")
def messages() -> list[LabelledMessage]:
    return load_labelled(LABELLED)


@pytest.fixture(scope="module")
def report(taught_matcher: Matcher, messages: list[LabelledMessage]) -> Report:
    """The bot's matcher: words, rules and the examples' judge."""
    return evaluate(taught_matcher, messages)


def test_the_labelled_set_is_big_enough_and_well_formed(
    messages: list[LabelledMessage], knowledge: KnowledgeBase
) -> None:
    """At least 150 messages, 40% negatives, every positive naming a real claim, no duplicates."""
    assert len(messages) >= 150
    assert sum(not m.positive for m in messages) >= 0.4 * len(messages)
    for message in messages:
        if message.positive:
            assert message.incident and message.claim
            knowledge.claim(message.incident, message.claim)
    duplicates = [text for text, count in Counter(m.text for m in messages).items() if count > 1]
    assert duplicates == []


def test_no_false_automatic_reply(report: Report) -> None:
    """Not one negative is answered automatically, and no positive is answered with the wrong claim."""
    assert [outcome.message.text for outcome in report.false_replies] == []
    assert report.reply_precision == 1.0


def test_nine_in_ten_positives_are_caught(report: Report) -> None:
    """At least 90% of the positives come out as reply or review on the right claim."""
    assert report.review_recall >= 0.9, [o.message.text for o in report.missed]


def test_seven_in_ten_positives_are_answered_automatically(report: Report) -> None:
    """At least 70% of all positives get an automatic reply on the right claim."""
    assert report.reply_recall >= 0.7, [o.message.text for o in report.not_replied]


def test_messages_about_the_genuine_video_are_never_answered(report: Report) -> None:
    """The accurate claim (the officer in tears) never gets an automatic reply."""
    about_video = [o for o in report.outcomes if o.message.claim == "officer-broke-down-in-tears"]
    assert about_video
    assert all(not o.false_replies for o in about_video)
