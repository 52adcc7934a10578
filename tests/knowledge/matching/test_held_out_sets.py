"""Regression floors on the held-out sets written by helpers from the official record and the seeds alone, without
seeing the matcher, the knowledge files or any labelled data. Each set was scored unread before and after a
session's matching work (its history below), then read: from there it is a development set, and its floors are
the matcher's figures (semantic layer on), less one message. They hold the line; they are not the issue's targets
(90% caught, 75% answered, at most 5% of related talk answered and 15% to review).

The first three sets keep their own files (test_held_out.py, _second, _third).
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import HeldOutReport, load_held_out
from tests.knowledge.matching.test_held_out import scored

# The first test of a set builds the matcher with the semantic layer and trains the examples' judge on their
# embeddings: about 25 s on a quiet core (setup embedded the examples; some 80 s more without that seed), more with
# the suite's other workers on this 2-core machine.
pytestmark = pytest.mark.timeout(360)

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES = Path(__file__).resolve().parents[3] / "knowledge" / "incidents" / "examples"
"""The sets that were read are the knowledge's examples (the judge learns from them): floors on training data."""


@dataclass(frozen=True)
class Floors:
    """A set's file, its size per label (misinfo, related, unrelated) and the floors it must keep."""

    file: str
    size: tuple[int, int, int]
    caught: int
    answered: int
    related_answered: int
    related_reviewed: int
    unrelated_reviewed: int = 0
    folder: Path = EXAMPLES


SETS = {
    # Written at the start of the fourth session. a63b212: 83 of 90 caught, 64 answered, 5 of 70 related answered, 13
    # to review; d10fa49: 83, 62, 4, 11; after two fixes it showed (quoting the claim to scoff at it): 83, 62, 1, 14.
    # The sixth session: 90, 82, 0, 8; the seventh: 90, 83, 0, 8; the eighth: 90, 83, 0, 7.
    # The ninth session: 90, 83, 0, 7.
    # The tenth session: 90, 82, 0, 7. The thirteenth (the judge on full-model embeddings, queueing from 0.5): 9 to
    # review.
    "fourth": Floors(
        "heldout4_messages.jsonl", (90, 70, 50), caught=89, answered=82, related_answered=1, related_reviewed=9
    ),
    # Written at the start of the fifth session. 823df71: 60 of 90 caught, 46 answered, 3 of 70 related answered, 5
    # to review; e9c6127: 60, 49, 4, 4; after fixes it showed (the passive, the incident's people as the ones who
    # shot, quotations of the officials): 66, 55, 4, 4. The sixth session: 71, 61, 2 (questions naming a claim), 3;
    # the seventh: 74, 61, 2, 3; the eighth: 74, 63, 2, 3.
    # The ninth session: 74, 65, 0, 5.
    # The tenth session: 75, 65, 0, 5.
    "fifth": Floors(
        "heldout5_messages.jsonl", (90, 70, 50), caught=74, answered=64, related_answered=1, related_reviewed=6
    ),
    # Written at the start of the sixth session. d121e38: 56 of 90 caught, 34 answered, 4 of 70 related answered, 4
    # to review; 638594a: 61, 44, 4, 2; its four related answers fixed (b1e938d): 61, 44, 0, 3. The seventh: 78, 51;
    # the eighth: 77, 54, 0, 2.
    # The ninth session: 78, 59, 0, 2.
    # The tenth session: 80, 61, 0, 2.
    "seventh": Floors(
        "heldout7_messages.jsonl", (90, 70, 50), caught=79, answered=60, related_answered=1, related_reviewed=3
    ),
    # Written in the sixth session to probe precision: 130 accurate or neutral messages, many in the claims' own
    # words, 70 misinformation, 40 unrelated; a development set at once. d121e38: 59 of 70 caught, 43 answered, 5 of
    # 130 related answered, 13 to review; b1e938d: 65, 50, 1 (a question naming a claim), 8; the seventh: 67, 53, 1, 9;
    # the eighth: 67, 54, 1, 9; the ninth: 68, 57, 0, 11 (a quoted "he didn't shoot her for no reason" queued).
    # The tenth session: 67, 57, 0, 11.
    "eighth": Floors(
        "heldout8_messages.jsonl", (70, 130, 40), caught=67, answered=56, related_answered=1, related_reviewed=12
    ),
    # Written at the end of the sixth session. d121e38: 53 of 90 caught, 37 answered, 5 of 70 related answered, 4 to
    # review; 1f91f52: 58, 42, 2, 3; 86ac349 (the seventh session's start): 58, 42, 2, 3; 9b4dbb6 (after its first
    # block of work): 61, 43, 2, 3. Then read; c937682: 66, 47, 2, 3; the eighth session: 70, 52, 1, 4.
    # The ninth session: 71, 57, 1, 4.
    # The tenth session: 72, 59, 1, 4.
    "ninth": Floors(
        "heldout9_messages.jsonl", (90, 70, 50), caught=70, answered=58, related_answered=2, related_reviewed=5
    ),
    # Written at the start of the seventh session. 86ac349: 58 of 90 caught, 48 answered, 2 of 70 related answered, 5
    # to review; 9b4dbb6: 61, 50, 2, 5. Then read; c937682: 70, 60, 2, 5; the eighth session: 77, 63, 1, 7 (a
    # related answer became a review: "... but chp says otherwise").
    # The ninth session: 77, 65, 0, 6.
    # The tenth session: 78, 66, 0, 6.
    "tenth": Floors(
        "heldout10_messages.jsonl", (90, 70, 50), caught=77, answered=65, related_answered=1, related_reviewed=7
    ),
    # Written in the middle of the seventh session. 86ac349: 52 of 90 caught, 37 answered, 0 of 70 related answered,
    # 4 to review; 9b4dbb6: 54, 40, 0, 3; c937682 (the session's end): 64, 50, 0, 3; the eighth session: 65, 53, 0, 2.
    # The ninth session: 65, 54, 0, 2.
    # The tenth session: 69, 55, 0, 2.
    "eleventh": Floors(
        "heldout11_messages.jsonl", (90, 70, 50), caught=68, answered=54, related_answered=1, related_reviewed=3
    ),
    # Written late in the seventh session, unread until the eighth's end. 86ac349: 59 of 90 caught, 46 answered, 2 of
    # 70 related answered, 3 to review; c937682 and 7633b34: 69, 54, 3, 2; d89e276 (the eighth's end): 70, 54, 3, 2.
    # Its related answers are held at 3, the 5% (not one more).
    # The ninth session: 71, 56, 0, 3.
    # The tenth session: 73, 60, 0, 3.
    "twelfth": Floors(
        "heldout12_messages.jsonl", (90, 70, 50), caught=72, answered=59, related_answered=1, related_reviewed=4
    ),
    # Written at the start of the eighth session. 7633b34: 74 of 90 caught, 60 answered, 2 of 70 related answered, 1
    # to review; d89e276 (the session's end): 74, 62, 3, 1. Then read: the new related answer ("the 'gunman fires on
    # chp' thing is not what CHP says happened", named twice once "takeover" became a keyword) fixed: 74, 62, 2, 1.
    # The ninth session: 76, 66, 1, 2.
    # The tenth session: 76, 68, 1, 2.
    "thirteenth": Floors(
        "heldout13_messages.jsonl", (90, 70, 50), caught=75, answered=67, related_answered=2, related_reviewed=3
    ),
    # Written at the end of the eighth session, unread until the ninth's end. 2877784 and 8e141d6: 78 of 90 caught, 57
    # answered, 4 of 70 related answered, 2 to review; 94229a5 (the ninth's start) the same; 108991f (its end): 79, 61,
    # 3, 3. Then read: 83, 65, 1, 3.
    # The tenth session: 84, 65, 1, 2.
    "fourteenth": Floors(
        "heldout14_messages.jsonl", (90, 70, 50), caught=83, answered=64, related_answered=2, related_reviewed=4
    ),
    # Written at the start of the ninth session. 94229a5: 74 of 90 caught, 59 answered, 2 of 70 related answered, 3 to
    # review, 1 unrelated message to review; 108991f (the session's end): 76, 61, 2, 3, the same unrelated one queued.
    # Then read: 78, 64, 1, 4, the unrelated one ("photo shoot in compton") no longer queued.
    # The tenth session: 80, 64, 1, 4.
    "fifteenth": Floors(
        "heldout15_messages.jsonl",
        (90, 70, 50),
        caught=77,
        answered=63,
        related_answered=2,
        related_reviewed=5,
        unrelated_reviewed=0,
    ),
    # Written in the middle of the ninth session, asked for more messages that name their incident loosely or not at
    # all; unread. 8ba51a7: 59 of 90 caught, 44 answered, 2 of 70 related answered, 0 to review; 4d1860e (the ninth's
    # end) and a974268 (the tenth's start): 61, 46, 1, 0; b76147c (the tenth's matching work done): 61, 46, 0, 2.
    # The eleventh session's judge (learned from the examples, which this set is not among): 67, 47, 0, 2.
    # Not read yet: its floors hold the line on text never tuned on. e62a067 (the fourteenth session's start): 75, 49,
    # 0, 2; its end (answers on the judge alone, four more training sets): 74, 59, 0, 2. The fifteenth session's judge
    # with a hidden layer (and 300 unrelated training messages): 75, 57, 0, 2, one answer fewer than the floor before
    # (over six unread sets, 385 answered against 384, 491 caught against 487): the floor follows, less one. The
    # sixteenth session's sure judge (one keyword, the police named, the best of several claims): 75, 60, 0, 2. The
    # seventeenth's six more examples files and lower bars for the judge (0.9 to answer what the words queued, 0.93
    # alone): 76, 61, 0, 2. The eighteenth's stance readings, a seventh training set and lower bars again (0.75 to
    # answer what the words queued, 0.85 alone): 77, 64, 0, 2. The nineteenth's Spanish gloss and stance readings:
    # 79, 65, 0, 2. The twentieth's eighth training set (#42) and stance and negation readings: 80, 66, 0, 2; with a
    # ninth training set (#45): 80, 67, 0, 2. The twenty-first's three training sets (#46-#48) and stance readings:
    # 81, 69, 0, 2. The twenty-third's three training sets (#49-#51), quote replies and stance readings: 82, 69, 0, 2.
    "sixteenth": Floors(
        "heldout16_messages.jsonl",
        (90, 70, 50),
        caught=80,
        answered=68,
        related_answered=1,
        related_reviewed=3,
        folder=DATA,
    ),
    # Written at the start of the tenth session; unread. a974268: 69 of 90 caught, 54 answered, 0 of 70 related
    # answered, 3 to review; b76147c (the tenth's matching work done) and 2d347cd (the eleventh's start): 70, 54, 0, 3;
    # with the eleventh session's judge: 78, 56, 0, 3; e62a067 (the fourteenth session's start): 83, 60, 0, 3; its end:
    # 84, 64, 0, 4; the fifteenth session's judge with a hidden layer: 84, 64, 0, 4; the sixteenth's sure judge: 84,
    # 66, 0, 4; with its stance of a fact called unfounded: 84, 67, 0, 4; the seventeenth session's six more examples
    # files and lower bars for the judge: 84, 69, 0, 4; the eighteenth's (as above): 85, 70, 0, 4; the nineteenth's:
    # 86, 70, 0, 4; the twentieth's: 86, 70, 0, 4, then with #45 among the examples 86, 71, 0, 4; the twenty-first's:
    # 86, 71, 0, 4; the twenty-third's: 87, 71, 0, 4. Not read yet, not among the examples.
    "seventeenth": Floors(
        "heldout17_messages.jsonl",
        (90, 70, 50),
        caught=85,
        answered=70,
        related_answered=1,
        related_reviewed=5,
        folder=DATA,
    ),
}


@pytest.fixture(scope="module", params=list(SETS))
def held_out(request: pytest.FixtureRequest, knowledge: KnowledgeBase) -> tuple[Floors, HeldOutReport]:
    floors = SETS[request.param]
    return floors, scored(knowledge, floors.folder / floors.file)


def test_the_set_is_the_one_reported(held_out: tuple[Floors, HeldOutReport]):
    floors, _report = held_out
    messages = load_held_out(floors.folder / floors.file)
    assert tuple(sum(m.label == label for m in messages) for label in ("misinfo", "related", "unrelated")) == (
        floors.size
    )


def test_misinformation_caught_does_not_fall(held_out: tuple[Floors, HeldOutReport]):
    floors, report = held_out
    assert report.count("misinfo", "reply") + report.count("misinfo", "review") >= floors.caught
    assert report.count("misinfo", "reply") >= floors.answered


def test_related_talk_is_not_answered_more(held_out: tuple[Floors, HeldOutReport]):
    floors, report = held_out
    assert report.count("related", "reply") <= floors.related_answered
    assert report.count("related", "review") <= floors.related_reviewed


def test_unrelated_messages_get_nothing(held_out: tuple[Floors, HeldOutReport]):
    floors, report = held_out
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") <= floors.unrelated_reviewed


def test_near_misses_reusing_the_incidents_words_get_no_answer(knowledge: KnowledgeBase):
    """150 messages about other events that reuse the incidents' places, agencies and words, written by a helper
    from the official record and the seeds alone (tests/knowledge/data/fresh/README.md), still unread. 94229a5 and
    4d1860e: no answer; 13 and 12 to review (semantic layer on); after the tenth session's first fixes (play, far
    places and kinds of event): no answer, 6 to review.
    """
    report = scored(knowledge, DATA / "fresh" / "nearmiss1_messages.jsonl")
    assert report.total("unrelated") == 150
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") <= 6


def test_near_misses_in_the_claims_core_words_read_half(knowledge: KnowledgeBase):
    """Near misses #2, the half read in the tenth session (nearmiss2_read_messages.jsonl): 75 messages about other
    events in the incidents' keywords and the claims' core words together, written from the official record and the
    seeds alone. a974268: 2 answered (a GTA lobby, a hockey shootout), 11 to review; after the tenth session's fixes
    (play, far places and kinds of event): no answer, 2 to review.
    """
    report = scored(knowledge, EXAMPLES / "nearmiss2_read_messages.jsonl")
    assert report.total("unrelated") == 75
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") <= 2


def test_near_misses_in_the_claims_core_words_other_half(knowledge: KnowledgeBase):
    """Near misses #2, the other half (fresh/nearmiss2_messages.jsonl), unread until the tenth session's end.
    a974268: 2 answered, 10 to review; b76147c (the session's matching work done): 2 answered, 8 to review. Then its
    answered messages were read (another state's code, "mesa az"; a California city, "stockton"): none answered,
    10 to review. The thirteenth session's judge (full-model embeddings, queueing from a chance of 0.5): 11 to review.
    """
    report = scored(knowledge, DATA / "fresh" / "nearmiss2_messages.jsonl")
    assert report.total("unrelated") == 75
    assert report.count("unrelated", "reply") == 0
    assert report.count("unrelated", "review") <= 11
