"""Throughput and answer latency of the real bot process against the local Discord stand-in.

Starts the stand-in (tests/fakediscord) in this process and the product bot as a separate process
(``python -m bot run``, configured through its environment: DISCORD_API_BASE_URL, DISCORD_GATEWAY_URL, a fresh
SQLite database, COOLDOWN_MINUTES=0 so claims are answered, HEALTH_PORT for its /metrics), posts 20 warm-up
messages (skip with ``--cold``), then:

1. an ordinary burst: N messages (default 5,000) of chat without claims, posted as fast as the stand-in can;
   prints the messages per second the bot handled (its ``matcher_latency_seconds_count``, one per message
   decided, over the time until the last one was decided);
2. a mixed burst: N messages, about 2% claims spread over 20 channels; messages per second, and the claims'
   latency while queued behind the burst;
3. a paced run: messages at a steady rate (default 500/s, 2% claims); the latency from the stand-in sending a
   claim's MESSAGE_CREATE to the stand-in receiving the bot's reply request (median, p90, p99, max), and the
   bot's own means from its metrics: in the bot (``end_to_end_latency``), and of that, reserving the answer in
   the database (``answer_reservation``).

    python benchmarks/discord_latency.py [--messages 5000] [--paced 2000] [--rate 500] [--profile bot.prof]
                                         [--semantic on|off|both]

``--semantic both`` (the default) runs two bot processes, the semantic layer off, then on (SEMANTIC_MATCHING);
the second waits until the bot logs its semantic index ready (built in a thread) before measuring, and the
ordinary throughputs are compared (budget: within 20% of each other).
``--profile`` runs the bot under cProfile and writes the stats there (read them with ``python -m pstats``).
Claims decided at the same moment in one channel share the cooldown slot, so a few get no answer.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import random
import shutil
import signal
import socket
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.settings import Settings  # noqa: E402
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR  # noqa: E402
from tests.fakediscord import FakeDiscord  # noqa: E402

CLAIMS = (
    "man shoots at a CHP sergeant at the Compton takeover",
    "someone shot at the CHP car at the takeover in Compton!!",
    "guy opens fire on a CHP patrol car at a street takeover in Compton",
)
CHAT = (
    "anyone up for pizza after the game tonight?",
    "lol that was wild",
    "did you see the new trailer? looks great",
    "brb getting coffee",
    "who's streaming later",
    "the traffic on the 405 was awful this morning",
    "happy birthday Sam!!",
    "can someone share the notes from yesterday's meeting",
    "I think the playoffs start next week",
    "good morning everyone",
    "that recipe worked perfectly, thanks",
    "my cat knocked the plant over again",
    "anyone know a good mechanic in Long Beach?",
    "the concert was amazing, best night of the year",
    "what time does the store close on Sundays",
)
AUTHORS = ("alice", "bob", "moderator", "owner")
CHANNELS = tuple(f"bench-{number}" for number in range(20))
"""Channels added to the stand-in's world: claims spread over them, so few are decided at once in one channel."""
REPLIES = "/channels/{id}/messages"


class TimedRequests(list):  # type: ignore[type-arg]
    """The stand-in's request log, with the arrival time of each request (by index)."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: list[float] = []

    def append(self, item: Any) -> None:
        self.arrived.append(time.perf_counter())
        super().append(item)


@dataclass
class Run:
    """What one phase sent: claim message ids with their send times."""

    posted: int = 0
    claims: dict[str, float] = field(default_factory=dict)
    started: float = 0.0
    finished: float = 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def metric(port: int, sample: str) -> float:
    """One sample of the bot's /metrics, e.g. ``messages_scanned_total`` or ``matches_total{action="reply"}``."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
        for line in response.read().decode().splitlines():
            if line.startswith(sample + " "):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def decided(port: int) -> float:
    """Messages the bot has decided about (matched, and reserved an answer or not)."""
    return metric(port, "misinfo_bot_matcher_latency_seconds_count")


def decided_answers(port: int) -> float:
    return metric(port, "misinfo_bot_answers_sent_total")


def bot_share(port: int, name: str = "end_to_end_latency") -> tuple[float, float]:
    """The bot's own latency so far (``end_to_end_latency``, or a part of it such as ``answer_reservation``): its
    sum in seconds and its count.
    """
    family = f"misinfo_bot_{name}_seconds"
    return metric(port, f"{family}_sum"), metric(port, f"{family}_count")


def mean_ms(before: tuple[float, float], after: tuple[float, float]) -> float | None:
    """The mean in milliseconds of what a histogram observed between two samples (None: nothing observed)."""
    count = after[1] - before[1]
    return (after[0] - before[0]) / count * 1000 if count else None


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return json.loads(response.read())["status"] == "ok"
    except OSError:
        return False


async def start_bot(
    fake: FakeDiscord, workdir: Path, port: int, profile: str | None, *, semantic: bool, no_examples: bool = False
) -> asyncio.subprocess.Process:
    environment = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    environment.update(
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE_URL=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        COOLDOWN_MINUTES="0",
        LINK_FETCHING="false",
        LOG_LEVEL="INFO",
        HEALTH_PORT=str(port),
    )
    environment["SEMANTIC_MATCHING"] = "true" if semantic else "false"
    if no_examples:  # the incidents alone, without the examples folder beside them
        incidents = sorted(DEFAULT_KNOWLEDGE_DIR.glob("*.yaml"))
        environment["KNOWLEDGE_PATHS"] = os.pathsep.join(str(path) for path in incidents)
    command = [sys.executable, *(["-m", "cProfile", "-o", profile] if profile else []), "-m", "bot", "run"]
    log = (workdir / "bot.log").open("wb")
    return await asyncio.create_subprocess_exec(*command, env=environment, cwd=workdir, stdout=log, stderr=log)


async def wait_until(check: Any, what: str, within: float = 30.0) -> None:
    deadline = time.perf_counter() + within
    while not await asyncio.to_thread(check):
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def messages(count: int, claim_share: float, rng: random.Random) -> Iterator[tuple[str, str, str, bool]]:
    """(author, channel, content, is_claim); claims round-robin over the channels."""
    channels = itertools.cycle(CHANNELS)
    for _ in range(count):
        is_claim = rng.random() < claim_share
        channel = next(channels) if is_claim else rng.choice(CHANNELS)
        content = rng.choice(CLAIMS) if is_claim else rng.choice(CHAT)
        yield rng.choice(AUTHORS), channel, content, is_claim


async def post_all(fake: FakeDiscord, plan: list[tuple[str, str, str, bool]], rate: float | None) -> Run:
    run = Run(started=time.perf_counter())
    interval = 1.0 / rate if rate else 0.0
    for index, (author, channel, content, is_claim) in enumerate(plan):
        if interval:
            delay = run.started + index * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        sent = time.perf_counter()
        message = await fake.post_message(author, channel, content)
        run.posted += 1
        if is_claim:
            run.claims[message["id"]] = sent
    run.finished = time.perf_counter()
    return run


def latencies_ms(fake: FakeDiscord, requests: TimedRequests, run: Run) -> list[float]:
    found = []
    for request in fake.requests_matching("POST", REPLIES):
        reference = (request.json or {}).get("message_reference") or {}
        sent = run.claims.get(str(reference.get("message_id")))
        if sent is not None:
            found.append((requests.arrived[request.index] - sent) * 1000)
    return sorted(found)


def describe(values: list[float]) -> str:
    if not values:
        return "no replies"
    p90 = values[int(0.90 * (len(values) - 1))]
    p99 = values[int(0.99 * (len(values) - 1))]
    return (
        f"median {statistics.median(values):.1f} ms, p90 {p90:.1f} ms, p99 {p99:.1f} ms, max {values[-1]:.1f} ms "
        f"({len(values)} replies)"
    )


async def settled_answers(port: int, quiet: float = 0.5, within: float = 30.0) -> float:
    """The answers the bot has sent, once unchanged for ``quiet`` seconds: an earlier phase's answers recorded late
    (each is counted when confirmed, after its reply was posted) must not count in the next phase."""
    deadline = time.perf_counter() + within
    last = await asyncio.to_thread(decided_answers, port)
    while time.perf_counter() < deadline:
        await asyncio.sleep(quiet)
        now = await asyncio.to_thread(decided_answers, port)
        if now == last:
            return now
        last = now
    raise SystemExit("timed out waiting for the answers sent to settle")


async def phase(
    fake: FakeDiscord, requests: TimedRequests, port: int, plan: list[tuple[str, str, str, bool]], rate: float | None
) -> tuple[Run, float, list[float]]:
    answered_before = await settled_answers(port)
    before = await asyncio.to_thread(decided, port)
    run = await post_all(fake, plan, rate)
    target = before + len(plan)
    await wait_until(lambda: decided(port) >= target, "the bot to decide about every message", within=120)
    handled_at = time.perf_counter()
    answers = await asyncio.to_thread(decided_answers, port) - answered_before
    await wait_until(lambda: len(latencies_ms(fake, requests, run)) >= answers, "every decided answer", within=30)
    return run, handled_at, latencies_ms(fake, requests, run)


async def main(arguments: argparse.Namespace) -> None:
    print(f"load average: {os.getloadavg()[0]:.2f}")
    rates: dict[bool, float] = {}
    for semantic in {"off": (False,), "on": (True,), "both": (False, True)}[arguments.semantic]:
        print(f"\n--- semantic layer {'on' if semantic else 'off'}")
        rng = random.Random(arguments.seed)
        port = free_port()
        workdir = Path(tempfile.mkdtemp(prefix="discord-latency-"))
        try:
            rates[semantic] = await measure(arguments, workdir, rng, port, semantic=semantic)
        finally:
            if arguments.keep:
                print(f"bot log and database kept in {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    if len(rates) == 2:
        print(f"\nordinary throughput with the semantic layer: {rates[True] / rates[False]:.0%} of without it")
    print(f"load average: {os.getloadavg()[0]:.2f}")
    if arguments.profile:
        print(f"profile written to {arguments.profile} (python -m pstats {arguments.profile})")


async def semantic_ready(workdir: Path, within: float = 600.0) -> float:
    """Seconds until the bot logs that its semantic index is built (it builds it in a thread after starting)."""
    started = time.perf_counter()
    log = workdir / "bot.log"
    await wait_until(lambda: "semantic index ready" in log.read_text(errors="replace"), "the semantic index", within)
    return time.perf_counter() - started


async def judge_ready(workdir: Path, within: float = 600.0) -> float:
    """Seconds until the bot logs that its examples' judge is trained (in the same thread, after the index)."""
    started = time.perf_counter()
    log = workdir / "bot.log"
    await wait_until(lambda: "examples' judge ready" in log.read_text(errors="replace"), "the judge", within)
    return time.perf_counter() - started


async def heap_settled(workdir: Path, within: float = 60.0) -> float:
    """Seconds until the bot logs that it kept its built knowledge out of garbage collections (`bot.heap`)."""
    started = time.perf_counter()
    log = workdir / "bot.log"
    await wait_until(lambda: "heap settled" in log.read_text(errors="replace"), "the heap to settle", within)
    return time.perf_counter() - started


async def measure(
    arguments: argparse.Namespace, workdir: Path, rng: random.Random, port: int, *, semantic: bool
) -> float:
    """Run the three phases against one bot process; return its ordinary throughput (messages per second)."""
    async with FakeDiscord() as fake:
        for name in CHANNELS:
            fake.world.guild.add_text_channel(name)
        requests = TimedRequests()
        fake._core.requests = requests  # timestamps on arrival (the stand-in has no public hook for it)
        process = await start_bot(
            fake, workdir, port, arguments.profile, semantic=semantic, no_examples=arguments.no_examples
        )
        try:
            await wait_until(lambda: healthy(port), "the bot to be ready")
            if semantic:
                print(f"semantic index ready {await semantic_ready(workdir):.1f} s after the bot was healthy")
            if not arguments.no_examples:
                print(f"examples' judge ready {await judge_ready(workdir):.1f} s after that")
            print(f"bot's heap settled {await heap_settled(workdir):.1f} s after that")
            gc.collect()  # the stand-in's own full collections (60-100 ms) would otherwise stop it mid-measure
            gc.freeze()
            if not arguments.cold:
                await phase(fake, requests, port, list(messages(20, 0.0, rng)), 100)
            ordinary = list(messages(arguments.messages, 0.0, rng))
            run, handled_at, _ = await phase(fake, requests, port, ordinary, None)
            print(
                f"ordinary burst: {len(ordinary)} messages without claims, posted in {run.finished - run.started:.2f} s"
            )
            throughput = len(ordinary) / (handled_at - run.started)
            print(f"  bot handled {throughput:,.0f} messages/s")
            mixed = list(messages(arguments.messages, arguments.claims, rng))
            run, handled_at, latency = await phase(fake, requests, port, mixed, None)
            print(f"mixed burst: {len(mixed)} messages, {len(run.claims)} claims over {len(CHANNELS)} channels")
            print(f"  bot handled {len(mixed) / (handled_at - run.started):,.0f} messages/s")
            print(f"  claim MESSAGE_CREATE -> reply request, queued behind the burst: {describe(latency)}")
            paced = list(messages(arguments.paced, arguments.claims, rng))
            before, reserving = bot_share(port), bot_share(port, "answer_reservation")
            _, _, latency = await phase(fake, requests, port, paced, arguments.rate)
            after, reserved = bot_share(port), bot_share(port, "answer_reservation")
            print(f"paced: {len(paced)} messages at {arguments.rate:g}/s, {arguments.claims:.0%} claims")
            print(f"  claim MESSAGE_CREATE sent -> reply request received: {describe(latency)}")
            mean, reservation = mean_ms(before, after), mean_ms(reserving, reserved)
            if mean is not None:
                print(f"  of which in the bot, MESSAGE_CREATE read -> reply request sent: mean {mean:.1f} ms")
            if reservation is not None:
                print(f"  of which reserving the answer in the database: mean {reservation:.1f} ms")
        finally:
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 30)
        if code != 0:
            print((workdir / "bot.log").read_text()[-3000:], file=sys.stderr)
            raise SystemExit(f"the bot exited with status {code}")
    return throughput


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=5000, help="messages in each burst")
    parser.add_argument("--paced", type=int, default=2000, help="messages in the paced run")
    parser.add_argument("--rate", type=float, default=500.0, help="messages per second in the paced run")
    parser.add_argument("--claims", type=float, default=0.02, help="share of messages that are claims")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", help="write the bot's cProfile stats to this file")
    parser.add_argument("--keep", action="store_true", help="keep the bot's log and database")
    parser.add_argument("--cold", action="store_true", help="start the burst at once, without 20 warm-up messages")
    parser.add_argument("--no-examples", action="store_true", help="the incidents without their examples (no judge)")
    parser.add_argument(
        "--semantic", choices=("on", "off", "both"), default="both", help="the semantic layer (both: off, then on)"
    )
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse_arguments()))
