"""What the bot learns from decisions: learned links answered at once, suppressions, `kb learned`."""

import asyncio
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import cli
from bot.services import Outcome, Services
from bot.services.review_learning import LearnedLinkSummary, learned_links, learned_links_yaml, subject_of
from bot.services.review_types import IntakeResult, ReviewAction
from knowledge.base import KnowledgeBase
from knowledge.schema import KnownLink
from tests.bot.helpers import Database
from tests.bot.services.review_helpers import (
    COMPTON,
    COMPTON_CLAIM,
    GENERAL,
    GUILD,
    LINK,
    NEWS,
    OTHER_GUILD,
    UNSURE,
    decided,
    event,
    queued_match,
    reported,
    review_band,
    review_matches,
)


@pytest.fixture(autouse=True)
async def _review_band(services: Services) -> None:
    """UNSURE lands in the review tier whatever the matcher's tuning (see `BAND`)."""
    await review_band(services)


UNRELATED_WITH_LINK = f"did this really happen? {LINK}"
FLINT = "flint-juneteenth-parade-shooting"


async def test_an_approved_link_is_answered_automatically_next_time(services: Services) -> None:
    assert (await services.alerts.on_message(event(UNRELATED_WITH_LINK))).outcome is Outcome.NO_MATCH
    await decided(services, await queued_match(services), ReviewAction.APPROVE)
    decision = await services.alerts.on_message(event(f"did this really happen? {LINK}?utm_source=x", channel=NEWS))
    assert decision.outcome is Outcome.ANSWER
    assert decision.match is not None
    assert (decision.match.incident_id, decision.match.claim_id) == (COMPTON, COMPTON_CLAIM)
    assert decision.card is not None
    assert any("moderators of this server" in reason for reason in decision.card.reasons)


async def test_learned_links_stay_in_their_server(services: Services) -> None:
    await decided(services, await queued_match(services), ReviewAction.APPROVE)
    elsewhere = await services.alerts.on_message(event(UNRELATED_WITH_LINK, guild=OTHER_GUILD))
    assert elsewhere.outcome is Outcome.NO_MATCH


async def test_a_rejected_link_is_never_suggested_again_in_that_server(services: Services) -> None:
    await decided(services, await queued_match(services), ReviewAction.REJECT)
    again = reported(f"{UNSURE} {LINK}", channel=NEWS, author=2)
    assert await review_matches(services, again) == ()
    intake = await services.review.submit_matches(again, [])
    assert intake.result is IntakeResult.NOTHING
    elsewhere = reported(guild=OTHER_GUILD)
    assert [m.incident_id for m in await review_matches(services, elsewhere)] == [COMPTON]


async def test_a_rejected_phrase_is_never_suggested_again_but_other_phrasings_are(services: Services) -> None:
    await decided(services, await queued_match(services, reported(UNSURE)), ReviewAction.REJECT)
    assert await review_matches(services, reported(UNSURE.upper())) == ()
    assert await review_matches(services, reported(f"{UNSURE}, saw it yesterday on my feed")) != ()


async def test_review_intake_drops_suppressed_incidents_itself(services: Services) -> None:
    message = reported(UNSURE)
    matches = await review_matches(services, message)
    await decided(services, await queued_match(services, message), ReviewAction.REJECT)
    late = await services.review.submit_matches(reported(UNSURE, author=3), matches)
    assert late.result is IntakeResult.NOTHING
    report = await services.review.report(reported(UNSURE, author=3), reporter_id=4)
    assert report.item_id is not None
    item = await services.review.item(report.item_id, guild_id=GUILD)
    assert item is not None and item.suggestion is None


async def test_approving_after_a_rejection_lifts_it_and_a_rejection_forgets_a_learned_link(
    services: Services,
) -> None:
    await decided(services, await queued_match(services), ReviewAction.REJECT)
    report = await services.review.report(reported(UNRELATED_WITH_LINK), reporter_id=4)
    assert report.item_id is not None
    await decided(services, report.item_id, ReviewAction.APPROVE, incident_id=COMPTON, claim_id=COMPTON_CLAIM)
    assert (await services.alerts.on_message(event(UNRELATED_WITH_LINK, channel=NEWS))).outcome is Outcome.ANSWER
    again = await services.review.report(reported(UNRELATED_WITH_LINK), reporter_id=4)
    assert again.item_id is not None
    await decided(services, again.item_id, ReviewAction.REJECT)
    after = await services.alerts.on_message(event(UNRELATED_WITH_LINK, channel=GENERAL + "00"))
    assert after.outcome is Outcome.NO_MATCH


def test_a_subject_is_its_canonical_links_and_its_text() -> None:
    subject = subject_of(f"Look  {LINK}?utm_source=x and https://www.Example.com/a#top")
    assert subject.links == (LINK, "https://example.com/a")
    assert subject.link == LINK
    assert subject.key != subject.text_key
    assert subject.keys >= {subject.key, subject.text_key}
    assert subject_of("Some  TEXT").key == subject_of("some text").key


async def test_kb_learned_lists_links_by_incident_as_knowledge_yaml(services: Services, db: Database) -> None:
    await decided(services, await queued_match(services), ReviewAction.APPROVE)
    await decided(
        services, await queued_match(services, reported(guild=OTHER_GUILD)), ReviewAction.APPROVE, guild=OTHER_GUILD
    )
    other = "https://clips.example.com/v/777"
    report = await services.review.report(reported(f"look {other}"), reporter_id=4)
    assert report.item_id is not None
    await decided(services, report.item_id, ReviewAction.APPROVE, incident_id=COMPTON, claim_id=COMPTON_CLAIM)

    links = await learned_links(db.sessions)
    documents = list(yaml.safe_load_all(learned_links_yaml(links, services.knowledge.knowledge)))
    assert [document["id"] for document in documents] == [COMPTON]
    entries = [KnownLink.model_validate(entry) for entry in documents[0]["links"]]
    assert [(entry.url, entry.claim, entry.note) for entry in entries] == [
        (LINK, COMPTON_CLAIM, "learned in 2 servers"),
        (other, COMPTON_CLAIM, "learned in 1 server"),
    ]


def test_kb_learned_leaves_out_known_links_and_unknown_incidents(knowledge: KnowledgeBase) -> None:
    known = LearnedLinkSummary(
        "https://taphaps.com/law-enforcement-shoots-woman", FLINT, "officer-broke-down-in-tears", 1
    )
    unknown_incident = LearnedLinkSummary("https://x.example/a", "no-such-incident", "c", 1)
    assert "Nothing new" in learned_links_yaml([known, unknown_incident], knowledge)
    [document] = yaml.safe_load_all(learned_links_yaml([known, unknown_incident], knowledge, include_known=True))
    assert [entry["url"] for entry in document["links"]] == [known.url]


async def test_kb_learned_command_reads_the_database(
    services: Services, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:

    if db.schema is not None:
        pytest.skip("the command reads DATABASE_URL, which cannot name a test's PostgreSQL schema")
    await decided(services, await queued_match(services), ReviewAction.APPROVE)
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.chdir(tmp_path)
    arguments = ["--env-file", str(tmp_path / "none.env"), "kb", "learned"]
    result = await asyncio.to_thread(CliRunner().invoke, cli, arguments)  # the command runs its own event loop
    assert result.exit_code == 0, result.output
    [document] = list(yaml.safe_load_all(result.stdout))
    assert document == {
        "id": COMPTON,
        "links": [{"url": LINK, "claim": COMPTON_CLAIM, "note": "learned in 1 server"}],
    }


async def test_factcheck_knows_what_the_servers_moderators_taught(services: Services) -> None:
    assert not (await services.factcheck.check(UNRELATED_WITH_LINK, guild_id=GUILD)).found
    await decided(services, await queued_match(services), ReviewAction.APPROVE)
    here = await services.factcheck.check(UNRELATED_WITH_LINK, guild_id=GUILD)
    assert [card.incident_id for card in here.cards][:1] == [COMPTON]
    assert not (await services.factcheck.check(UNRELATED_WITH_LINK, guild_id=OTHER_GUILD)).found
