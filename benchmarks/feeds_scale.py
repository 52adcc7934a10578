"""A 50,000-claim ClaimReview feed from the CheckThat! pool: load, reload after a change, and answer.

Builds a JSON-lines feed of ``--claims`` ClaimReviews (the 13,824 real CheckThat! 2021 2A claims, then
synthetic ones spliced from halves of real ones, as ``checkthat.py --scale`` does; half carry a reviewBody),
serves it from a loopback server, and runs the bot's real feed machinery (`FeedPoller` with its SQLite store,
`KnowledgeHolder`, the address-safe `FeedFetcher`) on it. Prints:

1. the first load: fetch, read and judge, matcher build and swap, store; process memory (RSS) before and after;
2. a poll answered 304, and a poll with the same body but no validators;
3. a reload after a feed change (100 reviews re-rated, 50 added): time until the new version answers;
4. a restart: the stored version restored while the publisher is down;
5. per-message cost on the CheckThat! test tweets against the 50k base: matcher (ms median, p99), and the
   matcher plus the answer card; how many tweets found their gold claim first.

During the first load and the reload, a task on the event loop sleeps 5 ms over and over; how much later than
due it wakes (the loop's lag: how long the loop could not run, GIL waits included) is printed as max, p99 and
median, next to the same figures with the loop idle (what the machine's load alone costs).

    python benchmarks/feeds_scale.py [--claims 50000] [--data DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import ipaddress
import itertools
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from checkthat import DEFAULT_DATA, VClaim, load_dataset, synthetic_claims  # noqa: E402

from bot.db.engine import create_engine, create_session_factory  # noqa: E402
from bot.db.migrate import upgrade_database  # noqa: E402
from bot.feeds import FeedConfig, FeedFetcher, FeedPoller, FeedStore  # noqa: E402
from bot.services.cards import compose_card  # noqa: E402
from bot.services.knowledge import KnowledgeHolder  # noqa: E402
from knowledge.claimreview import slugify  # noqa: E402
from tests.feedserver import ALLOWED, feed_server  # noqa: E402


def default_data() -> Path:
    """``../shared/benchmarks/checkthat-2021-2a`` from the repository, or from its parent (a worktree)."""
    found = [parent / "shared" / "benchmarks" / DEFAULT_DATA.name for parent in (ROOT.parent, ROOT.parent.parent)]
    return next((path for path in found if path.is_dir()), DEFAULT_DATA)


RATINGS = ("False", "Mostly False", "Mixture", "Miscaptioned", "Unproven", "True")


def review_of(claim: VClaim, number: int, rating: str | None = None) -> dict[str, object]:
    """One CheckThat! claim as the ClaimReview a fact-checker would publish."""
    review: dict[str, object] = {
        "@type": "ClaimReview",
        "identifier": claim.id,
        "url": f"https://checkthat.example.org/fact-check/{claim.id}",
        "claimReviewed": claim.claim.strip() or claim.title,
        "headline": claim.title,
        "author": {"@type": "Organization", "name": "Snopes"},
        "reviewRating": {"@type": "Rating", "alternateName": rating or RATINGS[number % len(RATINGS)]},
    }
    if number % 2 == 0 and claim.subtitle.strip():
        review["reviewBody"] = claim.subtitle.strip()
    return review


def feed_lines(reviews: list[dict[str, object]]) -> str:
    return "\n".join(json.dumps(review, ensure_ascii=False) for review in reviews) + "\n"


def rss_mb() -> float:
    """This process's resident memory now."""
    with open("/proc/self/statm") as handle:  # noqa: PTH123
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    """This process's highest resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class LoopLag:
    """Measures the event loop's lag: a task sleeps 5 ms over and over and records how late it wakes."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> LoopLag:
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            self.lags.append(max(0.0, time.perf_counter() - started - 0.005))

    def summary(self) -> str:
        lags = sorted(self.lags) or [0.0]
        p99 = lags[max(0, int(len(lags) * 0.99) - 1)]
        return (
            f"event loop lag: max {lags[-1] * 1000:,.0f} ms, p99 {p99 * 1000:,.0f} ms, "
            f"median {statistics.median(lags) * 1000:.1f} ms ({len(lags):,} samples)"
        )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


async def timed(label: str, action):  # noqa: ANN001, ANN201
    """Await ``action``; print its wall time and this process's CPU time (all threads), which load does not skew."""
    started, cpu = time.perf_counter(), time.process_time()
    result = await action
    print(f"  {label}: {ms(time.perf_counter() - started)} wall, {ms(time.process_time() - cpu)} CPU ({result})")
    return result


async def run(claims_wanted: int, data: Path) -> None:
    dataset = load_dataset(data, "test")
    pool = dataset.claims + synthetic_claims(dataset.claims, max(0, claims_wanted - len(dataset.claims)))
    pool = pool[:claims_wanted]
    reviews = [review_of(claim, number) for number, claim in enumerate(pool)]
    text = feed_lines(reviews)
    print(f"Load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"Feed: {len(reviews):,} ClaimReviews ({len(dataset.claims):,} real), {len(text.encode()) / 2**20:.1f} MiB")

    with tempfile.TemporaryDirectory() as directory:
        engine = create_engine(f"sqlite:///{Path(directory) / 'bench.sqlite3'}")
        await upgrade_database(engine)
        store = FeedStore(create_session_factory(engine))
        async with feed_server() as server:
            server.publish_text(text, content_type="application/x-ndjson")
            url = server.url("/checkthat.jsonl")
            config = FeedConfig(
                urls=(url,), timeout=120.0, max_bytes=256 * 2**20,
                allowed_networks=(ipaddress.ip_network(ALLOWED),),
            )  # fmt: skip
            async with FeedFetcher(config.fetch_policy(), config.hosts) as fetcher:
                gc.collect()
                before = rss_mb()
                async with LoopLag() as idle:
                    await asyncio.sleep(3)
                print(f"Idle, 3 s: {idle.summary()}")
                holder = KnowledgeHolder.load()
                poller = FeedPoller(config, holder, fetcher, store=store)
                print("\n1. First load")
                started = time.perf_counter()
                async with LoopLag() as lag:
                    await timed("fetch + read + judge + matcher build + swap + store", poller.poll(url))
                load = time.perf_counter() - started
                print(f"  {lag.summary()}")
                gc.collect()
                after = rss_mb()
                claims = sum(len(incident.claims) for incident in holder.knowledge)
                print(f"  knowledge: {len(holder.knowledge):,} incidents, {claims:,} claims")
                print(f"  memory (RSS): {before:,.0f} MB before, {after:,.0f} MB after (+{after - before:,.0f} MB), "
                      f"peak {peak_rss_mb():,.0f} MB")  # fmt: skip
                await _breakdown(text, url, holder)

                print("\n2. Unchanged")
                await timed("poll answered 304", poller.poll(url))
                server.send_validators = False
                await timed("poll, same body, no validators (hash compared)", poller.poll(url))
                server.send_validators = True

                print("\n3. Reload after a feed change (100 re-rated, 50 added)")
                changed = [review_of(claim, n, "True" if n < 100 else None) for n, claim in enumerate(pool)]
                extra = synthetic_claims(dataset.claims, 50, seed=7)
                changed += [review_of(claim, len(pool) + n) for n, claim in enumerate(extra)]
                server.publish_text(feed_lines(changed), content_type="application/x-ndjson")
                tweets = [text for _, text in dataset.tweets]
                waits: list[float] = []
                await asyncio.sleep(0)  # the loop's lag from here on is the reload's, not this script's
                probing = asyncio.create_task(_answer_meanwhile(holder, tweets, waits))
                async with LoopLag() as lag:
                    await timed("poll: fetch + read + judge + rebuild + swap + store", poller.poll(url))
                probing.cancel()
                print(f"  {lag.summary()}; peak RSS so far {peak_rss_mb():,.0f} MB")
                waits.sort()
                print(
                    f"  meanwhile, {len(waits)} messages matched on the event loop: median "
                    f"{statistics.median(waits) * 1000:.1f} ms, p99 {waits[int(len(waits) * 0.99) - 1] * 1000:.1f} ms, "
                    f"max {waits[-1] * 1000:.1f} ms (from due to matched, the rebuild running in a thread)"
                )
                probe = extra[0].claim
                found = holder.matcher.match(probe, top=1)
                print(f"  a new claim answers: {bool(found) and found[0].incident_id == slugify(extra[0].id)}")

                print("\n4. Restart with the publisher down (restored from the database)")
                server.status = 503
                restarted = KnowledgeHolder.load()
                second = FeedPoller(config, restarted, fetcher, store=store)
                await timed("restore", second.restore())
                print(f"  knowledge after restore: {len(restarted.knowledge):,} incidents")
                del restarted, second
                gc.collect()

                print("\n5. Per message, CheckThat! test tweets against this base")
                _per_message(holder, dataset)
                print(f"\nSummary: {claims:,} claims loaded in {load:.1f} s; +{after - before:,.0f} MB RSS")
                print(f"Load average at the end: {os.getloadavg()[0]:.1f}")
        await engine.dispose()


async def _answer_meanwhile(holder: KnowledgeHolder, tweets: list[str], waits: list[float]) -> None:
    """Match a tweet every 20 ms while the feed is rebuilt; record each from due to done (GIL waits included)."""
    loop = asyncio.get_running_loop()
    due = loop.time()
    for text in itertools.cycle(tweets):
        due += 0.02
        await asyncio.sleep(max(0.0, due - loop.time()))
        holder.matcher.match(text)
        waits.append(loop.time() - due)


async def _breakdown(text: str, url: str, holder: KnowledgeHolder) -> None:
    from bot.feeds.versions import read_version

    started = time.perf_counter()
    version = await asyncio.to_thread(read_version, url, text.encode())
    read = time.perf_counter() - started
    started = time.perf_counter()
    await asyncio.to_thread(holder.set_feed, url, version.incidents)
    swap = time.perf_counter() - started
    print(f"  of which: read + judge {ms(read)}, matcher build + swap {ms(swap)} (measured again, separately)")


def _per_message(holder: KnowledgeHolder, dataset) -> None:  # noqa: ANN001
    tweets = [text for _, text in dataset.tweets]
    matcher = holder.matcher
    for text in tweets[:50]:
        matcher.match(text)  # warm up
    times, card_times, first = [], [], 0
    snapshot = holder.current
    for tweet_id, text in dataset.tweets:
        started = time.perf_counter()
        found = matcher.match(text)
        times.append(time.perf_counter() - started)
        if found:
            started = time.perf_counter()
            compose_card(snapshot.knowledge, found[0], max_statements=2)
            card_times.append(time.perf_counter() - started)
        ranked = matcher.match(text, top=1)
        gold = dataset.gold.get(tweet_id, set())
        if ranked and ranked[0].incident_id in {slugify(g) for g in gold}:
            first += 1
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    print(f"  {len(times)} tweets: matcher median {statistics.median(times) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms, "
          f"max {times[-1] * 1000:.2f} ms")  # fmt: skip
    if card_times:
        print(f"  answer card: median {statistics.median(card_times) * 1000:.3f} ms ({len(card_times)} matched)")
    print(f"  gold claim ranked first: {first}/{len(times)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("CHECKTHAT_DIR", default_data())))
    arguments = parser.parse_args()
    asyncio.run(run(arguments.claims, arguments.data))


if __name__ == "__main__":
    main()
