"""Trust and safety of the review queue (issue 11): what a hostile member or a careless moderator must not get."""

from __future__ import annotations

import pytest

from bot.db.models import ReviewItem
from bot.services import Services
from bot.services.alerts import Outcome
from bot.services.review_types import (
    DecisionOutcome,
    IntakeResult,
    ReportedMessage,
    ReviewAction,
    ReviewKind,
    ReviewState,
)
from tests.bot.helpers import Database
from tests.bot.services.review_helpers import (
    CLAIM,
    GUILD,
    MODERATOR,
    OTHER_GUILD,
    event,
    queued_match,
    reported,
    review_band,
)

ANSWERED_WITH_RUNNER_UP = (
    "https://spamchronicles.com/alysha-duran-is-shot-and-killed-by-a-police-officer-in-westminster-colorado-after-"
    "stopping-a-car-on-the-wrong-side-of-the-street-and-reaching-for-her-gun"
)
"""A known link: answered (score 100), with another claim of the incident in the review tier (about 62)."""


@pytest.fixture(autouse=True)
async def _review_band(services: Services) -> None:
    await review_band(services)


# Defect 5: a lone surrogate in a report's note lost the report -------------------------------------------------


async def test_a_lone_surrogate_in_a_note_keeps_the_report(services: Services) -> None:
    intake = await services.review.report(reported(), reporter_id=5, note="see \ud800 this")
    assert intake.result is IntakeResult.CREATED and intake.item_id is not None
    item = await services.review.item(intake.item_id, guild_id=GUILD)
    assert item is not None
    assert [report.note for report in item.reports] == ["see ? this"]


# Defect 6: an item id above 2**63 crashed the handler -----------------------------------------------------------


@pytest.mark.parametrize("item_id", [2**63, 2**64 + 5, 10**19 - 1, -(2**63) - 1])
async def test_ids_beyond_64_bits_are_simply_not_found(services: Services, item_id: int) -> None:
    assert await services.review.item(item_id, guild_id=GUILD) is None
    decision = await services.review.decide(item_id, MODERATOR, ReviewAction.DISMISS, guild_id=GUILD)
    assert decision.outcome is DecisionOutcome.NOT_FOUND


# Defect 2: decisions and reads were not bound to their server ---------------------------------------------------


async def test_another_servers_item_cannot_be_read_or_decided(services: Services) -> None:
    item_id = await queued_match(services)
    assert await services.review.item(item_id, guild_id=OTHER_GUILD) is None
    decision = await services.review.decide(item_id, MODERATOR, ReviewAction.DISMISS, guild_id=OTHER_GUILD)
    assert decision.outcome is DecisionOutcome.NOT_FOUND
    assert decision.item is None  # not even the other server's excerpt
    item = await services.review.item(item_id, guild_id=GUILD)
    assert item is not None and item.state is ReviewState.PENDING
    decided = await services.review.decide(item_id, MODERATOR, ReviewAction.DISMISS, guild_id=GUILD)
    assert decided.outcome is DecisionOutcome.DECIDED


# Defect 9: review noise -----------------------------------------------------------------------------------------


async def test_an_answered_message_creates_no_item_for_a_weaker_candidate(services: Services) -> None:
    answered = event(CLAIM)
    decision = await services.alerts.on_message(answered)
    assert decision.outcome is Outcome.ANSWER and decision.match is not None
    best = (decision.match.incident_id, decision.match.claim_id)
    weaker = [m for m in services.knowledge.current.matcher.match(CLAIM, top=5) if (m.incident_id, m.claim_id) != best]
    message = ReportedMessage(GUILD, answered.channel_id, answered.message_id, answered.author_id, CLAIM)
    intake = await services.review.submit_matches(message, weaker[:2] or [decision.match])
    assert intake.result is IntakeResult.NOTHING
    assert (await services.review.queue(GUILD)).total == 0


async def test_the_alert_service_hands_no_review_candidates_with_an_answer(services: Services) -> None:
    decision = await services.alerts.on_message(event(ANSWERED_WITH_RUNNER_UP))
    assert decision.outcome is Outcome.ANSWER
    assert decision.review == ()


async def test_a_reported_match_is_one_item(services: Services) -> None:
    message = reported()
    item_id = await queued_match(services, message)
    report = await services.review.report(message, reporter_id=5, note="seen it twice")
    assert report.item_id == item_id and report.result is IntakeResult.JOINED
    item = await services.review.item(item_id, guild_id=GUILD)
    assert item is not None and item.kind is ReviewKind.REPORT  # a member reported it
    assert (await services.review.queue(GUILD)).total == 1
    again = await queued_match(services, reported(author=7))  # the same link posted again joins it too
    assert again == item_id


async def test_a_member_may_still_report_an_answered_message(services: Services) -> None:
    answered = event(CLAIM)
    assert (await services.alerts.on_message(answered)).outcome is Outcome.ANSWER
    message = ReportedMessage(GUILD, answered.channel_id, answered.message_id, answered.author_id, CLAIM)
    intake = await services.review.report(message, reporter_id=5)
    assert intake.result is IntakeResult.CREATED


# Defect 8: a deleted message's excerpt stayed in the queue ------------------------------------------------------


async def test_a_deleted_messages_excerpt_is_removed_and_only_ids_kept(services: Services, db: Database) -> None:
    message = reported()
    item_id = await queued_match(services, message)
    changed = await services.review.message_deleted(message.channel_id, message.message_id)
    assert [view.id for view in changed] == [item_id]
    item = await services.review.item(item_id, guild_id=GUILD)
    assert item is not None and item.excerpt is None and item.source_deleted
    assert (item.channel_id, item.message_id, item.author_id) == (message.channel_id, message.message_id, 1)
    async with db.sessions() as session:
        row = await session.get(ReviewItem, item_id)
        assert row is not None and row.excerpt is None and row.source_deleted_at is not None
    await services.review.attach_excerpt(item_id, "the text again", 1)  # a late read puts nothing back
    again = await services.review.item(item_id, guild_id=GUILD)
    assert again is not None and again.excerpt is None


async def test_deleting_another_message_changes_nothing(services: Services) -> None:
    message = reported()
    item_id = await queued_match(services, message)
    assert await services.review.message_deleted(message.channel_id, message.message_id + 1) == []
    item = await services.review.item(item_id, guild_id=GUILD)
    assert item is not None and item.excerpt and not item.source_deleted
