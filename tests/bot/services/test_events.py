"""The service event bus: typed events reach every subscriber of their type, a failing one stops no other."""

import logging

import pytest

from bot.platform.refs import Platform, WorkspaceRef
from bot.services.events import AnswersOrphaned, EventBus, ReviewQueueChanged

CHANGED = ReviewQueueChanged(WorkspaceRef(Platform.SLACK, "T1"), 7)


async def test_every_subscriber_of_the_type_hears_it_in_order() -> None:
    bus, heard = EventBus(), []

    async def second(event: ReviewQueueChanged) -> None:
        heard.append(("second", event.item_id))

    bus.subscribe(ReviewQueueChanged, lambda event: heard.append(("first", event.item_id)))
    bus.subscribe(ReviewQueueChanged, second)
    bus.subscribe(AnswersOrphaned, lambda event: heard.append(("other", event)))
    await bus.publish(CHANGED)
    assert heard == [("first", 7), ("second", 7)]


async def test_a_failing_subscriber_is_logged_and_the_others_still_hear(caplog: pytest.LogCaptureFixture) -> None:
    bus, heard = EventBus(), []

    def broken(_event: ReviewQueueChanged) -> None:
        raise RuntimeError("boom")

    bus.subscribe(ReviewQueueChanged, broken)
    bus.subscribe(ReviewQueueChanged, heard.append)
    with caplog.at_level(logging.ERROR):
        await bus.publish(CHANGED)
    assert heard == [CHANGED]
    assert "ReviewQueueChanged" in caplog.text


async def test_unsubscribed_handlers_hear_nothing_more() -> None:
    bus, heard = EventBus(), []
    bus.subscribe(ReviewQueueChanged, heard.append)
    bus.unsubscribe(ReviewQueueChanged, heard.append)
    bus.unsubscribe(ReviewQueueChanged, heard.append)  # twice is fine
    await bus.publish(CHANGED)
    assert heard == []
    assert bus.subscribers(ReviewQueueChanged) == 0
