"""Trust and safety of the review queue (issue 11): what a hostile member or a careless moderator must not get."""

from __future__ import annotations

import pytest

from bot.services import Services
from bot.services.review_types import DecisionOutcome, IntakeResult, ReviewAction, ReviewState
from tests.bot.services.review_helpers import (
    GUILD,
    MODERATOR,
    OTHER_GUILD,
    queued_match,
    reported,
    review_band,
)


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
