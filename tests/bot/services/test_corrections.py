"""Corrections of past answers: what a knowledge change queues, the queue's edits through a port, restarts.

Each test runs on SQLite and on PostgreSQL (the ``db`` fixture).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.models import Correction
from bot.db.repositories import answers, corrections, guilds
from bot.db.repositories.answers import NewAnswer
from bot.domain import CorrectionStatus
from bot.platform.port import TransientFailure
from bot.reload import reload_knowledge
from bot.services.cards import RETRACTED_TEXT, WITHDRAWN_TEXT, Standing
from bot.services.corrections import CorrectionPolicy, Corrections
from bot.services.events import EventBus
from bot.services.knowledge import KnowledgeHolder
from bot.services.ports import Ports
from knowledge.base import KnowledgeBase
from tests.bot.helpers import Database, FakeClock
from tests.bot.services.fake_port import FakePort
from tests.bot.test_reload import COMPTON_FILE, knowledge_copy

GUILD, CHANNEL = "T024BE7LD", "C024BE91L"
INCIDENT, CLAIM = "compton-chp-takeover-video", "man-shot-at-chp-sergeant"
WESTMINSTER_FILE = "westminster-duran-shooting.yaml"


class Bot:
    """A knowledge holder on copied files, the corrections service and a recording port, on one database."""

    def __init__(self, db: Database, incidents: Path, clock: FakeClock) -> None:
        self.db, self.incidents, self.clock = db, incidents, clock
        self.holder = KnowledgeHolder.load([incidents])
        self.port = FakePort()
        ports = Ports()
        ports.add(self.port)
        self.corrections = self.restarted()
        self.ports = ports

    def restarted(self) -> Corrections:
        """A new service on the same database and knowledge (as after a restart)."""
        ports = Ports()
        ports.add(self.port)
        policy = CorrectionPolicy(window_days=30, pace_seconds=0)
        return Corrections(self.holder, self.db.sessions, ports, EventBus(), policy=policy, clock=self.clock)

    async def answered(
        self, message: str, *, days_ago: float = 1, claim: str = CLAIM, guild: str = GUILD, thread: str | None = None
    ) -> int:
        """Record a sent answer (answer message ``a<message>``, in ``thread`` if given) posted ``days_ago``."""
        when = self.clock() - dt.timedelta(days=days_ago)
        record = NewAnswer(guild, CHANNEL, message, INCIDENT, claim, 100.0, "reply", "0" * 64, platform="slack")
        async with self.db.sessions() as session:
            await answers.record_answer(
                session,
                record,
                answer_message_id=f"a{message}",
                created_at=when,
                sent_at=when,
                answer_channel_id=thread,
            )
            return await session.scalar(select(answers.Answer.id).where(answers.Answer.source_message_id == message))

    def edit_file(self, old: str, new: str, file: str = COMPTON_FILE) -> None:
        path = self.incidents / file
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))

    def reload(self) -> KnowledgeBase:
        """Reload the files; returns the knowledge before."""
        before = self.holder.knowledge
        assert self.holder.reload().reloaded
        return before

    async def statuses(self) -> list[str]:
        async with self.db.sessions() as session:
            return list(await session.scalars(select(Correction.status).order_by(Correction.id)))


@pytest.fixture
def bot(db: Database, tmp_path: Path, clock: FakeClock) -> Bot:
    return Bot(db, knowledge_copy(tmp_path / "incidents"), clock)


async def test_a_changed_statement_edits_each_past_answer_once(bot: Bot) -> None:
    await bot.answered("m1")
    await bot.answered("m2", days_ago=10)
    assert await bot.corrections.check(None) == 0  # the records as they read now
    bot.edit_file("    via: KTLA\n", "")

    assert await bot.corrections.check(bot.reload()) == 2
    assert await bot.corrections.drain() == 2

    assert sorted(ref.message for ref, _, _ in bot.port.edits) == ["am1", "am2"]
    _, card, note = bot.port.edits[0]
    assert note == "Updated 2024-05-06: statement updated"
    assert card.current and card.verdict_label == "Misleading"
    assert card.statements[0].via is None  # the current record
    assert await bot.corrections.check(None) == 0
    assert await bot.corrections.drain() == 0
    assert len(bot.port.edits) == 2
    assert await bot.statuses() == ["done", "done"]


async def test_an_answer_in_a_thread_is_edited_there_and_a_marker_has_nothing_to_edit(bot: Bot, db: Database) -> None:
    await bot.answered("m1", thread="T1")
    marker = NewAnswer(GUILD, CHANNEL, "m2", INCIDENT, CLAIM, 100.0, "reply", "0" * 64, platform="slack")
    async with db.sessions() as session:
        now = bot.clock() - dt.timedelta(days=1)
        await answers.record_answer(session, marker, answer_message_id=None, created_at=now, sent_at=now)
    await bot.corrections.check(None)
    bot.edit_file("    via: KTLA\n", "")

    assert await bot.corrections.check(bot.reload()) == 1
    await bot.corrections.drain()

    assert [(ref.channel, ref.message) for ref, _, _ in bot.port.edits] == [("T1", "am1")]


async def test_only_answers_of_the_window_posted_before_the_change_are_edited(bot: Bot) -> None:
    await bot.answered("old", days_ago=31)
    await bot.answered("recent", days_ago=2)
    await bot.corrections.check(None)
    bot.edit_file("verdict: misleading", "verdict: false")  # the incident's, then the claim's
    bot.edit_file("    verdict: misleading", "    verdict: false")
    before = bot.reload()
    bot.clock.advance(days=1)  # pretend an answer was posted with the new knowledge: its sent_at is after it came

    assert await bot.corrections.check(before) == 1
    await bot.corrections.drain()

    [(ref, card, note)] = bot.port.edits
    assert ref.message == "arecent"
    assert note == "Updated 2024-05-07: verdict changed from Misleading to False"
    assert card.verdict_label == "False"


async def test_a_withdrawn_claim_says_so_instead_of_its_verdict(bot: Bot) -> None:
    await bot.answered("m1")
    await bot.corrections.check(None)
    (bot.incidents / COMPTON_FILE).unlink()

    assert await bot.corrections.check(bot.reload()) == 1
    await bot.corrections.drain()

    [(_, card, note)] = bot.port.edits
    assert note == "Updated 2024-05-06: claim withdrawn"
    assert card.standing is Standing.WITHDRAWN
    assert card.verdict_label == "Withdrawn"
    assert card.clarification == WITHDRAWN_TEXT
    assert card.claim_text.startswith("Video shows a man shooting at a CHP sergeant")  # as it last read
    assert card.statements == ()


async def test_a_claim_missing_at_start_is_not_called_withdrawn(bot: Bot) -> None:
    """At start a missing claim may be a feed not restored yet: only a swap dropping it withdraws it."""
    await bot.answered("m1")
    await bot.corrections.check(None)
    (bot.incidents / COMPTON_FILE).unlink()
    bot.reload()

    assert await bot.restarted().check(None) == 0


async def test_changes_made_while_the_bot_was_stopped_are_seen_at_start(bot: Bot) -> None:
    await bot.answered("m1")
    await bot.corrections.check(None)
    bot.edit_file("    via: KTLA\n", "")
    bot.reload()  # as if the bot started on the edited files

    assert await bot.restarted().check(None) == 1


async def test_servers_with_corrections_off_are_left_alone(bot: Bot, db: Database) -> None:
    await bot.answered("m1")
    await bot.answered("m2", guild="T0OTHER")
    async with db.sessions() as session:
        row = await guilds.ensure_guild(session, "T0OTHER")
        row.corrections = False
        await session.commit()
    await bot.corrections.check(None)
    bot.edit_file("    via: KTLA\n", "")

    assert await bot.corrections.check(bot.reload()) == 1
    await bot.corrections.drain()
    assert [ref.message for ref, _, _ in bot.port.edits] == ["am1"]


async def test_the_queue_survives_a_restart_and_each_edit_is_made_once(bot: Bot) -> None:
    for number in range(3):
        await bot.answered(f"m{number}")
    await bot.corrections.check(None)
    bot.edit_file("    via: KTLA\n", "")
    assert await bot.corrections.check(bot.reload()) == 3
    first = await bot.corrections._correct((await due(bot))[0])  # one edit, then the process stops
    assert first

    assert await bot.restarted().drain() == 2
    assert sorted(ref.message for ref, _, _ in bot.port.edits) == ["am0", "am1", "am2"]
    assert await bot.restarted().drain() == 0


async def test_answers_another_process_serves_never_hide_this_ones(bot: Bot) -> None:
    for number in range(3):
        await bot.answered(f"other{number}", guild="T0OTHER")  # queued first
    await bot.answered("mine")
    await bot.corrections.check(None)
    bot.edit_file("    via: KTLA\n", "")
    await bot.corrections.check(bot.reload())
    bot.port.workspaces = {GUILD}
    service = bot.restarted()
    service.policy = CorrectionPolicy(window_days=30, pace_seconds=0, page=2)

    assert await service.drain() == 1
    assert [ref.message for ref, _, _ in bot.port.edits] == ["amine"]
    assert sorted(await bot.statuses()) == ["done", "pending", "pending", "pending"]


async def test_a_gone_answer_is_closed_and_a_refused_edit_retried_then_given_up(bot: Bot) -> None:
    await bot.answered("gone")
    await bot.answered("refused")
    await bot.corrections.check(None)
    bot.edit_file("    via: KTLA\n", "")
    await bot.corrections.check(bot.reload())
    bot.port.gone.add("agone")
    bot.port.refuse = TransientFailure("503")

    await bot.corrections.drain()
    assert sorted(await bot.statuses()) == ["gone", "pending"]
    for _ in range(corrections.MAX_ATTEMPTS):
        await bot.corrections.drain()
    assert sorted(await bot.statuses()) == ["failed", "gone"]


async def test_a_retracted_answer_says_so(bot: Bot, db: Database) -> None:
    answer_id = await bot.answered("m1")
    async with db.sessions() as session:
        assert await corrections.retract(session, answer_id, now=bot.clock())
        assert not await corrections.retract(session, answer_id, now=bot.clock())  # once
        await session.commit()

    await bot.corrections.drain()

    [(_, card, note)] = bot.port.edits
    assert note == "Updated 2024-05-06: answer retracted by the moderators"
    assert (card.standing, card.verdict_label, card.clarification) == (Standing.RETRACTED, "Retracted", RETRACTED_TEXT)
    bot.edit_file("    via: KTLA\n", "")
    assert await bot.corrections.check(bot.reload()) == 0  # a retracted answer keeps saying so


async def test_later_changes_stack_their_update_lines(bot: Bot) -> None:
    await bot.answered("m1")
    await bot.corrections.check(None)
    bot.edit_file("    via: KTLA\n", "")
    await bot.corrections.check(bot.reload())
    await bot.corrections.drain()
    bot.clock.advance(days=2)
    bot.edit_file("      - chp-only-unit\n", "")

    await bot.corrections.check(bot.reload())
    await bot.corrections.drain()

    assert bot.port.edits[-1][2] == ("Updated 2024-05-06: statement updated\nUpdated 2024-05-08: statement removed")


async def test_recent_corrections_for_the_log(bot: Bot) -> None:
    await bot.answered("m1")
    await bot.corrections.check(None)
    bot.edit_file("    via: KTLA\n", "")
    await bot.corrections.check(bot.reload())

    [pending] = await bot.corrections.recent(GUILD)
    assert (pending.note, pending.status, pending.answer.message) == (
        "statement updated",
        CorrectionStatus.PENDING,
        "am1",
    )
    await bot.corrections.drain()
    [done] = await bot.corrections.recent(GUILD)
    assert done.status is CorrectionStatus.DONE
    assert done.incident_title.startswith("Video of a man")
    assert await bot.corrections.recent("T0OTHER") == []


async def due(bot: Bot) -> list[corrections.DueAnswer]:
    async with bot.db.sessions() as session:
        return await corrections.due_answers(session, ["slack"], now=bot.clock())


async def test_the_running_worker_corrects_after_a_reload_in_another_thread(bot: Bot) -> None:
    await bot.answered("m1")
    await bot.corrections.check(None)
    bot.corrections.start()
    try:
        bot.edit_file("    via: KTLA\n", "")
        assert (await reload_knowledge(bot.holder)).reloaded  # swapped in a worker thread, as /alerts reload does

        async with asyncio.timeout(10):
            while not bot.port.edits:  # noqa: ASYNC110  # the fake port has no event to wait on
                await asyncio.sleep(0.02)
    finally:
        await bot.corrections.stop()
    assert [(ref.message, note) for ref, _, note in bot.port.edits] == [
        ("am1", "Updated 2024-05-06: statement updated")
    ]
