"""Delivery modes: which one applies where, what the answer workflow does in each, and what it records."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.db.models import Answer, AnswerStatus
from bot.platform.port import Delivery
from bot.platform.refs import ChannelRef, Platform
from bot.services import KnowledgeHolder, Outcome, Services
from bot.services.guild_settings import GuildConfig
from bot.services.review_types import ReviewAction
from knowledge.matching.types import Thresholds
from tests.bot.helpers import Database, FakeClock
from tests.bot.services.fake_port import FakePort
from tests.bot.services.outage_helpers import outage_services, proxied_database
from tests.bot.services.review_helpers import (
    CLAIM,
    GENERAL,
    GUILD,
    MODERATOR,
    event,
    queued_match,
    reported,
    review_band,
)
from tests.migrated import MigratedDatabases

THREAD = "4242"
OTHER = "4343"


def config(delivery: Delivery = Delivery.REPLY, **channels: Delivery) -> GuildConfig:
    return GuildConfig(GUILD, True, 60, Thresholds(), True, delivery=delivery, channel_deliveries=channels)


@pytest.mark.parametrize(
    ("settings", "channel", "parent", "expected"),
    [
        (config(), "1", None, Delivery.REPLY),  # nothing set: a reply
        (config(Delivery.MARKER), "1", None, Delivery.MARKER),  # the server's mode
        (config(Delivery.MARKER, **{"1": Delivery.THREAD}), "1", None, Delivery.THREAD),  # the channel's beats it
        (config(Delivery.MARKER, **{"1": Delivery.THREAD}), "2", None, Delivery.MARKER),  # other channels don't
        (config(Delivery.REPLY, **{"1": Delivery.MODERATORS_ONLY}), "9", "1", Delivery.MODERATORS_ONLY),  # thread
        (config(Delivery.REPLY, **{"1": Delivery.THREAD, "9": Delivery.MARKER}), "9", "1", Delivery.MARKER),
    ],
)
def test_the_channel_beats_its_parent_which_beats_the_server(
    settings: GuildConfig, channel: str, parent: str | None, expected: Delivery
) -> None:
    assert settings.delivery_in(channel, parent) is expected


async def test_modes_are_stored_per_server_and_channel_and_cleared(services: Services) -> None:
    settings = services.guild_settings
    assert (await settings.config(GUILD)).delivery is Delivery.REPLY
    await settings.set_delivery(GUILD, Delivery.MARKER)
    config = await settings.set_channel_delivery(GUILD, GENERAL, Delivery.THREAD)
    assert (config.delivery, dict(config.channel_deliveries)) == (Delivery.MARKER, {GENERAL: Delivery.THREAD})
    settings.forget_all()  # read back from the database
    config = await settings.config(GUILD)
    assert (config.delivery_in(GENERAL), config.delivery_in(OTHER)) == (Delivery.THREAD, Delivery.MARKER)
    assert (await settings.config(GUILD + "1")).delivery_in(GENERAL) is Delivery.REPLY  # another server
    config = await settings.set_channel_delivery(GUILD, GENERAL, None)
    assert config.channel_deliveries == {} and config.delivery_in(GENERAL) is Delivery.MARKER
    assert (await settings.set_delivery(GUILD, None)).delivery is Delivery.REPLY


@pytest.fixture
def port(services: Services) -> FakePort:
    port = FakePort(platform=Platform.DISCORD)
    services.ports.add(port)
    return port


async def _answer_row(db: Database, source_message_id: str) -> Answer | None:
    async with db.sessions() as session:
        return await session.scalar(select(Answer).where(Answer.source_message_id == source_message_id))


async def test_moderators_only_queues_the_would_be_answer_and_posts_nothing(
    services: Services, port: FakePort, db: Database
) -> None:
    await services.guild_settings.set_channel_delivery(GUILD, GENERAL, Delivery.MODERATORS_ONLY)
    message = event(CLAIM)

    decision = await services.answering.message(message)

    assert decision.outcome is Outcome.MODERATORS_ONLY and decision.reservation is None
    assert port.answers == [] and port.markers == []
    assert await _answer_row(db, message.message_id) is None  # no answer, no cooldown taken
    [item] = (await services.review.queue(GUILD)).entries
    assert item.message_id == message.message_id
    assert item.candidates[0].incident_id == decision.match.incident_id  # type: ignore[union-attr]
    elsewhere = replace(event(CLAIM), channel_id=OTHER)
    assert (await services.answering.message(elsewhere)).outcome is Outcome.ANSWER  # the server's mode: a reply


async def test_a_marker_is_recorded_without_a_message_and_survives_deletion(
    services: Services, port: FakePort, db: Database
) -> None:
    await services.guild_settings.set_delivery(GUILD, Delivery.MARKER)
    message = event(CLAIM)

    assert (await services.answering.message(message)).outcome is Outcome.ANSWER

    assert port.markers == [message.ref] and port.answers == []
    row = await _answer_row(db, message.message_id)
    assert row is not None and (row.delivery, row.status, row.answer_message_id) == ("marker", "sent", None)
    assert (await services.answering.message(replace(event(CLAIM)))).outcome is Outcome.COOLDOWN
    await services.answering.source_deleted(message.ref.channel_ref, [message.message_id])
    assert port.deleted == []  # the reaction went with the message; nothing of the member's is deleted
    row = await _answer_row(db, message.message_id)
    assert row is not None and row.status == AnswerStatus.DELETED


async def test_a_thread_answer_is_recorded_where_it_is_and_deleted_there(
    services: Services, port: FakePort, db: Database
) -> None:
    await services.guild_settings.set_delivery(GUILD, Delivery.THREAD)
    message = event(CLAIM)

    await services.answering.message(message)

    [(_source, _card, answer)] = port.answers
    assert port.deliveries == [Delivery.THREAD] and answer.channel == message.message_id
    row = await _answer_row(db, message.message_id)
    assert row is not None and (row.delivery, row.answer_channel_id) == ("thread", message.message_id)
    await services.answering.source_deleted(ChannelRef(Platform.DISCORD, GUILD, GENERAL), [message.message_id])
    assert port.deleted == [answer]  # in the thread, not in the message's channel


@pytest.mark.parametrize(
    ("mode", "given"),
    [
        (Delivery.MARKER, Delivery.MARKER),
        (Delivery.THREAD, Delivery.THREAD),
        (Delivery.MODERATORS_ONLY, Delivery.REPLY),  # a moderator asked for this answer
    ],
)
async def test_an_approved_answer_follows_its_channels_mode(
    services: Services, port: FakePort, db: Database, mode: Delivery, given: Delivery
) -> None:
    await review_band(services)
    await services.guild_settings.set_channel_delivery(GUILD, GENERAL, mode)
    message = reported()
    item_id = await queued_match(services, message)
    port.texts[message.message_id] = message.content

    decision = await services.decisions.decide(item_id, MODERATOR, ReviewAction.APPROVE, guild_id=GUILD)
    assert await services.decisions.follow_through(decision) is None

    assert port.deliveries == [given]
    row = await _answer_row(db, message.message_id)
    assert row is not None and row.delivery == given.value and row.status == AnswerStatus.SENT


@pytest.mark.postgres
async def test_a_thread_answer_deleted_during_an_outage_is_deleted_in_its_thread(
    holder: KnowledgeHolder, clock: FakeClock, migrated: MigratedDatabases
) -> None:
    async with proxied_database(migrated) as database:
        services = outage_services(holder, database.sessions, clock)
        port = FakePort(platform=Platform.DISCORD)
        services.ports.add(port)
        await services.guild_settings.set_delivery(GUILD, Delivery.THREAD)
        message = event(CLAIM)
        await services.answering.message(message)
        [(_source, _card, answer)] = port.answers
        await database.proxy.stop()

        await services.answering.source_deleted(ChannelRef(Platform.DISCORD, GUILD, GENERAL), [message.message_id])

        assert port.deleted == [answer] and answer.channel == message.message_id
        await database.proxy.start()
        await services.outbox.flush()
