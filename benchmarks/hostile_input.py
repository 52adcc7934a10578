"""Time per hostile message: the matcher, and the whole decision (`AlertService.on_message` on SQLite).

Generates messages with the strategies of tests/hostile.py (mixed markup, unicode, invisible characters, hundreds
of links, 4,000-character walls) and prints, per kind, the median, p99 and worst milliseconds per message.

    python benchmarks/hostile_input.py [--messages 2000] [--seed 1] [--no-pipeline]

The matcher is timed as the pipeline calls it (``match(text, top=10)``) plus ``unknown_links``; the pipeline adds
the server settings lookup, learned links and, for answers, the reservation written to a fresh SQLite file (each
answer is released again, so cooldowns do not silence the rest).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade_database
from bot.services import Defaults, KnowledgeHolder, MessageEvent, Services
from tests.hostile import link_floods, mixed_messages, walls

KINDS: dict[str, st.SearchStrategy[str]] = {
    "mixed": mixed_messages,
    "link floods": link_floods,
    "walls": walls,
    "any unicode": st.text(alphabet=st.characters(codec=None), min_size=1000, max_size=4000),
}
SHARES = {"mixed": 0.55, "link floods": 0.2, "walls": 0.1, "any unicode": 0.15}


def generate(strategy: st.SearchStrategy[str], count: int, run_seed: int, each: Callable[[str], None]) -> None:
    """Call ``each`` on ``count`` generated examples (no shrinking, no example database)."""

    @seed(run_seed)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(text: str) -> None:
        each(text)

    run()


def report(kind: str, timings: list[float], chars: list[int]) -> None:
    p99 = statistics.quantiles(timings, n=100)[-1] if len(timings) >= 2 else timings[0]
    print(
        f"  {kind:<12} n={len(timings):<5} chars≤{max(chars):<5} median={statistics.median(timings):7.3f} ms  "
        f"p99={p99:7.3f} ms  worst={max(timings):7.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000, help="messages in all, shared among the kinds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-pipeline", action="store_true", help="time the matcher only")
    options = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # each released answer logs a warning
    holder = KnowledgeHolder.load()
    with tempfile.TemporaryDirectory() as directory, asyncio.Runner() as runner:
        alerts = None
        if not options.no_pipeline:
            engine = create_engine(f"sqlite:///{Path(directory) / 'bench.sqlite3'}")
            runner.run(upgrade_database(engine))
            alerts = Services.assemble(holder, create_session_factory(engine), Defaults()).alerts
        ids = itertools.count(1)
        matcher_ms: dict[str, list[float]] = {}
        pipeline_ms: dict[str, list[float]] = {}
        sizes: dict[str, list[int]] = {}
        for kind, strategy in KINDS.items():
            count = max(1, round(options.messages * SHARES[kind]))

            def each(text: str, kind: str = kind) -> None:
                started = time.perf_counter()
                holder.matcher.match(text, top=10)
                holder.matcher.unknown_links(text)
                matcher_ms.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
                sizes.setdefault(kind, []).append(len(text))
                if alerts is not None:
                    event = MessageEvent(1, 2, next(ids), 3, text)
                    started = time.perf_counter()
                    decision = runner.run(alerts.on_message(event))
                    pipeline_ms.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
                    if decision.reservation is not None:
                        runner.run(alerts.release(decision.reservation))

            generate(strategy, count, options.seed, each)
        print(f"matcher: match(top=10) + unknown_links, {sum(map(len, matcher_ms.values()))} messages")
        for kind, timings in matcher_ms.items():
            report(kind, timings, sizes[kind])
        report("all", list(itertools.chain(*matcher_ms.values())), list(itertools.chain(*sizes.values())))
        if alerts is not None:
            print("pipeline: AlertService.on_message on SQLite (answers released)")
            for kind, timings in pipeline_ms.items():
                report(kind, timings, sizes[kind])
            report("all", list(itertools.chain(*pipeline_ms.values())), list(itertools.chain(*sizes.values())))
            runner.run(engine.dispose())


if __name__ == "__main__":
    main()
