"""The curated incidents shipped with the package load cleanly and keep every statement sourced."""

import pytest

from knowledge.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge
from knowledge.schema import Incident

FIXED_IDS = {"compton-chp-takeover-video", "flint-juneteenth-parade-shooting", "westminster-duran-shooting"}


@pytest.fixture(scope="module")
def result():
    return load_knowledge()


def incidents() -> list[Incident]:
    return list(load_knowledge().knowledge)


def test_default_directory_is_the_package_incidents_folder():
    assert DEFAULT_KNOWLEDGE_DIR.name == "incidents"
    assert (DEFAULT_KNOWLEDGE_DIR.parent / "schema.py").is_file()


def test_curated_incidents_load_without_errors_or_notes(result):
    assert [str(error) for error in result.errors] == []
    assert result.notes == ()
    assert result.files == len(list(DEFAULT_KNOWLEDGE_DIR.glob("*.yaml")))


def test_fixed_incident_ids_are_present(result):
    assert {incident.id for incident in result.knowledge} >= FIXED_IDS


def test_ids_match_file_names(result):
    names = {path.stem for path in DEFAULT_KNOWLEDGE_DIR.glob("*.yaml")}
    assert names == {incident.id for incident in result.knowledge}


@pytest.mark.parametrize("incident", incidents(), ids=lambda incident: incident.id)
def test_every_statement_is_attributed_and_sourced(incident):
    for statement in incident.statements:
        assert statement.speaker.strip(), statement.id
        assert statement.quote.strip(), statement.id
        assert incident.sources_for(statement), f"{statement.id} has no source"


@pytest.mark.parametrize("incident", incidents(), ids=lambda incident: incident.id)
def test_every_claim_is_answered_by_statements(incident):
    for claim in incident.claims:
        assert claim.statements, claim.id
        assert len(incident.statements_for(claim)) == len(claim.statements)


@pytest.mark.parametrize("incident", incidents(), ids=lambda incident: incident.id)
def test_every_statement_answers_some_claim(incident):
    used = {ref for claim in incident.claims for ref in claim.statements}
    assert {statement.id for statement in incident.statements} == used


@pytest.mark.parametrize("incident", incidents(), ids=lambda incident: incident.id)
def test_known_links_carry_claims_of_their_incident(incident):
    for link in incident.links:
        assert incident.link_claim(link) in incident.claims
