import datetime as dt

from bot.services import event_ledger
from bot.services.event_ledger import EventLedger
from tests.bot.helpers import Database, FakeClock


async def test_an_event_is_new_once_across_processes(db: Database, clock: FakeClock) -> None:
    first, second = EventLedger(db.sessions, clock=clock), EventLedger(db.sessions, clock=clock)
    assert await first.first_time("slack", "Ev001") is True
    assert await first.first_time("slack", "Ev001") is False  # this process remembers
    assert await second.first_time("slack", "Ev001") is False  # the database remembers
    assert await second.first_time("discord", "Ev001") is True  # per platform


async def test_old_ids_are_forgotten(db: Database, clock: FakeClock, monkeypatch) -> None:
    monkeypatch.setattr(event_ledger, "PRUNE_EVERY", 2)
    ledger = EventLedger(db.sessions, clock=clock)
    assert await ledger.first_time("slack", "old")
    clock.advance(days=2)
    assert await ledger.first_time("slack", "new")  # the second new id prunes those older than a day
    assert await EventLedger(db.sessions, clock=clock).first_time("slack", "old") is True
    assert dt.timedelta(days=1) == event_ledger.KEEP


async def test_without_the_database_this_process_still_deduplicates(clock: FakeClock) -> None:
    from sqlalchemy.exc import OperationalError

    def broken() -> object:
        raise OperationalError("connect", {}, ConnectionRefusedError("database down"))

    ledger = EventLedger(broken, clock=clock)  # type: ignore[arg-type]
    assert await ledger.first_time("slack", "Ev9") is True
    assert await ledger.first_time("slack", "Ev9") is False


async def test_seen_here_answers_from_memory_without_recording(db: Database, clock: FakeClock) -> None:
    ledger = EventLedger(db.sessions, clock=clock)
    assert ledger.seen_here("slack", "Ev1") is False
    assert ledger.seen_here("slack", "Ev1") is False  # asking records nothing
    assert await ledger.first_time("slack", "Ev1") is True
    assert ledger.seen_here("slack", "Ev1") is True
