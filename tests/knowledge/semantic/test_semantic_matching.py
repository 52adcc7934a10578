"""Matching with the semantic layer: paraphrases recalled, events not confused, disputes never answered."""

import pytest

from knowledge.matching.evaluation import evaluate, load_labelled
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action, Match
from tests.knowledge.matching.conftest import COMPTON, FLINT, LABELLED, WESTMINSTER


def _best(matcher: Matcher, text: str) -> Match | None:
    matches = matcher.match(text)
    return matches[0] if matches else None


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        ("dude ran up on the chp cruiser at rosecrans & atlantic and just started blasting at it", COMPTON),
        ("woman shoots westminster officer N. Adams during traffic stop on 88th ave", WESTMINSTER),
        ("the witness who said she shot first is lying, briana never had a weapon", FLINT),
        (
            "https://www.tiktok.com/@user/video/7261234567 he shot her for no reason 😭 #alyshaduran #westminster",
            WESTMINSTER,
        ),
        ('ah yes "she fired first" at the flint parade, sure', FLINT),
        ("the westminster bodycam proves there was no gun", WESTMINSTER),
        ("Briana Sykes was just a bystander, she had nothing to do with it", FLINT),
        # one keyword ("bodycam") with a word only the claim uses ("no gun")
        ("the bodycam shows there was no gun in her hands, they killed her for nothing", WESTMINSTER),
    ],
)
def test_paraphrases_naming_the_incident_reach_at_least_review(
    semantic_matcher: Matcher, text: str, incident: str
) -> None:
    best = _best(semantic_matcher, text)
    assert best is not None and best.incident_id == incident
    assert best.action in (Action.REPLY, Action.REVIEW)


@pytest.mark.parametrize(
    "text",
    [
        "CHP officer shot a man on the 105 freeway",
        "my cousin just made CHP sergeant, so proud of him",
        "that takeover in Compton had like 500 cars",
    ],
)
def test_closeness_in_meaning_alone_answers_nothing(semantic_matcher: Matcher, text: str) -> None:
    """Embeddings confuse events: without the incident's evidence, meaning never makes a reply."""
    assert all(match.action is not Action.REPLY for match in semantic_matcher.match(text))


@pytest.mark.parametrize(
    "text",
    [
        "Michigan State Police say she fired first at the officer at the Flint parade",
        "KTLA says there were no shots fired at the CHP officer or his vehicle in Compton",
        "Westminster police say a handgun was found in Alysha Duran's car",
        "state police say no bystanders were injured at the Flint Juneteenth parade",
    ],
)
def test_a_message_saying_the_record_is_left_alone(semantic_matcher: Matcher, text: str) -> None:
    """It disputes the claim with the official facts (curated as `contradictions`): never answered, not queued."""
    assert semantic_matcher.match(text) == []


def test_the_same_fact_said_mockingly_asserts_the_claim(semantic_matcher: Matcher) -> None:
    """Reversed ("the cop shot first") and mocked ("made up the story"), the fact asserts the claim: answered."""
    best = _best(semantic_matcher, "the flint cop shot first and made up the story that she fired")
    assert best is not None and best.incident_id == FLINT and best.action is Action.REPLY


def test_ordinary_chat_is_not_embedded(semantic_matcher: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only messages naming an incident cost an embedding."""
    index = semantic_matcher._meaning
    assert index is not None
    calls: list[str] = []
    original = index.embed
    monkeypatch.setattr(index, "embed", lambda text: calls.append(text) or original(text))
    semantic_matcher.match("anyone up for pizza tonight? the new place on 5th is great")
    semantic_matcher.match("anyone up for pizza tonight? the new place on 5th is great", top=10)  # as the bot asks
    assert calls == []
    semantic_matcher.match("somebody let off rounds at a highway patrol unit during the compton sideshow")
    assert len(calls) <= 1


def test_the_labelled_floors_hold_with_the_semantic_layer(semantic_matcher: Matcher) -> None:
    report = evaluate(semantic_matcher, load_labelled(LABELLED))
    assert [outcome.message.text for outcome in report.false_replies] == []
    assert report.review_recall >= 0.95
    assert report.reply_recall >= 0.9
    assert len(report.false_reviews) <= 0.1 * len(report.negatives)


def test_the_bots_way_of_asking_gets_the_same_actions(semantic_matcher: Matcher) -> None:
    """The bot lists candidates with top=N; promotions by meaning apply there too."""
    text = "woman shoots westminster officer N. Adams during traffic stop on 88th ave"
    listed = [match for match in semantic_matcher.match(text, top=10) if match.action is not Action.IGNORE]
    assert [(m.claim_id, m.action) for m in listed[:1]] == [
        (m.claim_id, m.action) for m in semantic_matcher.match(text)[:1]
    ]


def test_the_police_said_to_be_shot_is_answered_when_close_in_meaning_to_them_hurt(semantic_matcher: Matcher) -> None:
    """ "Got shot" (not "shot at") says "was hit too"; meaning may then lift it to an answer."""
    best = _best(semantic_matcher, "the cop got shot in the flint juneteenth thing, that's why he collapsed")
    assert best is not None and (best.claim_id, best.action) == ("flint-officer-was-shot", Action.REPLY)
    news = "bodycam released in that ohio traffic stop shooting, family says he was reaching for his phone"
    assert semantic_matcher.match(news) == []


@pytest.mark.parametrize(
    "text",
    [
        "rip briana sykes, only 19, so young no matter what happened",
        "so sad about alysha duran, 46, alone in her car 💔",
    ],
)
def test_grief_comes_close_to_innocence_without_saying_it(semantic_matcher: Matcher, text: str) -> None:
    """Mourning is close in meaning to "she was innocent" and says nothing of the kind: no review."""
    assert semantic_matcher.match(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "is the gun even visible in the westminster bodycam? i can't spot it",
        "watched the westminster bodycam, he fired quick, a few seconds after he saw the gun",
    ],
)
def test_saying_what_the_claim_denies_is_not_raised_by_meaning(semantic_matcher: Matcher, text: str) -> None:
    """Close in meaning to "the bodycam proves there was no gun", but the gun is there: nothing to queue."""
    assert semantic_matcher.match(text) == []


def test_one_keyword_that_names_the_incident_and_the_claims_core_are_answered(semantic_matcher: Matcher) -> None:
    """ "Westminster PD" names the incident on its own; with "unarmed", the claim's core, closer to the claim than
    to the record, it is answered. Words alone do not do it: "hits" in "that crowd hits different" is no one hit.
    """
    best = _best(semantic_matcher, "westminster pd keeps pushing the handgun thing but she was UNARMED")
    assert best is not None and (best.claim_id, best.action) == ("duran-was-unarmed", Action.REPLY)
    assert semantic_matcher.match("kendrick in compton last night, that crowd hits different") == []


@pytest.mark.parametrize(
    "text",
    [
        "westminster pd keeps pushing the handgun thing but he was UNARMED, the man did nothing",
        "westminster pd pushed the handgun thing in 2019 but she was UNARMED",
    ],
)
def test_one_keyword_with_another_time_or_person_goes_to_review(semantic_matcher: Matcher, text: str) -> None:
    """One keyword names other events too: a message setting it in another year, or about a man where the claim has
    a woman, is for a moderator.
    """
    best = _best(semantic_matcher, text)
    assert best is not None and (best.claim_id, best.action) == ("duran-was-unarmed", Action.REVIEW)


@pytest.mark.parametrize(
    "text",
    [
        "westminster pd keeps pushing the handgun thing but she was UNARMED. california cops man",
        "westminster police killed an unarmed woman in california",
    ],
)
def test_one_keyword_in_another_state_gets_nothing(semantic_matcher: Matcher, text: str) -> None:
    """Westminster, California is another town: the keyword with another state names another event."""
    assert semantic_matcher.match(text) == []


def test_named_twice_with_the_claim_said_and_meant_is_answered_though_its_words_fall_short(
    semantic_matcher: Matcher,
) -> None:
    """Named twice over (her full name), with a pretext ("over a traffic issue": for no reason), closer in meaning
    to the claim than to the record and saying what it says: answered. A word the claim happens to use ("face
    down" for "faces charges") is not what it says: nothing is answered.
    """
    best = _best(semantic_matcher, "alysha duran got shot like 6 times over a traffic issue")
    assert best is not None and (best.claim_id, best.action) == ("duran-was-unarmed", Action.REPLY)
    collapsed = "flint officer collapsed face down after the shooting, another cop trying to comfort him"
    assert all(match.action is not Action.REPLY for match in semantic_matcher.match(collapsed))
    assert semantic_matcher.match("Is This Georgia Gov. Brian Kemp Pictured With Man Charged in a Killing?") == []


def test_an_incident_named_twice_with_an_allegation_beyond_the_record_goes_to_review(semantic_matcher: Matcher) -> None:
    """ "Promoted" is no word of the Westminster claims, but it is what people allege of such shootings ("already
    cleared" was one too, until a curated wording of what became of the officer said it: then answered).
    """
    best = _best(semantic_matcher, "colorado state patrol already promoted the westminster cop, zero consequences")
    assert best is not None and best.incident_id == "westminster-duran-shooting" and best.action is Action.REVIEW


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        ("the westminster officer got promoted last month, unreal", "westminster-duran-shooting"),
        ("the flint cop was drunk at the parade thats why he fired", "flint-juneteenth-parade-shooting"),
    ],
)
def test_one_keyword_and_an_allegation_the_record_lacks_go_to_review_once(
    semantic_matcher: Matcher, text: str, incident: str
) -> None:
    """What people allege about a police shooting ("promoted", "drunk"), not in the record, with one keyword that
    names the incident, close in meaning to a claim: one review item, on the incident's best claim; never an answer.
    """
    matches = semantic_matcher.match(text)
    assert [match.action for match in matches if match.incident_id == incident] == [Action.REVIEW]


@pytest.mark.parametrize(
    "text",
    [
        "Westminster police arrested a woman who pulled a gun on a cashier",
        "After an off-duty police officer shot Brian Hundley, a jury found the officer had acted negligently and lied",
        "Joe Biden revealed the unit responsible for Osama bin Laden's killing at the Atlantic Council Awards Dinner",
    ],
)
def test_allegation_words_about_other_events_stay_quiet(semantic_matcher: Matcher, text: str) -> None:
    assert semantic_matcher.match(text) == []


def test_a_telling_keyword_with_the_claims_core_is_answered_when_closer_to_the_claim(semantic_matcher: Matcher) -> None:
    """ "cop crying" names the Flint incident as a phrase; with "innocent", the claim's core, closer in meaning to
    the claim than to the record: answered. Without the core ("the cop crying on the ground is theater") nothing.
    """
    text = "the cop crying on the ground is theater. he killed an innocent girl who did nothing wrong"
    best = _best(semantic_matcher, text)
    assert best is not None and (best.claim_id, best.action) == ("police-killed-innocent-woman", Action.REPLY)
    assert not any(m.action is Action.REPLY for m in semantic_matcher.match("the cop crying on the ground is theater"))


def test_the_region_with_another_force_gets_nothing_however_close_in_meaning(semantic_matcher: Matcher) -> None:
    """Close in meaning to "Colorado cop shot an unarmed woman", but a deputy is another force than Westminster's."""
    text = "a colorado deputy killed a woman during a welfare check, family says she was unarmed"
    assert semantic_matcher.match(text) == []


def test_a_keyword_any_patrol_has_tells_no_incident_for_an_answer(semantic_matcher: Matcher) -> None:
    """ "Patrol car" is a keyword of Compton's, but every police patrol has one: with a word of a claim ("wound") and
    closer in meaning to the claim than to the record, a moderator may see it; it is never answered on that alone.
    """
    matches = semantic_matcher.match("Officer Ambushed in Parked Patrol Car in Millbrook, Survives Gunshot Wound")
    assert all(match.action is not Action.REPLY for match in matches)
    assert [(m.incident_id, m.action) for m in matches] == [(COMPTON, Action.REVIEW)]
