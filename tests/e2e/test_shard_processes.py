"""Two real ``python -m bot run`` processes, each running two of four shards, on one PostgreSQL database.

Each process gets only its shards' servers from the stand-in (``(guild_id >> 22) % 4``), answers them once, and
a knowledge reload asked of one process (``POST /admin/reload``, as ``python -m bot kb reload`` does) reaches the
other through PostgreSQL NOTIFY.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import signal
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.loader import DEFAULT_KNOWLEDGE_DIR
from tests.bot.test_reload import knowledge_copy
from tests.e2e.helpers import CLAIM, KNOWN_LINK, replies_to
from tests.e2e.test_database_outage import ProxiedServer, database
from tests.e2e.test_process import bot_environment, start_bot_process
from tests.e2e.test_reload import WESTMINSTER_FILE
from tests.fakediscord import Channel, FakeDiscord, Guild, shard_of, sharded_world
from tests.ports import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

__all__ = ["database"]  # the fixture, used below

TOKEN = "sharded-process-token"


class BotProcess:
    """One ``python -m bot run`` process and its health port."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.port = port

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
            return response.read().decode()

    def healthy(self) -> bool:
        try:
            return json.loads(self.get("/healthz"))["status"] == "ok"
        except OSError:
            return False

    def metric(self, name: str) -> float:
        """An unlabelled sample of the process's /metrics (whatever prefix the metrics carry)."""
        for line in self.get("/metrics").splitlines():
            if line.startswith("#"):
                continue
            sample, _, value = line.rpartition(" ")
            if sample == name or sample.endswith("_" + name):
                return float(value)
        return 0.0

    def reload(self) -> dict[str, object]:
        request = urllib.request.Request(  # loopback
            f"http://127.0.0.1:{self.port}/admin/reload",
            data=b"{}",
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())


@pytest.fixture
async def sharded_fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(sharded_world(TOKEN, 4), token=TOKEN, max_concurrency=16) as fake:
        yield fake


@contextlib.asynccontextmanager
async def bot_processes(
    fake: FakeDiscord, tmp_path: Path, database: ProxiedServer, incidents: Path, shard_sets: list[str]
) -> AsyncIterator[list[BotProcess]]:
    """Start one process per shard set (``SHARD_IDS``), wait until all are healthy, SIGTERM them at the end."""
    started: list[BotProcess] = []
    try:
        for number, shard_ids in enumerate(shard_sets):
            workdir = tmp_path / f"process-{number}"
            workdir.mkdir()
            port = free_port()
            environment = bot_environment(
                fake,
                workdir,
                DATABASE_URL=database.url,
                SHARD_COUNT="4",
                SHARD_IDS=shard_ids,
                HEALTH_PORT=str(port),
                KNOWLEDGE_PATHS=str(incidents),
            )
            started.append(BotProcess(await start_bot_process(environment, workdir), port))
        async with asyncio.timeout(60):
            while not all([await asyncio.to_thread(bot.healthy) for bot in started]):  # noqa: ASYNC110
                await asyncio.sleep(0.1)
        yield started
    finally:
        logs = await asyncio.gather(*(_stop(bot.process) for bot in started))
        for bot, log in zip(started, logs, strict=True):
            print(f"process on port {bot.port} (exit {bot.process.returncode}):\n{log}")  # shown when a test fails
    assert [bot.process.returncode for bot in started] == [0] * len(started)
    assert not any("Traceback" in log for log in logs)


async def _stop(process: asyncio.subprocess.Process) -> str:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), 20)
    except TimeoutError:
        process.kill()
        _, stderr = await process.communicate()
    return stderr.decode()


async def settled_counts(bots: list[BotProcess], name: str, *, total: int) -> list[float]:
    """Each process's count once they add up to ``total`` (answers are counted when Discord confirms them)."""
    async with asyncio.timeout(5):
        while sum(counts := [await asyncio.to_thread(bot.metric, name) for bot in bots]) < total:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    return counts


async def reposted_until_answered(fake: FakeDiscord, channel: Channel, content: str) -> dict[str, object]:
    """Post ``content`` every second until the bot answers (the other process reloads the files when told)."""
    async with asyncio.timeout(20):
        while True:
            posted = await fake.post_message("alice", channel, content)
            with contextlib.suppress(AssertionError):
                await fake.wait_for_message(channel, predicate=lambda m, p=posted: replies_to(m, p), timeout=1)
                return posted


async def answer(fake: FakeDiscord, posted: dict[str, object]) -> dict[str, object]:
    return await fake.wait_for_message(
        int(str(posted["channel_id"])), predicate=lambda m: replies_to(m, posted), timeout=15
    )


def answers(fake: FakeDiscord, posted: dict[str, object]) -> list[dict[str, object]]:
    return [m for m in fake.bot_messages(int(str(posted["channel_id"]))) if replies_to(m, posted)]


async def test_two_processes_split_four_shards_answer_each_server_once_and_share_a_reload(
    sharded_fake, database, tmp_path, clean_environment
):
    incidents = knowledge_copy(tmp_path / "incidents")
    (incidents / WESTMINSTER_FILE).unlink()  # KNOWN_LINK's incident: back with the reload
    guilds: list[Guild] = sharded_fake.world.guilds
    async with bot_processes(sharded_fake, tmp_path, database, incidents, ["0,1", "2,3"]) as (first, second):
        claims = [await sharded_fake.post_message("alice", guild.channel("general"), CLAIM) for guild in guilds]
        for posted in claims:
            await answer(sharded_fake, posted)
        on_second = guilds[2]
        unknown = await sharded_fake.post_message("bob", on_second.channel("general-thread"), KNOWN_LINK)
        await answer(sharded_fake, await sharded_fake.post_message("bob", on_second.channel("news"), CLAIM))
        assert answers(sharded_fake, unknown) == []  # its incident is not in the knowledge yet

        shutil.copy(DEFAULT_KNOWLEDGE_DIR / WESTMINSTER_FILE, incidents)
        report = await asyncio.to_thread(first.reload)  # asked of the first process only
        assert report["reloaded"] is True
        known = await reposted_until_answered(sharded_fake, on_second.channel("news"), KNOWN_LINK)

        sent = await settled_counts([first, second], "answers_sent_total", total=6)

    identified = sorted(tuple(identify["shard"]) for identify in sharded_fake.identifies)
    assert identified == [(0, 4), (1, 4), (2, 4), (3, 4)]
    assert [shard_of(guild.id, 4) for guild in guilds] == [0, 1, 2, 3]
    assert [len(answers(sharded_fake, posted)) for posted in claims] == [1, 1, 1, 1]
    assert len(answers(sharded_fake, known)) == 1
    assert sent == [2, 4]  # the first process: servers 0 and 1; the second: 2 and 3, the sentinel, the known link
