"""Drafted claims: the chat form read, validated by the knowledge files' schema, and written as a knowledge file."""

from pathlib import Path

import pytest

from knowledge.drafts import DraftError, DraftForm, draft_id, draft_incident, incident_yaml, parse_attribution
from knowledge.loader import load_knowledge
from knowledge.matching.local import LocalKnowledge
from knowledge.schema import Verdict

FORM = DraftForm(
    claim="The water tower in Millbrook was poisoned",
    verdict="Missing context",
    clarification="The water department says the water is safe.",
    statement="\u201cThe water is safe to drink.\u201d",
    attribution="Millbrook Water Department \u2014 https://water.example.org/notice.",
)


def problems(form: DraftForm) -> tuple[str, ...]:
    with pytest.raises(DraftError) as refused:
        draft_incident(form, "x-claim")
    return refused.value.problems


@pytest.mark.parametrize(
    ("written", "speaker", "link"),
    [
        ("Millbrook Water Department https://w.example.org/a", "Millbrook Water Department", "https://w.example.org/a"),
        ("https://w.example.org/a \u2014 Mayor Jane Roe", "Mayor Jane Roe", "https://w.example.org/a"),
        ("Sheriff's Office: <https://w.example.org/a?b=1>", "Sheriff's Office", "https://w.example.org/a?b=1"),
    ],
)
def test_who_said_it_and_the_link_are_read_apart(written: str, speaker: str, link: str) -> None:
    assert parse_attribution(written) == (speaker, link)


def test_a_draft_is_an_incident_with_one_sourced_statement() -> None:
    incident = draft_incident(FORM, "water-tower")
    claim = incident.claims[0]
    assert (claim.text, claim.verdict) == (FORM.claim, Verdict.MISSING_CONTEXT)
    statement = incident.statements_for(claim)[0]
    assert statement.quote == "The water is safe to drink."  # the quotation marks are the card's
    assert (statement.speaker, statement.source.url) == (
        "Millbrook Water Department",
        "https://water.example.org/notice",
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"attribution": "Millbrook Water Department"}, "the source link is missing"),
        ({"attribution": "https://water.example.org/notice"}, "say who said it"),
        ({"attribution": "Dept https://a.example.org/1 https://b.example.org/2"}, "give one source link, not 2"),
        ({"attribution": "Dept ftp://a.example.org/1"}, "the source link is missing"),
        ({"verdict": "fake"}, "'fake' is not a verdict"),
        ({"verdict": " "}, "Verdict: this field is required"),
        ({"claim": "  "}, "The claim: this field is required"),
        ({"statement": ""}, "The statement: this field is required"),
        ({"claim": "x" * 501}, "The claim: at most 500 characters"),
    ],
)
def test_problems_name_the_field(change: dict[str, str], expected: str) -> None:
    form = DraftForm(**{**vars(FORM), **change})
    assert any(expected in problem for problem in problems(form)), problems(form)


def test_every_problem_at_once() -> None:
    found = problems(DraftForm("", "", "", "", ""))
    assert {problem.split(":")[0] for problem in found} == {
        "The claim",
        "Verdict",
        "What the record says",
        "The statement",
        "Who said it and the link",
    }


def test_ids_are_slugs_unique_in_the_server() -> None:
    assert draft_id(FORM.claim) == "the-water-tower-in-millbrook-was-poisoned"
    assert draft_id(FORM.claim, {"the-water-tower-in-millbrook-was-poisoned"}).endswith("-2")
    assert len(draft_id("word " * 40)) <= 60


def test_the_knowledge_file_loads_and_gives_back_the_form(tmp_path: Path) -> None:
    incident = draft_incident(FORM, "water-tower")
    (tmp_path / "water-tower.yaml").write_text(incident_yaml(incident, "drafted in a test"), encoding="utf-8")
    loaded = load_knowledge([tmp_path])
    assert loaded.ok, loaded.errors
    assert loaded.knowledge.get("water-tower") == incident
    assert DraftForm.of(incident) == DraftForm(
        FORM.claim,
        "missing-context",
        FORM.clarification,
        "The water is safe to drink.",
        "Millbrook Water Department https://water.example.org/notice",
    )


def test_a_servers_knowledge_layers_its_claims_over_the_shared_one_without_copying() -> None:
    shared = load_knowledge().knowledge
    own = draft_incident(FORM, "water-tower")
    clash = draft_incident(FORM, shared.incidents[0].id)  # curators merged it: the shared one stands

    layered = LocalKnowledge(shared, [own, clash])

    assert len(layered) == len(shared) + 1
    assert [incident.id for incident in layered][-1] == "water-tower"
    assert "water-tower" in layered and layered.get("water-tower") is own
    assert layered.get(shared.incidents[0].id) is shared.incidents[0]
    assert layered.claim("water-tower", "water-tower").text == FORM.claim
    assert layered.search("millbrook")[0] is own
    with pytest.raises(KeyError):
        layered.get("nowhere")
