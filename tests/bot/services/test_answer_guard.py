import datetime as dt

from bot.db.repositories.answers import ReserveOutcome
from bot.services.answer_guard import AnswerGuard

NOW = dt.datetime(2024, 5, 6, 12, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def test_an_answered_message_and_its_channel_slot_are_held_for_the_cooldown() -> None:
    guard = AnswerGuard()
    guard.note(1, 20, "incident", now=NOW)

    assert guard.blocks(1, 20, "incident", now=NOW, cooldown=HOUR) is ReserveOutcome.ALREADY_ANSWERED
    assert guard.blocks(2, 20, "incident", now=NOW + HOUR / 2, cooldown=HOUR) is ReserveOutcome.COOLDOWN
    assert guard.blocks(2, 20, "incident", now=NOW + HOUR, cooldown=HOUR) is None
    assert guard.blocks(2, 21, "incident", now=NOW, cooldown=HOUR) is None
    assert guard.blocks(2, 20, "other", now=NOW, cooldown=HOUR) is None


def test_forgetting_frees_the_message_and_the_slot_it_held() -> None:
    guard = AnswerGuard()
    guard.note(1, 20, "incident", now=NOW)

    guard.forget(1, channel_id=20)

    assert guard.blocks(1, 20, "incident", now=NOW, cooldown=HOUR) is None


def test_a_deleted_message_gives_its_posted_answer_once_and_refuses_a_late_one() -> None:
    guard = AnswerGuard()
    guard.note(1, 20, "incident", now=NOW)
    guard.note(2, 21, "incident", now=NOW)
    assert guard.sent(1, 100, channel_id=20)

    assert guard.deleted(20, 1) == [100]
    assert guard.deleted(20, 1) == []
    assert guard.deleted(20, 2) == []  # another channel's message id: not ours
    assert guard.deleted(21, 2) == []  # not posted yet...
    assert not guard.sent(2, 101, channel_id=21)  # ...so posting it now must be undone


def test_the_oldest_entries_are_forgotten_beyond_the_bound() -> None:
    guard = AnswerGuard(max_entries=2)
    for message in (1, 2, 3):
        guard.note(message, message, "incident", now=NOW)

    assert not guard.answered(1, channel_id=1)
    assert guard.answered(2, channel_id=2) and guard.answered(3, channel_id=3)
