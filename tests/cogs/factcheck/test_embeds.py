"""``/incident`` embeds: the whole record of an incident, within Discord's limits."""

import pytest

from bot.discord_ui.limits import DESCRIPTION, TOTAL
from bot.services.knowledge import KnowledgeHolder
from cogs.factcheck._embeds import incident_embed, incident_list_embed
from knowledge.schema import Incident


@pytest.fixture(scope="module")
def incidents() -> list[Incident]:
    return list(KnowledgeHolder.load().knowledge)


def test_an_incident_shows_its_verdict_claims_quotes_and_sources(incidents):
    compton = next(incident for incident in incidents if incident.id == "compton-chp-takeover-video")

    embed = incident_embed(compton)

    fields = {field.name: field.value for field in embed.fields}
    assert embed.title == compton.title
    assert fields["Verdict"].startswith("Misleading: ")
    assert "Compton" in fields["When and where"]
    assert "**Misleading**: Video shows a man shooting at a CHP sergeant" in fields["Claims going around"]
    quotes = [field.value for field in embed.fields if field.name == "California Highway Patrol"]
    assert quotes[0].startswith("> \u201cThe sergeant related no one shot at him")
    assert "https://thenerdstash.com/?p=720768" in fields["Sources"]
    assert embed.footer.text == "id: compton-chp-takeover-video"
    assert len(embed) <= TOTAL


def test_every_known_incident_fits(incidents):
    for incident in incidents:
        assert len(incident_embed(incident)) <= TOTAL


def test_the_list_names_each_incident_with_its_id(incidents):
    embed = incident_list_embed(incidents)

    assert embed.title == f"Known incidents ({len(incidents)})"
    assert all(f"`{incident.id}`" in embed.description for incident in incidents)


def test_a_long_list_is_cut_with_a_count(incidents):
    many = incidents * 200

    embed = incident_list_embed(many)

    assert len(embed.description) <= DESCRIPTION
    assert embed.description.endswith(f"(and more: {len(many)} in all)")


def test_a_reported_statement_is_marked_as_reported_and_not_quoted(incidents):
    flint = next(incident for incident in incidents if incident.id == "flint-juneteenth-parade-shooting")
    fields = {field.name: field.value for field in incident_embed(flint).fields}
    reported = fields["Michigan State Police Lt. Kim Vetter, as reported, not their exact words"]
    assert reported == "> The officer was placed on administrative leave; he wore no body camera."
