"""Two Slack processes on one PostgreSQL schema: Slack may redeliver an event to another of the app's connections."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.db.engine import create_session_factory
from bot.db.models import Answer, SeenEvent
from bot.services.container import Services
from bot.settings import Settings
from tests.e2e.helpers import CLAIM
from tests.e2e.test_two_processes import shared_schema  # noqa: F401 - the fixture

pytestmark = [pytest.mark.slack, pytest.mark.postgres]


async def test_an_event_redelivered_to_the_other_process_is_answered_once(fake_slack, start_slack_bot, shared_schema):  # noqa: F811
    engine = shared_schema()

    def on_shared_schema(settings: Settings) -> Services:
        return Services.build(settings, create_session_factory(shared_schema()))

    one = await start_slack_bot(services=on_shared_schema)
    two = await start_slack_bot(services=on_shared_schema)
    first, second = (connection.number for connection in fake_slack.socket.live[:2])

    posted = await fake_slack.post_message("alice", "general", CLAIM)  # to the newest connection: the second bot
    assert posted.delivery.connection == second
    await posted.delivery.ack()
    retried = await fake_slack.redeliver(posted.delivery, connection=first)
    await retried.ack()

    await fake_slack.wait_for_reply("general", posted.ts)
    sentinel = await fake_slack.post_message("bob", "news", CLAIM)
    await fake_slack.wait_for_reply("news", sentinel.ts)
    assert len(fake_slack.replies("general", posted.ts)) == 1
    # the claim once (by whichever process recorded its event id first; the other dropped it unassessed) and the
    # sentinel: without the shared record, both processes would have assessed the claim (3)
    assert scanned(one) + scanned(two) == 2
    async with engine.connect() as connection:
        seen = await connection.scalar(select(func.count()).select_from(SeenEvent))
        answers = await connection.scalar(select(func.count()).select_from(Answer))
    assert answers == 2  # the claim and the sentinel
    assert seen >= 2  # every event handled once, by whichever process got it first


def scanned(front) -> float:
    value = front.services.metrics.registry.get_sample_value("misinfo_bot_messages_scanned_total")
    return value or 0.0
