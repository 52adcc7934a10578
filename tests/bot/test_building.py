"""Builds run with the collector paused and a short switch interval; both come back afterwards."""

from __future__ import annotations

import asyncio
import gc
import sys

import pytest

from bot import building
from bot.building import BUILD_SWITCH_INTERVAL, in_background


def observe() -> tuple[bool, float]:
    return gc.isenabled(), sys.getswitchinterval()


async def test_settings_change_during_builds_and_come_back_after_the_last():
    before = observe()
    assert before[0]
    inside = await asyncio.gather(*(asyncio.to_thread(in_background, observe) for _ in range(4)))
    assert set(inside) == {(False, BUILD_SWITCH_INTERVAL)}
    assert observe() == before


def test_a_failing_build_restores_them_too():
    before = observe()

    def fail() -> None:
        raise ValueError("broken")

    with pytest.raises(ValueError, match="broken"):
        in_background(fail)
    assert observe() == before


def test_a_large_build_is_frozen_when_it_ends_a_small_one_is_not(monkeypatch):
    """The collector never scans a large build's objects in one GIL-holding step; they are frozen instead."""
    monkeypatch.setattr(building, "FREEZE_AT", 20_000)
    gc.collect()
    frozen = gc.get_freeze_count()
    try:
        small = in_background(lambda: [[n] for n in range(1_000)])
        assert gc.get_freeze_count() == frozen
        large = in_background(lambda: [[n] for n in range(50_000)])
        assert gc.get_freeze_count() >= frozen + 50_000
        assert gc.isenabled()
        assert len(small) + len(large) == 51_000
    finally:
        gc.unfreeze()
