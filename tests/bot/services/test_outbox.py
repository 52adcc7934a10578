"""The outbox on its own: order, retries, idempotency keys, the journal file, and the background flusher."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from bot.db.repositories.answers import NewAnswer
from bot.db.repositories.review import NewItem
from bot.services.answer_writes import RecordAnswer
from bot.services.outbox import Backoff, Deferred, Outbox, is_replaying
from bot.services.outbox_codec import decode, encode
from bot.services.review_writes import JoinItem

FAST = Backoff(initial=0.001, maximum=0.005)
WHEN = dt.datetime(2024, 5, 6, 12, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Write:
    KIND: ClassVar[str] = "test.write"
    key: str
    at: dt.datetime = WHEN


class Store:
    """A stand-in database: down or up, idempotent writes, and a log of what each call did."""

    def __init__(self) -> None:
        self.up = True
        self.rows: dict[str, dt.datetime] = {}
        self.calls: list[tuple[str, bool]] = []
        self.broken: set[str] = set()

    async def write(self, op: Write) -> str:
        self.calls.append((op.key, is_replaying()))
        if not self.up:
            raise ConnectionRefusedError("database down")
        if op.key in self.broken:
            raise ValueError("a bug")
        self.rows.setdefault(op.key, op.at)
        return op.key


def outbox_with(store: Store, **options: object) -> Outbox:
    outbox = Outbox(backoff=FAST, **options)  # type: ignore[arg-type]
    outbox.register(Write, store.write)
    return outbox


async def test_a_write_goes_straight_through_while_the_database_is_up() -> None:
    store = Store()
    outbox = outbox_with(store)

    assert await outbox.perform(Write("a")) == "a"

    assert outbox.pending == 0
    assert store.calls == [("a", False)]


async def test_writes_wait_in_order_while_the_database_is_down_and_drain_in_order() -> None:
    store = Store()
    outbox = outbox_with(store)
    store.up = False

    results = [await outbox.perform(Write(key)) for key in "abc"]

    assert all(isinstance(result, Deferred) for result in results)
    assert store.calls == [("a", False)]  # later writes do not even try: the database is known to be down
    assert outbox.pending == 3 and outbox.database_down
    assert await outbox.flush() == 0
    store.up = True
    store.calls.clear()
    assert await outbox.flush() == 3
    assert store.calls == [("a", True), ("b", True), ("c", True)]
    assert list(store.rows) == ["a", "b", "c"]
    assert not outbox.database_down


async def test_ordered_writes_queue_behind_pending_ones_and_unordered_ones_do_not() -> None:
    store = Store()
    outbox = outbox_with(store)
    store.up = False
    await outbox.perform(Write("a"))
    store.up = True
    await outbox.flush()  # nothing pending, database marked up again
    store.up = False
    await outbox.perform(Write("b"))
    store.up = True
    outbox._down = False  # the database is back, but "b" still waits

    assert isinstance(await outbox.perform(Write("c")), Deferred)
    assert await outbox.perform(Write("d"), ordered=False) == "d"
    await outbox.flush()
    assert list(store.rows) == ["a", "d", "b", "c"]


async def test_a_failing_write_is_retried_then_given_up_with_the_whole_operation_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = Store()
    outbox = outbox_with(store, max_attempts=3)
    store.up = False
    await outbox.perform(Write("bad"))
    await outbox.perform(Write("good"))
    store.up = True
    store.broken.add("bad")

    assert await outbox.flush() == 0  # first failure: retried later, "good" waits behind it
    assert await outbox.flush() == 0
    with caplog.at_level(logging.ERROR, logger="bot.services.outbox"):
        assert await outbox.flush() == 2

    assert list(store.rows) == ["good"]
    assert '"key": "bad"' in caplog.text or "'key': 'bad'" in caplog.text


async def test_an_error_that_is_not_an_outage_propagates_from_perform() -> None:
    store = Store()
    store.broken.add("bad")
    outbox = outbox_with(store)

    with pytest.raises(ValueError, match="a bug"):
        await outbox.perform(Write("bad"))
    assert outbox.pending == 0


async def test_the_flusher_retries_with_backoff_and_drains_when_the_database_is_back() -> None:
    store = Store()
    outbox = outbox_with(store)
    store.up = False
    async with outbox:
        await outbox.perform(Write("a"))
        await _until(lambda: len(store.calls) >= 3)  # retried in the background
        store.up = True
        outbox.retry_now()
        await _until(lambda: outbox.pending == 0)
    assert store.rows == {"a": WHEN}


async def test_stopping_makes_a_last_attempt_and_says_what_is_lost(caplog: pytest.LogCaptureFixture) -> None:
    store = Store()
    outbox = outbox_with(store)
    store.up = False
    outbox.start()
    await outbox.perform(Write("a"))

    with caplog.at_level(logging.ERROR, logger="bot.services.outbox"):
        await outbox.stop()

    assert outbox.pending == 1
    assert "1 writes still pending at shutdown, LOST" in caplog.text


async def test_the_journal_keeps_what_is_pending_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "outbox.jsonl"
    store = Store()
    store.up = False
    first = outbox_with(store, path=path)
    for key in "abc":
        await first.perform(Write(key))
    store.up = True
    store.broken.add("b")
    await first.flush()  # "a" done, "b" fails once: "b" and "c" pending

    restarted = outbox_with(store, path=path)
    store.broken.clear()

    assert restarted.pending == 2
    assert await restarted.flush() == 2
    assert list(store.rows) == ["a", "b", "c"]
    assert path.read_text() == ""
    assert outbox_with(store, path=path).pending == 0


async def test_a_journal_line_cut_short_is_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "outbox.jsonl"
    store = Store()
    store.up = False
    await outbox_with(store, path=path).perform(Write("a"))
    with path.open("a") as journal:
        journal.write('{"id": "x", "kind": "test.wr')

    restarted = outbox_with(store, path=path)

    assert restarted.pending == 1
    assert "line 2 is unreadable" in caplog.text


async def test_a_journal_entry_for_an_unknown_kind_is_given_up_not_kept_forever(tmp_path: Path) -> None:
    path = tmp_path / "outbox.jsonl"
    path.write_text(json.dumps({"id": "1", "kind": "gone", "payload": {}, "queued_at": WHEN.isoformat()}) + "\n")

    outbox = outbox_with(Store(), path=path)

    assert outbox.pending == 1
    assert await outbox.flush() == 1
    assert outbox.pending == 0


def test_backoff_grows_to_its_maximum_with_jitter() -> None:
    backoff = Backoff(initial=1.0, maximum=8.0, jitter=0.5)

    delays = [backoff.delay(failures) for failures in range(1, 8)]

    assert 0.5 <= delays[0] <= 1.0
    assert 2.0 <= delays[2] <= 4.0
    assert all(4.0 <= delay <= 8.0 for delay in delays[3:])


def test_operations_survive_the_trip_through_json() -> None:
    answer = NewAnswer(1, 2, 3, "incident", "claim", 98.5, "reply", "ab" * 32)
    record = RecordAnswer(answer, 4, WHEN, WHEN + dt.timedelta(seconds=1), deleted=True)
    item = NewItem(1, "report", "k" * 64, "s" * 64, "t" * 64, 2, 3, candidates=[{"incident": "i", "reasons": ["r"]}])
    join = JoinItem(item, 5, 2, 3, None, WHEN)

    for operation in (record, join):
        payload = json.loads(json.dumps(encode(operation)))
        assert decode(type(operation), payload) == operation


async def _until(check: object, timeout: float = 2.0) -> None:
    async with asyncio.timeout(timeout):
        while not check():  # type: ignore[operator]  # noqa: ASYNC110
            await asyncio.sleep(0.001)
