"""Ordinary-chat throughput of 1, 2 and 4 bot processes sharing the shards of one bot, against the Discord stand-in.

For each process count, a fresh PostgreSQL database (``CREATE DATABASE`` on ``--postgres``), the stand-in
(tests/fakediscord) in this process with one server on each of 4 shards, and that many ``python -m bot run``
processes: ``SHARD_COUNT=4``, the shards split evenly (``SHARD_IDS``), change feed on, link fetching off. After 20
warm-up messages per server, N messages of chat without claims are posted round-robin over the servers as fast as
the stand-in can; the throughput is N over the time until the processes together decided about all of them (the
sum of their ``matcher_latency_seconds_count``).

    python benchmarks/discord_scaling.py [--messages 5000] [--processes 1 2 4] [--repeat 1] [--postgres URL]

With ``--repeat R`` each process count is measured R times (interleaved: 1, 2, 4, 1, 2, 4...) and the table shows
the best and the median run, since other work on a shared machine only ever slows a run down.

The stand-in and the bots share this machine's cores: with fewer cores than processes + 1, more processes mostly
compete for the same CPU. The core count is printed with the table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from discord_latency import CHAT, decided, free_port, healthy, wait_until  # noqa: E402
from sqlalchemy import pool, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot import netguard  # noqa: E402
from bot.db.engine import create_engine  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.fakediscord import FakeDiscord, sharded_world  # noqa: E402

SHARDS = 4
TOKEN = "scaling-benchmark-token"  # noqa: S105  # the stand-in's, not a secret
AUTHORS = ("alice", "bob", "moderator", "owner")


def shard_sets(processes: int) -> list[str]:
    """``SHARD_IDS`` of each process: the 4 shards split evenly."""
    per = SHARDS // processes
    return [",".join(str(shard) for shard in range(n * per, (n + 1) * per)) for n in range(processes)]


@asynccontextmanager
async def fresh_database(admin_url: str) -> AsyncIterator[str]:
    name = f"scaling_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()


async def start_bot(
    fake: FakeDiscord, workdir: Path, database_url: str, shard_ids: str, port: int
) -> asyncio.subprocess.Process:
    environment = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    environment[netguard.ENVIRONMENT] = "loopback"
    environment.update(
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE_URL=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DATABASE_URL=database_url,
        SHARD_COUNT=str(SHARDS),
        SHARD_IDS=shard_ids,
        COOLDOWN_MINUTES="0",
        LINK_FETCHING="false",
        LOG_LEVEL="WARNING",
        HEALTH_PORT=str(port),
    )
    log = (workdir / f"bot-{port}.log").open("wb")
    command = [sys.executable, "-m", "bot", "run"]
    return await asyncio.create_subprocess_exec(*command, env=environment, cwd=ROOT, stdout=log, stderr=log)


async def post_round_robin(fake: FakeDiscord, count: int, rng: random.Random) -> float:
    """Post ``count`` chat messages over the servers' #general; returns the time it took."""
    channels = [guild.channel("general") for guild in fake.world.guilds]
    started = time.perf_counter()
    for index in range(count):
        await fake.post_message(rng.choice(AUTHORS), channels[index % len(channels)], rng.choice(CHAT))
    return time.perf_counter() - started


def decided_by_all(ports: list[int]) -> float:
    return sum(decided(port) for port in ports)


async def measure(processes: int, messages: int, admin_url: str, workdir: Path, seed: int) -> tuple[float, float]:
    """(messages/s handled, seconds spent posting) for one process count."""
    rng = random.Random(seed)
    async with fresh_database(admin_url) as database_url:
        world = sharded_world(TOKEN, SHARDS)
        async with FakeDiscord(world, token=TOKEN, max_concurrency=16) as fake:
            ports = [free_port() for _ in range(processes)]
            bots = []
            try:
                for shard_ids, port in zip(shard_sets(processes), ports, strict=True):
                    bots.append(await start_bot(fake, workdir, database_url, shard_ids, port))
                    await wait_until(lambda port=port: healthy(port), f"the bot on port {port}", within=60)
                await post_round_robin(fake, 20 * SHARDS, rng)
                await wait_until(lambda: decided_by_all(ports) >= 20 * SHARDS, "the warm-up", within=60)
                before = await asyncio.to_thread(decided_by_all, ports)
                started = time.perf_counter()
                posting = await post_round_robin(fake, messages, rng)
                target = before + messages
                await wait_until(lambda: decided_by_all(ports) >= target, "every message decided", within=300)
                return messages / (time.perf_counter() - started), posting
            finally:
                for bot in bots:
                    bot.send_signal(signal.SIGTERM)
                for bot in bots:
                    await asyncio.wait_for(bot.wait(), 30)


async def main(arguments: argparse.Namespace) -> None:
    os.environ[netguard.ENVIRONMENT] = "loopback"  # this process and the bots: loopback only, no name looked up
    netguard.install()
    workdir = Path(tempfile.mkdtemp(prefix="discord-scaling-"))
    rates: dict[int, list[float]] = {processes: [] for processes in arguments.processes}
    try:
        for _ in range(arguments.repeat):
            for processes in arguments.processes:
                rate, posting = await measure(
                    processes, arguments.messages, arguments.postgres, workdir, arguments.seed
                )
                rates[processes].append(rate)
                print(f"{processes} process(es): {rate:,.0f} messages/s (posting took {posting:.2f} s)", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nnproc = {os.cpu_count()}; {arguments.messages} ordinary messages over {SHARDS} shards, PostgreSQL")
    print(f"| processes | shards each | best messages/s | median messages/s (of {arguments.repeat}) |")
    print("|---|---|---|---|")
    for processes, measured in rates.items():
        print(f"| {processes} | {SHARDS // processes} | {max(measured):,.0f} | {statistics.median(measured):,.0f} |")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=5000, help="ordinary messages per run")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4], choices=[1, 2, 4])
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL URL whose user may create databases",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per process count (best and median shown)")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse_arguments()))
