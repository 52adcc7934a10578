"""Moderators' decisions: each action, its effects, exactly one winner, expiry and the audit log."""

import asyncio

import pytest
from sqlalchemy import select

from bot.db.engine import create_session_factory
from bot.db.models import Answer, AnswerStatus, Correction
from bot.services import Defaults, KnowledgeHolder, Outcome, Services
from bot.services.review_types import DecisionOutcome, IntakeResult, ReviewAction, ReviewState
from tests.bot.helpers import Database, FakeClock
from tests.bot.services.review_helpers import (
    CLAIM,
    COMPTON,
    COMPTON_CLAIM,
    GENERAL,
    GUILD,
    LINK,
    MODERATOR,
    NEWS,
    OTHER_MODERATOR,
    decided,
    event,
    next_id,
    queued_match,
    reported,
    review_band,
)


@pytest.fixture(autouse=True)
async def _review_band(services: Services) -> None:
    """UNSURE lands in the review tier whatever the matcher's tuning (see `BAND`)."""
    await review_band(services)


FLINT = "flint-juneteenth-parade-shooting"
FLINT_CLAIM = "police-killed-innocent-woman"


async def test_approving_answers_the_message_like_an_automatic_answer(services: Services) -> None:
    message = reported()
    item_id = await queued_match(services, message)
    decision = await decided(services, item_id, ReviewAction.APPROVE)
    assert decision.item is not None
    assert (decision.item.state, decision.item.decided_by) == (ReviewState.APPROVED, MODERATOR)
    approval = decision.approval
    assert approval is not None and approval.reservation is not None
    assert (approval.channel_id, approval.message_id) == (GENERAL, message.message_id)
    assert approval.card.incident_id == COMPTON
    assert approval.card.statements
    assert "a moderator of this server confirmed it" in approval.card.reasons
    assert await services.alerts.confirm_sent(approval.reservation, next_id()) is True


async def test_approving_an_answered_message_posts_nothing_more(services: Services) -> None:
    message = reported()
    item_id = await queued_match(services, message)
    decision = await decided(services, item_id, ReviewAction.APPROVE)
    assert decision.approval is not None and decision.approval.reservation is not None
    again = await services.review.report(message, reporter_id=3)
    assert again.item_id is not None
    second = await decided(services, again.item_id, ReviewAction.APPROVE, incident_id=COMPTON, claim_id=COMPTON_CLAIM)
    assert second.approval is not None and second.approval.reservation is None


async def test_choosing_another_incident_approves_that_one(services: Services) -> None:
    item_id = await queued_match(services)
    decision = await decided(services, item_id, ReviewAction.APPROVE, incident_id=FLINT, claim_id=FLINT_CLAIM)
    assert decision.item is not None and decision.item.suggestion is not None
    assert decision.item.suggestion.incident_id == FLINT
    assert decision.approval is not None and decision.approval.card.incident_id == FLINT
    log = await services.review.log(GUILD)
    assert [(e.action, e.incident_id) for e in log.entries] == [("approve", FLINT)]


async def test_dismissing_keeps_nothing_learned(services: Services) -> None:
    item_id = await queued_match(services)
    decision = await decided(services, item_id, ReviewAction.DISMISS)
    assert decision.item is not None and decision.item.state is ReviewState.DISMISSED
    assert decision.approval is None
    assert await queued_match(services) != item_id  # a new item: the old one is closed


@pytest.mark.parametrize("corrections", [True, False])
async def test_disputes_are_upheld_or_retracted(services: Services, db: Database, corrections: bool) -> None:
    """A retracted answer is edited to say so (its edit queued with the decision); deleted with corrections off."""
    await services.guild_settings.set_corrections(GUILD, corrections)
    answered = await services.alerts.on_message(event(CLAIM))
    assert answered.reservation is not None
    answer_message = next_id()
    await services.alerts.confirm_sent(answered.reservation, answer_message)
    await services.alerts.record_dispute(answer_message, user_id=30)
    item_id = (await services.review.queue(GUILD)).entries[0].id

    wrong = await services.review.decide(item_id, MODERATOR, ReviewAction.APPROVE, guild_id=GUILD)
    assert (wrong.outcome, wrong.problem) == (DecisionOutcome.INVALID, "A dispute cannot be approved.")
    retracted = await decided(services, item_id, ReviewAction.RETRACT)
    assert retracted.item is not None and retracted.item.state is ReviewState.RETRACTED
    assert retracted.delete_answer == (None if corrections else (GENERAL, answer_message))
    async with db.sessions() as session:
        status = await session.scalar(select(Answer.status).where(Answer.answer_message_id == answer_message))
        queued = list(await session.scalars(select(Correction.kind)))
    assert status == (AnswerStatus.RETRACTED if corrections else AnswerStatus.DELETED)
    assert queued == (["retraction"] if corrections else [])
    again = await services.alerts.on_message(event(CLAIM, channel=NEWS))
    assert again.outcome is Outcome.NO_MATCH  # the phrase no longer suggests that incident here


async def test_an_upheld_dispute_changes_nothing_else(services: Services) -> None:
    answered = await services.alerts.on_message(event(CLAIM))
    assert answered.reservation is not None
    answer_message = next_id()
    await services.alerts.confirm_sent(answered.reservation, answer_message)
    await services.alerts.record_dispute(answer_message, user_id=30)
    item_id = (await services.review.queue(GUILD)).entries[0].id
    upheld = await decided(services, item_id, ReviewAction.UPHOLD)
    assert upheld.item is not None and upheld.item.state is ReviewState.UPHELD
    assert upheld.delete_answer is None
    assert (await services.alerts.on_message(event(CLAIM, channel=NEWS))).outcome is Outcome.ANSWER


@pytest.mark.parametrize(
    ("action", "problem"),
    [
        (ReviewAction.UPHOLD, "A report cannot be upheld."),
        (ReviewAction.REJECT, "Nothing was suggested to reject: dismiss the item instead."),
        (ReviewAction.APPROVE, "Nothing was suggested: choose an incident first."),
    ],
)
async def test_decisions_that_do_not_fit_are_refused(services: Services, action: ReviewAction, problem: str) -> None:
    intake = await services.review.report(reported("anyone up for pizza tonight?"), reporter_id=5)
    assert intake.item_id is not None
    decision = await services.review.decide(intake.item_id, MODERATOR, action, guild_id=GUILD)
    assert (decision.outcome, decision.problem) == (DecisionOutcome.INVALID, problem)
    item = await services.review.item(intake.item_id, guild_id=GUILD)
    assert item is not None and item.state is ReviewState.PENDING


async def test_a_claim_no_longer_known_cannot_be_approved(services: Services) -> None:
    item_id = await queued_match(services)
    decision = await services.review.decide(
        item_id, MODERATOR, ReviewAction.APPROVE, incident_id="x", claim_id="y", guild_id=GUILD
    )
    assert decision.outcome is DecisionOutcome.INVALID


async def test_unknown_items_are_not_found(services: Services) -> None:
    decision = await services.review.decide(123456, MODERATOR, ReviewAction.DISMISS, guild_id=GUILD)
    assert decision.outcome is DecisionOutcome.NOT_FOUND


async def test_the_second_decision_is_told_who_decided(services: Services) -> None:
    item_id = await queued_match(services)
    await decided(services, item_id, ReviewAction.DISMISS)
    late = await services.review.decide(item_id, OTHER_MODERATOR, ReviewAction.APPROVE, guild_id=GUILD)
    assert late.outcome is DecisionOutcome.ALREADY_DECIDED
    assert late.item is not None
    assert (late.item.state, late.item.decided_by) == (ReviewState.DISMISSED, MODERATOR)
    assert late.approval is None


async def test_simultaneous_decisions_from_two_processes_make_exactly_one(
    services: Services, db: Database, holder: KnowledgeHolder, clock: FakeClock
) -> None:

    item_id = await queued_match(services)
    other_engine = db.another_engine()
    try:
        other = Services.assemble(holder, create_session_factory(other_engine), Defaults(), clock=clock)
        results = await asyncio.gather(
            services.review.decide(item_id, MODERATOR, ReviewAction.APPROVE, guild_id=GUILD),
            other.review.decide(item_id, OTHER_MODERATOR, ReviewAction.REJECT, guild_id=GUILD),
        )
    finally:
        await other_engine.dispose()
    outcomes = sorted(result.outcome for result in results)
    assert outcomes == [DecisionOutcome.ALREADY_DECIDED, DecisionOutcome.DECIDED]
    winner = next(result for result in results if result.outcome is DecisionOutcome.DECIDED)
    loser = next(result for result in results if result.outcome is DecisionOutcome.ALREADY_DECIDED)
    assert loser.item is not None and winner.item is not None
    assert (loser.item.state, loser.item.decided_by) == (winner.item.state, winner.item.decided_by)
    assert (await services.review.log(GUILD)).total == 1


async def test_items_not_seen_for_the_configured_days_expire(services: Services, clock: FakeClock) -> None:
    old = await queued_match(services)
    clock.advance(days=10)
    recent = await queued_match(
        services, reported("that CHP sergeant clip from the takeover is insane, shots everywhere, again")
    )
    clock.advance(days=4, minutes=1)
    expired = await services.review.expire_due()
    assert [item.id for item in expired] == [old]
    assert expired[0].state is ReviewState.EXPIRED
    assert (await services.review.item(recent, guild_id=GUILD)) is not None
    assert (await services.review.expire_due()) == []
    entry = (await services.review.log(GUILD)).entries[0]
    assert (entry.item_id, entry.moderator_id, entry.state) == (old, None, ReviewState.EXPIRED)
    late = await services.review.decide(old, MODERATOR, ReviewAction.APPROVE, guild_id=GUILD)
    assert late.outcome is DecisionOutcome.ALREADY_DECIDED


async def test_a_new_report_keeps_an_item_alive(services: Services, clock: FakeClock) -> None:
    item_id = await queued_match(services, reported(author=1))
    clock.advance(days=13)
    assert (await queued_match(services, reported(author=2))) == item_id
    clock.advance(days=13)
    assert await services.review.expire_due() == []


async def test_queue_and_log_are_paginated(services: Services) -> None:
    ids = []
    for number in range(7):
        intake = await services.review.report(reported(f"report number {number}"), reporter_id=5)
        assert intake.result is IntakeResult.CREATED and intake.item_id is not None
        ids.append(intake.item_id)
    first = await services.review.queue(GUILD, 1, per_page=5)
    last = await services.review.queue(GUILD, 9, per_page=5)
    assert (first.page, first.pages, first.total, len(first.entries)) == (1, 2, 7, 5)
    assert (last.page, [item.id for item in last.entries]) == (2, ids[5:])
    for item_id in ids[:3]:
        await decided(services, item_id, ReviewAction.DISMISS)
    log = await services.review.log(GUILD, 1, per_page=2)
    assert (log.pages, log.total, [e.item_id for e in log.entries]) == (2, 3, [ids[2], ids[1]])
    assert all(e.moderator_id == MODERATOR and e.state is ReviewState.DISMISSED for e in log.entries)
    assert (await services.review.queue(GUILD)).total == 4
    counts = await services.review.counts_by_state()
    assert (counts[ReviewState.PENDING], counts[ReviewState.DISMISSED], counts[ReviewState.EXPIRED]) == (4, 3, 0)


async def test_stats_count_open_items_decisions_and_the_most_reported(services: Services, clock: FakeClock) -> None:
    old = await services.review.report(reported("something from long ago"), reporter_id=5)
    assert old.item_id is not None
    await decided(services, old.item_id, ReviewAction.DISMISS)
    clock.advance(days=10)
    item_id = await queued_match(services, reported(author=1))
    await queued_match(services, reported(author=2))
    await services.review.report(reported(CLAIM), reporter_id=5)
    await decided(services, item_id, ReviewAction.REJECT)
    stats = await services.review.stats(GUILD)
    assert stats.open_items == 1
    week, month = stats.windows
    assert (week.days, week.decisions, month.decisions) == (7, {"rejected": 1}, {"rejected": 1, "dismissed": 1})
    assert [(incident, count) for incident, _title, count in week.incidents] == [(COMPTON, 3)]
    assert week.links == ((LINK, 2),)
