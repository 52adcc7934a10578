"""Claim stance: a message asserting a claim is answered, one disputing it never is; negated, reversed and mocked
forms of the record's facts assert the claim; an incident named with something no claim covers goes to review."""

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.matcher import Matcher
from knowledge.matching.roles import police_harmed
from knowledge.matching.stance import (
    Stance,
    contradiction_phrases,
    denied_in_passing,
    disputing,
    is_question,
    only_asks,
    stance_of,
    tells_the_record,
    unquoted,
)
from knowledge.matching.text import analyze
from knowledge.matching.types import Action, Match
from knowledge.matching.views import View
from tests.knowledge.matching.conftest import COMPTON, FLINT, WESTMINSTER

FACTS = contradiction_phrases(("she fired first", "a gun was found in her car", "she had a gun"))


def _stance(text: str) -> Stance:
    view = View("text", "", analyze(text))
    return stance_of(view, text, FACTS, asserted=False).stance


def _denied(text: str) -> bool:
    view = View("text", "", analyze(text))
    return stance_of(view, text, FACTS, asserted=False).denied


def _actions(matcher: Matcher, text: str, incident: str) -> set[Action]:
    return {match.action for match in matcher.match(text) if match.incident_id == incident}


def _action(matches: list[Match], incident: str, claim: str) -> Action:
    found = [m.action for m in matches if (m.incident_id, m.claim_id) == (incident, claim)]
    return found[0] if found else Action.IGNORE


def _best(matcher: Matcher, text: str, incident: str) -> Match | None:
    return next((match for match in matcher.match(text) if match.incident_id == incident), None)


@pytest.mark.parametrize(
    "text",
    [
        "state police say she fired first",
        "the driver fired first, then he returned fire",
        "police say a gun was found in her car",
    ],
)
def test_saying_a_fact_of_the_record_disputes(text: str) -> None:
    assert _stance(text) is Stance.DISPUTE


@pytest.mark.parametrize(
    "text",
    [
        "no gun was ever found in her car, they made that up",  # negated
        "she never had a gun",  # negated by the one the fact is about
        "the cop fired first, not her",  # who did it reversed
        "no way she fired first",  # disbelief
        "she never pulled a gun",  # a weapon after a negated verb of holding it
        "they never found any gun in her car",  # or of finding it
        "she never fired a single shot first",  # the negated act repeated as its object
        "they hide the bodycam because it shows he fired first",  # the other pronoun: not her
    ],
)
def test_denying_a_fact_of_the_record_asserts_the_claim(text: str) -> None:
    assert _stance(text) is Stance.ASSERT
    assert _denied(text)


@pytest.mark.parametrize(
    "text",
    [
        "the cop didn't shoot first, she shot first",  # the negation is the cop's, not hers
        "he didn't hesitate, she had a gun",  # a negated word that holds no weapon
    ],
)
def test_a_fact_said_after_another_negation_still_disputes(text: str) -> None:
    assert _stance(text) is Stance.DISPUTE


@pytest.mark.parametrize(
    "text",
    [
        "there's no evidence he fired first, msp has him taking fire",  # the other pronoun, doubted
        "state police say she fired first and he returned fire",  # hers first, his after
    ],
)
def test_the_other_pronoun_doubted_or_after_hers_denies_nothing(text: str) -> None:
    assert not _denied(text)


def test_a_fact_worded_negatively_is_said_by_the_same_negation() -> None:
    facts = contradiction_phrases(("no shots fired at the CHP officer",))
    text = "ktla said no shots fired at the chp officer or his vehicle"
    assert stance_of(View("text", "", analyze(text)), text, facts, asserted=False).stance is Stance.DISPUTE


def test_the_incident_s_people_are_who_the_police_dealt_with() -> None:
    facts = contradiction_phrases(("she fired at him",))
    text = "briana never fired at him"
    view = View("text", "", analyze(text))
    assert not stance_of(view, text, facts, asserted=False).denied
    assert stance_of(view, text, facts, asserted=False, people=frozenset({"briana"})).denied


def test_a_long_quotation_is_the_record_quoted_and_scare_quotes_mock_it() -> None:
    quoted = "westminster police: 'He tried speaking with that individual, there was a gun found in her car, ok.'"
    assert _stance(quoted) is Stance.DISPUTE
    assert _stance("'a gun was found in her car' 🙄 sure") is Stance.ASSERT
    assert _stance("sure 'a gun was found in her car' after the cops had the car for hours") is Stance.ASSERT
    assert _stance("'a gun was found in her car', the department said on tuesday") is Stance.DISPUTE


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ('unarmed woman killed, gun "found" later', Stance.ASSERT),
        ("they killed her and then 'found' a gun in her car", Stance.ASSERT),
        ("police found a gun in her car", Stance.DISPUTE),
        ('"unarmed" is wrong, police say a gun was found in her car', Stance.DISPUTE),  # the claim quoted
    ],
)
def test_a_finding_in_scare_quotes_beside_the_fact_doubts_it(text: str, stance: Stance) -> None:
    assert _stance(text) is stance


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("they really said a gun was found in her car lmao", Stance.ASSERT),
        ("the department is out here saying a gun was found in her car", Stance.ASSERT),
        ("the department literally said a gun was found in her car", Stance.DISPUTE),  # emphasis, not disbelief
        ("they really said it, then police said a gun was found in her car", Stance.DISPUTE),  # another clause
    ],
)
def test_a_fact_said_to_be_said_incredulously_is_mocked(text: str, stance: Stance) -> None:
    assert _stance(text) is stance


def test_nobody_placed_in_the_crowd_and_hit_is_the_record(matcher: Matcher) -> None:
    flint = "flint-juneteenth-parade-shooting"
    assert not _actions(matcher, "correcting the chat: nobody in the Flint parade crowd got hit", flint)
    assert Action.REPLY in _actions(matcher, "people in the crowd got hit at the Flint Juneteenth parade", flint)


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("shots near rosecrans and atlantic but nobody was shooting at the chp guy", False),
        ("some dude was shooting at the chp guy at the compton takeover", True),
    ],
)
def test_the_chp_guy_is_the_officer(matcher: Matcher, text: str, answered: bool) -> None:
    """Denying that anyone shot at "the chp guy" denies the claim; before, he was read as a man, not the officer."""
    assert any(match.action is Action.REPLY for match in matcher.match(text)) is answered


def test_a_fact_called_unfounded_of_someone_else_is_not_the_fact() -> None:
    """ "No evidence he shot first" is about the officer, not the record's "she fired first"."""
    assert _stance("no evidence she shot first") is Stance.ASSERT
    assert _stance("no evidence he shot first, he returned fire") is Stance.DISPUTE


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("stop pretending the chp sergeant got shot at in compton", False),  # the claim pretended: disputed
        ("pretending a cop got shot at in compton doesn't help anybody", False),
        ("compton pd is pretending nobody shot at the chp sergeant", True),  # the officials pretend the record
        ("the chp sergeant got shot at in compton, they were just pretending to hold phones", True),  # acted out
    ],
)
def test_the_claim_said_to_be_pretended_is_disputed(matcher: Matcher, text: str, answered: bool) -> None:
    assert (Action.REPLY in _actions(matcher, text, "compton-chp-takeover-video")) is answered


def test_a_quotation_mocks_what_it_quotes_not_the_fact_said_beside_it() -> None:
    """Quoting the claim to reject it, then saying the record, disputes; a piece of the fact quoted, in other
    words of the same meaning ("shot" for "fired"), mocks it.
    """
    assert _stance("'unarmed woman killed in her car' lol no. police say a gun was found in her car") is Stance.DISPUTE
    assert _stance("'she shot first' came from police investigating police, there's no evidence") is Stance.ASSERT


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("they killed her at the parade then said she fired first, zero evidence", Stance.ASSERT),
        ("State police say she fired first but nobody has shown any proof", Stance.ASSERT),
        ("the cops invented a story about her having a gun", Stance.ASSERT),
        ("State police say she fired first, and the officer returned fire", Stance.DISPUTE),
        ("no evidence yet on the shooting, police said she had a gun in the car", Stance.DISPUTE),
        ("police said she fired first; there is no evidence he shot at anyone before that", Stance.DISPUTE),
    ],
)
def test_a_fact_called_unfounded_asserts_the_claim(text: str, stance: Stance) -> None:
    """A fact of the record said as the officials' word, then called unfounded ("zero evidence") or framed as made
    up, is rejected; reported alone, before an unrelated "no evidence", or with a shooting after the cue, it stands.
    """
    assert _stance(text) is stance


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("is it true someone shot at a chp sergeant in compton?", True),
        ("anyone know what happened at the flint parade", True),
        ("why is nobody talking about the flint cop who killed an innocent girl?", False),
        ("the chp sergeant got shot at and still no arrests??", False),
        ("chp says nobody shot at the sergeant, right?", True),
        ("so the guy at the takeover really fired at the cop car or nah", True),
        ("he shot at the cop right in front of everyone", False),
    ],
)
def test_questions_are_told_from_rhetorical_ones(text: str, asks: bool) -> None:
    assert is_question(text) is asks


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("is the rosecrans and atlantic video real? genuinely asking, it looks like hes shooting", True),
        ("did the cop at the flint parade get hurt? and was anyone else hit?", True),
        ("did yall see the westminster bodycam? she pulled a gun and shot at the officer first", False),
        ("the chp sergeant got shot at and still no arrests??", False),
        ("did the guy in the compton video actually shoot at the chp car or nah", True),  # the tag asks
        ("so was anyone shooting at the chp car or no? genuinely confused by that video", True),  # why it asks
        ("is the compton chp video real? someone in my gc swears a guy shot at the cop", True),  # hearsay
        ("is the compton chp video real? a guy shot at the cop", False),
        ("wait is the compton takeover video legit? the one where it looks like dude shoots at the chp car", True),
        ("wait so was someone actually shooting at the CHP car in compton or not? seeing both takes", True),  # seen
        ("was the officer in the westminster colorado shooting ever charged? haven't seen an update", True),
        ("was the cop charged? seen the video, he shot her for nothing", False),
        ("did they arrest the westminster officer yet? heard he was charged", False),
    ],
)
def test_a_message_that_only_asks_is_told_from_one_that_also_asserts(text: str, only: bool) -> None:
    assert only_asks(text) is only


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        ("the flint cop fired first, briana never shot at him", FLINT),
        ("ah yes 'she fired on the officer first' 🙄 convenient story for flint pd", FLINT),
        ("#JusticeForAlysha she never had a gun, the footage is clear", WESTMINSTER),
        ("westminster pd planted that gun in duran's car, theres no way", WESTMINSTER),
        ("no way briana shot first. msp is just protecting their own", FLINT),
        ("it's 100% a dude shooting into the chp car in compton. chp saying nobody shot at him is pure PR", COMPTON),
        ("briana never fired at the cop", FLINT),
        ("she never fired a single shot, he shot her at the juneteenth parade", FLINT),
        ("alysha duran never pulled a gun", WESTMINSTER),
        ("#BrianaSykes shot 16 times by flint cop at juneteenth parade while unarmed", FLINT),  # passive: the cop shot
    ],
)
def test_a_message_denying_the_record_about_a_named_incident_is_answered(
    matcher: Matcher, text: str, incident: str
) -> None:
    assert Action.REPLY in _actions(matcher, text, incident)


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        (
            "pls stop sharing the compton takeover vid with 'shot at cop' in the caption, chp said nobody fired at him",
            COMPTON,
        ),
        ("state police said she fired on the officer first and he returned fire, nobody else got hurt", FLINT),
        ("the 'unarmed' posts are wrong, westminster police found a handgun in her vehicle", WESTMINSTER),
    ],
)
def test_a_message_saying_the_record_holds_back_every_claim_of_its_incident(
    matcher: Matcher, text: str, incident: str
) -> None:
    assert Action.REPLY not in _actions(matcher, text, incident)


@pytest.mark.parametrize(
    "text",
    [
        "people saying the westminster cop got charged, he didn't. he's on paid administrative leave",
        "Westminster police arrested a man for shooting at officers",
        "the flint officer who shot at the parade was a 20 year veteran",
    ],
)
def test_what_became_of_the_officer_is_answered_only_when_claimed(matcher: Matcher, text: str) -> None:
    charged = {"flint-officer-fired-or-charged", "westminster-officer-fired-or-charged"}
    assert not [m for m in matcher.match(text) if m.action is Action.REPLY and m.claim_id in charged]


@pytest.mark.parametrize(
    ("text", "incident", "claim"),
    [
        ("the officer at the flint parade got hit too, thats why he collapsed", FLINT, "flint-officer-was-shot"),
        ("multiple spectators got shot at the flint juneteenth parade", FLINT, "flint-bystanders-were-hit"),
        ("heard the chp sergeant was wounded at the compton takeover", COMPTON, "chp-sergeant-was-hit"),
        ("officer adams was shot during the westminster traffic stop", WESTMINSTER, "westminster-officer-was-shot"),
        ("bodycam from the flint juneteenth shooting proves briana had no gun", FLINT, "flint-bodycam-shows-no-gun"),
        ("the officer who killed briana sykes was charged with manslaughter", FLINT, "flint-officer-fired-or-charged"),
        ("the officer in the duran case got fired the next day", WESTMINSTER, "westminster-officer-fired-or-charged"),
        ("westminster DA already cleared the cop who shot duran", WESTMINSTER, "westminster-officer-fired-or-charged"),
        ("the cop in the duran video mistook her necklace for a gun", WESTMINSTER, "duran-was-unarmed"),
        ("a rookie cop in westminster panicked and shot alysha duran", WESTMINSTER, "westminster-officer-was-a-rookie"),
    ],
)
def test_curated_circulating_claims_are_recognised(matcher: Matcher, text: str, incident: str, claim: str) -> None:
    matches = [m for m in matcher.match(text) if m.incident_id == incident and m.action is not Action.IGNORE]
    assert matches and matches[0].claim_id == claim


def test_a_claim_reversing_who_shot_whom_needs_the_roles_shown(matcher: Matcher) -> None:
    """'Alysha Duran shot the officer' is not said by a message that only names the shooting and the officer."""
    text = "officer in the westminster shooting was N. Adams, 20+ years on the force, paid admin leave"
    assert all(match.claim_id != "westminster-officer-was-shot" for match in matcher.match(text))


@pytest.mark.parametrize(
    "text",
    [
        "rip alysha duran. 46. 88th & lamar. awful",
        "RIP briana sykes. 19 yrs old. what happened at the flint juneteenth parade is so sad all around",
        "officer in the westminster shooting was N. Adams, 20+ years on the force, paid admin leave",
        "https://www.mlive.com/news/flint/2021/06/police-id-woman-19-killed-in-flint-officer-involved-shooting.html"
        " police named her, briana sykes of flint",
        "any update on the msp investigation into the flint juneteenth shooting? is the officer still on admin leave?",
    ],
)
def test_news_and_grief_naming_an_incident_stay_quiet(matcher: Matcher, text: str) -> None:
    assert matcher.match(text) == []


def test_an_incident_named_with_an_uncovered_assertion_goes_to_review(matcher: Matcher) -> None:
    """Nothing in the knowledge covers the other driver; the message names the incident and says "innocent"."""
    best = _best(matcher, "westminster co cops: the lady in the other car was innocent and got hit too", WESTMINSTER)
    assert best is not None and best.action is Action.REVIEW


def test_incident_level_review_needs_two_names_or_places(matcher: Matcher) -> None:
    assert matcher.match("Musicians Robert Plant and Cher plan to wed at Westminster Abbey in July") == []


def test_the_stance_is_curated_in_the_knowledge(knowledge: KnowledgeBase) -> None:
    """The claims the record answers with a fact list that fact, in people's words, as a contradiction."""
    curated = {claim.id: claim for incident in knowledge for claim in incident.claims}
    for claim_id in (
        "man-shot-at-chp-sergeant",
        "chp-sergeant-was-hit",
        "police-killed-innocent-woman",
        "flint-officer-was-shot",
        "flint-bystanders-were-hit",
        "flint-bodycam-shows-no-gun",
        "duran-was-unarmed",
    ):
        assert curated[claim_id].contradictions, claim_id


def test_fake_said_of_the_officer_s_tears_disputes_nothing(matcher: Matcher) -> None:
    text = "briana sykes was murdered by flint pd. no gun, no threat. the tears are fake"
    replies = [m.claim_id for m in matcher.match(text) if m.action is Action.REPLY]
    assert replies == ["police-killed-innocent-woman"]  # not also "the officer was charged": it says no charge
    disputing = "the flint story is fake, briana shot at him first"
    assert Action.REPLY not in _actions(matcher, disputing, FLINT)


def test_a_word_guessed_as_a_typo_of_a_claim_s_word_asserts_nothing(matcher: Matcher) -> None:
    """A real tweet: "changed" is not a typo of "charged", nor "Brian" of Briana."""
    text = (
        "They were told before boarding it was ok with Bahamian passport and clean police record. Something has "
        "now changed. — Brian Entin (@BrianEntin) September 9, 2019"
    )
    assert not [match for match in matcher.match(text) if match.action is Action.REPLY]


@pytest.mark.parametrize(
    ("text", "denial"),
    [
        ("i keep seeing pages saying the cop got shot. he didn't. only garbled articles say that", "he didn't"),
        ("people saying the westminster cop got charged, he didnt", "he didnt"),
        ("she didn't even have a gun", None),
        ("she did not, she was unarmed", None),
        ("it basically says the officer was shot?? he wasnt, its machine garbage", "he wasnt"),
        ("the angle makes it look like he's shooting at the cruiser but chp says no", "chp says no"),
        ("i get why ppl thought he was shooting. chp says he wasnt tho", "chp says he wasnt"),
        ("chp says no and the guy was shooting at the cruiser", None),
        ("ppl still reposting the compton clip like he got shot at 🙄 chp already said no", "chp already said no"),
        ("mods pls pin: 'he shot at the cop' is NOT what CHP says", "NOT what CHP"),
        ("the video is real, the caption isn't. gunfire in the area", "caption isn't"),
        ("rosecrans & atlantic takeover vid: real clip, misleading caption", "misleading caption"),
        ("not defending takeovers but the 'shooting at chp' caption was wrong", "caption was wrong"),
        ("the caption says it all, dude shot at the chp car", None),
    ],
)
def test_a_short_denial_closing_a_sentence_disputes_what_was_reported(text: str, denial: str | None) -> None:
    assert denied_in_passing(text) == denial


def test_a_claim_told_as_it_looks_then_denied_by_the_officials_is_not_answered(matcher: Matcher) -> None:
    """ "It looks like ..., but chp says no" defers to the record; "chp says he wasnt?? lies" mocks it."""
    deferring = "ngl the compton clip DOES look like he's shooting at the car, but chp says he wasnt"
    mocking = "the guy at the compton takeover shot at the chp car and chp says he wasnt?? lies"
    assert Action.REPLY not in _actions(matcher, deferring, COMPTON)
    assert Action.REPLY in _actions(matcher, mocking, COMPTON)


def test_a_claim_reported_then_denied_is_not_answered(matcher: Matcher) -> None:
    text = "everyone saying the officer in the alysha duran case got fired the next day. he didn't."
    assert Action.REPLY not in _actions(matcher, text, WESTMINSTER)


def test_a_fact_said_after_the_claim_was_reported_disputes_it() -> None:
    """The claim reported first, then the record: the fact's words are read where they are said together."""
    text = "ppl saying the cop shot an innocent girl... state police say she pulled up and shot at him first"
    assert _stance(text) is Stance.DISPUTE


def test_the_agency_with_its_verdict_word_mocked_names_the_incident(matcher: Matcher) -> None:
    """The CHP called this clip 'misleading': that word in scare quotes with the CHP names the Compton incident."""
    text = "chp calling it 'misleading' is cope, you can see the flash, he was shooting AT the cop"
    assert Action.REPLY in _actions(matcher, text, COMPTON)
    plain = "chp says the clip is misleading, he was shooting at the cop supposedly"
    assert Action.REPLY not in _actions(matcher, plain, COMPTON)


def test_a_claim_and_the_record_s_word_both_quoted_is_a_citation_not_an_answer(matcher: Matcher) -> None:
    text = "people keep posting the compton clip as 'man shoots at cop', chp called it 'misleading'"
    assert Action.REPLY not in _actions(matcher, text, COMPTON)


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        ("lol 'she produced a handgun' sure jan. there was no gun, watch the tape", WESTMINSTER),
        ("lol 'spectators holding cell phones' — one of them was holding a glock and shooting at the car", COMPTON),
    ],
)
def test_a_mocked_quotation_of_the_officials_names_their_incident(matcher: Matcher, text: str, incident: str) -> None:
    assert Action.REPLY in _actions(matcher, text, incident)


def test_two_words_of_a_statement_far_apart_name_nothing(matcher: Matcher) -> None:
    assert matcher.match("lmao 'the gun was in the car' conveniently AFTER they killed her. yeah ok") == []


def test_denying_a_specific_fact_of_the_record_says_the_claim(matcher: Matcher) -> None:
    """ "Not holding their phones" denies the CHP's account: the message says the claim in other words."""
    denied = "those spectators who ran at the chp car in compton were not holding their phones, they were shooting"
    best = _best(matcher, denied, COMPTON)
    assert best is not None and best.action is Action.REPLY
    assert _best(matcher, "the spectators who ran at the chp car in compton were holding their phones", COMPTON) is None


@pytest.mark.parametrize(
    "text",
    [
        "'she fired first' is what the MSP preliminary finding says, the investigation isn't over",
        "folks online keep yelling 'CHP covering up', but the sergeant said no one shot at him",
        "the claim that a man shot at the compton chp car is something the CHP denied",
        "no idea why ppl think the westminster cop got charged, he was on leave pending the investigation",
        "the compton takeover clip: the CHP says the shooting at the sergeant never happened",
    ],
)
def test_citing_the_record_is_never_answered(matcher: Matcher, text: str) -> None:
    """A quotation cited as a finding, a mockery cue inside a quotation, a denial or "never happened" reported,
    and the record's "on leave": the message says what the officials said.
    """
    assert all(match.action is not Action.REPLY for match in matcher.match(text))


def test_the_officer_named_as_shot_is_the_claim_and_a_quote_of_it_rejected_is_not(matcher: Matcher) -> None:
    claimed = _best(matcher, "N. Adams was shot by Alysha Duran during a stop in Westminster", WESTMINSTER)
    assert claimed is not None and claimed.claim_id == "westminster-officer-was-shot"
    rejected = "that page saying 'Adams was shot' is garbage, the officer shot Duran"
    assert all(match.claim_id != "westminster-officer-was-shot" for match in matcher.match(rejected))


@pytest.mark.parametrize(
    "text",
    [
        "the 'cop shot at in compton' video is misleading, chp said so",
        "who keeps posting that compton 'man shoots at CHP' clip, chp already debunked it",
    ],
)
def test_plain_disputes_are_neither_answered_nor_queued(matcher: Matcher, text: str) -> None:
    """A dispute in the message's own words, laughing at nothing, needs no moderator."""
    assert matcher.match(text) == []


def test_a_dispute_put_in_others_mouths_is_not_the_speakers(matcher: Matcher) -> None:
    text = "ktla said shots were fired at the chp officer in compton, idk why ppl keep saying it's fake"
    assert any(match.incident_id == COMPTON for match in matcher.match(text))


def test_who_denied_a_fact_may_be_named_six_words_before_it(matcher: Matcher) -> None:
    best = _best(matcher, "the girl in the flint video never fired a shot", FLINT)
    assert best is not None and best.action is Action.REPLY


def test_never_touching_a_gun_denies_it(matcher: Matcher) -> None:
    best = _best(matcher, "the bodycam shows alysha duran never touched a gun, he just panicked", WESTMINSTER)
    assert best is not None and best.claim_id == "duran-was-unarmed" and best.action is Action.REPLY


def test_a_denied_one_stands_for_the_thing_named_before_it(matcher: Matcher) -> None:
    """ "There isn't one" after "the bodycam" says what MSP said: he wore none."""
    text = "everyone wants the bodycam from the flint juneteenth shooting... there isn't one, MSP said he wore none"
    assert all(match.action is not Action.REPLY for match in matcher.match(text))


@pytest.mark.parametrize(
    "text",
    [
        "the flint cop had no body camera per msp, all we have is bystander footage",
        "in the duran bodycam you can't really see the gun, i'll wait for the DA",
        "westminster pd put out the duran bodycam, they say she produced a handgun after he tried to talk to her",
        "compton takeovers are wild, somebody was clearly firing a gun somewhere nearby",
    ],
)
def test_accurate_talk_in_the_claims_words_is_not_answered(matcher: Matcher, text: str) -> None:
    """ "Bystander footage" is no bystander hit; not seeing a gun on camera is not "no gun"; "they say" cites;
    someone shooting somewhere is the record's gunfire in the area, not a man shooting at the police.
    """
    assert all(match.action is not Action.REPLY for match in matcher.match(text))


def test_calling_those_who_say_the_claim_liars_disputes_it(matcher: Matcher) -> None:
    """ "Lying" said of those who say the claim mocks nothing of the record; of those who say the record, it does."""
    disputed = "ppl saying the chp sergeant got hit are lying, nobody shot at him, the shots came from east"
    assert all(match.action is not Action.REPLY for match in matcher.match(disputed))
    best = _best(matcher, "anyone claiming the westminster lady had a gun is lying, she was unarmed", WESTMINSTER)
    assert best is not None and best.claim_id == "duran-was-unarmed" and best.action is Action.REPLY


def test_a_claim_said_in_full_beside_the_record_of_another_is_answered(matcher: Matcher) -> None:
    """The record said ("returned fire") holds back the claims it answers, not one the message says in full."""
    best = _best(
        matcher, "the flint officer got hit in the leg and still returned fire, thats why he collapsed after", FLINT
    )
    assert best is not None and best.claim_id == "flint-officer-was-shot" and best.action is Action.REPLY
    asked = "the flint officer was fired upon and returned fire, he collapsed after, he got hit? no"
    assert all(match.action is not Action.REPLY for match in matcher.match(asked))


def test_wishing_for_what_a_claim_says_is_not_saying_it(matcher: Matcher) -> None:
    assert all(m.action is not Action.REPLY for m in matcher.match("i hope the westminster cop gets charged honestly"))
    best = _best(matcher, "the westminster cop got charged, i hope he rots", WESTMINSTER)
    assert best is not None and best.claim_id == "westminster-officer-fired-or-charged" and best.action is Action.REPLY


def test_a_supposition_is_not_an_answerable_assertion(matcher: Matcher) -> None:
    """ "If ... would" supposes: at most a moderator sees it. A fact of the record supposed ("if she had a gun")
    is not said; conceded ("even if she fired first") it still is.
    """
    supposed = "if someone had shot at the chp sergeant in compton he wouldve said so"
    assert all(m.action is not Action.REPLY for m in matcher.match(supposed))
    best = _best(matcher, "if she had a gun in westminster the bodycam would show it, she was unarmed", WESTMINSTER)
    assert best is not None and best.claim_id == "duran-was-unarmed" and best.action is Action.REVIEW
    assert matcher.match("even if she fired first at the flint cop, he didnt have to kill her") == []
    whether = "honestly compton street takeovers are a menace whether or not anyone shot at that chp officer"
    assert all(m.action is not Action.REPLY for m in matcher.match(whether))


def test_the_agency_saying_otherwise_disputes_the_claim(matcher: Matcher) -> None:
    """ "chp says otherwise" disputes; "anyone who says otherwise is lying" mocks a dispute and disputes nothing."""
    text = "the way that compton clip is filmed it looks like he's shooting at the chp car but chp says otherwise"
    assert all(m.action is not Action.REPLY for m in matcher.match(text))
    mocking = "the dude shoots right at the chp car in compton, anyone who says otherwise is lying"
    assert _best(matcher, mocking, COMPTON).action is Action.REPLY


def test_denying_that_he_tried_to_talk_to_her_says_she_was_shot_for_nothing(matcher: Matcher) -> None:
    """WPD: "After several attempts to speak with the driver, she produced a handgun." Denying the attempts asserts
    the claim; saying them is the record.
    """
    text = "the westminster cop shot alysha duran without a word, never even tried to talk to her"
    best = _best(matcher, text, WESTMINSTER)
    assert best is not None and best.claim_id == "duran-was-unarmed" and best.action is Action.REPLY
    said = "the westminster officer tried to talk to her several times before she produced a handgun"
    assert all(m.action is not Action.REPLY for m in matcher.match(said))
    wordless = _best(
        matcher, "the westminster cop didnt say a single word to her, he just ran behind the car and fired", WESTMINSTER
    )
    assert wordless is not None and wordless.claim_id == "duran-was-unarmed" and wordless.action is Action.REPLY


def test_someone_shot_in_the_passive_is_not_the_one_who_fired(matcher: Matcher) -> None:
    """ "The girl got shot 20 times" says nothing of her firing: it is no "she fired at him"."""
    matches = matcher.match("the girl in flint got shot like 20 times just for having her windows up")
    assert [(m.claim_id, m.action) for m in matches if m.incident_id == FLINT][:1] == [
        ("police-killed-innocent-woman", Action.REVIEW)
    ]


def test_a_fact_of_the_record_framed_as_spin_is_mocked(matcher: Matcher) -> None:
    """ "Spinning it like she was the shooter" mocks the record; framing the claim, or denying any spin, does not."""
    best = _best(matcher, "flint pd making it look like she fired at the officer first, she never had a gun", FLINT)
    assert best is not None and best.claim_id == "police-killed-innocent-woman" and best.action is Action.REPLY
    for text in (
        "nobody is spinning it, msp said she fired first at the flint officer",
        "tiktok is making it look like the flint cop shot first but msp says she fired at him first",
    ):
        assert all(m.action is not Action.REPLY for m in matcher.match(text))


def test_they_shot_her_is_not_she_fired(matcher: Matcher) -> None:
    """ "They" ends the look back for who fired, and "shot her" has her shot: neither says "she fired at him"."""
    best = _best(matcher, "briana sykes was innocent and they shot her at the parade", FLINT)
    assert best is not None and best.claim_id == "police-killed-innocent-woman" and best.action is Action.REPLY
    assert matcher.match("she fired at the flint cop and they shot her back, msp says") == []


def test_a_dispute_word_inside_a_keyword_still_disputes(matcher: Matcher) -> None:
    """ "wrong" is in Westminster's keyword "wrong way", yet "the posts are wrong" disputes what the posts say."""
    text = "mods note: the 'duran shot the officer first' posts are wrong, she was the one who got shot"
    assert all(m.action is not Action.REPLY for m in matcher.match(text))


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("the shooting clip is misleading, chp says so", "misleading"),
        ("its not misleading, a man shot at the chp car in compton", None),  # disputes the debunk
        ("it's NOT misleading the man ran up to the car & shot at it", None),
        ("the 'cop killed innocent woman' posts are misinfo per MSP", "misinfo"),
        ("can we stop sharing the 'shot at chp' caption", "stop sharing"),
        ("hey stop reposting the one saying the cop got shot in the Duran case", "stop reposting"),
    ],
)
def test_a_negated_dispute_word_disputes_the_debunk_not_the_claim(text: str, cue: str | None) -> None:
    assert disputing(View("text", "", analyze(text)), ()) == cue


@pytest.mark.parametrize(
    "text",
    [
        "how is chp gonna say nobody shot at him when the video shows a dude firing at his car in compton",
        "no way chp says nobody shot at him when the clip has a man shooting at him",
        "chp says no one shot at him but you can literally see the guy fire at the car, compton",
    ],
)
def test_the_record_answered_with_what_the_video_shows_asserts_the_claim(matcher: Matcher, text: str) -> None:
    """The officials' word said, then answered with a shooting the video shows: the claim, asserted against it."""
    assert _action(matcher.match(text), COMPTON, "man-shot-at-chp-sergeant") is Action.REPLY


@pytest.mark.parametrize(
    "text",
    [
        "chp says no one shot at him but the video is too blurry to tell, compton",
        "chp says no one shot at him and the video backs that up, compton",
        "the sergeant said no one shot at him, but the video went viral anyway with people saying a man fired at him",
    ],
)
def test_the_record_beside_a_video_that_shows_no_shooting_is_not_answered(matcher: Matcher, text: str) -> None:
    assert _action(matcher.match(text), COMPTON, "man-shot-at-chp-sergeant") is not Action.REPLY


def test_the_record_quoted_and_scoffed_at_goes_to_review_though_nothing_names_it(matcher: Matcher) -> None:
    """'"no one shot at him"' is a short fact, but quoted to scoff at beside a shooting it tells its incident."""
    text = '"no one shot at him" is crazy when theres a clip of a guy shooting at him lol'
    assert _action(matcher.match(text), COMPTON, "man-shot-at-chp-sergeant") is Action.REVIEW
    assert _action(matcher.match("oh sure he was 'unarmed' lol"), COMPTON, "man-shot-at-chp-sergeant") is (
        Action.IGNORE
    )


@pytest.mark.parametrize(
    "text",
    [
        "chp only calls it misleading cause their sergeant got shot at and ran. pure copium",
        "the highway patrol says it didnt happen lol, who u gonna believe, them or ur own eyes. dude shot at the chp",
        "that guy was shooting into the cruiser and chp only denies it so they dont have to admit they ran",
    ],
)
def test_a_dispute_word_the_message_puts_in_the_officials_mouth_to_reject_is_not_its_own(text: str) -> None:
    view = View("text", "", analyze(text))
    assert disputing(view, ()) is None


@pytest.mark.parametrize(
    "text",
    [
        "chp calling the compton clip misleading, no one shot at him",
        "i heard chp said that didnt happen, supposedly",
        "misleading, chp says nobody shot at the sergeant",
        "chp denied it, nobody shot at the sergeant",
    ],
)
def test_a_dispute_word_reported_or_said_stays_a_dispute(text: str) -> None:
    assert disputing(View("text", "", analyze(text)), ()) is not None


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("he shot her bc she SAID she had a gun. she never reached for anything", Stance.MENTION),
        ("shot dead after she claimed she had a gun", Stance.MENTION),
        ("she said she had a gun and she did have a gun", Stance.DISPUTE),
        ("police said she had a gun", Stance.DISPUTE),
    ],
)
def test_a_fact_said_only_as_her_own_words_is_not_the_record_said(text: str, stance: Stance) -> None:
    assert _stance(text) is stance


def test_quoting_the_debunk_word_is_not_quoting_the_claim(matcher: Matcher) -> None:
    """Scare quotes around "misleading" mock the debunk; the claim is said in the message's own words."""
    text = 'chp calling it "misleading" is a joke lol. you can see him shooting at the car. they got ran outta compton'
    assert _action(matcher.match(text), COMPTON, "man-shot-at-chp-sergeant") is Action.REPLY
    quoted = 'lmao "he was shooting at the cop" in compton, bro was holding an iphone'
    assert _action(matcher.match(quoted), COMPTON, "man-shot-at-chp-sergeant") is not Action.REPLY


def test_others_debating_whether_is_not_the_message_supposing(matcher: Matcher) -> None:
    text = 'the rosecrans and atlantic shooter tried to kill a cop and twitter is debating whether its "misleading"'
    assert _action(matcher.match(text), COMPTON, "man-shot-at-chp-sergeant") is Action.REPLY
    wonder = "rosecrans and atlantic, idk whether the shooter tried to kill a cop there"
    assert _action(matcher.match(wonder), COMPTON, "man-shot-at-chp-sergeant") is not Action.REPLY


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("he ran up on the car at the compton sideshow and started shooting at some other dude", False),
        ("someone at the compton takeover opened fire on the crowd and the chp car just left", False),
        ("a guy at the compton sideshow shot at the chp cruiser, then some dude shot at the crowd", True),
        ("the guy at the compton takeover was shooting at the chp sergeant", True),
    ],
)
def test_a_shooting_aimed_at_someone_else_is_not_the_police_shot_at(
    matcher: Matcher, text: str, answered: bool
) -> None:
    """Aimed at "some other dude" or the crowd, a shooting is not the claim that the CHP sergeant was shot at (a
    moderator decides), unless the message has the police shot at too.
    """
    assert (Action.REPLY in _actions(matcher, text, COMPTON)) is answered
    assert _actions(matcher, text, COMPTON) & {Action.REPLY, Action.REVIEW}


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("street takeovers in compton are dangerous regardless. but not at the chp car per CHP", "per CHP"),
        ("glad the chp guy got out unhurt, takeovers need to stop", "glad the chp guy got out unhurt"),
        ("mods pls add the westminster PD statement, ppl keep saying she had no gun", "ppl keep saying"),
        ("the cop at the parade shot her for nothing, she never had a gun", None),
        ("they keep saying she had a gun, she never did", None),
        ("seeing a lot of people on tiktok saying the cop got shot", "seeing a lot of people on tiktok saying"),
        ("seeing a lot of 'he got shot at' takes, anyone got the statement", "seeing a lot of takes"),
        ("seeing a lot of videos of the takeover", None),
    ],
)
def test_the_officials_account_or_others_spreading_is_told(text: str, told: str | None) -> None:
    assert tells_the_record(unquoted(text)) == told  # as the matcher reads it, the quotations left out


def test_a_claim_told_as_others_keep_spreading_it_is_not_answered(matcher: Matcher) -> None:
    """Said in the message's own words, the claim is answered; as what people keep saying, a moderator decides."""
    said = "the westminster cop shot alysha duran and she never had a gun"
    spread = "mods pls pin the westminster statement, ppl keep saying alysha duran never had a gun"
    assert Action.REPLY in _actions(matcher, said, WESTMINSTER)
    assert Action.REPLY not in _actions(matcher, spread, WESTMINSTER)


def test_a_shot_at_an_unnamed_car_is_not_the_police_shot_at(matcher: Matcher) -> None:
    """ "shot at a car" aims the shooting elsewhere; "at a car full of cops" does not."""
    elsewhere = "man shot at a car in compton last night, police looking for him"
    at_police = "someone fired at a car full of cops at the compton takeover"
    assert Action.REPLY not in _actions(matcher, elsewhere, COMPTON)
    assert Action.REPLY in _actions(matcher, at_police, COMPTON)


def test_a_man_shot_is_not_the_police_shot_at(matcher: Matcher) -> None:
    """ "a guy got shot at a takeover in compton, cops were there": the one shot is not the police."""
    someone = "a guy got shot at a takeover in compton last night, cops were there"
    assert Action.REPLY not in _actions(matcher, someone, COMPTON)
    assert Action.REPLY in _actions(matcher, "a guy shot at the cops at a takeover in compton last night", COMPTON)


def test_a_man_shot_is_not_the_police_hit(taught_matcher: Matcher) -> None:
    """A claim of the police hurt ("the CHP sergeant was hit by gunfire") is one of the police shot at: "a guy got
    shot by another guy" while the cop was there is not answered with it, even where the examples' judge is sure.
    """
    text = "the cop at the compton takeover was there when a guy got shot by another guy"
    assert _action(taught_matcher.match(text), COMPTON, "chp-sergeant-was-hit") is not Action.REPLY
    assert police_harmed("the CHP officer took a bullet at the Compton takeover", {"chp"})
    assert not police_harmed("parade goers got hit when the Flint cop opened fire")


@pytest.mark.parametrize(
    ("text", "stance", "denied"),
    [
        ("the cop shot her first", Stance.ASSERT, True),
        ("the flint cop shot her first and then somebody fired from the car", Stance.MENTION, False),
        ("somebody fired first and the cop shot back", Stance.MENTION, False),
        ("msp says she fired first", Stance.DISPUTE, False),
    ],
)
def test_who_fired_first_is_read_from_the_shooter(text: str, stance: Stance, denied: bool) -> None:
    """ "Shot her first" has the police firing first, and "somebody fired" names neither her nor the police: neither
    says the record's "she fired first".
    """
    assert (_stance(text), _denied(text)) == (stance, denied)


def test_the_cop_shooting_her_first_is_answered(matcher: Matcher) -> None:
    """The claim said with a later shot from someone else is not read as the record's "she fired first"."""
    text = "wait so the flint cop shot her first and THEN somebody fired from the car?? thats what the tiktok says"
    assert _action(matcher.match(text), FLINT, "police-killed-innocent-woman") is Action.REPLY


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("they said she fired first but the officer was the only one shooting, the witnesses said so", Stance.ASSERT),
        ("State police say she shot first? People at the parade say she never even had a gun.", Stance.ASSERT),
        ("MSP says she fired first but cops investigating cops, come on. she never shot at anybody", Stance.ASSERT),
        ("msp says she fired first but people keep saying she never had a gun", Stance.DISPUTE),
        ("police say she had a gun, but no charges were filed yet", Stance.DISPUTE),
    ],
)
def test_the_record_said_then_contested_asserts_the_claim(text: str, stance: Stance) -> None:
    """The officials' word followed by the message's own "but" against it (a lie, no proof, she never fired)
    rejects the record; followed by what others say, or by something else, it does not.
    """
    assert _stance(text) == stance


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("no body cam, no proof she shot. the flint cop killed an innocent woman", Stance.MENTION),
        ("ngl i thought she fired too, the flash lines up. but msp says she fired first", Stance.DISPUTE),
        ("where did the shots come from? msp said she fired first", Stance.DISPUTE),
    ],
)
def test_a_fact_is_said_within_one_sentence(text: str, stance: Stance) -> None:
    """ "she shot. the flint cop" does not say "she shot at the officer"; a question runs on into its answer."""
    assert _stance(text) == stance


@pytest.mark.parametrize(
    "text",
    [
        "CHP sergeant got shot at during the Compton takeover and the department is pretending it didn't happen",
        "someone shot at the chp sergeant in compton and they're acting like it never happened",
    ],
)
def test_a_denial_said_to_be_pretended_is_mocked_not_made(matcher: Matcher, text: str) -> None:
    assert Action.REPLY in _actions(matcher, text, COMPTON)


def test_a_denial_not_said_to_be_pretended_still_disputes(matcher: Matcher) -> None:
    text = "people say someone shot at the chp sergeant in compton, it didn't happen"
    assert Action.REPLY not in _actions(matcher, text, COMPTON)


def test_the_officials_word_asked_back_after_the_deed_is_mocked(matcher: Matcher) -> None:
    text = "bro ran up n unloaded on the chp unit in compton ON CAMERA and they say nobody shot at him??"
    assert Action.REPLY in _actions(matcher, text, COMPTON)
    told = "CHP says nobody shot at him?? so the guy in the compton clip was holding a phone"
    assert Action.REPLY not in _actions(matcher, told, COMPTON)


def test_the_officials_saying_called_false_rejects_the_record_not_the_claim(matcher: Matcher) -> None:
    assert Action.REPLY in _actions(
        matcher, "westminster PD sayin theres a gun is cap. alysha duran was unarmed", WESTMINSTER
    )
    told = "people saying the chp sergeant in compton got shot at is cap, chp said no one shot at him"
    assert Action.REPLY not in _actions(matcher, told, COMPTON)


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        pytest.param(
            "ktla literally said shots were fired AT the chp officer in compton, stop saying its fake",
            COMPTON,
            id="a dispute others are told to stop making is not the message's",
        ),
        pytest.param(
            "so the compton chp guy got shot at by two of the spectators, they were just pretending to hold phones",
            COMPTON,
            id="a fact of the record said to be pretended is mocked",
        ),
        pytest.param(
            "Michigan cop shoots innocent woman at Juneteenth parade then fakes a breakdown for the cameras",
            FLINT,
            id="a faked breakdown is a feeling called fake",
        ),
        pytest.param(
            "the Flint officer who killed Briana Sykes had no reason to shoot",
            FLINT,
            id="no reason to shoot is the police's shooting, not hers",
        ),
    ],
)
def test_the_claim_asserted_against_the_record_is_answered(matcher: Matcher, text: str, incident: str) -> None:
    assert Action.REPLY in _actions(matcher, text, incident)


def test_a_gun_said_to_be_staged_is_mocked(matcher: Matcher) -> None:
    text = "flint juneteenth: cops killed a woman then staged the gun, thats why theres no bodycam"
    assert _actions(matcher, text, FLINT) & {Action.REPLY, Action.REVIEW}


@pytest.mark.parametrize(
    "text",
    [
        "tbh i thought the compton chp sergeant got ambushed too until i read the statement",
        "i thought the flint cop killed an innocent girl until i read what state police said",
    ],
)
def test_a_belief_given_up_is_not_answered(matcher: Matcher, text: str) -> None:
    assert all(match.action is not Action.REPLY for match in matcher.match(text))


def test_a_doubt_given_up_still_asserts(matcher: Matcher) -> None:
    text = "i didnt believe someone shot at the chp sergeant in compton until i saw the video"
    assert Action.REPLY in _actions(matcher, text, COMPTON)


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        pytest.param(
            "Police shot and killed an innocent 19 year old girl at the Juneteenth parade in Flint. "
            "She never fired a gun.",
            FLINT,
            id="never firing a gun denies the gun",
        ),
        pytest.param(
            "msp admitted the officer fired first, they walked back the whole 'she shot at him' story",
            FLINT,
            id="in Flint the record is a shooting: its quotation, walked back, is mocked",
        ),
        pytest.param(
            "ktla reported shots fired at the chp officer at the compton takeover, idk why yall saying it was fake",
            COMPTON,
            id="wondering why others call it fake is no dispute",
        ),
    ],
)
def test_the_claim_said_beside_a_denial_or_a_dispute_word_is_answered(
    matcher: Matcher, text: str, incident: str
) -> None:
    assert Action.REPLY in _actions(matcher, text, incident)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "ppl in chat saying 'he got shot at'. chp said he didnt see any shots and only heard them from the east",
            id="a quoted shooting is the claim when the record says more",
        ),
        pytest.param(
            "Gunfire in the area, sure. Gunfire AT the sergeant, no, according to CHP. Big difference.",
            id="a no the officials back disputes",
        ),
        pytest.param(
            "ngl the necklace part of the westminster video is eerie. doesnt mean she had no gun tho, "
            "police say one was in the car",
            id="sentences are counted as the view has them (ngl is three words)",
        ),
    ],
)
def test_messages_telling_the_record_are_not_answered(matcher: Matcher, text: str) -> None:
    assert all(match.action is not Action.REPLY for match in matcher.match(text))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            'Source on the "no one shot at him" thing? Not doubting, just want to link it when my uncle posts the '
            "Compton video again",
            id="asking for the record's source does not mock it",
        ),
        pytest.param(
            'source for the Westminster "gun found in car" thing?', id="a source asked for, with no word of sincerity"
        ),
        pytest.param(
            "I've watched the Westminster video like five times. I'm not saying she didn't have a gun, the department "
            "says she did. A few seconds before firing feels fast.",
            id="a denial the writer says they are not making",
        ),
        pytest.param(
            "My whole timeline is saying someone shot at a cop at the Compton takeover. Is that what happened?",
            id="what the writer's timeline says is others' word",
        ),
        pytest.param(
            'it\'s the reposts adding "MAN SHOOTS AT COP" to the Compton CHP clip, the original claimed nothing',
            id="what reposts add is others' word",
        ),
        pytest.param(
            "flint juneteenth parade: officer shot woman who fired at him, no bystanders hurt",
            id="no bystanders hurt is no one hurt",
        ),
        pytest.param(
            "Compton, street takeover, gunfire nearby: that part's true. the shooting-at-the-cop part isn't",
            id="the part that isn't disputes it",
        ),
        pytest.param(
            "10-4 on the Flint case: MSP prelim says he took fire first, returned fire, wasn't injured. leave the "
            "'hero' stuff out until the investigation finishes",
            id="the officer who took fire was shot at, he did not fire first",
        ),
        pytest.param(
            'anyone got the ktla link about the chp sergeant? my tio keeps forwarding the "they shot the cop" version',
            id="a version someone keeps forwarding is others' word",
        ),
        pytest.param(
            "Mod note: pinning the CHP/KTLA statements on the Compton takeover clip. Posts saying the sergeant was "
            "shot at will get the 'disputed' tag.",
            id="what posts say is others' word",
        ),
        pytest.param(
            "that spamchronicles article about duran is unreadable, it basically says the officer was shot?? he "
            "wasnt, its machine garbage",
            id="a short denial before a comma denies what was reported",
        ),
    ],
)
def test_accurate_talk_read_from_debates_is_not_answered(taught_matcher: Matcher, text: str) -> None:
    assert all(match.action is not Action.REPLY for match in taught_matcher.match(text))


def test_a_dispute_word_scorned_is_no_dispute() -> None:
    view = View("text", "", analyze("misleading my ass, he shot at that chp car"))
    assert disputing(view, ()) is None
    assert disputing(View("text", "", analyze("chp says it is misleading, he was not shot at")), ()) == "misleading"


def test_what_feeds_posts_and_captions_say_is_others_word() -> None:
    assert tells_the_record("my whole timeline is saying he got shot at") == "timeline is saying"
    assert tells_the_record("the posts calling her innocent are wrong") == "posts calling"
    assert tells_the_record("she was innocent and the posts prove it") is None
    assert tells_the_record("posts saying he got shot at get tagged") == "posts saying"
    assert tells_the_record("my tio keeps forwarding the   version") == "keeps forwarding the version"  # unquoted
    assert tells_the_record("i keep forwarding this to everyone: they shot at the cop") is None
    assert tells_the_record("my fyp decided she was unarmed") == "fyp decided"
    assert tells_the_record("seeing the 'cop killed innocent girl' caption again") is not None
    assert tells_the_record("seeing the cop kill an innocent girl on video") is None


def test_a_fact_denied_holds_the_words_of_a_narrower_one(matcher: Matcher) -> None:
    """ "gun was never found" denies "a gun was found": its "gun" does not also say "she had a gun"."""
    text = "reel going around: 'she was reaching for her NECKLACE not a gun' #justiceforalysha gun was never found"
    best = _best(matcher, text, WESTMINSTER)
    assert best is not None and best.claim_id == "duran-was-unarmed"
    assert best.action is not Action.IGNORE
    assert (
        _action(
            matcher.match("police say a gun was found, alysha duran had a handgun"), WESTMINSTER, "duran-was-unarmed"
        )
        is Action.IGNORE
    )


def test_a_fact_of_the_record_reported_then_denied_asserts_the_claim(matcher: Matcher) -> None:
    text = "Someone in here claimed Alysha Duran had a gun. She didn't. Stop repeating the cops' version."
    assert Action.REPLY in _actions(matcher, text, WESTMINSTER)
    said = "Westminster PD said Alysha Duran had a gun. She did, they found it in the car."
    assert Action.REPLY not in _actions(matcher, said, WESTMINSTER)
    claim_denied = "pages saying the westminster cop got shot. he didn't."
    assert Action.REPLY not in _actions(matcher, claim_denied, WESTMINSTER)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            '"she shot first" vs "he shot her for nothing": the only official account in flint says the first',
            id="two versions quoted side by side",
        ),
        pytest.param('my teacher asked "who fired first in flint" and msp says the driver did', id="a question quoted"),
        pytest.param(
            'the article calls flint a "shootout". msp\'s words were "fired upon" and "returned fire"',
            id="quotations given their speaker",
        ),
        pytest.param(
            'people argue about "fired first" in flint, but the only official account says she fired first',
            id="quoted words said again in the message's own words",
        ),
        pytest.param(
            "correction: the flint officer wasn't wearing a body camera (msp said so), so there is no bodycam "
            '"showing she never raised a weapon"',
            id="a quotation of the opposite of the fact",
        ),
        pytest.param(
            'the "innocent girl gunned down at parade" posts are getting ratiod by people posting the msp '
            "statement lol",
            id="a quotation saying much more than the fact",
        ),
        pytest.param(
            "juneteenth in flint was supposed to be a party. now a teenager is dead and the officer is on leave",
            id="supposed to is not supposedly",
        ),
        pytest.param('the compton clip captioned "man shoots at CHP" is the one chp disputes', id="a caption quoted"),
        pytest.param(
            "whoever wrote that 'Adams was shot' line mixed it up. Adams is the officer. Alysha Duran is the one who "
            "was killed",
            id="a quotation given its writer",
        ),
        pytest.param(
            "People saying CHP is covering up. But the KTLA reporter on scene said the same thing, no shots fired at "
            "the officer or his vehicle.",
            id="a mockery word others say, answered with but",
        ),
    ],
)
def test_quotations_that_are_not_scare_quotes_are_not_answered(matcher: Matcher, text: str) -> None:
    assert all(match.action is not Action.REPLY for match in matcher.match(text))


def test_the_fact_in_others_mouths_laughed_at_is_mocked_unless_said_again(matcher: Matcher) -> None:
    assert Action.REPLY in _actions(matcher, "ppl saying westminster duran had a gun lmao she had a PHONE", WESTMINSTER)
    again = "ppl saying she fired first lol msp literally said she fired first"
    assert all(match.action is not Action.REPLY for match in matcher.match(again))


def test_a_mockery_word_others_say_and_the_message_agrees_with_still_mocks(matcher: Matcher) -> None:
    text = "people saying CHP is covering up and they're right, the sergeant got shot at in compton"
    assert Action.REPLY in _actions(matcher, text, COMPTON)


def test_a_belief_given_up_then_corrected_is_not_answered(matcher: Matcher) -> None:
    text = "i thought the compton chp sergeant got shot at too. then i read the chp statement"
    assert all(match.action is not Action.REPLY for match in matcher.match(text))


def test_what_officials_just_said_quoted_against_the_claim_is_still_mocked(matcher: Matcher) -> None:
    text = 'flint: msp just said "she shot first" and everybody ate it up. she never had a gun'
    assert Action.REPLY in _actions(matcher, text, FLINT)


def test_a_belief_given_up_for_the_clip_is_not_a_correction(matcher: Matcher) -> None:
    text = "i thought chp was right about compton, then i watched the clip again. dude shot at the sergeant's car"
    assert Action.REPLY in _actions(matcher, text, COMPTON)


def test_what_officials_will_not_admit_mocks_the_record_only_when_it_is_the_claim(matcher: Matcher) -> None:
    """ "They dont wanna admit" the claim: the record they said is mocked. Not admitting the record is no mockery."""
    mocking = "lol CHP says nobody shot at him bc they don't wanna admit their sergeant got shot at and ran"
    assert any(m.action is Action.REPLY for m in matcher.match(mocking))
    debunk = "the caption guys wont admit nobody shot at the chp sergeant"
    assert all(m.action is not Action.REPLY for m in matcher.match(debunk))


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "my roommate swears the guy in the compton vid was shooting at the cop. showed him the ktla report and he "
            "still won't believe it lmao",
            "showed them the record",
        ),
        ("my uncle swears the compton guy shot at the chp sergeant, showed him the video and he was right", None),
        ("showed him the ktla report about the compton guy", None),
    ],
)
def test_someone_elses_belief_shown_the_record_is_corrected_not_said(text: str, cue: str | None) -> None:
    """ "my roommate swears ...", then shown the KTLA report: the message corrects the roommate (a dispute). Shown a
    video, or no one's belief told: no dispute.
    """
    assert disputing(View("text", "", analyze(text)), ()) == cue


def test_a_fact_denied_only_inside_quotation_marks_is_others_denial(matcher: Matcher) -> None:
    """ "the 'innocent girl, no gun' posts don't match what state police said": the posts deny the gun, the message
    does not. Said in the message's own words, the denial asserts the claim.
    """
    quoted = "nobody's saying the flint cop is a hero, just that the 'innocent girl, no gun' posts don't match"
    assert all(m.action is not Action.REPLY for m in matcher.match(quoted))
    own = "the flint cop killed an innocent girl, no gun, and the posts don't match what state police said"
    assert any(m.action is Action.REPLY for m in matcher.match(own))
