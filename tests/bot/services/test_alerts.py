import asyncio
import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_session_factory
from bot.db.models import Answer, AnswerStatus
from bot.services import (
    AlertService,
    Defaults,
    DisputeResult,
    GuildSettingsService,
    KnowledgeHolder,
    MessageEvent,
    Outcome,
    Services,
)
from knowledge.base import KnowledgeBase
from tests.bot.helpers import Database, FakeClock, build_services

GUILD = "10"
CHANNEL = "20"
OTHER_CHANNEL = "21"
THREAD = "22"
CLAIM = "Crazy video: a man shoots at a CHP sergeant during the Compton street takeover"
COMPTON = "compton-chp-takeover-video"
SOURCE_URL = "https://thenerdstash.com/?p=720768"
TEARS = "Michigan cop breaks down in tears after shooting woman who shot at him at the Juneteenth parade"

_ids = map(str, range(1_000, 10**9))


def message(content: str = CLAIM, *, channel: str = CHANNEL, message_id: str | None = None, **flags: object):
    return MessageEvent(
        guild_id=GUILD,
        channel_id=channel,
        message_id=next(_ids) if message_id is None else message_id,
        author_id="5",
        content=content,
        **flags,  # type: ignore[arg-type]
    )


async def answer(alerts: AlertService, event: MessageEvent) -> Outcome:
    """Decide, and post like the cog does when told to."""
    decision = await alerts.on_message(event)
    if decision.reservation is not None:
        await alerts.confirm_sent(decision.reservation, next(_ids))
    return decision.outcome


async def test_a_known_claim_gets_a_card_and_a_reservation(services: Services) -> None:
    decision = await services.alerts.on_message(message())
    assert decision.outcome is Outcome.ANSWER
    assert decision.should_post
    assert decision.card is not None
    assert decision.card.incident_id == COMPTON
    assert decision.reservation is not None
    assert decision.reservation.incident_id == COMPTON


async def test_unrelated_messages_get_nothing(services: Services) -> None:
    decision = await services.alerts.on_message(message("anyone up for pizza and a movie tonight?"))
    assert decision.outcome is Outcome.NO_MATCH
    assert decision.card is None


@pytest.mark.parametrize("flags", [{"author_is_bot": True}, {"is_webhook": True}])
async def test_bots_and_webhooks_are_ignored(services: Services, flags: dict[str, bool]) -> None:
    assert (await services.alerts.on_message(message(**flags))).outcome is Outcome.IGNORED_AUTHOR


async def test_a_message_carrying_the_source_gets_no_answer(services: Services) -> None:
    decision = await services.alerts.on_message(message(f"{CLAIM} — here is the article: {SOURCE_URL}"))
    assert decision.outcome is Outcome.CARRIES_SOURCE
    assert decision.review == ()  # nothing for moderators either


async def test_cooldown_holds_per_channel_and_expires(services: Services, clock: FakeClock) -> None:
    assert await answer(services.alerts, message()) is Outcome.ANSWER
    clock.advance(minutes=30)
    assert await answer(services.alerts, message()) is Outcome.COOLDOWN
    assert await answer(services.alerts, message(channel=OTHER_CHANNEL)) is Outcome.ANSWER
    clock.advance(minutes=31)
    assert await answer(services.alerts, message()) is Outcome.ANSWER


async def test_the_servers_cooldown_applies(services: Services, clock: FakeClock) -> None:
    await services.guild_settings.set_cooldown(GUILD, 5)
    assert await answer(services.alerts, message()) is Outcome.ANSWER
    clock.advance(minutes=4)
    assert await answer(services.alerts, message()) is Outcome.COOLDOWN
    clock.advance(minutes=1)
    assert await answer(services.alerts, message()) is Outcome.ANSWER


async def test_channel_off_silences_only_that_channel_and_its_threads(services: Services) -> None:
    await services.guild_settings.set_channel_auto_replies(GUILD, CHANNEL, False)
    assert await answer(services.alerts, message()) is Outcome.AUTO_REPLIES_OFF
    in_thread = message(channel=THREAD, parent_channel_id=CHANNEL)
    assert await answer(services.alerts, in_thread) is Outcome.AUTO_REPLIES_OFF
    assert await answer(services.alerts, message(channel=OTHER_CHANNEL)) is Outcome.ANSWER


async def test_server_off_silences_every_channel_without_its_own_override(services: Services) -> None:
    await services.guild_settings.set_auto_replies(GUILD, False)
    await services.guild_settings.set_channel_auto_replies(GUILD, CHANNEL, True)
    assert await answer(services.alerts, message(channel=OTHER_CHANNEL)) is Outcome.AUTO_REPLIES_OFF
    assert await answer(services.alerts, message()) is Outcome.ANSWER
    await services.guild_settings.set_channel_auto_replies(GUILD, CHANNEL, None)
    assert await answer(services.alerts, message(channel=CHANNEL + "00")) is Outcome.AUTO_REPLIES_OFF


async def test_the_same_message_is_never_answered_twice(services: Services, clock: FakeClock) -> None:
    event = message()
    assert await answer(services.alerts, event) is Outcome.ANSWER
    clock.advance(days=2)
    assert await answer(services.alerts, event) is Outcome.ALREADY_ANSWERED
    edited = message(f"{CLAIM}!!", message_id=event.message_id, is_edit=True)
    assert await answer(services.alerts, edited) is Outcome.ALREADY_ANSWERED


async def test_an_edit_that_adds_the_claim_is_answered_once(services: Services) -> None:
    first = message("look at this video from last night")
    assert await answer(services.alerts, first) is Outcome.NO_MATCH
    edited = message(CLAIM, message_id=first.message_id, is_edit=True)
    assert await answer(services.alerts, edited) is Outcome.ANSWER
    assert await answer(services.alerts, edited) is Outcome.ALREADY_ANSWERED


async def test_thresholds_per_server_change_the_outcome(services: Services) -> None:
    score = services.knowledge.matcher.match(CLAIM, top=1)[0].score
    assert score < 100, "the test needs a message that is not a perfect match"
    await services.guild_settings.set_thresholds(GUILD, reply=100, review=50)
    decision = await services.alerts.on_message(message())
    assert decision.outcome is Outcome.NO_MATCH
    assert [match.incident_id for match in decision.review][:1] == [COMPTON]
    await services.guild_settings.reset_thresholds(GUILD)
    assert await answer(services.alerts, message()) is Outcome.ANSWER


async def test_release_frees_the_message_and_the_cooldown(services: Services) -> None:
    event = message()
    decision = await services.alerts.on_message(event)
    assert decision.reservation is not None
    await services.alerts.release(decision.reservation)
    retried = await services.alerts.on_message(event)
    assert retried.outcome is Outcome.ANSWER
    assert retried.reservation is not None
    assert await services.alerts.confirm_sent(retried.reservation, 777) is True


async def test_release_after_posting_changes_nothing(services: Services) -> None:
    event = message()
    decision = await services.alerts.on_message(event)
    assert decision.reservation is not None
    assert await services.alerts.confirm_sent(decision.reservation, 778) is True
    await services.alerts.release(decision.reservation)
    assert await answer(services.alerts, event) is Outcome.ALREADY_ANSWERED
    assert await answer(services.alerts, message()) is Outcome.COOLDOWN


async def test_deleting_the_message_returns_the_answers_to_delete(services: Services) -> None:
    event = message()
    decision = await services.alerts.on_message(event)
    assert decision.reservation is not None
    await services.alerts.confirm_sent(decision.reservation, "4242")
    assert await services.alerts.message_deleted(OTHER_CHANNEL, event.message_id) == []
    assert await services.alerts.message_deleted(CHANNEL, event.message_id) == ["4242"]
    assert await services.alerts.message_deleted(CHANNEL, event.message_id) == []


async def test_a_message_deleted_while_its_answer_is_posted(services: Services) -> None:
    """confirm_sent says False, so the cog deletes the answer it just posted."""
    event = message()
    decision = await services.alerts.on_message(event)
    assert decision.reservation is not None
    assert await services.alerts.message_deleted(CHANNEL, event.message_id) == []
    assert await services.alerts.confirm_sent(decision.reservation, 4343) is False


async def test_deleting_the_answer_itself_marks_it_deleted(services: Services, db: Database) -> None:
    decision = await services.alerts.on_message(message())
    assert decision.reservation is not None
    await services.alerts.confirm_sent(decision.reservation, 5151)
    assert await services.alerts.message_deleted(CHANNEL, 5151) == []
    async with db.sessions() as session:
        status = await session.scalar(select(Answer.status).where(Answer.answer_message_id == 5151))
    assert status == AnswerStatus.DELETED


async def test_disputes_are_recorded_once_per_member(services: Services) -> None:
    decision = await services.alerts.on_message(message())
    assert decision.reservation is not None
    await services.alerts.confirm_sent(decision.reservation, 6161)
    assert await services.alerts.record_dispute(6161, user_id=7) is DisputeResult.NEW
    assert await services.alerts.record_dispute(6161, user_id=7) is DisputeResult.ALREADY_RECORDED
    assert await services.alerts.record_dispute(6161, user_id=8) is DisputeResult.NEW
    assert await services.alerts.record_dispute(999_999, user_id=7) is DisputeResult.UNKNOWN_ANSWER
    status = await services.guild_settings.status(GUILD)
    assert (status.answers_last_day, status.disputes_last_day) == (1, 2)


async def test_claims_rated_accurate_are_not_answered_unasked(
    db: Database, clock: FakeClock, knowledge: KnowledgeBase
) -> None:
    flint = knowledge.get("flint-juneteenth-parade-shooting")
    accurate = flint.claim("officer-broke-down-in-tears")
    assert not accurate.verdict.actionable
    only_accurate = KnowledgeBase.of([flint.model_copy(update={"claims": (accurate,)})])
    services = build_services(KnowledgeHolder.of(only_accurate), db.sessions, clock, Defaults())
    assert services.knowledge.matcher.match(TEARS, top=1)[0].score >= 80
    decision = await services.alerts.on_message(message(TEARS))
    assert decision.outcome is Outcome.NO_MATCH
    assert decision.review == ()


async def test_a_claim_outscored_by_another_claim_of_its_incident_is_not_answered(services: Services) -> None:
    """The message fits the accurate claim best, so a weaker fit to a false claim of the same event stays silent."""
    best = services.knowledge.matcher.match(TEARS, top=1)[0]
    assert best.claim_id == "officer-broke-down-in-tears"
    decision = await services.alerts.on_message(message(TEARS))
    assert decision.outcome is Outcome.NO_MATCH
    assert decision.match is None


async def test_the_record_keeps_a_hash_never_the_text(services: Services, db: Database) -> None:
    event = message()
    await answer(services.alerts, event)
    async with db.sessions() as session:
        row = await session.scalar(select(Answer).where(Answer.source_message_id == event.message_id))
    assert row is not None
    normalised = " ".join(CLAIM.casefold().split())
    assert row.text_sha256 == hashlib.sha256(normalised.encode()).hexdigest()
    stored = [str(getattr(row, column.key)) for column in Answer.__table__.columns]
    assert not any("crazy video" in value.lower() for value in stored)
    assert row.status == AnswerStatus.SENT


async def test_racing_processes_answer_once_per_channel_and_incident(
    services: Services, db: Database, clock: FakeClock
) -> None:
    """Five processes (each its own engine) see five messages at once: exactly one answer."""
    engines = [db.another_engine() for _ in range(5)]
    try:
        processes = [_alert_service(services, engine, clock) for engine in engines]
        decisions = await asyncio.gather(*(alerts.on_message(message()) for alerts in processes))
    finally:
        await asyncio.gather(*(engine.dispose() for engine in engines))
    outcomes = sorted(decision.outcome for decision in decisions)
    assert outcomes == [Outcome.ANSWER] + [Outcome.COOLDOWN] * 4


async def test_racing_processes_answer_the_same_message_once(
    services: Services, db: Database, clock: FakeClock
) -> None:
    event = message()
    engines = [db.another_engine() for _ in range(3)]
    try:
        processes = [_alert_service(services, engine, clock) for engine in engines]
        decisions = await asyncio.gather(*(alerts.on_message(event) for alerts in processes))
    finally:
        await asyncio.gather(*(engine.dispose() for engine in engines))
    outcomes = sorted(decision.outcome for decision in decisions)
    assert outcomes == [Outcome.ALREADY_ANSWERED] * 2 + [Outcome.ANSWER]


def _alert_service(services: Services, engine: AsyncEngine, clock: FakeClock) -> AlertService:
    sessions = create_session_factory(engine)
    guild_settings = GuildSettingsService(sessions, services.guild_settings.defaults, clock=clock)
    return AlertService(services.knowledge, sessions, guild_settings, clock=clock)
