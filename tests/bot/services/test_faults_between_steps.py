"""Faults between steps (issue 11): an outage, a lost reply, a cancellation or a crash at every database step of
a multi-step write, then a restart (the outbox journal reloaded), the replay, and the end state checked: nothing
lost, nothing twice.

The platform side is a stand-in that behaves like Discord where it matters: an answer's reply carries a nonce
derived from the answered message, so posting the same answer again returns the message posted the first time.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.errors import is_database_unavailable
from bot.db.models import Answer, AnswerStatus, ReviewReport
from bot.platform.port import Delivery, FetchedMessage
from bot.platform.refs import MessageRef
from bot.platform.refs import Platform as PlatformName
from bot.services import Defaults, KnowledgeHolder, Services
from bot.services.cards import AnswerCard
from bot.services.events import DecisionApplied
from bot.services.outbox import Outbox
from bot.services.review_types import DecisionOutcome, ReviewAction, ReviewState
from tests.bot.helpers import Database, FakeClock
from tests.bot.services.fake_port import FakePort
from tests.bot.services.faults import Crash, Fault, FaultySessions
from tests.bot.services.outage_helpers import FAST
from tests.bot.services.review_helpers import (
    CLAIM,
    GUILD,
    MODERATOR,
    UNSURE,
    event,
    next_id,
    queued_match,
    reported,
    review_band,
)

_links = itertools.count(1)


@dataclass
class NoncePort(FakePort):
    """The chat platform as it matters here: an answer's reply carries a nonce derived from the answered message,
    so posting the same answer again returns the message posted the first time."""

    by_source: dict[str, MessageRef] = field(default_factory=dict)

    async def post_answer(self, source: MessageRef, card: AnswerCard, *, delivery: Delivery) -> MessageRef:
        if source.message not in self.by_source:
            self.by_source[source.message] = await super().post_answer(source, card, delivery=delivery)
        return self.by_source[source.message]

    async def fetch_message(self, message: MessageRef) -> FetchedMessage:
        return FetchedMessage("the member's message")


@dataclass
class Platform:
    """What the platform shows: the answer to each answered message, and the items shown decided."""

    port: NoncePort = field(default_factory=lambda: NoncePort(platform=PlatformName.DISCORD))
    shown: dict[int, ReviewState] = field(default_factory=dict)

    @property
    def answers(self) -> dict[str, str]:
        return {source: answer.message for source, answer in self.port.by_source.items()}

    async def decided(self, event: DecisionApplied) -> None:
        if event.decision.item is not None:
            self.shown[event.decision.item.id] = event.decision.item.state


@dataclass
class World:
    """Services on a faulty session factory, restartable on the same database and outbox journal."""

    db: Database
    holder: KnowledgeHolder
    clock: FakeClock
    journal: Path
    faulty: FaultySessions
    platform: Platform = field(default_factory=Platform)
    services: Services | None = None

    def start(self) -> Services:
        outbox = Outbox(path=self.journal, backoff=FAST)
        services = Services.assemble(self.holder, self.faulty, Defaults(), clock=self.clock, outbox=outbox)  # type: ignore[arg-type]
        services.ports.add(self.platform.port)
        services.events.subscribe(DecisionApplied, self.platform.decided)
        self.services = services
        return services

    async def attempt(self, action: Callable[[Services], Awaitable[object]], at: int, fault: Fault) -> bool:
        """Run ``action`` with the fault armed; True when the process 'died' (cancelled or crashed)."""
        assert self.services is not None
        self.faulty.arm(at, fault)
        try:
            await action(self.services)
        except (asyncio.CancelledError, Crash):
            return True
        except Exception as error:
            if not is_database_unavailable(error):
                raise
        finally:
            self.faulty.disarm()
        return False

    async def restart_and_replay(self, died: bool) -> Services:
        services = self.start() if died else self.services
        assert services is not None
        await services.outbox.flush()
        if died:
            await services.review.finish_interrupted()  # what the review publisher does once it is ready
        return services

    async def answers_to(self, message_id: str) -> list[Answer]:
        async with self.db.sessions() as session:
            return list(await session.scalars(select(Answer).where(Answer.source_message_id == message_id)))


@pytest.fixture
async def world(db: Database, holder: KnowledgeHolder, clock: FakeClock, tmp_path: Path) -> World:
    world = World(db, holder, clock, tmp_path / "outbox.jsonl", FaultySessions(db.sessions))
    await review_band(world.start())
    return world


def review_tier() -> str:
    return f"{UNSURE} https://clips.example.com/v/{next(_links)}"


async def steps_of(world: World, action: Callable[[Services], Awaitable[object]]) -> int:
    """How many database steps ``action`` takes when nothing fails."""
    world.faulty.arm(None)
    await action(world.services)  # type: ignore[arg-type]
    return world.faulty.steps


FAULTS = [Fault.OUTAGE, Fault.LOST_REPLY, Fault.CANCEL, Fault.CRASH]


async def test_a_decision_and_its_answer(world: World) -> None:
    """Approve, post the answer, record it: with a fault at any step, the end is one decision and one answer."""

    def approving(item_id: int) -> Callable[[Services], Awaitable[object]]:
        async def approve(services: Services) -> None:  # what the review cog does with a click
            decisions = services.decisions
            decision = await decisions.decide(item_id, MODERATOR, ReviewAction.APPROVE, guild_id=GUILD)
            if decision.outcome is DecisionOutcome.DECIDED:
                await decisions.follow_through(decision)

        return approve

    clean = reported(review_tier())
    steps = await steps_of(world, approving(await queued_match(world.start(), clean)))
    assert steps > 5
    checked = 0
    for at, fault in itertools.product(range(1, steps + 1), FAULTS):
        services = world.services
        assert services is not None
        message = reported(review_tier())
        item_id = await queued_match(services, message)
        died = await world.attempt(approving(item_id), at, fault)
        services = await world.restart_and_replay(died)
        if world.platform.shown.get(item_id) is not ReviewState.APPROVED:  # its buttons still show: click again
            await approving(item_id)(services)
            await services.outbox.flush()
        where = f"{fault} at step {at} of {steps}"
        assert world.platform.shown.get(item_id) is ReviewState.APPROVED, where
        answer = world.platform.answers.get(message.message_id)
        assert answer is not None, f"the approved message was never answered ({where})"
        rows = await world.answers_to(message.message_id)
        assert [(row.status, row.answer_message_id) for row in rows] == [(AnswerStatus.SENT, answer)], where
        log = await services.review.log(GUILD, per_page=1000)
        assert [entry.item_id for entry in log.entries].count(item_id) == 1, where
        assert services.outbox.pending == 0, where
        checked += 1
    assert checked == steps * len(FAULTS)


async def test_a_report_and_its_item(world: World) -> None:
    """A member's report: one item, that member counted once, whatever fails and is replayed."""
    steps = await steps_of(world, lambda services: services.review.report(reported(review_tier()), reporter_id=5))
    for at, fault in itertools.product(range(1, steps + 1), FAULTS):
        message = reported(review_tier())

        async def report(services: Services, message=message) -> None:
            await services.review.report(message, reporter_id="5", note="seen it")

        died = await world.attempt(report, at, fault)
        services = await world.restart_and_replay(died)
        found = list((await services.review.queue(GUILD, per_page=1000)).entries)
        mine = [item for item in found if item.message_id == message.message_id]
        if not mine:  # the member was told nothing (or an error): they report it again
            await report(services)
            found = list((await services.review.queue(GUILD, per_page=1000)).entries)
            mine = [item for item in found if item.message_id == message.message_id]
        where = f"{fault} at step {at} of {steps}"
        assert len(mine) == 1, where
        async with world.db.sessions() as session:
            reporters = list(await session.scalars(select(ReviewReport).where(ReviewReport.item_id == mine[0].id)))
        assert [(r.user_id, r.note) for r in reporters] == [("5", "seen it")], where
        assert mine[0].reporters == 1, where


async def test_an_answer_and_its_record_through_an_outage(world: World) -> None:
    """An automatic answer: reserved, posted, recorded; an outage (or a lost reply) at any step loses nothing."""

    def answering(content: str, message_id: int) -> Callable[[Services], Awaitable[object]]:
        async def answer(services: Services) -> None:  # what the alerts cog does with a new message
            claim = event(content)
            await services.answering.message(replace(claim, message_id=message_id))

        return answer

    await world.services.guild_settings.set_cooldown(GUILD, 0)  # type: ignore[union-attr]
    steps = await steps_of(world, answering(CLAIM, next_id()))
    for at, fault in itertools.product(range(1, steps + 1), [Fault.OUTAGE, Fault.LOST_REPLY]):
        message_id = next_id()
        await world.attempt(answering(CLAIM, message_id), at, fault)
        services = await world.restart_and_replay(False)
        where = f"{fault} at step {at} of {steps}"
        answer = world.platform.answers.get(message_id)
        assert answer is not None, where
        rows = await world.answers_to(message_id)
        assert [(row.status, row.answer_message_id) for row in rows] == [(AnswerStatus.SENT, answer)], where
        assert services.outbox.pending == 0, where
