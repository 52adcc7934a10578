"""Shared bits of the review queue's service tests."""

from __future__ import annotations

from bot.services import Services
from bot.services.alerts import MessageEvent
from bot.services.review_types import Decision, DecisionOutcome, ReportedMessage, ReviewAction
from knowledge.matching.types import Match

GUILD = "10"
OTHER_GUILD = "11"
GENERAL = "20"
NEWS = "21"
MODERATOR = "900"
OTHER_MODERATOR = "901"
COMPTON = "compton-chp-takeover-video"
COMPTON_CLAIM = "man-shot-at-chp-sergeant"
UNSURE = "that CHP sergeant clip from the takeover is insane, shots everywhere"
"""The real matcher gives it a middling score for the Compton incident (about 56): review tier in `BAND`."""
BAND = {"reply": 90.0, "review": 30.0}
"""The test servers' thresholds: wide, so that matcher tuning does not move UNSURE out of the review tier."""
LINK = "https://clips.example.com/v/12345"
CLAIM = "Crazy video: a man shoots at a CHP sergeant during the Compton street takeover"

_ids = iter(range(50_000, 10**9))


async def review_band(services: Services) -> None:
    """Give the test servers the `BAND` thresholds."""
    for guild in (GUILD, OTHER_GUILD):
        await services.guild_settings.set_thresholds(guild, **BAND)


def next_id() -> str:
    return str(next(_ids))


def reported(
    content: str = f"{UNSURE} {LINK}", *, guild: str = GUILD, channel: str = GENERAL, author: int | str = 1
) -> ReportedMessage:
    return ReportedMessage(guild, channel, next_id(), str(author), content)


def event(content: str, *, guild: str = GUILD, channel: str = GENERAL, author: int | str = 1) -> MessageEvent:
    return MessageEvent(
        guild_id=guild, channel_id=channel, message_id=next_id(), author_id=str(author), content=content
    )


async def review_matches(services: Services, message: ReportedMessage) -> tuple[Match, ...]:
    """What AlertService hands moderators for a message."""
    decision = await services.alerts.on_message(
        MessageEvent(message.guild_id, message.channel_id, message.message_id, message.author_id, message.content)
    )
    return decision.review


async def queued_match(services: Services, message: ReportedMessage | None = None) -> int:
    """Put a review-tier match in the queue the way the Discord cog does; returns the item id."""
    message = message or reported()
    matches = await review_matches(services, message)
    assert matches, "the message must land in the review tier"
    intake = await services.review.submit_matches(message, matches)
    assert intake.item_id is not None
    return intake.item_id


async def decided(
    services: Services, item_id: int, action: ReviewAction, *, guild: int = GUILD, **target: str
) -> Decision:
    decision = await services.review.decide(item_id, MODERATOR, action, **target, guild_id=guild)
    assert decision.outcome is DecisionOutcome.DECIDED, decision
    return decision
