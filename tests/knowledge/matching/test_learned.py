"""Server-local wordings: what may be learned, what a learned wording answers, and what it must leave alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.evaluation import load_labelled
from knowledge.matching.learned import LearnedWordings, Wording, clean_wording, refusal, wording_key
from knowledge.matching.local import LocalMatcher
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action, Match, Thresholds
from tests.knowledge.matching.conftest import COMPTON, FLINT, LABELLED, WESTMINSTER

UNARMED = "duran-was-unarmed"
SHOT_AT = "man-shot-at-chp-sergeant"
INNOCENT = "police-killed-innocent-woman"
HELD_OUT = Path(__file__).resolve().parents[3] / "knowledge" / "incidents" / "examples" / "heldout_messages.jsonl"

NECKLACE = Wording(
    WESTMINSTER, UNARMED, "duran had her hands on her necklace the whole time, no gun, he just panicked and killed her"
)
DIRECTIONS = Wording(
    FLINT, INNOCENT, "flint parade shooting: cop panicked and shot a girl who was just asking him for directions"
)
BULLET_HOLES = Wording(
    COMPTON, SHOT_AT, "theres holes in the chp car from the compton takeover, they're hiding the pics"
)


def replies(matches: list[Match]) -> list[tuple[str, str]]:
    return [(match.incident_id, match.claim_id) for match in matches if match.action is Action.REPLY]


def answered(matcher: Matcher, lessons: LearnedWordings, text: str) -> list[tuple[str, str]]:
    return replies(lessons.adjust(text, matcher.match(text)))


def test_a_wording_keeps_its_words_without_links_mentions_or_emoji() -> None:
    text = "<@123> <@!45> look <#678> https://t.co/abc?x=1 #JusticeForAlysha she had no gun 😭 <:sob:1234> :fire:"
    assert clean_wording(text) == "look JusticeForAlysha she had no gun"
    assert clean_wording("@everyone <!here> <@U024BE7LH|bob> she had no gun") == "she had no gun"
    assert clean_wording("word " * 100).endswith("word") and len(clean_wording("word " * 100)) <= 240
    assert clean_wording("the cop shot her for no rea\u2026") == "the cop shot her for no"
    assert wording_key("She had NO gun!!") == wording_key("she had no gun")


@pytest.mark.parametrize(
    ("wording", "reason"),
    [
        (Wording(WESTMINSTER, UNARMED, "no gun smh"), "too short"),
        (Wording(WESTMINSTER, UNARMED, "Alysha Duran Westminster Colorado bodycam"), "nothing beyond"),
        (Wording(WESTMINSTER, UNARMED, "cop shot a woman for no reason and she had no gun"), "names no person"),
        (Wording(FLINT, INNOCENT, "in flint briana sykes fired at the officer first, he fired back"), "against"),
        (Wording(WESTMINSTER, "no-such-claim", NECKLACE.text), "not in the knowledge"),
    ],
)
def test_unsafe_wordings_are_refused(matcher: Matcher, wording: Wording, reason: str) -> None:
    assert reason in (refusal(matcher, wording) or "")


@pytest.mark.parametrize("wording", [NECKLACE, DIRECTIONS, BULLET_HOLES])
def test_a_wording_naming_the_incident_and_saying_more_is_learned(matcher: Matcher, wording: Wording) -> None:
    assert refusal(matcher, wording) is None


@pytest.mark.parametrize(
    ("wording", "paraphrase"),
    [
        (NECKLACE, "duran had her hands on her necklace the whole time, he panicked and killed her smh"),
        (DIRECTIONS, "flint parade: the cop panicked and shot a girl who was only asking him for directions"),
        (BULLET_HOLES, "there are holes in the chp car from the compton takeover and they are hiding the pics"),
    ],
)
def test_a_close_paraphrase_of_a_learned_wording_is_answered(matcher: Matcher, wording: Wording, paraphrase: str):
    key = (wording.incident_id, wording.claim_id)
    assert key not in replies(matcher.match(paraphrase))
    lessons = LearnedWordings(matcher, [wording])
    [learned] = [m for m in lessons.adjust(paraphrase, matcher.match(paraphrase)) if m.action is Action.REPLY]
    assert (learned.incident_id, learned.claim_id) == key
    assert "moderators of this server approved" in learned.reasons[0].detail
    assert wording.text not in str(learned.reasons)  # another member's words are never quoted in an answer


@pytest.mark.parametrize(
    "near_miss",
    [
        "duran had her hands on her necklace at first, then she reached for the gun in her car, police say",
        "duran had her hands on her necklace and then the officer saw a gun, thats what the bodycam shows",
        "so sad about alysha duran, praying for her family and everyone who had to see that",
        "'duran had her hands on her necklace, no gun' is false, a handgun was found in her car",
        "in westminster a man had his hands on his necklace the whole time and the dog panicked",
        "had her hands in her lap the whole time, no gun, he just panicked and killed her",
    ],
)
def test_near_misses_of_a_learned_wording_stay_unanswered(matcher: Matcher, near_miss: str) -> None:
    lessons = LearnedWordings(matcher, [NECKLACE])
    assert (WESTMINSTER, UNARMED) not in answered(matcher, lessons, near_miss)


def test_a_message_must_say_what_the_wording_claims_not_only_the_event(matcher: Matcher) -> None:
    wording = Wording(
        WESTMINSTER,
        UNARMED,
        "the westminster officer shot alysha duran at the traffic stop for no reason, she had no gun",
    )
    lessons = LearnedWordings(matcher, [wording])
    accurate = "the westminster officer shot alysha duran at the traffic stop"
    assert answered(matcher, lessons, accurate) == []
    assert answered(matcher, lessons, f"{accurate}, she had a gun") == []
    assert answered(matcher, lessons, f"{accurate} for no reason") == [(WESTMINSTER, UNARMED)]


def test_the_police_part_reversed_is_not_answered(matcher: Matcher) -> None:
    wording = Wording(COMPTON, SHOT_AT, "yo a man shot at a chp officer at the compton takeover last night")
    assert refusal(matcher, wording) is None
    lessons = LearnedWordings(matcher, [wording])
    assert answered(matcher, lessons, wording.text) == [(COMPTON, SHOT_AT)]
    reversed_part = "yo a chp officer shot a man at the compton takeover last night"
    assert answered(matcher, lessons, reversed_part) == []


def test_a_short_message_goes_to_review_not_an_answer(matcher: Matcher) -> None:
    wording = Wording(WESTMINSTER, UNARMED, "westminster cop killed duran, no gun")
    lessons = LearnedWordings(matcher, [wording])
    matches = lessons.adjust("westminster cop killed duran, no gun", [], Thresholds(min_words_for_reply=8))
    assert [(m.claim_id, m.action) for m in matches] == [(UNARMED, Action.REVIEW)]


def test_a_rejected_wording_suppresses_its_claim_for_nearly_the_same_message(matcher: Matcher) -> None:
    rejected = Wording(COMPTON, SHOT_AT, "someone shot up the chp car at the compton takeover", approved=False)
    lessons = LearnedWordings(matcher, [rejected])
    again = "Someone shot up the CHP car at the Compton takeover!!"
    assert (COMPTON, SHOT_AT) in replies(matcher.match(again))
    assert lessons.adjust(again, matcher.match(again)) == []
    assert lessons.repeated(again) == [rejected]
    with_a_link = f"{again} https://clips.example.com/v/1"
    assert lessons.adjust(with_a_link, matcher.match(with_a_link)) == matcher.match(with_a_link) != []
    different = "someone shot up the chp car at the compton takeover, the sergeant inside was nearly killed by it"
    assert lessons.adjust(different, matcher.match(different)) == matcher.match(different) != []


def test_a_rejection_wins_over_an_approval_of_the_same_wording(matcher: Matcher) -> None:
    rejected = Wording(NECKLACE.incident_id, NECKLACE.claim_id, NECKLACE.text, approved=False)
    lessons = LearnedWordings(matcher, [NECKLACE, rejected])
    assert answered(matcher, lessons, NECKLACE.text) == []


def test_lessons_of_claims_the_knowledge_lost_are_ignored(matcher: Matcher) -> None:
    lessons = LearnedWordings(matcher, [Wording(WESTMINSTER, "gone", NECKLACE.text)])
    assert not lessons
    assert lessons.adjust(NECKLACE.text, []) == []


def test_learning_every_labelled_positive_answers_no_negative(matcher: Matcher) -> None:
    """As if moderators approved every labelled positive: no labelled negative, and no related or unrelated
    held-out message, gets an automatic answer it did not get before.
    """
    labelled = load_labelled(LABELLED)
    taught = [Wording(m.incident or "", m.claim or "", clean_wording(m.text)) for m in labelled if m.positive]
    lessons = LearnedWordings(matcher, [wording for wording in taught if refusal(matcher, wording) is None])
    assert len(lessons.wordings) >= 80
    held_out = [json.loads(line) for line in HELD_OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    negatives = [m.text for m in labelled if not m.positive]
    negatives += [m["text"] for m in held_out if m["label"] != "misinfo"]
    assert len(negatives) >= 250
    newly = [text for text in negatives if answered(matcher, lessons, text) != replies(matcher.match(text))]
    assert newly == []


def test_lessons_work_with_a_servers_own_claims_beside_the_shared_ones(
    matcher: Matcher, knowledge: KnowledgeBase
) -> None:
    own = KnowledgeBase.of([knowledge.get(FLINT)])
    local = LocalMatcher(matcher, Matcher(own), knowledge)
    lessons = LearnedWordings(local, [NECKLACE, DIRECTIONS])
    paraphrase = "flint parade: the cop panicked and shot a girl who was only asking him for directions"
    assert replies(lessons.adjust(paraphrase, local.match(paraphrase))) == [(FLINT, INNOCENT)]
    assert replies(lessons.adjust(NECKLACE.text, local.match(NECKLACE.text))) == [(WESTMINSTER, UNARMED)]
