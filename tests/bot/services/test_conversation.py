"""The conversation memory: incidents a channel's messages named, within a window, bounded in size."""

import datetime as dt

from bot.platform.refs import Platform
from bot.services.conversation import Conversation, Conversations
from tests.bot.helpers import FakeClock

GENERAL = Conversation(Platform.DISCORD, "10", "20")
NEWS = Conversation(Platform.DISCORD, "10", "21")
WINDOW = dt.timedelta(minutes=10)


def memory(clock: FakeClock, **bounds: int) -> Conversations:
    return Conversations(WINDOW, clock=clock, **bounds)


def test_an_incident_named_in_a_channel_is_remembered_there_only() -> None:
    conversations = memory(FakeClock())
    conversations.record(GENERAL, ["westminster"])
    assert conversations.named(GENERAL) == {"westminster"}
    assert conversations.named(NEWS) == frozenset()
    assert conversations.named(Conversation(Platform.SLACK, "10", "20")) == frozenset()


def test_an_incident_is_forgotten_once_the_window_has_passed_since_it_was_last_named() -> None:
    clock = FakeClock()
    conversations = memory(clock)
    conversations.record(GENERAL, ["westminster", "compton"])
    clock.advance(minutes=6)
    conversations.record(GENERAL, ["compton"])
    clock.advance(minutes=4)
    assert conversations.named(GENERAL) == {"compton"}
    clock.advance(minutes=6)
    assert conversations.named(GENERAL) == frozenset()
    assert len(conversations) == 0


def test_a_zero_window_remembers_nothing() -> None:
    conversations = Conversations(dt.timedelta(0), clock=FakeClock())
    conversations.record(GENERAL, ["westminster"])
    assert not conversations.enabled
    assert conversations.named(GENERAL) == frozenset()
    assert len(conversations) == 0


def test_a_channel_keeps_the_incidents_named_most_recently() -> None:
    clock = FakeClock()
    conversations = memory(clock, max_incidents=2)
    for incident in ("a", "b", "c"):
        conversations.record(GENERAL, [incident])
        clock.advance(seconds=1)
    conversations.record(GENERAL, ["b"])
    conversations.record(GENERAL, ["d"])
    assert conversations.named(GENERAL) == {"b", "d"}


def test_the_channels_heard_from_least_recently_are_forgotten_first() -> None:
    conversations = memory(FakeClock(), max_channels=2)
    third = Conversation(Platform.DISCORD, "10", "22")
    conversations.record(GENERAL, ["a"])
    conversations.record(NEWS, ["b"])
    conversations.record(GENERAL, ["c"])
    conversations.record(third, ["d"])
    assert len(conversations) == 2
    assert conversations.named(NEWS) == frozenset()
    assert conversations.named(GENERAL) == {"a", "c"}
    assert conversations.named(third) == {"d"}


def test_a_thread_is_its_parent_channels_conversation() -> None:
    in_thread = Conversation.of(Platform.DISCORD, "10", "99", parent_channel="20")
    assert in_thread == GENERAL
    assert Conversation.of(Platform.DISCORD, "10", "20") == GENERAL
