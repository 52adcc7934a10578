"""Answer cards as embeds: what officials said, with sources and the reason, within Discord's limits."""

import datetime as dt

import pytest

from bot.discord_ui.cards import NOTHING_FOUND, card_embed, factcheck_embeds, factcheck_note
from bot.discord_ui.limits import TOTAL
from bot.services.cards import AnswerCard, QuotedStatement, SourceLink, compose_card
from bot.services.factcheck import FactCheckResult
from bot.services.knowledge import KnowledgeHolder
from knowledge.matching.types import Action
from knowledge.schema import Verdict

CLAIM = "man shoots at a CHP sergeant at the Compton takeover"


@pytest.fixture(scope="module")
def holder() -> KnowledgeHolder:
    return KnowledgeHolder.load()


def real_card(holder: KnowledgeHolder) -> AnswerCard:
    match = holder.matcher.match(CLAIM)[0]
    return compose_card(holder.knowledge, match, max_statements=2)


def card(**changes: object) -> AnswerCard:
    source = SourceLink("https://example.org/statement", title="Statement [full]", publisher="Police", date=None)
    statement = QuotedStatement(
        "We found no evidence.", "Police Department", "KTLA", dt.date(2024, 5, 6), None, (source,)
    )
    values: dict[str, object] = {
        "incident_id": "some-incident",
        "incident_title": "Some incident",
        "claim_id": "some-claim",
        "claim_text": "Something false happened",
        "verdict": Verdict.FALSE,
        "clarification": "It did not happen.",
        "statements": (statement,),
        "reasons": ('the message says "something false"',),
        "score": 91.4,
        "action": Action.REPLY,
        **changes,
    }
    return AnswerCard(**values)  # type: ignore[arg-type]


def test_the_embed_shows_verdict_quote_attribution_sources_and_why(holder):
    embed = card_embed(real_card(holder))

    fields = {field.name: field.value for field in embed.fields}
    assert embed.title.startswith("Misleading: ")
    assert embed.description.startswith("The CHP says no one shot at the sergeant")
    quotes = [field.value for field in embed.fields if field.name == "California Highway Patrol, via KTLA"]
    assert (
        quotes[0] == "> \u201cThe sergeant related no one shot at him, as he did not see any shots being fired.\u201d"
    )
    assert fields["Sources"] == "- [The Nerd Stash](https://thenerdstash.com/?p=720768)"
    assert "Match score: " in fields["Why this answer"]
    assert embed.url == "https://thenerdstash.com/?p=720768"
    assert embed.footer.text.startswith("About: Video of a man")


def test_attribution_has_who_and_when_and_source_labels_are_escaped():
    embed = card_embed(card())

    assert embed.fields[0].name == "Police Department, via KTLA, 2024-05-06"
    assert embed.fields[1].value == "- [Statement (full), Police](https://example.org/statement)"


def test_a_very_long_card_is_cut_not_refused():
    long_quote = QuotedStatement("word " * 3000, "Someone", None, None, "context " * 500, ())
    huge = card(claim_text="claim " * 200, clarification="c" * 8000, statements=(long_quote,) * 30)

    embed = card_embed(huge)

    assert len(embed) <= TOTAL
    assert len(embed.title) <= 256


def test_mentions_in_knowledge_text_are_defused():
    embed = card_embed(card(clarification="@everyone look at <@123>"))

    assert "@everyone" not in embed.description
    assert "<@123>" not in embed.description


def test_factcheck_embeds_share_one_message_and_say_how_sure(holder):
    sure, unsure = real_card(holder), card(action=Action.REVIEW)

    embeds = factcheck_embeds(FactCheckResult((sure, unsure, sure)))

    assert [embed.author.name.split(":")[0] for embed in embeds] == ["Matches", "Possibly about", "Matches"]
    assert sum(len(embed) for embed in embeds) <= TOTAL


def test_factcheck_note():
    assert factcheck_note(FactCheckResult(())) == NOTHING_FOUND
    assert factcheck_note(FactCheckResult((card(),))) is None
    note = factcheck_note(FactCheckResult((), ("https://unknown.example/x",)))
    assert note == f"{NOTHING_FOUND}\nLinks not in the knowledge base: https:\u200b//unknown.example/x"  # not a link


def test_a_reported_statement_is_not_put_in_quotation_marks() -> None:
    source = SourceLink("https://example.org/report", title=None, publisher="KDVR", date=None)
    reported = QuotedStatement("He had 20 years on the force.", "KDVR", None, None, None, (source,), reported=True)
    embed = card_embed(card(statements=(reported,)))
    fields = {field.name: field.value for field in embed.fields}
    assert fields["KDVR, as reported, not their exact words"] == "> He had 20 years on the force."
