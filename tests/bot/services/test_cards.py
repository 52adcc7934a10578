import pytest

from bot.services.cards import compose_card
from bot.services.render import defuse_mentions, render_card
from knowledge.base import KnowledgeBase
from knowledge.matching.types import Action, Evidence, Match

COMPTON = "compton-chp-takeover-video"


def compton_match(knowledge: KnowledgeBase) -> Match:
    claim = knowledge.get(COMPTON).claims[0]
    reason = Evidence("text", "man shoots at chp sergeant", "phrase matches a known wording of the claim")
    return Match(COMPTON, claim.id, claim.text, 91.0, Action.REPLY, (reason,))


def test_card_fields_come_from_the_knowledge_base(knowledge: KnowledgeBase) -> None:
    incident = knowledge.get(COMPTON)
    claim = incident.claims[0]
    card = compose_card(knowledge, compton_match(knowledge))
    assert (card.incident_id, card.incident_title) == (incident.id, incident.title)
    assert (card.claim_id, card.claim_text, card.clarification) == (claim.id, claim.text, claim.clarification)
    assert card.verdict is claim.verdict
    assert card.verdict_label == "Misleading"
    assert card.reasons == ("phrase matches a known wording of the claim",)
    assert card.score == 91.0
    expected = incident.statements_for(claim)
    assert [s.quote for s in card.statements] == [s.quote for s in expected]
    assert [s.speaker for s in card.statements] == [s.speaker for s in expected]
    assert card.statements[0].attribution == "California Highway Patrol, via KTLA"
    assert card.statements[3].context == expected[3].context
    assert [source.url for source in card.sources] == ["https://thenerdstash.com/?p=720768"]
    assert card.sources[0].publisher == "The Nerd Stash"


def test_statements_without_a_source_use_the_incidents(knowledge: KnowledgeBase) -> None:
    incident = knowledge.get(COMPTON)
    bare = incident.statements[0].model_copy(update={"source": None})
    changed = incident.model_copy(update={"statements": (bare, *incident.statements[1:])})
    card = compose_card(KnowledgeBase.of([changed]), compton_match(knowledge))
    assert [source.url for source in card.statements[0].sources] == [str(s.url) for s in incident.sources]


def test_max_statements(knowledge: KnowledgeBase) -> None:
    card = compose_card(knowledge, compton_match(knowledge), max_statements=2)
    assert len(card.statements) == 2


def test_unknown_incident_is_an_error(knowledge: KnowledgeBase) -> None:
    with pytest.raises(KeyError):
        compose_card(knowledge, Match("no-such-incident", "x", "x", 90.0, Action.REPLY))


def test_plain_text_shows_verdict_quote_speaker_source_and_why(knowledge: KnowledgeBase) -> None:
    text = render_card(compose_card(knowledge, compton_match(knowledge)))
    lines = text.splitlines()
    assert lines[0].startswith("Misleading: Video shows a man shooting at a CHP sergeant")
    assert "> \u201cThe sergeant related no one shot at him, as he did not see any shots being fired.\u201d" in lines
    assert "> \u2014 California Highway Patrol, via KTLA" in lines
    assert "- https://thenerdstash.com/?p=720768 (The Nerd Stash)" in lines
    assert lines[-1] == "Why this answer: phrase matches a known wording of the claim (match 91/100)"


@pytest.mark.parametrize(
    ("text", "pinged"),
    [("hi @everyone", "@everyone"), ("and @here", "@here"), ("<@123>", "<@123>"), ("<@&456>", "<@&456>")],
)
def test_mentions_are_defused(text: str, pinged: str) -> None:
    assert pinged not in defuse_mentions(text)
    assert defuse_mentions(text).replace("\u200b", "") == text


def test_a_reported_statement_is_shown_as_reported_not_quoted(knowledge: KnowledgeBase) -> None:
    incident = knowledge.get("westminster-duran-shooting")
    claim = next(claim for claim in incident.claims if claim.id == "westminster-officer-was-a-rookie")
    match = Match(incident.id, claim.id, claim.text, 85.0, Action.REPLY)
    text = render_card(compose_card(knowledge, match))
    reported = "The officer, identified only as N. Adams, had more than 20 years with the department."
    assert f"> {reported}" in text.splitlines()
    assert f"\u201c{reported}\u201d" not in text
    assert "> \u2014 KDVR, as reported, not their exact words" in text.splitlines()
