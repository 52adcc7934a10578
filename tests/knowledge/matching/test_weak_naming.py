"""Messages that name an incident thinly, or say a claim in its own words: what one keyword, a mocked record and a
word only the claim uses may do (the matcher's words only; the semantic layer adds to this, never takes away).
"""

import pytest

from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action, Match
from tests.knowledge.matching.conftest import COMPTON, FLINT, WESTMINSTER

SHOT_AT = "man-shot-at-chp-sergeant"
UNARMED = "duran-was-unarmed"
INNOCENT = "police-killed-innocent-woman"


def _action(matches: list[Match], incident: str, claim: str) -> Action:
    found = [m.action for m in matches if (m.incident_id, m.claim_id) == (incident, claim)]
    return found[0] if found else Action.IGNORE


def _replies(matches: list[Match]) -> list[tuple[str, str]]:
    return [(m.incident_id, m.claim_id) for m in matches if m.action is Action.REPLY]


@pytest.mark.parametrize(
    "message",
    [
        "crazy how a dude can shoot at the CHP in the middle of the street and ppl are still out there doing donuts",
        "@marco nah ur wrong, the sergeant literally got shot at, thats why he bailed",
    ],
)
def test_one_keyword_and_the_police_shot_at_go_to_review(matcher: Matcher, message: str) -> None:
    """ "CHP" (or "sergeant") alone names no incident, but with the police shot at, as the claim has it, a moderator
    should see it; never an automatic answer on so little.
    """
    matches = matcher.match(message)
    assert _action(matches, COMPTON, SHOT_AT) is Action.REVIEW
    assert any("has the police shot at, as the claim does" in reason.detail for reason in matches[0].reasons)


@pytest.mark.parametrize(
    "message",
    [
        "CHP officer was shot during a traffic stop in Barstow",
        "chp officer shot a man on the 105 freeway in watts last november",
        "'man shoots at chp' is not what happened. chp literally called the video misleading",
    ],
)
def test_one_keyword_is_not_enough_otherwise(matcher: Matcher, message: str) -> None:
    """Another CHP shooting, the police shooting, or the claim quoted to reject it: no answer."""
    assert _replies(matcher.match(message)) == []


@pytest.mark.parametrize(
    "message",
    [
        "youtube took down the video of the dude shooting at the chp cruiser, they dont want anyone seeing it",
        "10 second clip shows a guy running up and firing at the chp car as it drives off, wild",
    ],
)
def test_one_keyword_the_police_shot_at_and_the_video_named_assert_the_claim(matcher: Matcher, message: str) -> None:
    """The claim is about a video ("Video shows a man shooting at a CHP sergeant"): "CHP" with the police shot at,
    in a message naming a video of it, is the circulated clip itself.
    """
    assert _action(matcher.match(message), COMPTON, SHOT_AT) is Action.REPLY


@pytest.mark.parametrize(
    "message",
    [
        "the 'man shoots at chp' vid is going around again, chp says nothing was fired at the officer or the car",
        "chp says nothing was fired at the officer",
        "chp officer shot a man on the 105 freeway, the video is rough",
    ],
)
def test_a_video_named_does_not_answer_a_denial_or_the_police_shooting(matcher: Matcher, message: str) -> None:
    """ "Nothing was fired at" denies the shooting; the police shooting is not the claim's way round."""
    assert _replies(matcher.match(message)) == []
    assert _action(matcher.match(message), COMPTON, SHOT_AT) is Action.IGNORE


def test_the_record_mocked_with_one_keyword_asserts_the_claim(matcher: Matcher) -> None:
    matches = matcher.match("chp: 'no one shot at him' 🤡 the video literally shows a dude shooting at him")
    assert _action(matches, COMPTON, SHOT_AT) is Action.REPLY


@pytest.mark.parametrize(
    ("message", "incident", "claim"),
    [
        ("alysha duran was shot for no reason, a 46 yr old woman just sitting in her car", WESTMINSTER, UNARMED),
        ("they shot a girl on saginaw st during the parade for no reason at all", FLINT, INNOCENT),
    ],
)
def test_a_claim_said_in_its_own_words_naming_the_incident_is_answered(
    matcher: Matcher, message: str, incident: str, claim: str
) -> None:
    """A word only the claim's wordings use ("for no reason", "bystander"), with the incident well named."""
    matches = matcher.match(message)
    assert _replies(matches) == [(incident, claim)]
    assert any("as the claim does and the record does not" in reason.detail for reason in matches[0].reasons)


def test_a_word_only_the_claim_uses_says_what_the_claim_says(matcher: Matcher) -> None:
    """ "Never pulled a gun" is what the claim says happened, though not in the words most of its wordings share."""
    message = "alysha duran never pulled a gun. the cop made that up to cover himself"
    assert _replies(matcher.match(message)) == [(WESTMINSTER, UNARMED)]


@pytest.mark.parametrize(
    "message",
    [
        "they really killed that in the Juneteenth parade performance 🔥",
        "a man was shot and killed near Rosecrans and Atlantic last weekend",
        "was alysha duran shot for no reason? trying to understand what happened",
        "westminster cops killed an innocent woman and the lady in the other car got hit too",
    ],
)
def test_general_words_questions_and_thin_naming_are_not_answered(matcher: Matcher, message: str) -> None:
    """ "Killed" is not "murdered"; a question asks; one place name ("Westminster") is too thin for an answer."""
    assert _replies(matcher.match(message)) == []


def test_the_region_is_not_a_keyword_that_names_the_incident(matcher: Matcher) -> None:
    """Not for an answer: with a shooting and the claim's core, the region goes to review at most; another force
    than the incident's police ("a deputy") sets the message apart, and it gets nothing.
    """
    assert matcher.match("a colorado deputy killed a woman during a welfare check, family says she was unarmed") == []
    said = "lady in colorado got shot dead bc she didnt roll her window down fast enough. unarmed."
    assert [(m.claim_id, m.action) for m in matcher.match(said)] == [(UNARMED, Action.REVIEW)]


def test_a_city_with_its_state_abbreviation_names_the_place_twice(matcher: Matcher) -> None:
    """ "Westminster CO" is the city and its state, as "Westminster, Colorado" is; never a person's name."""
    message = "westminster co cops killed an innocent woman and the lady in the other car got hit too"
    assert _replies(matcher.match(message)) == [(WESTMINSTER, UNARMED)]
    entry = matcher.claim_entry(WESTMINSTER, UNARMED)
    assert entry is not None
    assert entry.names.keys() >= {"alysha", "duran"}
    assert "westminst" not in entry.names


def test_clearly_is_not_cleared(matcher: Matcher) -> None:
    """ "Clearly" once stemmed as "cleared" did: sympathy for the officer was answered as "he was cleared"."""
    assert _replies(matcher.match("praying for the officer at the flint parade, he's clearly traumatized")) == []
    assert _replies(matcher.match("flint police cleared the cop and he's back on patrol")) == [
        (FLINT, "flint-officer-fired-or-charged")
    ]


@pytest.mark.parametrize(
    "message",
    [
        "the crying cop clip makes me sick, he murdered an innocent girl and we're supposed to feel bad",
        "MSP is hiding the bodycam footage",
    ],
)
def test_a_telling_keyword_with_a_word_of_the_claim_goes_to_review(matcher: Matcher, message: str) -> None:
    """A name, an acronym or a phrase of the incident ("crying cop", "MSP") with the claim's own word: a moderator
    decides (one keyword is too little for an answer)."""
    actions = {match.action for match in matcher.match(message) if match.incident_id == FLINT}
    assert actions == {Action.REVIEW}


@pytest.mark.parametrize(
    "message", ["finally hit sergeant rank in cod", "just got the bodycam at work, my phone died though"]
)
def test_one_common_word_with_a_word_of_a_claim_stays_quiet(matcher: Matcher, message: str) -> None:
    assert matcher.match(message) == []


@pytest.mark.parametrize(
    "message",
    [
        "westminster officer was never cleared, investigation still open",
        "is the westminster cop back on patrol?",
        "flint cop should be arrested, period",
        "compton has the best tacos and i will die on this hill",
        "my cousin is a nurse at the hospital in flint, chaos that day",
    ],
)
def test_allegations_denied_asked_wished_or_without_the_police_stay_quiet(matcher: Matcher, message: str) -> None:
    """Words alone never queue an allegation beyond the record (the semantic layer may: see its tests)."""
    assert matcher.match(message) == []


def test_shooting_into_a_part_of_the_police_car_is_shooting_at_the_police(matcher: Matcher) -> None:
    matches = matcher.match("somebody emptied a clip into the back of the chp cruiser during the takeover")
    assert _action(matches, COMPTON, SHOT_AT) in (Action.REVIEW, Action.REPLY)


def test_the_police_targeted_is_the_police_shot_at_unless_by_something_else(matcher: Matcher) -> None:
    assert _action(matcher.match("the chp sergeant was targeted by gunfire at the takeover"), COMPTON, SHOT_AT) in (
        Action.REVIEW,
        Action.REPLY,
    )
    assert matcher.match("the chp officer was targeted by a harassment campaign online after the video") == []


@pytest.mark.parametrize(
    ("message", "incident", "claim"),
    [
        ("N. Adams got shot by Alysha Duran during a stop in Westminster", WESTMINSTER, "westminster-officer-was-shot"),
        ("someone tried to take out a chp sergeant on camera and we are arguing about car meets", COMPTON, SHOT_AT),
    ],
)
def test_who_shot_whom_said_the_claims_way_round_is_answered(
    matcher: Matcher, message: str, incident: str, claim: str
) -> None:
    """For a claim that is who shot whom, the police's part said the claim's way round is its assertion."""
    assert _action(matcher.match(message), incident, claim) is Action.REPLY


@pytest.mark.parametrize(
    "message",
    [
        "some pages claim N. Adams was shot by Alysha Duran in westminster",
        "the garbled article says alysha duran shot officer adams in westminster, which is backwards",
    ],
)
def test_who_shot_whom_told_as_others_say_or_called_backwards_is_not_answered(matcher: Matcher, message: str) -> None:
    assert _replies(matcher.match(message)) == []


def test_a_headline_officer_shot_during_was_shot(matcher: Matcher) -> None:
    """ "CHP officer shot during a Compton takeover" is a headline's passive; "the flint officer shot during the
    parade after she fired at him" is not read so.
    """
    assert _action(matcher.match("CHP officer shot during a Compton takeover"), COMPTON, SHOT_AT) is Action.REPLY
    assert matcher.match("the flint officer shot during the parade after she fired at him") == []


def test_the_pendant_necklace_of_the_circulated_story_names_the_incident_with_her_name(matcher: Matcher) -> None:
    """The circulated story has her rubbing her pendant necklace: with her name it names the incident twice, and a
    pretext ("for rubbing her necklace") goes at least to review.
    """
    matches = matcher.match("they killed her for RUBBING HER NECKLACE. a necklace. #JusticeForAlysha")
    assert _action(matches, WESTMINSTER, UNARMED) in (Action.REVIEW, Action.REPLY)
    assert matcher.match("got my mom a pendant necklace for her birthday") == []


def test_the_necklace_with_the_record_denied_names_the_story_well_enough(matcher: Matcher) -> None:
    """The necklace is the circulated story's own detail: with a specific fact of the record denied ("no gun") it
    is answered, as "bodycam" with a denial is; without the necklace nothing names the incident.
    """
    said = "had her hands on her necklace the whole time, no gun, he just panicked and killed her"
    assert _action(matcher.match(said), WESTMINSTER, UNARMED) is Action.REPLY
    assert matcher.match("had her hands in her lap the whole time, no gun, he just panicked and killed her") == []


@pytest.mark.parametrize(
    ("message", "incident", "claim"),
    [
        ("an ambush on the chp at the compton takeover, all on camera", COMPTON, SHOT_AT),
        (
            "3 people died at the flint juneteenth parade when police started shooting",
            FLINT,
            "flint-bystanders-were-hit",
        ),
    ],
)
def test_more_ways_of_saying_the_claim(matcher: Matcher, message: str, incident: str, claim: str) -> None:
    """ "An ambush on the chp" shoots at it; "3 people died" at the parade are people in the crowd."""
    assert _action(matcher.match(message), incident, claim) is Action.REPLY


def test_sgt_and_sarge_name_the_sergeant(matcher: Matcher) -> None:
    """ "chp sgt" names the incident as "CHP sergeant" does; the shooting only inside quotes, laughed at, is talk
    about the claim: a moderator at most.
    """
    said = "the chp sgt got shot at for trying to break up the takeover, one unit alone out there"
    assert _action(matcher.match(said), COMPTON, SHOT_AT) is Action.REPLY
    quoted = "the chp sarge was literally leaving and got turned into a viral 'cop gets shot at' meme lmao"
    assert _replies(matcher.match(quoted)) == []


def test_an_officer_shot_in_the_chest_was_hit(matcher: Matcher) -> None:
    said = "juneteenth parade shooting in flint: officer shot in the chest, woman killed"
    assert _action(matcher.match(said), FLINT, "flint-officer-was-shot") is Action.REPLY


def test_takeover_with_the_chp_names_the_compton_incident(matcher: Matcher) -> None:
    """ "CHP" and "takeover" are two of the incident's keywords: named well enough to answer."""
    assert _action(matcher.match("guy opened fire on the chp car at that takeover, wild"), COMPTON, SHOT_AT) is (
        Action.REPLY
    )


@pytest.mark.parametrize(
    "message",
    [
        "another street takeover in oakland last night, they set a car on fire in the intersection",
        "the pendant necklace she wore at the parade was beautiful",
    ],
)
def test_a_keyword_found_inside_a_longer_one_names_once(matcher: Matcher, message: str) -> None:
    """ "takeover" inside "street takeover", "necklace" inside "pendant necklace": the same words are one keyword,
    which alone names no incident.
    """
    assert matcher.match(message) == []
    event = [m for m in matcher.match(message, top=3) if m.incident_id in (COMPTON, WESTMINSTER)]
    assert all(not m.named for m in event)


@pytest.mark.parametrize(
    "message",
    [
        "lol the chp cruiser just peeling out of the compton takeover like 'nope' 🚓💨",
        "the compton takeover crowd threw bottles at the chp car before it left",
    ],
)
def test_a_message_naming_the_incident_without_any_shooting_leaves_who_shot_whom_alone(
    matcher: Matcher, message: str
) -> None:
    """The Compton claim is who shot whom: a message with no shooting in it says nothing of it to review."""
    assert _action(matcher.match(message), COMPTON, SHOT_AT) is Action.IGNORE


@pytest.mark.parametrize(
    ("message", "incident", "claim"),
    [
        ("@keisha nah she never fired first, the cops made that up", FLINT, INNOCENT),
        ("they 'found' a gun in the car afterward, sure. she never had one", WESTMINSTER, UNARMED),
    ],
)
def test_a_fact_of_the_record_denied_without_naming_the_incident_goes_to_review(
    matcher: Matcher, message: str, incident: str, claim: str
) -> None:
    """Denying or mocking a specific fact of an incident's record ("she fired first") points to that incident even
    unnamed; but the same words are said of other shootings, so a moderator decides, never an automatic answer.
    """
    matches = matcher.match(message)
    assert _action(matches, incident, claim) is Action.REVIEW
    assert _replies(matches) == []


def test_the_officers_words_on_the_bodycam_name_the_westminster_incident(matcher: Matcher) -> None:
    """ "What's in there?", the officer's words in the circulated bodycam video, is a keyword of the incident."""
    text = "the cop screamed what's in there and then fired at a woman who had no gun"
    assert _action(matcher.match(text), WESTMINSTER, UNARMED) is Action.REPLY


def test_the_car_pulling_away_is_the_circulated_clip(matcher: Matcher) -> None:
    """The clip shows the CHP car pulling away as a man runs up to it: that moment and "CHP" name the incident."""
    text = "lmao that guy ran up and started firing at the chp car right as it pulled away"
    assert _action(matcher.match(text), COMPTON, SHOT_AT) is Action.REPLY


@pytest.mark.parametrize(
    "message",
    [
        "#JusticeForAlysha, gunned down for no reason by a cop who should have known better",
        "they shot duran in the back for no reason",
    ],
)
def test_a_persons_name_with_the_claims_core_goes_at_least_to_review(matcher: Matcher, message: str) -> None:
    """Her name alone names the incident; "for no reason", the claim's core, is what the claim says happened."""
    assert _action(matcher.match(message), WESTMINSTER, UNARMED) in (Action.REVIEW, Action.REPLY)


def test_a_persons_name_without_the_claims_core_stays_quiet(matcher: Matcher) -> None:
    assert _action(matcher.match("#JusticeForAlysha, praying for her family tonight"), WESTMINSTER, UNARMED) is (
        Action.IGNORE
    )


def test_the_clips_muzzle_flash_names_it_with_the_police_shot_at(matcher: Matcher) -> None:
    """The record describes the clip's muzzle flash; with the police shot at in a clip, it is the circulated one."""
    clip = "that clip where some dude runs up and fires at the cop car, muzzle flash and all"
    assert _action(matcher.match(clip), COMPTON, SHOT_AT) is Action.REPLY
    seen = "saw a muzzle flash outside my window last night, somebody shooting at a cop car on 5th street"
    assert _action(matcher.match(seen), COMPTON, SHOT_AT) is not Action.REPLY
    assert matcher.match("muzzle flash in the new call of duty is so overdone") == []


def test_a_headline_s_police_targeted_by_a_gunman_is_the_police_shot_at(matcher: Matcher) -> None:
    """Headlines drop the "was": "CHP sergeant targeted by a gunman in Compton"."""
    assert _action(matcher.match("CHP sergeant targeted by a gunman in Compton"), COMPTON, SHOT_AT) in (
        Action.REVIEW,
        Action.REPLY,
    )
    assert matcher.match("CHP sergeant targeted by trolls in Compton after the video") == []


@pytest.mark.parametrize(
    ("message", "claim"),
    [
        ("heard the chp sgt got grazed at that compton sideshow smh", "chp-sergeant-was-hit"),
        ("chp sgt almost got merked at a takeover in compton no cap", SHOT_AT),
    ],
)
def test_grazed_is_hit_and_almost_merked_is_shot_at(matcher: Matcher, message: str, claim: str) -> None:
    assert _action(matcher.match(message), COMPTON, claim) in (Action.REVIEW, Action.REPLY)


def test_dumping_a_mag_into_the_patrol_car_is_shooting_at_it(matcher: Matcher) -> None:
    matches = matcher.match("somebody dumped a whole mag into a patrol car at the compton takeover")
    assert _action(matches, COMPTON, SHOT_AT) in (Action.REVIEW, Action.REPLY)


@pytest.mark.parametrize(
    "message",
    [
        "someone in compton really tried to ambush a chp sergeant at a sideshow and he just drove off",
        "the CHP guy in Compton got ambushed by 3 armed men who ran at his car",
        "CHP confirms sergeant was targeted by gunman at Compton street takeover",
    ],
)
def test_the_police_ambushed_or_targeted_by_a_gunman_are_shot_at(matcher: Matcher, message: str) -> None:
    assert _action(matcher.match(message), COMPTON, SHOT_AT) in (Action.REVIEW, Action.REPLY)


def test_the_police_targeted_by_trolls_are_not_shot_at(matcher: Matcher) -> None:
    assert _action(matcher.match("the chp sergeant in compton was targeted by online trolls"), COMPTON, SHOT_AT) is (
        Action.IGNORE
    )
