"""Slack front end latency and throughput, in process, against the local Slack stand-in (SQLite, loopback).

    .venv/bin/python benchmarks/slack_latency.py [--claims 200] [--chatter 2000]

Claims are posted one after another (each waits for its answer): event sent -> chat.postMessage received, and event
sent -> acknowledgement. Then a burst of ordinary messages: how many the bot acknowledges and assesses per second.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slackfront.runner import open_slack
from tests.e2e.helpers import CLAIM, ORDINARY
from tests.fakeslack import FakeSlack
from tests.slack.conftest import slack_settings


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def main(claims: int, chatter: int) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)
    with tempfile.TemporaryDirectory() as directory:
        async with FakeSlack() as fake:
            settings = slack_settings(fake, Path(directory))
            async with open_slack(settings, poll_seconds=30, ping_interval=5):
                await fake.wait_for_connections(1)
                answer_ms: list[float] = []
                missed: list[int] = []
                for n in range(claims):
                    posted = await fake.post_message("alice", "general", CLAIM)
                    sent = posted.delivery.sent_at or time.monotonic()
                    try:
                        call = await fake.wait_for_call(
                            "chat.postMessage", lambda c, ts=posted.ts: c.args.get("thread_ts") == ts
                        )
                    except AssertionError:
                        missed.append(n)
                        continue
                    answer_ms.append(call.at - sent)
                acks = fake.ack_latencies()
                started = time.monotonic()
                burst = [await fake.post_message("bob", "news", f"{ORDINARY} {n}") for n in range(chatter)]
                await fake.wait_for(lambda: all(p.delivery.acked.done() for p in burst), timeout=120, what="acks")
                elapsed = time.monotonic() - started
        print(
            f"claims answered: {claims}; event -> chat.postMessage ms: median {pct(answer_ms, 0.5):.1f}, "
            f"p90 {pct(answer_ms, 0.9):.1f}, p99 {pct(answer_ms, 0.99):.1f}, max {max(answer_ms) * 1000:.1f}"
        )
        print(
            f"acks (claims and echoes): {len(acks)}; ms: median {pct(acks, 0.5):.1f}, p99 {pct(acks, 0.99):.1f}, "
            f"max {max(acks) * 1000:.1f}"
        )
        print(f"claims not answered within 5 s: {missed}")
        print(f"ordinary burst: {chatter} messages acknowledged in {elapsed:.2f} s ({chatter / elapsed:.0f}/s)")
        print(
            f"problems seen by the stand-in: {len(fake.problems)}; "
            f"mean answer ms {statistics.mean(answer_ms) * 1000:.1f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--chatter", type=int, default=2000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.claims, arguments.chatter))
