"""The heap keeper: the knowledge's objects are kept out of full collections once each build is complete."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.heap import HeapKeeper, settle
from bot.services.knowledge import KnowledgeHolder
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


@pytest.fixture
def holder() -> KnowledgeHolder:
    """The bundled incidents without their examples (no judge to train): a build completes at once."""
    return KnowledgeHolder.load(sorted(DEFAULT_KNOWLEDGE_DIR.glob("*.yaml")))


class Settler:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> float:
        self.calls += 1
        return 0.0


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settling_collects_garbage_and_freezes_what_lives() -> None:
    kept = [Cycle() for _ in range(10)]
    gone = Cycle()
    dropped = weakref.ref(gone)
    del gone
    settle()
    assert dropped() is None
    assert gc.get_freeze_count() >= len(kept)


def test_a_build_is_settled_once_when_complete_and_again_after_a_reload(holder: KnowledgeHolder) -> None:
    settler = Settler()
    keeper = HeapKeeper(holder, settler=settler)
    assert holder.current.matcher.wait_until_built(30)
    holder.current.matcher.wait_for_meaning(30)
    assert keeper.check() is True
    assert keeper.check() is False
    assert settler.calls == 1
    assert holder.reload().reloaded
    holder.current.matcher.wait_for_meaning(30)
    assert keeper.check() is True
    assert settler.calls == 2


def test_an_incomplete_build_is_not_settled(holder: KnowledgeHolder, monkeypatch: pytest.MonkeyPatch) -> None:
    settler = Settler()
    matcher = holder.current.matcher
    monkeypatch.setattr(type(matcher), "complete", property(lambda _self: False))
    assert HeapKeeper(holder, settler=settler).check() is False
    assert settler.calls == 0


async def test_the_keeper_settles_in_the_background(holder: KnowledgeHolder) -> None:
    settler = Settler()
    holder.current.matcher.wait_for_meaning(30)
    async with HeapKeeper(holder, poll_seconds=0.01, settler=settler) as keeper:
        assert keeper.running
        for _ in range(100):
            if settler.calls:
                break
            await asyncio.sleep(0.01)
    assert settler.calls == 1
    assert not keeper.running
