"""The examples' judge: learned from labelled messages, it queues what the matcher's words missed and answers what
they queued, never over a dispute, a question, play, a stricter server or a conversation's context alone."""

from collections.abc import Iterator

import numpy as np
import pytest

from knowledge.base import KnowledgeBase
from knowledge.examples import Example
from knowledge.matching import judge as judge_module
from knowledge.matching.judge import JudgeParams, train_judge
from knowledge.matching.matcher import UNSAID, Matcher, MatcherParams
from knowledge.matching.types import Action, Thresholds
from tests.knowledge.matching.conftest import COMPTON, FLINT, WESTMINSTER

FEW = MatcherParams(judge=JudgeParams(least=5))


def _examples(texts: list[str], label: str, incident: str | None) -> Iterator[Example]:
    for number, text in enumerate(texts):
        yield Example(id=f"{label}-{incident}-{number}", text=text, label=label, incident=incident)  # type: ignore[arg-type]


def _toy() -> list[Example]:
    first = [f"the blue zorb {word} flammed the guard" for word in ("really", "totally", "clearly", "so", "just")]
    second = [f"a red quix {word} spun the mayor" for word in ("really", "totally", "clearly", "so", "just")]
    other = [f"weather looks {word} today in town" for word in ("nice", "grim", "wet", "dry", "cold", "warm")]
    return [
        *_examples(first * 5, "misinfo", "a"),
        *_examples(second * 5, "misinfo", "b"),
        *_examples(other * 5, "unrelated", None),
    ]


def test_the_judge_learns_which_incident_a_message_looks_like():
    judge = train_judge(_toy(), ["a", "b"])

    assert judge is not None
    first, second, other = (judge.verdict(text) for text in ("zorb flammed him", "quix spun", "nice weather"))
    assert (first.incident_id, second.incident_id) == ("a", "b")
    assert min(first.chance, second.chance) > 0.6
    assert other.chance < 0.4


def test_incidents_with_too_few_examples_are_not_judged():
    toy = _toy()
    assert train_judge(toy, ["a", "b"], params=JudgeParams(least=26)) is None
    judge = train_judge(toy, ["a"])  # "b" is not in the base: its examples teach nothing
    assert judge is not None and judge.incidents == ("a",)


def test_the_same_examples_are_trained_once_per_process():
    first, second = train_judge(_toy(), ["a", "b"]), train_judge(_toy(), ["a", "b"])

    assert first is not None and second is not None
    assert first._weights is second._weights


UNNAMED = "she had nothing in her hands and he fired"
"""Names nothing of the incident; says its claim in other words than the knowledge's."""


def test_a_message_the_words_missed_is_answered_on_the_examples_when_the_judge_is_sure(
    matcher: Matcher, taught: KnowledgeBase
):
    """Trained on the packaged examples (words only): an unnamed message in the claim's sense."""
    assert matcher.match(UNNAMED) == []

    sure = Matcher(taught).match(UNNAMED)
    unsure = Matcher(taught, params=MatcherParams(judge=JudgeParams(alone=1.0))).match(UNNAMED)

    assert [(m.incident_id, m.claim_id, m.action) for m in sure] == [
        ("westminster-duran-shooting", "duran-was-unarmed", Action.REPLY)
    ]
    assert [reason.kind for reason in sure[0].reasons] == ["examples"]
    assert [(m.incident_id, m.action) for m in unsure] == [("westminster-duran-shooting", Action.REVIEW)]


def test_a_message_the_words_missed_is_kept_for_review_by_a_stricter_server(knowledge: KnowledgeBase):
    matcher = Matcher(_leaning_to(knowledge, UNNAMED, "westminster-duran-shooting"), params=FEW)

    assert [m.action for m in matcher.match(UNNAMED)] == [Action.REPLY]
    assert [m.action for m in matcher.match(UNNAMED, thresholds=Thresholds(reply=95.0))] == [Action.REVIEW]


def test_a_message_the_words_missed_is_answered_in_its_incidents_conversation_not_in_another_ones(
    knowledge: KnowledgeBase,
):
    matcher = Matcher(_leaning_to(knowledge, UNNAMED, "westminster-duran-shooting"), params=FEW)

    there = matcher.match(UNNAMED, context={"westminster-duran-shooting"})
    elsewhere = matcher.match(UNNAMED, context={"flint-juneteenth-parade-shooting"})

    assert [(m.incident_id, m.action) for m in there] == [("westminster-duran-shooting", Action.REPLY)]
    assert ("westminster-duran-shooting", Action.REVIEW) in {(m.incident_id, m.action) for m in elsewhere}
    assert Action.REPLY not in {m.action for m in elsewhere}


@pytest.mark.parametrize(
    "text",
    [
        "no one shot at the chp sergeant in compton, the chp said so",  # the judge leans to the claim: a dispute
        "did he really shoot at the chp car?",  # a question: the member can ask /factcheck
    ],
)
def test_the_judge_does_not_overrule_what_the_message_is(taught_matcher: Matcher, text: str):
    judge = taught_matcher._judge
    assert judge is not None and judge.verdict(text).chance >= judge.params.review

    assert taught_matcher.match(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "she fired at the flint cop and they shot her back, msp says",
        "the flint officer shot during the parade after she fired at him",
        "the claim that a man shot at the compton chp car is something the CHP denied",
        "a chp sergeant was at the compton street takeover when gunfire rang out",
        "the compton takeover crowd threw bottles at the chp car before it left",
        "mods note: the 'duran shot the officer first' posts are wrong, she was the one who got shot",
    ],
)
def test_the_record_and_its_readings_are_never_answered_with_the_judge(taught_matcher: Matcher, text: str):
    """Messages the rules leave alone or only queue, some of which the judge finds alike: never an answer."""
    assert Action.REPLY not in {match.action for match in taught_matcher.match(text)}


def _leaning_to(knowledge: KnowledgeBase, text: str, incident: str) -> KnowledgeBase:
    variants = [text, f"{text} smh", f"wow {text}", f"{text}!!", f"so {text}"]
    other = [f"weather looks {word} today in town" for word in ("nice", "grim", "wet", "dry", "cold", "warm")]
    examples = [*_examples(variants * 3, "misinfo", incident), *_examples(other * 3, "unrelated", None)]
    return KnowledgeBase.of(tuple(knowledge), examples)


QUEUED = "the cops shot into the crowd at the parade"


def test_a_queued_message_very_like_the_examples_is_answered(knowledge: KnowledgeBase):
    plain = Matcher(KnowledgeBase.of(tuple(knowledge))).match(QUEUED)
    assert [(m.incident_id, m.action) for m in plain] == [("flint-juneteenth-parade-shooting", Action.REVIEW)]

    matches = Matcher(_leaning_to(knowledge, QUEUED, "flint-juneteenth-parade-shooting"), params=FEW).match(QUEUED)

    assert [m.action for m in matches] == [Action.REPLY]
    assert matches[0].reasons[-1].kind == "examples"


def test_a_stricter_server_or_the_conversation_alone_keeps_it_for_review(knowledge: KnowledgeBase):
    matcher = Matcher(_leaning_to(knowledge, QUEUED, "flint-juneteenth-parade-shooting"), params=FEW)

    strict = matcher.match(QUEUED, thresholds=Thresholds(reply=95.0))
    assert [m.action for m in strict] == [Action.REVIEW]
    unnamed = "he just shot at them"
    leaning = Matcher(_leaning_to(knowledge, unnamed, "compton-chp-takeover-video"), params=FEW)
    in_context = leaning.match(unnamed, context={"compton-chp-takeover-video"})
    assert Action.REPLY not in {m.action for m in in_context}


def test_the_judge_never_answers_for_another_incident(knowledge: KnowledgeBase):
    matcher = Matcher(_leaning_to(knowledge, QUEUED, "westminster-duran-shooting"), params=FEW)

    actions = {(m.incident_id, m.action) for m in matcher.match(QUEUED)}

    assert ("flint-juneteenth-parade-shooting", Action.REVIEW) in actions
    assert Action.REPLY not in {action for _incident, action in actions}


def test_a_matcher_built_in_the_background_says_when_its_judge_is_there(taught: KnowledgeBase):
    matcher = Matcher(taught, background=True)

    assert matcher.wait_until_built(120)

    [match] = matcher.match(UNNAMED)
    assert (match.action, match.reasons[0].kind) == (Action.REPLY, "examples")


def test_a_trained_judge_is_kept_on_disk_and_read_at_the_next_start(tmp_path, monkeypatch: pytest.MonkeyPatch):
    store = tmp_path / "bot.semantic"
    first = train_judge(_toy(), ["a", "b"], store=store, encoder="disk-test")
    [saved] = tmp_path.glob("bot.semantic.judge-*.npz")

    monkeypatch.setattr(judge_module, "_TRAINED", {})  # a new process
    monkeypatch.setattr(judge_module, "_train", _never)
    again = train_judge(_toy(), ["a", "b"], store=store, encoder="disk-test")

    assert first is not None and again is not None
    assert again.verdict("zorb flammed him") == first.verdict("zorb flammed him")
    assert saved.exists()


def test_an_unreadable_stored_judge_is_trained_again(tmp_path, monkeypatch: pytest.MonkeyPatch):
    store = tmp_path / "bot.semantic"
    train_judge(_toy(), ["a", "b"], store=store, encoder="corrupt-test")
    [saved] = tmp_path.glob("bot.semantic.judge-*.npz")
    saved.write_bytes(b"not an npz")
    monkeypatch.setattr(judge_module, "_TRAINED", {})

    judge = train_judge(_toy(), ["a", "b"], store=store, encoder="corrupt-test")

    assert judge is not None and judge.verdict("zorb flammed him").incident_id == "a"
    assert saved.read_bytes() != b"not an npz"


def test_only_the_latest_trained_judges_are_kept(tmp_path):
    store = tmp_path / "bot.semantic"
    for number in range(judge_module.KEEP + 2):
        train_judge(_toy(), ["a", "b"], store=store, encoder=f"keep-test-{number}")

    assert len(list(tmp_path.glob("bot.semantic.judge-*.npz"))) == judge_module.KEEP


def _never(*_arguments: object) -> None:
    raise AssertionError("trained again although a stored judge was there")


UNSAID_GIRL = "they shot a little girl at the flint juneteenth parade, she was like 12"
"""Names the incident; its words do not say the claim's core (no "innocent", "for no reason")."""


def test_what_the_words_leave_unsaid_is_answered_only_when_the_judge_is_very_sure(knowledge: KnowledgeBase):
    plain = Matcher(KnowledgeBase.of(tuple(knowledge))).match(UNSAID_GIRL)
    assert [(m.claim_id, m.action) for m in plain] == [("police-killed-innocent-woman", Action.REVIEW)]
    leaning = _leaning_to(knowledge, UNSAID_GIRL, "flint-juneteenth-parade-shooting")

    sure = Matcher(leaning, params=FEW).match(UNSAID_GIRL)
    unsure = Matcher(leaning, params=MatcherParams(judge=JudgeParams(least=5, unsaid=1.0))).match(UNSAID_GIRL)

    assert [m.action for m in sure] == [Action.REPLY]
    assert all(UNSAID not in reason.detail for reason in sure[0].reasons)
    assert [m.action for m in unsure] == [Action.REVIEW]


def test_who_shot_whom_left_unsaid_is_never_answered_with_the_judge(knowledge: KnowledgeBase):
    text = "a chp sergeant was at the compton street takeover when gunfire rang out"
    leaning = Matcher(_leaning_to(knowledge, text, "compton-chp-takeover-video"), params=FEW)
    assert leaning._judge is not None and leaning._judge.verdict(text).chance > 0.99

    [match] = leaning.match(text)

    assert (match.claim_id, match.action) == ("man-shot-at-chp-sergeant", Action.REVIEW)
    assert UNSAID in match.reason_texts


def test_a_message_the_words_judge_unlike_any_misinformation_is_not_embedded():
    embedded: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        embedded.append(list(texts))
        return np.full((len(texts), 4), 0.5, dtype=np.float32)

    judge = train_judge(_toy(), ["a", "b"], embed=embed, encoder="counted")
    assert judge is not None
    embedded.clear()

    judge.verdict("weather looks grim today in town")
    assert embedded == []
    judge.verdict("the blue zorb flammed the guard")
    assert embedded == [["the blue zorb flammed the guard"]]


def test_who_shot_whom_is_not_answered_with_the_judge_when_the_police_are_not_named(knowledge: KnowledgeBase):
    text = "Compton man arrested for shooting at his neighbor's car"
    leaning = Matcher(_leaning_to(knowledge, text, "compton-chp-takeover-video"), params=FEW)
    assert leaning._judge is not None and leaning._judge.verdict(text).chance > 0.99

    assert [(m.claim_id, m.action) for m in leaning.match(text)] == [("man-shot-at-chp-sergeant", Action.REVIEW)]


def _letters(texts: list[str]) -> np.ndarray:
    """A stand-in embedding: each text's letter counts, unit length."""
    counts = np.array([[text.count(letter) for letter in "abcdefghijklmnopqrstuvwxyz"] for text in texts], float)
    return counts / np.maximum(np.linalg.norm(counts, axis=1, keepdims=True), 1e-9)


def test_with_an_embedding_the_judge_has_a_hidden_layer_and_decides_by_its_own_bars():
    params = JudgeParams(hidden=8, hidden_bars=(0.61, 0.91, 0.93, 0.92))
    judge = train_judge(_toy(), ["a", "b"], params=params, embed=_letters, encoder="letters")

    assert judge is not None
    assert judge._weights.out.shape == (8, 5)  # unrelated, then each incident's misinformation and related talk
    assert (judge.params.review, judge.params.reply, judge.params.unsaid, judge.params.alone) == params.hidden_bars
    assert judge.verdict("the blue zorb flammed the guard").incident_id == "a"


def test_without_hidden_units_the_judge_is_linear_and_keeps_the_linear_bars():
    params = JudgeParams(hidden=0)
    judge = train_judge(_toy(), ["a", "b"], params=params, embed=_letters, encoder="letters")

    assert judge is not None
    assert judge._weights.out.size == 0
    assert judge.params.reply == params.reply


SURE = MatcherParams(judge=JudgeParams(least=5, sure=0.99))
"""A words-only judge made as sharp as one with a hidden layer (whose `sure` is `hidden_sure`)."""


@pytest.mark.parametrize(
    ("text", "incident", "claim"),
    [
        ("the highway patrol guy got shot at and just left lmaooo", COMPTON, "man-shot-at-chp-sergeant"),
        ("Duran shot Adams, Adams survived and killed her", WESTMINSTER, "westminster-officer-was-shot"),
    ],
)
def test_a_sure_judge_answers_one_keyword_or_the_police_named_for_their_part(
    knowledge: KnowledgeBase, text: str, incident: str, claim: str
):
    """One keyword with the police shot at, or the police named without their part in the message's own words:
    reviewed unless the judge is sure.
    """
    leaning = _leaning_to(knowledge, text, incident)

    unsure, sure = Matcher(leaning, params=FEW).match(text), Matcher(leaning, params=SURE).match(text)

    assert [(m.claim_id, m.action) for m in unsure] == [(claim, Action.REVIEW)]
    assert [(m.claim_id, m.action) for m in sure] == [(claim, Action.REPLY)]


def test_a_sure_judge_answers_the_best_of_several_claims_under_review(knowledge: KnowledgeBase):
    text = "the officer who killed Briana Sykes had a bodycam on and they're refusing to release it"
    leaning = _leaning_to(knowledge, text, FLINT)
    unsure = Matcher(leaning, params=FEW).match(text)
    assert [m.action for m in unsure] == [Action.REVIEW, Action.REVIEW]

    [answered] = Matcher(leaning, params=SURE).match(text)

    assert (answered.claim_id, answered.action) == (unsure[0].claim_id, Action.REPLY)


def test_a_sure_judge_still_needs_the_police_named_for_who_shot_whom(knowledge: KnowledgeBase):
    text = "Compton man arrested for shooting at his neighbor's car"
    leaning = Matcher(_leaning_to(knowledge, text, COMPTON), params=SURE)

    assert [(m.claim_id, m.action) for m in leaning.match(text)] == [("man-shot-at-chp-sergeant", Action.REVIEW)]


def test_only_a_judge_with_a_hidden_layer_is_sure():
    hidden = train_judge(_toy(), ["a", "b"], params=JudgeParams(hidden=8), embed=_letters, encoder="letters")
    linear = train_judge(_toy(), ["a", "b"], params=JudgeParams(hidden=0), embed=_letters, encoder="letters")

    assert hidden is not None and linear is not None
    assert hidden.params.sure == JudgeParams().hidden_sure < 1.0 < linear.params.sure
