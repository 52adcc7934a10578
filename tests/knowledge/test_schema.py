"""The incident model: required fields, references between claims, statements and links."""

import copy

import pytest
from pydantic import ValidationError

from knowledge.schema import Incident, Verdict


def minimal() -> dict:
    return {
        "id": "sample-incident",
        "title": "A sample incident",
        "summary": "What happened.",
        "location": {"city": "Springfield", "region": "Illinois"},
        "verdict": "false",
        "verdict_summary": "Officials say otherwise.",
        "claims": [
            {
                "id": "sample-claim",
                "text": "Something false happened",
                "verdict": "false",
                "clarification": "It did not.",
                "statements": ["police-said"],
            }
        ],
        "statements": [{"id": "police-said", "speaker": "Springfield Police", "quote": "It did not happen."}],
        "sources": [{"url": "https://news.example.com/story"}],
    }


def with_changes(**changes: object) -> dict:
    data = copy.deepcopy(minimal())
    data.update(changes)
    return data


def error_locations(data: dict) -> list[tuple]:
    with pytest.raises(ValidationError) as caught:
        Incident.model_validate(data)
    return [error["loc"] for error in caught.value.errors()]


def test_minimal_incident_is_valid():
    incident = Incident.model_validate(minimal())
    assert incident.claims[0].verdict is Verdict.FALSE
    assert incident.sources_for(incident.statements[0]) == incident.sources


def test_location_may_be_absent_for_imported_incidents():
    data = minimal()
    del data["location"]
    assert Incident.model_validate(data).location is None


def test_location_when_given_needs_city_and_region():
    assert error_locations(with_changes(location={"city": "Springfield"})) == [("location", "region")]


def test_url_is_normalised_to_text():
    incident = Incident.model_validate(minimal())
    assert incident.sources[0].url == "https://news.example.com/story"


@pytest.mark.parametrize("bad_id", ["Upper-Case", "double--hyphen", "-leading", "x", "has space"])
def test_ids_must_be_slugs(bad_id):
    assert error_locations(with_changes(id=bad_id)) == [("id",)]


def test_unknown_fields_are_rejected():
    assert error_locations(with_changes(sumary="typo")) == [("sumary",)]


def test_claim_must_reference_known_statements():
    data = minimal()
    data["claims"][0]["statements"] = ["police-said", "nobody-said"]
    with pytest.raises(ValidationError, match=r"claims\.0\.statements: unknown statement id\(s\) nobody-said"):
        Incident.model_validate(data)


def test_claim_needs_at_least_one_statement():
    data = minimal()
    data["claims"][0]["statements"] = []
    assert ("claims", 0, "statements") in error_locations(data)


def test_statement_without_source_needs_incident_sources():
    with pytest.raises(ValidationError, match="needs the incident to list sources"):
        Incident.model_validate(with_changes(sources=[]))


def test_link_must_name_a_known_claim():
    data = with_changes(links=[{"url": "https://social.example.com/1", "claim": "other-claim"}])
    with pytest.raises(ValidationError, match=r"links\.0\.claim: unknown claim id other-claim"):
        Incident.model_validate(data)


def test_link_without_claim_carries_the_first_claim():
    incident = Incident.model_validate(with_changes(links=[{"url": "https://social.example.com/1"}]))
    assert incident.link_claim(incident.links[0]).id == "sample-claim"


def test_duplicate_statement_ids_are_rejected():
    data = minimal()
    data["statements"].append(dict(data["statements"][0]))
    with pytest.raises(ValidationError, match="statements: duplicate id police-said"):
        Incident.model_validate(data)


@pytest.mark.parametrize(
    ("verdict", "actionable"),
    [(Verdict.FALSE, True), (Verdict.MISSING_CONTEXT, True), (Verdict.UNPROVEN, False), (Verdict.ACCURATE, False)],
)
def test_verdict_actionable(verdict, actionable):
    assert verdict.actionable is actionable
