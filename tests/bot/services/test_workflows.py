"""The workflows the services own, driven through a recording `ChatPort`: no front end code involved."""

import datetime as dt
from dataclasses import replace

import pytest

from bot.platform.port import PostRefused, TransientFailure
from bot.platform.refs import ChannelRef, MessageRef, Platform
from bot.services import MessageEvent, Outcome, Services
from bot.services.events import AnswerPosted, AnswersDeleted, DecisionApplied
from bot.services.review_decisions import SOURCE_GONE, TOO_OLD
from bot.services.review_types import DecisionOutcome, ReviewAction, ReviewItemView, ReviewState
from tests.bot.helpers import FakeClock
from tests.bot.services.fake_port import FakePort
from tests.bot.services.review_helpers import (
    CLAIM,
    GENERAL,
    GUILD,
    MODERATOR,
    UNSURE,
    event,
    queued_match,
    reported,
    review_band,
)

MODS = "70"
TEAM, CHANNEL, TS = "T024BE7LD", "C024BE91L", "1712345678.000200"
"""Slack's own ids: a workspace, a channel, and a message's ``ts``."""


@pytest.fixture
def port(services: Services) -> FakePort:
    port = FakePort()
    services.ports.add(port)
    return port


async def test_a_claim_is_answered_through_the_port_of_its_platform_and_recorded(
    services: Services, port: FakePort
) -> None:
    posted: list[AnswerPosted] = []
    services.events.subscribe(AnswerPosted, posted.append)
    message = replace(event(CLAIM), platform=Platform.SLACK)

    decision = await services.answering.message(message)

    assert decision.outcome is Outcome.ANSWER
    [(source, card, answer)] = port.answers
    assert source == message.ref and card.incident_id == posted[0].incident_id
    assert posted == [AnswerPosted(message.ref, answer, card.incident_id, card.claim_id)]
    again = replace(event(CLAIM), platform=Platform.SLACK)
    assert (await services.answering.message(again)).outcome is Outcome.COOLDOWN  # the answer was recorded


@pytest.mark.parametrize("error", [PostRefused("not in channel"), TransientFailure("503")])
async def test_an_answer_the_platform_refused_is_released(services: Services, port: FakePort, error: Exception) -> None:
    port.refuse = error  # type: ignore[assignment]
    assert (await services.answering.message(replace(event(CLAIM), platform=Platform.SLACK))).should_post
    assert port.answers == []
    port.refuse = None
    assert (await services.answering.message(replace(event(CLAIM), platform=Platform.SLACK))).should_post
    assert len(port.answers) == 1  # the cooldown was freed


async def test_deleting_the_message_deletes_its_answer_through_the_port(services: Services, port: FakePort) -> None:
    deleted: list[AnswersDeleted] = []
    services.events.subscribe(AnswersDeleted, deleted.append)
    message = replace(event(CLAIM), platform=Platform.SLACK)
    await services.answering.message(message)
    [(_source, _card, answer)] = port.answers

    await services.answering.source_deleted(message.ref.channel_ref, [message.ref.message])

    assert port.deleted == [answer]
    assert deleted == [AnswersDeleted((answer,))]


async def test_uncertain_matches_reach_the_review_queue_from_the_answer_workflow(
    services: Services, port: FakePort
) -> None:
    await review_band(services)
    message = reported()
    await services.answering.message(
        replace(event(message.content), platform=Platform.SLACK, message_id=message.message_id)
    )
    assert (await services.review.queue(GUILD)).total == 1


@pytest.fixture
def discord_port(services: Services) -> FakePort:
    """A second front end, connected to the Discord server `GUILD` only."""
    port = FakePort(platform=Platform.DISCORD, workspaces={str(GUILD)})
    services.ports.add(port)
    return port


async def test_slack_ids_go_through_answers_review_and_approval_unchanged(
    services: Services, port: FakePort, discord_port: FakePort
) -> None:
    await services.guild_settings.set_thresholds(TEAM, reply=90.0, review=30.0)
    await services.guild_settings.set_moderators_channel(TEAM, "C0MODS")
    claim = MessageEvent(TEAM, CHANNEL, TS, "U024BE7LH", CLAIM, platform=Platform.SLACK)
    unsure = reported()
    unsure = replace(unsure, guild_id=TEAM, channel_id=CHANNEL, message_id="1712345679.000300", platform=Platform.SLACK)

    assert (await services.answering.message(claim)).outcome is Outcome.ANSWER
    matches = (
        await services.alerts.on_message(MessageEvent(TEAM, CHANNEL, unsure.message_id, "U1", unsure.content))
    ).review
    intake = await services.review.submit_matches(unsure, matches)
    await services.publisher.flush()

    [(source, _card, answer)] = port.answers
    assert source == MessageRef(Platform.SLACK, TEAM, CHANNEL, TS)
    [(channel, item)] = port.items
    assert channel == ChannelRef(Platform.SLACK, TEAM, "C0MODS") and item.id == intake.item_id
    assert item.source == MessageRef(Platform.SLACK, TEAM, CHANNEL, unsure.message_id)
    assert discord_port.items == [] and discord_port.answers == []
    port.texts[unsure.message_id] = unsure.content
    decision = await services.decisions.decide(item.id, "U0MOD", ReviewAction.APPROVE, guild_id=TEAM)
    assert await services.decisions.follow_through(decision) is None
    assert port.answers[-1][0] == item.source
    await services.answering.source_deleted(source.channel_ref, [TS])
    assert port.deleted == [answer]


async def test_the_publisher_posts_through_the_port_and_backs_off_a_refusing_channel(
    services: Services, discord_port: FakePort
) -> None:
    await review_band(services)
    await services.guild_settings.set_moderators_channel(GUILD, MODS)
    first = await queued_match(services)

    await services.publisher.flush()

    [(channel, item)] = discord_port.items
    assert (channel, item.id) == (ChannelRef(Platform.DISCORD, str(GUILD), str(MODS)), first)
    assert (await services.review.item(first, guild_id=GUILD)).posted is not None  # type: ignore[union-attr]
    discord_port.refuse = PostRefused("missing access")
    await services.review.report(reported("report two", author=3), reporter_id=3)
    await services.publisher.flush()
    discord_port.refuse = None
    await services.publisher.flush()
    assert len(discord_port.items) == 1  # skipped during the backoff


async def test_approval_answers_through_the_port_and_shows_the_decision_on_the_item(
    services: Services, discord_port: FakePort
) -> None:
    await review_band(services)
    await services.guild_settings.set_moderators_channel(GUILD, MODS)
    message = reported()
    item_id = await queued_match(services, message)
    await services.publisher.flush()
    discord_port.texts[str(message.message_id)] = message.content
    applied: list[DecisionApplied] = []
    services.events.subscribe(DecisionApplied, applied.append)

    decision = await services.decisions.decide(item_id, MODERATOR, ReviewAction.APPROVE, guild_id=GUILD)
    note = await services.decisions.follow_through(decision)

    assert note is None
    [(source, card, _answer)] = discord_port.answers
    assert (source.channel, source.message) == (str(GENERAL), str(message.message_id))
    assert card.incident_id == decision.item.suggestion.incident_id  # type: ignore[union-attr]
    [(_posted, shown)] = discord_port.item_edits
    assert shown.state is ReviewState.APPROVED
    assert [event.decision.outcome for event in applied] == [DecisionOutcome.DECIDED]


async def test_approving_a_deleted_message_releases_the_answer_and_says_so(
    services: Services, discord_port: FakePort
) -> None:
    await review_band(services)
    item_id = await queued_match(services)
    decision = await services.decisions.decide(item_id, MODERATOR, ReviewAction.APPROVE, guild_id=GUILD)
    assert await services.decisions.follow_through(decision) == SOURCE_GONE
    assert discord_port.answers == []


async def test_an_approval_does_not_answer_a_message_older_than_a_day(
    services: Services, discord_port: FakePort, clock: FakeClock
) -> None:
    """A history scan queues weeks-old messages: approving one teaches, but the bot does not reply to it."""
    await review_band(services)
    old, recent = (reported(f"{UNSURE} https://clips.example.com/v/{n}") for n in (101, 102))
    now = clock()
    for message, age in ((old, dt.timedelta(days=1, minutes=5)), (recent, dt.timedelta(hours=23))):
        discord_port.texts[str(message.message_id)] = message.content
        discord_port.posted[str(message.message_id)] = now - age
    notes = []
    for message in (old, recent):
        item_id = await queued_match(services, message)
        decision = await services.decisions.decide(item_id, MODERATOR, ReviewAction.APPROVE, guild_id=GUILD)
        assert decision.item is not None and decision.item.state is ReviewState.APPROVED
        notes.append(await services.decisions.follow_through(decision))

    assert notes == [TOO_OLD, None]
    assert [source.message for source, _card, _answer in discord_port.answers] == [str(recent.message_id)]


async def test_a_message_deleted_while_its_card_is_posted_is_shown_deleted(services: Services) -> None:
    """The deletion finds no card to edit until the card is recorded: the publisher shows it once recorded."""
    message = reported()

    class DeletedWhilePosting(FakePort):
        async def post_review_item(self, channel: ChannelRef, item: ReviewItemView) -> MessageRef:
            posted = await super().post_review_item(channel, item)
            source = ChannelRef(Platform.DISCORD, str(GUILD), str(message.channel_id))
            await services.answering.source_deleted(source, [str(message.message_id)])
            return posted

    port = DeletedWhilePosting(platform=Platform.DISCORD, workspaces={str(GUILD)})
    services.ports.add(port)
    await review_band(services)
    await services.guild_settings.set_moderators_channel(GUILD, MODS)
    await queued_match(services, message)

    await services.publisher.flush()

    [(_channel, posted)] = port.items
    assert posted.excerpt is not None and not posted.source_deleted
    [(_card, shown)] = port.item_edits
    assert shown.source_deleted and shown.excerpt is None
