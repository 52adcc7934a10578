"""Large structures are freed in steps when nothing else holds them, and left whole when something does."""

from __future__ import annotations

import gc
import weakref

import pytest

from bot.services.knowledge import KnowledgeHolder
from knowledge import releasing
from knowledge.releasing import drop_in_steps, release


@pytest.fixture
def emptied(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every list `release` empties in steps."""
    lengths: list[int] = []

    def spy(items: list[object]) -> None:
        lengths.append(len(items))
        drop_in_steps(items)

    monkeypatch.setattr(releasing, "drop_in_steps", spy)
    return lengths


def test_drop_in_steps_empties_the_list():
    items = [object() for _ in range(releasing.STEP * 3 + 7)]
    drop_in_steps(items)
    assert items == []


def test_a_snapshot_nothing_else_holds_is_taken_apart_in_steps(emptied: list[int]):
    snapshot = KnowledgeHolder.load().current
    assert snapshot.matcher.wait_until_built(timeout=110)  # the build's thread holds the matcher until it is done
    incidents = len(snapshot.knowledge)
    box = [snapshot]
    del snapshot
    release(box)
    assert incidents in emptied  # the knowledge's incidents, freed a slice at a time


def test_a_snapshot_still_in_use_is_left_whole(emptied: list[int]):
    snapshot = KnowledgeHolder.load().current
    box = [snapshot]
    release(box)
    assert box == []
    assert emptied == []
    assert snapshot.matcher.match("man shoots at CHP sergeant during a Compton street takeover", top=1)


def test_a_swap_frees_the_old_knowledge_without_the_collector():
    """Frozen objects are freed by reference counting only: the old knowledge must not sit in a cycle."""
    holder = KnowledgeHolder.load()
    assert holder.current.matcher.wait_until_built(timeout=110)
    old_matcher = weakref.ref(holder.current.matcher)
    enabled = gc.isenabled()
    gc.disable()
    try:
        assert holder.reload().reloaded
        assert old_matcher() is None
    finally:
        if enabled:
            gc.enable()
