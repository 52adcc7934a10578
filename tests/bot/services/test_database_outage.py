"""The database goes away and comes back: answers keep coming, writes wait in the outbox and land exactly once.

Real PostgreSQL behind a TCP proxy (`tests.dbproxy`): stopping the proxy refuses new connections and resets the
open ones, as a stopped server does.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.engine import create_session_factory
from bot.db.errors import is_database_unavailable
from bot.db.models import Answer, AnswerCooldown, AnswerStatus, Dispute, ReviewItem, ReviewReport, ReviewState
from bot.db.repositories.answers import NewAnswer
from bot.services import DisputeResult, KnowledgeHolder, MessageEvent, Outcome, Services
from bot.services.answer_writes import RecordAnswer
from bot.services.events import AnswersOrphaned, QueuedDecisionApplied, ReviewQueueChanged
from bot.services.outbox import Outbox
from bot.services.review_types import Decision, DecisionOutcome, IntakeResult, ReportedMessage, ReviewAction
from tests.bot.helpers import FakeClock
from tests.bot.services.outage_helpers import FAST, ProxiedDatabase, outage_services, proxied_database
from tests.migrated import MigratedDatabases

pytestmark = pytest.mark.postgres

GUILD = "10"
CHANNEL = "20"
OTHER_CHANNEL = "21"
MODERATOR = "900"
OTHER_MODERATOR = "901"
CLAIM = "Crazy video: a man shoots at a CHP sergeant during the Compton street takeover"
UNSURE = "that CHP sergeant clip from the takeover is insane, shots everywhere https://clips.example.com/v/12345"
BAND = {"reply": 90.0, "review": 30.0}

_ids = iter(range(70_000, 10**9))


def next_id() -> str:
    return str(next(_ids))


def claim(*, channel: str = CHANNEL, message_id: str | None = None, content: str = CLAIM) -> MessageEvent:
    return MessageEvent(GUILD, channel, message_id or next_id(), "5", content)


def reported(content: str = UNSURE) -> ReportedMessage:
    return ReportedMessage(GUILD, CHANNEL, next_id(), "1", content)


@pytest.fixture
async def db(migrated: MigratedDatabases) -> AsyncIterator[ProxiedDatabase]:
    async with proxied_database(migrated) as database:
        yield database


@pytest.fixture
def services(holder: KnowledgeHolder, db: ProxiedDatabase, clock: FakeClock) -> Services:
    return outage_services(holder, db.sessions, clock)


async def answered(services: Services, event: MessageEvent, answer_message_id: str | None = None) -> Outcome:
    """Decide, and post like the cog does when told to."""
    decision = await services.alerts.on_message(event)
    if decision.reservation is not None:
        assert await services.alerts.confirm_sent(decision.reservation, answer_message_id or next_id())
    return decision.outcome


async def answers_to(db: ProxiedDatabase, message_id: int) -> int:
    return await db.count(Answer.id, Answer.source_message_id == message_id)


# Answers -----------------------------------------------------------------------------------------------------


async def test_answers_keep_coming_and_are_recorded_once_when_the_database_is_back(
    services: Services, db: ProxiedDatabase, holder: KnowledgeHolder, clock: FakeClock
) -> None:
    await db.proxy.stop()
    first = claim()

    assert await answered(services, first, answer_message_id="9001") is Outcome.ANSWER
    assert (await services.alerts.on_message(claim())).outcome is Outcome.COOLDOWN  # held in this process
    assert (await services.alerts.on_message(first)).outcome is Outcome.ALREADY_ANSWERED
    assert await answered(services, claim(channel=OTHER_CHANNEL)) is Outcome.ANSWER  # another channel: its own slot
    assert services.outbox.pending == 2
    assert services.outbox.database_down
    assert await services.outbox.flush() == 0  # still down: nothing lost
    assert services.outbox.pending == 2

    await db.proxy.start()
    assert await services.outbox.flush() == 2
    assert await services.outbox.flush() == 0

    assert services.outbox.pending == 0
    assert not services.outbox.database_down
    assert await answers_to(db, first.message_id) == 1
    async with db.sessions() as session:
        row = await session.scalar(select(Answer).where(Answer.source_message_id == first.message_id))
    assert row is not None
    assert (row.status, row.answer_message_id) == (AnswerStatus.SENT.value, "9001")
    assert await db.count(AnswerCooldown.answer_id, AnswerCooldown.channel_id == CHANNEL) == 1
    # Another process sees the record: the cooldown holds there too, and deleting the claim deletes the answer.
    other = db.another_engine()
    try:
        elsewhere = outage_services(holder, create_session_factory(other), clock)
        assert (await elsewhere.alerts.on_message(claim())).outcome is Outcome.COOLDOWN
        assert await elsewhere.alerts.message_deleted(CHANNEL, first.message_id) == ["9001"]
    finally:
        await other.dispose()


async def test_a_write_applied_before_a_crash_is_not_written_twice(services: Services, db: ProxiedDatabase) -> None:
    await db.proxy.stop()
    first = claim()
    await answered(services, first, answer_message_id="9002")
    await db.proxy.start()
    await services.outbox.flush()
    record = await _record_of(db, first.message_id)

    services.outbox.defer(record)  # the same write again, as after a crash between writing and acknowledging it
    assert await services.outbox.flush() == 1

    assert await answers_to(db, first.message_id) == 1
    assert await db.count(AnswerCooldown.answer_id, AnswerCooldown.channel_id == CHANNEL) == 1


async def test_answers_reserved_before_the_outage_are_confirmed_when_it_ends(
    services: Services, db: ProxiedDatabase
) -> None:
    event = claim()
    decision = await services.alerts.on_message(event)
    assert decision.reservation is not None and decision.reservation.record is None  # reserved in the database
    await db.proxy.stop()

    assert await services.alerts.confirm_sent(decision.reservation, "9003")
    await db.proxy.start()
    assert await services.outbox.flush() == 1

    async with db.sessions() as session:
        row = await session.scalar(select(Answer).where(Answer.source_message_id == event.message_id))
    assert row is not None and (row.status, row.answer_message_id) == (AnswerStatus.SENT.value, "9003")


async def test_an_answer_not_posted_during_the_outage_frees_its_slot(services: Services, db: ProxiedDatabase) -> None:
    await db.proxy.stop()
    decision = await services.alerts.on_message(claim())
    assert decision.reservation is not None

    await services.alerts.release(decision.reservation)

    assert await answered(services, claim()) is Outcome.ANSWER
    assert services.outbox.pending == 1  # only the answer posted


async def test_once_the_database_is_back_reservations_are_made_there_again(
    services: Services, db: ProxiedDatabase
) -> None:
    async with services.outbox:  # its background flusher
        await db.proxy.stop()
        offline = await services.alerts.on_message(claim())
        assert offline.reservation is not None and offline.reservation.record is not None
        await services.alerts.release(offline.reservation)  # posting failed: nothing to write
        await db.proxy.start()
        async with asyncio.timeout(2):
            while services.outbox.database_down:  # noqa: ASYNC110 - no event to wait on
                await asyncio.sleep(0.01)

        online = await services.alerts.on_message(claim())

    assert online.reservation is not None and online.reservation.record is None
    assert await db.count(Answer.id) == 1


async def test_deletions_during_the_outage_delete_the_answers(
    services: Services, db: ProxiedDatabase, holder: KnowledgeHolder, clock: FakeClock
) -> None:
    before, during = claim(channel=OTHER_CHANNEL), claim()
    await answered(services, before, answer_message_id="9010")
    restarted = outage_services(holder, db.sessions, clock)  # a new process: it never saw that answer
    deleted: list[tuple[str, list[str]]] = []

    async def deleter(orphaned: AnswersOrphaned) -> None:
        deleted.append((orphaned.channel.channel, list(orphaned.answer_ids)))

    restarted.events.subscribe(AnswersOrphaned, deleter)
    await db.proxy.stop()
    await answered(services, during, answer_message_id="9011")

    assert await services.alerts.message_deleted(CHANNEL, during.message_id) == ["9011"]  # known in this process
    assert await restarted.alerts.message_deleted(OTHER_CHANNEL, before.message_id) == []  # found later
    await db.proxy.start()
    await services.outbox.flush()
    await restarted.outbox.flush()

    assert deleted == [(OTHER_CHANNEL, ["9010"])]
    for message in (before, during):
        assert await db.count(Answer.id, Answer.source_message_id == message.message_id, _deleted()) == 1


async def test_an_answer_whose_message_was_deleted_before_it_was_posted_is_recorded_deleted(
    services: Services, db: ProxiedDatabase
) -> None:
    await db.proxy.stop()
    event = claim()
    decision = await services.alerts.on_message(event)
    assert decision.reservation is not None
    assert await services.alerts.message_deleted(CHANNEL, event.message_id) == []

    assert not await services.alerts.confirm_sent(decision.reservation, "9020")  # the cog deletes the answer

    await db.proxy.start()
    await services.outbox.flush()
    assert await db.count(Answer.id, Answer.source_message_id == event.message_id, _deleted()) == 1


async def test_edits_are_not_answered_while_the_database_cannot_say_they_were(
    services: Services, db: ProxiedDatabase
) -> None:
    await db.proxy.stop()
    assert (await services.alerts.on_message(claim(content="hello"))).outcome is Outcome.NO_MATCH

    decision = await services.alerts.on_message(_edited(claim()))

    assert decision.outcome is Outcome.ALREADY_ANSWERED
    assert services.outbox.pending == 0


async def test_server_settings_read_before_the_outage_still_apply(services: Services, db: ProxiedDatabase) -> None:
    await services.guild_settings.set_channel_auto_replies(GUILD, CHANNEL, False)
    await db.proxy.stop()

    assert (await services.alerts.on_message(claim())).outcome is Outcome.AUTO_REPLIES_OFF
    assert await answered(services, claim(channel=OTHER_CHANNEL)) is Outcome.ANSWER
    with pytest.raises(Exception) as raised:  # whatever the driver raises: changes need the database
        await services.guild_settings.set_cooldown(GUILD, 5)
    assert is_database_unavailable(raised.value)


async def test_killed_connections_are_replaced_without_an_outage(services: Services, db: ProxiedDatabase) -> None:
    await answered(services, claim())
    assert await db.kill_connections() >= 1

    assert await answered(services, claim(channel=OTHER_CHANNEL)) is Outcome.ANSWER

    assert services.outbox.pending == 0
    assert await db.count(Answer.id, Answer.status == AnswerStatus.SENT.value) == 2


async def test_the_outbox_file_keeps_pending_writes_across_a_restart(
    holder: KnowledgeHolder, db: ProxiedDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "outbox.jsonl"
    first = outage_services(holder, db.sessions, clock, Outbox(path=path, backoff=FAST))
    await db.proxy.stop()
    event = claim()
    await answered(first, event, answer_message_id="9030")
    journal = path.read_text()

    restarted = outage_services(holder, db.sessions, clock, Outbox(path=path, backoff=FAST))
    assert restarted.outbox.pending == 1
    await db.proxy.start()
    assert await restarted.outbox.flush() == 1
    assert path.read_text() == ""  # nothing pending: the journal starts afresh
    path.write_text(journal)  # as if the process died after writing but before acknowledging
    again = outage_services(holder, db.sessions, clock, Outbox(path=path, backoff=FAST))
    assert await again.outbox.flush() == 1

    assert await answers_to(db, event.message_id) == 1


# Review intake and decisions ------------------------------------------------------------------------------


async def test_reports_matches_and_disputes_are_queued_and_reach_moderators_once(
    services: Services, db: ProxiedDatabase
) -> None:
    await services.guild_settings.set_thresholds(GUILD, **BAND)
    answer = claim(channel=OTHER_CHANNEL)
    await answered(services, answer, answer_message_id="9040")
    changed: list[int] = []
    services.events.subscribe(ReviewQueueChanged, lambda event: changed.append(event.item_id))
    message = reported()
    unsure = claim(content=UNSURE.replace("12345", "67890"))
    await db.proxy.stop()

    assert (await services.review.report(message, reporter_id=2, note="fake")).result is IntakeResult.QUEUED
    decision = await services.alerts.on_message(unsure)
    assert decision.review
    assert (await services.review.submit_matches(_as_reported(unsure), decision.review)).result is IntakeResult.QUEUED
    assert await services.alerts.record_dispute("9040", user_id="3") is DisputeResult.NEW
    assert services.outbox.pending == 3
    await db.proxy.start()
    assert await services.outbox.flush() == 3

    assert len(changed) == 3  # each new item announced: the moderators' channel gets it
    assert await db.count(ReviewItem.id, ReviewItem.state == ReviewState.PENDING.value) == 3
    assert await db.count(ReviewReport.id) == 3
    assert await db.count(Dispute.id) == 1
    for item in set(changed):
        view = await services.review.item(item, guild_id=GUILD)
        assert view is not None and view.reporters == 1
    assert (await services.review.report(message, reporter_id=2)).result is IntakeResult.ALREADY_REPORTED


async def test_a_replayed_intake_counts_its_reporter_once(services: Services, db: ProxiedDatabase) -> None:
    await db.proxy.stop()
    await services.review.report(reported(), reporter_id=2)
    await db.proxy.start()
    entry = services.outbox._queue[0]  # replay exactly what was queued
    await services.outbox.flush()

    services.outbox._queue.append(entry)
    assert await services.outbox.flush() == 1

    assert await db.count(ReviewItem.id) == 1
    assert await db.count(ReviewReport.id) == 1


async def test_a_decision_made_during_the_outage_is_applied_when_it_ends(
    services: Services, db: ProxiedDatabase
) -> None:
    applied: list[Decision] = []

    async def listener(event: QueuedDecisionApplied) -> None:
        applied.append(event.decision)

    services.events.subscribe(QueuedDecisionApplied, listener)
    item = (await services.review.report(reported(), reporter_id=2)).item_id
    assert item is not None
    await db.proxy.stop()

    assert (
        await services.review.decide(item, MODERATOR, ReviewAction.DISMISS, guild_id=GUILD)
    ).outcome is DecisionOutcome.QUEUED
    await db.proxy.start()
    await services.outbox.flush()

    view = await services.review.item(item, guild_id=GUILD)
    assert view is not None and (view.state, view.decided_by) == (ReviewState.DISMISSED, MODERATOR)
    assert [decision.outcome for decision in applied] == [DecisionOutcome.DECIDED]
    assert (await services.review.log(GUILD)).total == 1


async def test_a_queued_decision_loses_to_one_made_meanwhile(
    services: Services, db: ProxiedDatabase, holder: KnowledgeHolder, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    item = (await services.review.report(reported(), reporter_id=2)).item_id
    assert item is not None
    await db.proxy.stop()
    await services.review.decide(item, MODERATOR, ReviewAction.DISMISS, guild_id=GUILD)
    other = db.another_engine()
    try:
        elsewhere = outage_services(holder, create_session_factory(other), clock)  # a process that could reach it
        decided = await elsewhere.review.decide(item, OTHER_MODERATOR, ReviewAction.DISMISS, guild_id=GUILD)
        assert decided.outcome is DecisionOutcome.DECIDED
    finally:
        await other.dispose()
    await db.proxy.start()

    with caplog.at_level(logging.WARNING, logger="bot.services.review_writes"):
        assert await services.outbox.flush() == 1

    view = await services.review.item(item, guild_id=GUILD)
    assert view is not None and view.decided_by == OTHER_MODERATOR
    assert (await services.review.log(GUILD)).total == 1
    assert "superseded" in caplog.text


# Helpers -----------------------------------------------------------------------------------------------------


async def _record_of(db: ProxiedDatabase, message_id: int) -> RecordAnswer:
    async with db.sessions() as session:
        row = await session.scalar(select(Answer).where(Answer.source_message_id == message_id))
    assert row is not None and row.answer_message_id is not None and row.sent_at is not None
    fields = {name: getattr(row, name) for name in NewAnswer.__dataclass_fields__}
    return RecordAnswer(NewAnswer(**fields), row.answer_message_id, row.created_at, row.sent_at)


def _deleted() -> object:
    return Answer.status == AnswerStatus.DELETED.value


def _edited(event: MessageEvent) -> MessageEvent:
    return replace(event, is_edit=True)


def _as_reported(event: MessageEvent) -> ReportedMessage:
    return ReportedMessage(event.guild_id, event.channel_id, event.message_id, event.author_id, event.content)
