"""Wordings learned from decisions: an approved wording is answered at once in its server, a rejected one is
suppressed for its claim there, an unsafe one is not learned, and `kb learned` lists them per server."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import cli
from bot.db.repositories import phrasings
from bot.platform.refs import ChannelRef, MessageRef, Platform
from bot.services import Outcome, Services
from bot.services.channel_scan import ScanRequest
from bot.services.history_scan import HistoryMessage
from bot.services.review_types import ReviewAction
from bot.services.review_wordings import PreparedWordings, learned_phrasings, learned_phrasings_yaml, lesson_of
from knowledge.base import KnowledgeBase
from knowledge.loader import load_knowledge
from knowledge.matching.learned import Wording
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action
from tests.bot.helpers import Database, FakeClock
from tests.bot.services.fake_port import FakePort
from tests.bot.services.review_helpers import (
    GENERAL,
    GUILD,
    NEWS,
    OTHER_GUILD,
    decided,
    event,
    queued_match,
    reported,
    review_band,
    review_matches,
)

WESTMINSTER = "westminster-duran-shooting"
UNARMED = "duran-was-unarmed"
WORDING = "duran had her hands on her necklace the whole time, no gun, he just panicked and killed her"
"""Misinformation the matcher only sends to review (about 58 in `BAND`)."""
PARAPHRASE = "duran had her hands on her necklace the whole time, no gun, he panicked and killed her smh"
ACCURATE = "duran had her hands on her necklace at first, then she reached for the gun in her car, police say"
COMPTON = "compton-chp-takeover-video"
COMPTON_CLAIM = "man-shot-at-chp-sergeant"
BULLET_HOLES = "theres holes in the chp car from the compton takeover, they're hiding the pics"
BULLET_HOLES_AGAIN = "there are holes in the CHP car from the Compton takeover and they're hiding the pics!!"
INCIDENTS = Path(__file__).resolve().parents[3] / "knowledge" / "incidents"


async def approve(services: Services, text: str, *, guild: str = GUILD, queued: bool = True) -> None:
    """A moderator approves the message as a post of the Westminster claim: queued by the matcher, or reported."""
    message = reported(text, guild=guild)
    if queued:
        item = await queued_match(services, message)
    else:
        report = await services.review.report(message, reporter_id="4")
        assert report.item_id is not None
        item = report.item_id
    await decided(services, item, ReviewAction.APPROVE, guild=guild, incident_id=WESTMINSTER, claim_id=UNARMED)


async def test_an_approved_wording_is_answered_at_once_in_its_server_only(services: Services) -> None:
    await review_band(services)
    before = await services.alerts.on_message(event(PARAPHRASE))
    assert before.outcome is Outcome.NO_MATCH
    assert [(m.incident_id, m.claim_id) for m in before.review][:1] == [(WESTMINSTER, UNARMED)]

    await approve(services, WORDING)

    here = await services.alerts.on_message(event(PARAPHRASE, channel=NEWS))
    assert here.outcome is Outcome.ANSWER
    assert here.match is not None and (here.match.incident_id, here.match.claim_id) == (WESTMINSTER, UNARMED)
    assert here.card is not None
    assert any("moderators of this server approved" in reason for reason in here.card.reasons)
    elsewhere = await services.alerts.on_message(event(PARAPHRASE, guild=OTHER_GUILD))
    assert elsewhere.outcome is Outcome.NO_MATCH


async def test_accurate_posts_and_debunks_stay_unanswered_after_learning(services: Services) -> None:
    await review_band(services)
    await approve(services, WORDING)
    for text in (ACCURATE, f'"{WORDING}" is false, a handgun was found in her car', "praying for alysha duran"):
        decision = await services.alerts.on_message(event(text, channel=NEWS))
        assert decision.outcome is not Outcome.ANSWER, text


async def test_a_rejected_wording_is_suppressed_for_its_claim_in_its_server(services: Services) -> None:
    await review_band(services)
    message = reported(BULLET_HOLES)
    assert [(m.incident_id, m.claim_id) for m in await review_matches(services, message)] == [(COMPTON, COMPTON_CLAIM)]
    await decided(services, await queued_match(services, message), ReviewAction.REJECT)

    assert await review_matches(services, reported(BULLET_HOLES_AGAIN, channel=NEWS)) == ()
    elsewhere = await review_matches(services, reported(BULLET_HOLES_AGAIN, guild=OTHER_GUILD))
    assert [(m.incident_id, m.claim_id) for m in elsewhere] == [(COMPTON, COMPTON_CLAIM)]
    other_words = await services.alerts.on_message(event("someone shot up the chp car at the compton takeover"))
    assert other_words.outcome is Outcome.ANSWER


async def test_approving_a_rejected_wording_learns_it(services: Services, db: Database) -> None:
    await review_band(services)
    await decided(services, await queued_match(services, reported(BULLET_HOLES)), ReviewAction.REJECT)
    report = await services.review.report(reported(BULLET_HOLES_AGAIN), reporter_id="4")
    assert report.item_id is not None
    await decided(services, report.item_id, ReviewAction.APPROVE, incident_id=COMPTON, claim_id=COMPTON_CLAIM)

    async with db.sessions() as session:
        assert [w.approved for w in await phrasings.of_guild(session, GUILD)] == [True]
    decision = await services.alerts.on_message(event(BULLET_HOLES, channel=NEWS))
    assert decision.outcome is Outcome.ANSWER


async def test_a_wording_naming_nothing_beyond_the_incident_is_not_learned(services: Services, db: Database) -> None:
    await review_band(services)
    item = await queued_match(services, reported("the CHP sergeant at the takeover shooting, insane"))
    await decided(services, item, ReviewAction.APPROVE)
    async with db.sessions() as session:
        assert await phrasings.of_guild(session, GUILD) == []


async def test_an_item_about_a_link_teaches_the_link_not_its_words(services: Services, db: Database) -> None:
    await review_band(services)
    await approve(services, f"{WORDING} https://clips.example.com/v/4242", queued=False)
    async with db.sessions() as session:
        assert await phrasings.of_guild(session, GUILD) == []
    answered = await services.alerts.on_message(event("https://clips.example.com/v/4242 so sad", channel=NEWS))
    assert answered.outcome is Outcome.ANSWER


async def test_the_repository_keeps_one_row_per_wording_and_claim(services: Services, db: Database) -> None:
    await review_band(services)
    await approve(services, WORDING)
    await approve(services, WORDING.upper() + "!!", queued=False)
    await approve(services, PARAPHRASE, guild=OTHER_GUILD)
    async with db.sessions() as session:
        here = await phrasings.of_guild(session, GUILD)
        everywhere = await phrasings.approved_everywhere(session)
    assert here == [Wording(WESTMINSTER, UNARMED, WORDING.upper() + "!!")]
    assert [(row.guild_id, row.text) for row in everywhere] == [
        (GUILD, WORDING.upper() + "!!"),
        (OTHER_GUILD, PARAPHRASE),
    ]


async def test_kb_learned_lists_phrasings_per_server_in_the_knowledge_format(
    services: Services, db: Database, tmp_path: Path
) -> None:
    await review_band(services)
    await approve(services, WORDING)
    await approve(services, PARAPHRASE, guild=OTHER_GUILD)
    text = learned_phrasings_yaml(await learned_phrasings(db.sessions), services.knowledge.knowledge)
    assert f"# server {GUILD}\n" in text and f"# server {OTHER_GUILD}\n" in text
    documents = list(yaml.safe_load_all(text))
    assert documents == [
        {"id": WESTMINSTER, "claims": [{"id": UNARMED, "phrasings": [WORDING]}]},
        {"id": WESTMINSTER, "claims": [{"id": UNARMED, "phrasings": [PARAPHRASE]}]},
    ]

    merged = merge_into_incident_files(documents[:1], tmp_path)
    result = load_knowledge([merged])
    assert result.ok, result.errors
    assert WORDING in result.knowledge.claim(WESTMINSTER, UNARMED).phrasings
    assert WORDING not in learned_phrasings_yaml(await learned_phrasings(db.sessions), result.knowledge)
    [best] = [m for m in Matcher(result.knowledge).match(PARAPHRASE) if m.incident_id == WESTMINSTER][:1]
    assert best.action is Action.REPLY


def merge_into_incident_files(documents: list[dict[str, object]], directory: Path) -> Path:
    """What a curator does with `kb learned`: each claim's wordings appended to its ``phrasings:``."""
    for path in INCIDENTS.glob("*.yaml"):
        incident = yaml.safe_load(path.read_text(encoding="utf-8"))
        for document in documents:
            if document["id"] != incident["id"]:
                continue
            for learned in document["claims"]:  # type: ignore[attr-defined]
                claim = next(claim for claim in incident["claims"] if claim["id"] == learned["id"])
                claim["phrasings"] = [*claim.get("phrasings", []), *learned["phrasings"]]
        (directory / path.name).write_text(yaml.safe_dump(incident, sort_keys=False), encoding="utf-8")
    return directory


async def test_the_kb_learned_command_prints_phrasings_after_links(
    services: Services, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if db.schema is not None:
        pytest.skip("the command reads DATABASE_URL, which cannot name a test's PostgreSQL schema")
    await review_band(services)
    await approve(services, WORDING)
    report = await services.review.report(reported("look https://clips.example.com/v/4242"), reporter_id="4")
    assert report.item_id is not None
    await decided(services, report.item_id, ReviewAction.APPROVE, incident_id=WESTMINSTER, claim_id=UNARMED)
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.chdir(tmp_path)
    arguments = ["--env-file", str(tmp_path / "none.env"), "kb", "learned"]
    result = await asyncio.to_thread(CliRunner().invoke, cli, arguments)  # the command runs its own event loop
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("\nlinks:") < out.index(f"# server {GUILD}\n") < out.index("\n  phrasings:")
    links, phrased = yaml.safe_load_all(result.stdout)
    assert links["links"][0]["url"] == "https://clips.example.com/v/4242"
    assert phrased == {"id": WESTMINSTER, "claims": [{"id": UNARMED, "phrasings": [WORDING]}]}


def test_prepared_lessons_follow_the_matcher_and_the_wordings(knowledge: KnowledgeBase) -> None:
    prepared = PreparedWordings(max_guilds=1)
    first, second = Matcher(knowledge), Matcher(knowledge)
    wordings = (Wording(WESTMINSTER, UNARMED, WORDING),)
    lessons = prepared.lessons(GUILD, first, wordings)
    assert prepared.lessons(GUILD, first, wordings) is lessons
    assert prepared.lessons(GUILD, first, (*wordings,)) is not lessons  # read again: prepared again
    reloaded = prepared.lessons(GUILD, second, wordings)
    assert reloaded.matcher is second
    prepared.lessons(OTHER_GUILD, second, wordings)
    assert prepared.lessons(GUILD, second, wordings) is not reloaded  # one server kept at most


def test_what_a_decision_teaches(knowledge: KnowledgeBase) -> None:
    matcher = Matcher(knowledge)
    claim, nothing = (WESTMINSTER, UNARMED), (None, None)
    approved, reason = lesson_of(matcher, f"<@1> {WORDING} https://x.example/1", ReviewAction.APPROVE, nothing, claim)
    assert (approved, reason) == (Wording(*claim, WORDING), None)
    rejected, _ = lesson_of(matcher, WORDING, ReviewAction.REJECT, claim, nothing)
    assert rejected == Wording(*claim, WORDING, approved=False)
    assert lesson_of(matcher, WORDING, ReviewAction.DISMISS, claim, nothing) == (None, None)
    assert lesson_of(matcher, WORDING, ReviewAction.APPROVE, nothing, claim, link="https://x.example/1") == (None, None)
    assert lesson_of(matcher, None, ReviewAction.APPROVE, nothing, claim) == (None, None)
    link_only = lesson_of(matcher, "https://x.example/1", ReviewAction.APPROVE, nothing, claim)
    assert link_only == (None, "no words to learn")
    refused, why = lesson_of(matcher, "westminster alysha duran", ReviewAction.APPROVE, nothing, claim)
    assert refused is None and why is not None


async def test_a_channel_scan_counts_learned_wordings(services: Services, clock: FakeClock) -> None:
    await review_band(services)
    port = FakePort(platform=Platform.DISCORD)
    services.ports.add(port)
    await services.guild_settings.set_moderators_channel(GUILD, "70")
    await approve(services, WORDING)
    port.items.clear()
    port.history[GENERAL] = [
        HistoryMessage(
            ref=MessageRef(Platform.DISCORD, GUILD, GENERAL, "1000"),
            channel_name="general",
            author_id="5",
            author_name="alice",
            sent_at=clock.now - dt.timedelta(hours=1),
            text=PARAPHRASE,
            link="https://chat.example/1000",
        )
    ]
    result = await services.scans.scan(ScanRequest(ChannelRef(Platform.DISCORD, GUILD, GENERAL), "general", 7, "o"))
    assert result.report is not None
    assert [(hit.match.claim_id, hit.action.value) for hit in result.report.hits] == [(UNARMED, "reply")]
