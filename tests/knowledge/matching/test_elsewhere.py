import datetime as dt

import pytest

from knowledge.matching.elsewhere import elsewhere
from knowledge.schema import Incident

WORDINGS = ("Westminster officer killed a woman who had no gun",)


@pytest.fixture
def incident(knowledge) -> Incident:
    return knowledge.get("westminster-duran-shooting")


@pytest.mark.parametrize(
    ("text", "apart"),
    [
        ("westminster police shot an unarmed woman in 2019", "the year 2019"),
        ("westminster police killed an unarmed woman in california", "California"),
        ("cops in west virginia shot her", "West Virginia"),
        ("the westminster cop shot an unarmed guy", "a man, where the claim has a woman"),
        ("shot her at a parade in chicago", "Chicago"),
        ("a colorado deputy killed a woman during a welfare check", "a deputy"),
        ("police killed an innocent bystander during a chase on dort highway", "a chase"),
        ("the cop in westminster shot a dog for no reason", "a dog"),
        ("chp sgt took a round in compton and drove himself out, absolute dog", None),
        ("police shot an unarmed teen at the juneteenth parade in detroit", "Detroit"),
        ("denver-area cop killed an unarmed lady, this is the westminster one", None),
        ("westminster police in colorado springs shot her", None),  # a city of the incident's own state
        ("she was unarmed in westminster, colorado", None),
        ("she was unarmed, westminster colorado, july 2023", None),
        ("man, she was unarmed and he shot her", None),
        ("the westminster cop shot her", None),
    ],
)
def test_another_time_place_or_person_is_told(incident: Incident, text: str, apart: str | None) -> None:
    assert elsewhere(text, incident, WORDINGS) == apart


def test_the_incidents_other_claims_words_are_its_own(incident: Incident) -> None:
    """ "traffic stop" is in another claim of the incident: not another kind of event."""
    assert elsewhere("unarmed mom killed at a traffic stop", incident, WORDINGS) == "a traffic stop"
    others = ("woman shoots Westminster officer during a traffic stop on 88th Avenue",)
    assert elsewhere("unarmed mom killed at a traffic stop", incident, WORDINGS, others) is None


def test_a_claim_about_a_man_is_not_set_apart_by_one(incident: Incident) -> None:
    assert elsewhere("a man shot at the cop", incident, ("man shoots at CHP sergeant",)) is None


def test_an_incident_without_a_date_is_set_apart_by_any_year(incident: Incident) -> None:
    undated = incident.model_copy(update={"date": None})
    assert elsewhere("she was unarmed in 2023", undated, WORDINGS) == "the year 2023"
    assert incident.date == dt.date(2023, 7, 25)


def test_away_from_the_cities_nearby_only_another_state_sets_apart(incident: Incident) -> None:
    """ "denver" may be the suburb's metro: a city of the incident's own state sets a message apart only nearby."""
    text = "my cousin in denver say police kill the lady for no reason"
    assert elsewhere(text, incident, WORDINGS) == "Denver"
    assert elsewhere(text, incident, WORDINGS, nearby=False) is None
    assert elsewhere("shot her at a parade in chicago", incident, WORDINGS, nearby=False) == "Chicago"


def test_a_highway_patrols_officers_are_state_troopers(knowledge) -> None:
    compton = knowledge.get("compton-chp-takeover-video")
    wordings = ("man shoots at CHP sergeant",)
    assert elsewhere("they attacked a state trooper in compton", compton, wordings) is None
    assert elsewhere("a trooper shot a woman", knowledge.get("westminster-duran-shooting"), WORDINGS) == "a trooper"


@pytest.mark.parametrize(
    ("text", "apart"),
    [
        ("street takeover in tempe az, a guy shot at the sergeant's car", "AZ"),
        ("takeover in stockton last night, chp car shot at", "Stockton"),
        ("takeover in compton ca, the chp got shot at", None),
        ("takeover in compton, ok so the chp got shot at", None),
    ],
)
def test_a_state_code_after_a_place_or_a_california_city_sets_compton_apart(knowledge, text: str, apart) -> None:
    compton = knowledge.get("compton-chp-takeover-video")
    assert elsewhere(text, compton, ("man shoots at CHP sergeant",)) == apart


@pytest.mark.parametrize(
    ("text", "apart"),
    [
        ("it was CHP not the sheriffs, the dude shot at the chp car in compton", None),
        ("no deputies there, just the chp car getting shot at in compton", None),
        ("the sheriffs got shot at in compton", "a sheriffs"),
        ("not the sheriffs this time, but the sheriffs got shot at in compton", "a sheriffs"),
    ],
)
def test_a_force_named_only_to_deny_it_sets_nothing_apart(knowledge, text: str, apart) -> None:
    compton = knowledge.get("compton-chp-takeover-video")
    assert elsewhere(text, compton, ("man shoots at CHP sergeant",)) == apart
