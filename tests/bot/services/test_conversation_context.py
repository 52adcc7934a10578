"""A message naming nothing of an incident, just after its channel named it: a review item, never an answer."""

from dataclasses import replace

import pytest

from bot.platform.refs import Platform
from bot.services import KnowledgeHolder, MessageEvent, Outcome, Services
from bot.settings import Settings
from tests.bot.helpers import Database, FakeClock
from tests.bot.services.fake_port import FakePort
from tests.bot.services.review_helpers import GENERAL, GUILD, NEWS, event

WESTMINSTER = "westminster-duran-shooting"
NAMED = "Alysha Duran was unarmed and they killed her"
"""Names the incident: answered."""
MENTIONED = "did anyone else see the Alysha Duran video"
"""Names the incident without saying anything the bot answers."""
FOLLOW_UP = "he ran behind the car and shot her for literally no reason. there was nothing in that car"
"""Names nothing of the incident: on its own, nothing; after NAMED in its channel, for review."""
FOLLOWS = "follows messages naming it in this conversation"


@pytest.fixture(params=[Platform.DISCORD, Platform.SLACK])
def platform(request: pytest.FixtureRequest) -> Platform:
    return request.param


@pytest.fixture
def port(services: Services, platform: Platform) -> FakePort:
    port = FakePort(platform=platform)
    services.ports.add(port)
    return port


@pytest.fixture
def discord(services: Services) -> FakePort:
    port = FakePort(platform=Platform.DISCORD)
    services.ports.add(port)
    return port


def said(content: str, platform: Platform, **where: str) -> MessageEvent:
    return replace(event(content, **where), platform=platform)


async def test_a_follow_up_in_the_same_channel_becomes_a_review_item(
    services: Services, port: FakePort, platform: Platform
) -> None:
    assert (await services.answering.message(said(NAMED, platform))).outcome is Outcome.ANSWER

    decision = await services.answering.message(said(FOLLOW_UP, platform))

    assert decision.outcome is Outcome.NO_MATCH and not decision.should_post
    assert [match.incident_id for match in decision.review] == [WESTMINSTER]
    assert len(port.answers) == 1
    [item] = (await services.review.queue(GUILD)).entries
    [candidate] = [c for c in item.candidates if c.incident_id == WESTMINSTER]
    assert any(FOLLOWS in reason for reason in candidate.reasons)


async def test_a_message_naming_the_incident_without_an_answer_starts_the_conversation_too(
    services: Services, port: FakePort, platform: Platform
) -> None:
    mentioned = await services.answering.message(said(MENTIONED, platform))
    assert not mentioned.should_post and not mentioned.review

    decision = await services.answering.message(said(FOLLOW_UP, platform))

    assert [match.incident_id for match in decision.review] == [WESTMINSTER]
    assert not port.answers


async def test_a_follow_up_in_a_thread_of_the_channel_follows_it(services: Services, discord: FakePort) -> None:
    await services.answering.message(event(NAMED))

    decision = await services.answering.message(replace(event(FOLLOW_UP, channel="99"), parent_channel_id=GENERAL))

    assert [match.incident_id for match in decision.review] == [WESTMINSTER]


async def test_the_same_follow_up_in_another_channel_gets_nothing(services: Services, discord: FakePort) -> None:
    await services.answering.message(event(NAMED))

    decision = await services.answering.message(event(FOLLOW_UP, channel=NEWS))

    assert (decision.outcome, decision.review) == (Outcome.NO_MATCH, ())


async def test_the_follow_up_gets_nothing_once_the_window_has_passed(
    services: Services, discord: FakePort, clock: FakeClock
) -> None:
    await services.answering.message(event(NAMED))
    clock.advance(minutes=9)
    assert (await services.alerts.on_message(event(FOLLOW_UP))).review  # still within the 10 minutes
    clock.advance(minutes=1, seconds=1)

    decision = await services.answering.message(event(FOLLOW_UP))

    assert (decision.outcome, decision.review) == (Outcome.NO_MATCH, ())


async def test_conversation_window_minutes_0_switches_the_conversation_off(
    holder: KnowledgeHolder, db: Database, clock: FakeClock
) -> None:
    settings = Settings(_env_file=None, conversation_window_minutes=0, link_fetching=False)  # type: ignore[call-arg]
    services = Services.build(settings, db.sessions, holder=holder, clock=clock)
    services.ports.add(FakePort(platform=Platform.DISCORD))
    await services.answering.message(event(NAMED))

    decision = await services.answering.message(event(FOLLOW_UP))

    assert (decision.outcome, decision.review) == (Outcome.NO_MATCH, ())


async def test_factcheck_does_not_start_a_conversation(services: Services, discord: FakePort) -> None:
    """Only watched messages feed it: what a member checks privately says nothing about the channel's talk."""
    assert (await services.factcheck.check(NAMED, guild_id=GUILD)).cards

    decision = await services.answering.message(event(FOLLOW_UP))

    assert decision.review == ()
