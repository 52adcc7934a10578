"""Shard settings, the shard plan, the bot class chosen, and the IDENTIFY pacing."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import AlertBot
from bot.services.container import Services
from bot.settings import Settings, SettingsError, load_settings
from bot.sharding import IdentifyPacer, ShardedAlertBot, ShardPlan, build_bot, shard_of


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("environment", "count", "ids"),
    [
        ({}, None, ()),
        ({"SHARD_COUNT": "auto"}, "auto", ()),
        ({"SHARD_COUNT": " AUTO "}, "auto", ()),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "0-1"}, 4, (0, 1)),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "3, 2"}, 4, (3, 2)),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "[1]"}, 4, (1,)),
    ],
)
def test_shard_settings_are_read_from_the_environment(monkeypatch, environment, count, ids):
    for name in ("SHARD_COUNT", "SHARD_IDS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    loaded = load_settings(None)

    assert (loaded.shard_count, loaded.shard_ids) == (count, ids)


@pytest.mark.parametrize(
    ("environment", "problem"),
    [
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT"),
        ({"SHARD_IDS": "1"}, "SHARD_IDS needs SHARD_COUNT set to a number"),
        ({"SHARD_COUNT": "auto", "SHARD_IDS": "1"}, "SHARD_IDS needs SHARD_COUNT set to a number"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "2"}, "SHARD_IDS must be distinct numbers from 0 to 1"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "1,1"}, "SHARD_IDS must be distinct numbers from 0 to 1"),
    ],
)
def test_wrong_shard_settings_name_the_variable(monkeypatch, environment, problem):
    for name in ("SHARD_COUNT", "SHARD_IDS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(SettingsError, match=problem):
        load_settings(None)


def test_the_plan_follows_the_settings():
    assert ShardPlan.of(settings()) is None
    assert ShardPlan.of(settings(shard_count="auto")) == ShardPlan(None, None)
    assert ShardPlan.of(settings(shard_count=4)) == ShardPlan(4, None)
    plan = ShardPlan.of(settings(shard_count=4, shard_ids=(2, 3)))
    assert plan is not None
    assert plan.options() == {"shard_count": 4, "shard_ids": [2, 3]}
    assert plan.describe() == "shards 2, 3 of 4"
    assert ShardPlan(None, None).describe() == "every shard Discord recommends"


def test_the_bot_class_follows_the_settings(tmp_path):
    # No matching here: no background semantic build, and the caches beside the database kept out of the checkout.
    unused = settings(semantic_matching=False, database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    services = Services.build(unused, sessions=None)  # type: ignore[arg-type]  # no database use here
    plain = build_bot(settings(), services, metrics=services.metrics)
    sharded = build_bot(settings(shard_count=4, shard_ids=(1, 3)), services, metrics=services.metrics)

    assert type(plain) is AlertBot
    assert isinstance(sharded, ShardedAlertBot)
    assert (sharded.shard_count, sharded.shard_ids) == (4, [1, 3])


def test_a_server_is_on_the_shard_discord_computes():
    assert shard_of(41771983423143937, 4) == (41771983423143937 >> 22) % 4
    assert {shard_of((n << 22) | 12345, 3) for n in range(6)} == {0, 1, 2}


async def test_identifies_wait_only_for_their_own_bucket(monkeypatch):
    now = [100.0]
    slept: list[float] = []

    async def concurrency() -> int:
        return 2

    async def fake_sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    pacer = IdentifyPacer(concurrency, interval=5.0, monotonic=lambda: now[0])
    monkeypatch.setattr(asyncio, "sleep", fake_sleep)

    await pacer.wait(0)
    await pacer.wait(1)  # another bucket: at once
    now[0] += 1.0
    await pacer.wait(2)  # bucket 0 again, 1 s later: waits the 4 s left

    assert slept == [4.0]
