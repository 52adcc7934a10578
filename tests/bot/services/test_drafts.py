"""Claims drafted by a server's moderators: validated like knowledge files, answered in that server only."""

import asyncio
import gc
import weakref
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import cli
from bot.services import Outcome, Services
from bot.services.changes import Change, ChangeKind, apply_change
from bot.services.defaults import Defaults
from bot.services.drafts import drafts_everywhere, drafts_yaml
from bot.services.knowledge import KnowledgeHolder
from bot.services.review_learning import learned_links
from bot.services.review_types import ReviewAction, claim_ref
from knowledge.base import KnowledgeBase
from knowledge.drafts import DraftForm
from knowledge.loader import load_knowledge
from tests.bot.helpers import Database, build_services
from tests.bot.services.review_helpers import GUILD, MODERATOR, OTHER_GUILD, decided, event, reported, review_band

WATER = DraftForm(
    claim="The water tower in Millbrook was poisoned last night",
    verdict="false",
    clarification="The water department says the water is safe and nothing was added to it.",
    statement="\u201cThe water is safe to drink; nothing was added to the tower.\u201d",
    attribution="Millbrook Water Department \u2014 https://water.example.org/notice",
)
POST = "someone poisoned the millbrook water tower last night, do not drink"
LINKED = "https://clips.example.com/v/777"


@pytest.fixture(autouse=True)
async def _review_band(services: Services) -> None:
    await review_band(services)


async def drafted(services: Services, form: DraftForm = WATER, guild: str = GUILD):
    assert services.drafts is not None
    outcome = await services.drafts.create(guild, form, moderator_id=MODERATOR)
    assert outcome.draft is not None, outcome.problems
    return outcome.draft


async def test_a_draft_answers_in_its_server_and_no_other(services: Services) -> None:
    assert (await services.alerts.on_message(event(POST))).outcome is Outcome.NO_MATCH
    draft = await drafted(services)

    here = await services.alerts.on_message(event(POST))
    elsewhere = await services.alerts.on_message(event(POST, guild=OTHER_GUILD))

    assert here.outcome is Outcome.ANSWER and here.card is not None
    assert (here.match.incident_id, here.match.claim_id) == (draft.incident.id, draft.claim_id)
    statement = here.card.statements[0]
    assert statement.speaker == "Millbrook Water Department"
    assert statement.quote == "The water is safe to drink; nothing was added to the tower."
    assert "https://water.example.org/notice" in str(here.card)
    assert elsewhere.outcome is Outcome.NO_MATCH
    checked = await services.factcheck.check(POST, guild_id=OTHER_GUILD)
    assert not checked.found


async def test_a_draft_without_a_source_link_is_refused_and_nothing_saved(services: Services) -> None:
    assert services.drafts is not None
    unsourced = DraftForm(WATER.claim, "false", WATER.clarification, WATER.statement, "Millbrook Water Department")
    outcome = await services.drafts.create(GUILD, unsourced, moderator_id=MODERATOR)
    assert outcome.draft is None
    assert any("source link is missing" in problem for problem in outcome.problems)
    bad_verdict = DraftForm(WATER.claim, "fake news", WATER.clarification, WATER.statement, WATER.attribution)
    refused = await services.drafts.create(GUILD, bad_verdict, moderator_id=MODERATOR)
    assert refused.draft is None and "is not a verdict" in refused.problems[0]
    assert (await services.drafts.of_guild(GUILD)).drafts == ()


async def test_editing_and_removing_a_draft(services: Services) -> None:
    assert services.drafts is not None
    draft = await drafted(services)
    changed = DraftForm(WATER.claim, "misleading", "Changed.", WATER.statement, WATER.attribution)

    edited = await services.drafts.edit(GUILD, draft.id, changed, moderator_id=MODERATOR)
    assert edited.draft is not None and edited.draft.incident.id == draft.incident.id
    assert edited.draft.incident.claims[0].verdict.value == "misleading"
    assert (await services.drafts.edit(OTHER_GUILD, draft.id, changed, moderator_id=MODERATOR)).draft is None

    assert await services.drafts.remove(OTHER_GUILD, draft.id, moderator_id=MODERATOR) is None
    assert await services.drafts.remove(GUILD, draft.id, moderator_id=MODERATOR) is not None
    assert (await services.alerts.on_message(event(POST))).outcome is Outcome.NO_MATCH


async def test_approving_a_review_item_with_a_draft_answers_it_and_exports_its_link(
    services: Services, db: Database, tmp_path: Path
) -> None:
    message = reported(f"{POST} {LINKED}")
    intake = await services.review.report(message, "5")
    assert intake.item_id is not None
    draft = await drafted(services)

    decision = await decided(
        services, intake.item_id, ReviewAction.APPROVE, incident_id=draft.incident.id, claim_id=draft.claim_id
    )

    assert decision.approval is not None and decision.approval.card.incident_id == draft.incident.id
    exported = drafts_yaml(await drafts_everywhere(db.sessions), links=await learned_links(db.sessions))
    [document] = [d for d in yaml.safe_load_all(exported) if d]
    assert document["links"] == [{"url": LINKED, "claim": draft.claim_id, "note": "learned in 1 server"}]
    (tmp_path / f"{draft.incident.id}.yaml").write_text(exported, encoding="utf-8")
    loaded = load_knowledge([tmp_path])
    assert loaded.ok, loaded.errors
    assert [str(link.url) for link in loaded.knowledge.get(draft.incident.id).links] == [LINKED]


async def test_the_export_loads_as_knowledge_files(services: Services, db: Database, tmp_path: Path) -> None:
    await drafted(services)
    await drafted(services, guild=OTHER_GUILD)
    text = drafts_yaml(await drafts_everywhere(db.sessions))

    documents = text.split("\n---\n")[1:]
    assert len(documents) == 2
    for number, document in enumerate(documents):
        incident_id = yaml.safe_load(document)["id"]
        assert f"# file: {incident_id}.yaml" in document
        folder = tmp_path / str(number)
        folder.mkdir()
        (folder / f"{incident_id}.yaml").write_text(document, encoding="utf-8")
        loaded = load_knowledge([folder])
        assert loaded.ok, loaded.errors
        incident = loaded.knowledge.get(incident_id)
        assert DraftForm.of(incident) == DraftForm(
            WATER.claim,
            "false",
            WATER.clarification,
            "The water is safe to drink; nothing was added to the tower.",
            "Millbrook Water Department https://water.example.org/notice",
        )


async def test_kb_learned_prints_the_drafts(
    services: Services, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if db.schema is not None:
        pytest.skip("the command reads DATABASE_URL, which cannot name a test's PostgreSQL schema")
    await drafted(services)
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.chdir(tmp_path)
    arguments = ["--env-file", str(tmp_path / "none.env"), "kb", "learned"]
    result = await asyncio.to_thread(CliRunner().invoke, cli, arguments)
    assert result.exit_code == 0, result.output
    documents = [document for document in yaml.safe_load_all(result.stdout) if document]
    assert documents[-1]["id"] == "the-water-tower-in-millbrook-was-poisoned-last-night"
    assert documents[-1]["statements"][0]["source"] == {"url": "https://water.example.org/notice"}


async def test_moderators_search_and_pick_their_servers_claims_only(services: Services) -> None:
    draft = await drafted(services)
    ref = claim_ref(draft.incident.id, draft.claim_id)

    found = await services.review.search_in(GUILD, "Millbrook water tower")
    picked = await services.review.resolve_in(GUILD, ref)

    assert (found[0].incident_id, found[0].claim_text) == (draft.incident.id, WATER.claim)
    assert picked is not None and picked.incident_title == WATER.claim
    assert not any(
        c.incident_id == draft.incident.id for c in await services.review.search_in(OTHER_GUILD, "Millbrook")
    )
    assert await services.review.resolve_in(OTHER_GUILD, ref) is None
    checked = await services.factcheck.check(POST, guild_id=GUILD)
    assert checked.found and checked.cards[0].incident_id == draft.incident.id


async def test_another_process_sees_a_draft_once_told(services: Services, db: Database, holder, clock) -> None:
    other = build_services(holder, db.sessions, clock, Defaults())
    assert other.drafts is not None
    assert (await other.drafts.of_guild(GUILD)).drafts == ()  # cached: nothing drafted yet
    announced: list[Change] = []
    services.changes.attach(announced.append)

    draft = await drafted(services)

    assert announced == [Change(ChangeKind.LEARNING, GUILD)]
    assert (await other.drafts.of_guild(GUILD)).drafts == ()  # still the cached read
    apply_change(other, announced[0])  # what the change feed does with another process's NOTIFY
    assert [d.id for d in (await other.drafts.of_guild(GUILD)).drafts] == [draft.id]
    assert (await other.alerts.on_message(event(POST))).outcome is Outcome.ANSWER


async def test_a_swap_lets_go_of_the_old_knowledge_though_a_servers_drafts_were_matched_on_it(
    knowledge: KnowledgeBase, db: Database, clock
) -> None:
    """Freed in the swapping thread (in steps), not later on the event loop when the server's next message comes.

    With a knowledge holder of its own: the suite's shared one is also held by what other tests left behind.
    """
    services = build_services(KnowledgeHolder.of(knowledge), db.sessions, clock, Defaults())
    await drafted(services)
    assert (await services.alerts.on_message(event(POST))).outcome is Outcome.ANSWER  # an overlay on this knowledge
    assert services.knowledge.current.matcher.wait_until_built(timeout=110)  # its build's thread lets go of it
    old = weakref.ref(services.knowledge.current.matcher)
    gc.disable()
    try:
        assert (await asyncio.to_thread(services.knowledge.reload)).reloaded
        assert old() is None
    finally:
        gc.enable()
    assert (await services.factcheck.check(POST, guild_id=GUILD)).found  # the draft still answers, on the new base
