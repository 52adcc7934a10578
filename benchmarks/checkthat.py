"""CheckThat! 2021 task 2A (English): rank 13,824 Snopes fact-checks for each tweet; our matcher against baselines.

Runs, in the same process and on the same tweets: our Matcher, a naive rapidfuzz scan (token_set_ratio over
every claim) and a plain Okapi BM25 over claim + title. Prints MAP@5, P@1, milliseconds per tweet and the
memory each index takes, then the matcher's time per tweet at 1k, 10k and 100k claims.

    python benchmarks/checkthat.py [--split train|dev|test] [--data DIR] [--no-naive] [--no-scale]
                                   [--semantic on|off|both] [--semantic-cache FILE] [--sizes 1000,10000,100000]
                                   [--no-memory]

With the semantic layer (knowledge/semantic) the matcher also weighs closeness in meaning; `both` (the default)
runs the matcher with it and without it. The knowledge's embeddings are cached in --semantic-cache (default:
none, so the build time includes embedding every claim). A base this large is embedded statically at once and
with the full model in the background (the bot serves meanwhile); the benchmark waits for the full model's
embeddings before measuring (their time is printed, and counted in the build time): each tweet's listing is
then ranked in the full model's space, with its static embedding mapped there or, when that ranking is
uncertain, with the full model's embedding (`MeaningParams.uncertain`).

The data is read from ``../shared/benchmarks/checkthat-2021-2a/`` (relative to the repository), or from
``$CHECKTHAT_DIR`` or ``--data``. Tune on train/dev; report on test.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import math
import os
import random
import re
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.base import KnowledgeBase  # noqa: E402
from knowledge.matching.matcher import Matcher  # noqa: E402
from knowledge.schema import Claim, Incident, Location, Source, Statement, Verdict  # noqa: E402
from knowledge.semantic.encoder import Semantic, SemanticConfig, load_semantic  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "checkthat-2021-2a"
SYNTHETIC_SEED = 2021
PASSES = 3
NAIVE_SAMPLE = 40
"""Tweets the naive scan is timed on in the scaling section (against our matcher on the same tweets)."""
"""Timed passes over the tweets: the first (cold caches) and the best are reported."""
csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class VClaim:
    """One verified claim of the pool."""

    id: str
    claim: str
    title: str
    subtitle: str
    author: str


@dataclass(frozen=True)
class Dataset:
    """The claim pool and one split's tweets with their gold claims."""

    claims: list[VClaim]
    tweets: list[tuple[str, str]]
    gold: dict[str, set[str]]


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row]


def load_dataset(directory: Path, split: str) -> Dataset:
    """Read the vclaims, the tweets of a split and its qrels."""
    claims = []
    with (directory / "vclaims.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            claims.append(
                VClaim(
                    item["vclaim_id"],
                    item["vclaim"],
                    item.get("title") or "",
                    item.get("subtitle") or "",
                    item.get("author") or "",
                )
            )
    gold: dict[str, set[str]] = {}
    for row in _read_tsv(directory / f"qrels-{split}.tsv"):
        gold.setdefault(row[0], set()).add(row[2])
    texts: dict[str, str] = {}
    for name in ("tweets-train-dev.tsv", "tweets-test.tsv"):
        texts.update({row[0]: row[1] for row in _read_tsv(directory / name) if row[0] != "iclaim_id"})
    tweets = [(tweet_id, texts[tweet_id]) for tweet_id in gold]
    return Dataset(claims, tweets, gold)


def _slug(text: str, index: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")
    return f"{slug or 'claim'}-{index}"


def incident_of(vclaim: VClaim, index: int) -> Incident:
    """One vclaim as an incident with one claim, mapped like an imported ClaimReview.

    Title -> incident title (the headline), claim -> claim text, subtitle -> summary. The statement and its
    source are placeholders built from the vclaim's own fields (the source URL carries the claim id); nothing
    of them is matched or shown.
    """
    text = vclaim.claim.strip() or vclaim.title.strip() or vclaim.id
    return Incident(
        id=_slug(vclaim.id, index),
        title=vclaim.title.strip() or text,
        summary=vclaim.subtitle.strip() or text,
        location=Location(city="n/a", region="n/a"),
        verdict=Verdict.FALSE,
        verdict_summary="CheckThat! benchmark placeholder.",
        claims=(
            Claim(
                id="claim",
                text=text,
                verdict=Verdict.FALSE,
                clarification="CheckThat! benchmark placeholder.",
                statements=("review",),
            ),
        ),
        statements=(
            Statement(
                id="review",
                speaker=vclaim.author.strip() or "Snopes",
                quote=vclaim.subtitle.strip() or text,
                source=Source(url=f"https://checkthat.invalid/{_slug(vclaim.id, index)}"),
            ),
        ),
    )


def synthetic_claims(claims: Sequence[VClaim], count: int, seed: int = SYNTHETIC_SEED) -> list[VClaim]:
    """Claims made by splicing the first half of one real claim's words onto the second half of another's.

    Titles and subtitles are spliced the same way from other random claims, so the vocabulary and the term
    statistics stay those of real fact-checks. Deterministic for a given seed.
    """
    rng = random.Random(seed)

    def splice(first: str, second: str) -> str:
        a, b = first.split(), second.split()
        return " ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2 :])

    made = []
    for number in range(count):
        one, two, three, four = (rng.choice(claims) for _ in range(4))
        made.append(
            VClaim(
                f"synthetic-{number}",
                splice(one.claim, two.claim),
                splice(three.title, four.title),
                splice(two.subtitle, three.subtitle),
                one.author,
            )
        )
    return made


# ---------------------------------------------------------------- the systems


Ranker = Callable[[str], list[int]]


def knowledge_of(claims: Sequence[VClaim]) -> KnowledgeBase:
    """The claims as a knowledge base, one incident each."""
    return KnowledgeBase.of([incident_of(claim, index) for index, claim in enumerate(claims)])


class OurMatcher:
    """The project's Matcher, asked for its five best candidates."""

    def __init__(self, knowledge: KnowledgeBase, semantic: Semantic | None = None) -> None:
        self._position = {incident.id: index for index, incident in enumerate(knowledge)}
        started = time.perf_counter()
        self.matcher = Matcher(knowledge, semantic=semantic)
        self.name = "our Matcher + semantic" if semantic is not None else "our Matcher"
        if semantic is not None and self.matcher.wait_for_meaning():  # the bot serves meanwhile (static, words)
            seconds = time.perf_counter() - started
            print(f"  {len(knowledge)} claims: full-model embeddings ready {seconds:.1f} s after the build started")

    def rank(self, text: str) -> list[int]:
        """Indices of the best five claims."""
        return [self._position[match.incident_id] for match in self.matcher.match(text, top=5, ranked=True)]

    def forget(self) -> None:
        """Forget the messages' embeddings, so that the next timing embeds every tweet as if new."""
        self.matcher.forget_messages()


class NaiveFuzz:
    """rapidfuzz token_set_ratio of the tweet against every claim + title, the five best kept.

    As usually written, `process.extract` lowercases and strips each claim (`default_process`) on every call;
    with `prepared`, the claims are processed once, ahead of time (the fastest a linear scan gets).
    """

    def __init__(self, claims: Sequence[VClaim], *, prepared: bool) -> None:
        texts = [f"{claim.claim} {claim.title}" for claim in claims]
        self._prepared = prepared
        self._choices = [utils.default_process(text) for text in texts] if prepared else texts
        self.name = "naive scan, prepared" if prepared else "naive rapidfuzz scan"

    def rank(self, text: str) -> list[int]:
        """Indices of the best five claims."""
        if self._prepared:
            query, processor = utils.default_process(text), None
        else:
            query, processor = text, utils.default_process
        found = process.extract(query, self._choices, scorer=fuzz.token_set_ratio, limit=5, processor=processor)
        return [index for _choice, _score, index in found]


_TOKEN = re.compile(r"[a-z0-9]+")


class PlainBm25:
    """Okapi BM25 (k1 1.2, b 0.75) over claim + title, lowercase word tokens, no stemming or stopwords."""

    name = "plain Okapi BM25"

    def __init__(self, claims: Sequence[VClaim], k1: float = 1.2, b: float = 0.75) -> None:
        documents = [_TOKEN.findall(f"{claim.claim} {claim.title}".lower()) for claim in claims]
        average = sum(map(len, documents)) / len(documents)
        frequency = Counter(term for document in documents for term in set(document))
        count = len(documents)
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for index, document in enumerate(documents):
            norm = k1 * (1 - b + b * len(document) / average)
            for term, tf in Counter(document).items():
                idf = math.log(1 + (count - frequency[term] + 0.5) / (frequency[term] + 0.5))
                self._postings.setdefault(term, []).append((index, idf * tf * (k1 + 1) / (tf + norm)))

    def rank(self, text: str) -> list[int]:
        """Indices of the best five claims."""
        scores: Counter[int] = Counter()
        for term in set(_TOKEN.findall(text.lower())):
            for index, weight in self._postings.get(term, ()):
                scores[index] += weight
        return [index for index, _score in scores.most_common(5)]


# ---------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Result:
    """One system's figures."""

    name: str
    map5: float
    p1: float
    ms: float
    memory_mb: float
    build_s: float
    best_ms: float = 0.0


MEASURE_MEMORY = [True]
"""False (``--no-memory``): each system is built once, its memory not measured (a 100k-claim build is slow)."""


def _build(factory: Callable[[], object]) -> tuple[object, float, float]:
    """Build a system twice: once under tracemalloc for its memory peak, once untraced for speed."""
    gc.collect()
    if not MEASURE_MEMORY[0]:
        started = time.perf_counter()
        system = factory()
        return system, float("nan"), time.perf_counter() - started
    tracemalloc.start()
    factory()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gc.collect()
    started = time.perf_counter()
    system = factory()
    return system, peak / 1e6, time.perf_counter() - started


def _average_precision(ranked: Sequence[str], gold: set[str]) -> float:
    hits, total = 0, 0.0
    for rank, claim_id in enumerate(ranked[:5], start=1):
        if claim_id in gold:
            hits += 1
            total += hits / rank
    return total / min(len(gold), 5)


def evaluate(
    name: str, rank: Ranker, dataset: Dataset, ids: Sequence[str], build: tuple[float, float], passes: int = 1
) -> Result:
    """MAP@5 and P@1 of a ranker (first pass), and its time per tweet: first pass and best pass."""
    times, rankings = [], []
    for _ in range(passes):
        started = time.perf_counter()
        ranked_now = [[ids[index] for index in rank(text)] for _tweet_id, text in dataset.tweets]
        times.append(time.perf_counter() - started)
        rankings = rankings or ranked_now
    ap = p1 = 0.0
    for (tweet_id, _text), ranked in zip(dataset.tweets, rankings, strict=True):
        gold = dataset.gold[tweet_id]
        ap += _average_precision(ranked, gold)
        p1 += bool(ranked) and ranked[0] in gold
    count = len(dataset.tweets)
    first, best = times[0] / count * 1000, min(times) / count * 1000
    return Result(name, ap / count, p1 / count, first, build[0], build[1], best)


def compare(dataset: Dataset, naive: bool, semantics: Sequence[Semantic | None] = (None,)) -> list[Result]:
    """Build and run the systems on the split: ours (with and without the semantic layer), plain BM25, and the
    naive scan as written and prepared.
    """
    ids = [claim.id for claim in dataset.claims]
    results = []
    knowledge = knowledge_of(dataset.claims)
    factories: list[tuple[Callable[[], object], int]] = [
        (lambda semantic=semantic: OurMatcher(knowledge, semantic), PASSES) for semantic in semantics
    ]
    factories.append((lambda: PlainBm25(dataset.claims), PASSES))
    if naive:  # a linear scan has no cache to warm: one pass
        factories.append((lambda: NaiveFuzz(dataset.claims, prepared=False), 1))
        factories.append((lambda: NaiveFuzz(dataset.claims, prepared=True), 1))
    kept: dict[str, Ranker] = {}
    for factory, passes in factories:
        system, memory, seconds = _build(factory)
        results.append(evaluate(system.name, system.rank, dataset, ids, (memory, seconds), passes))  # type: ignore[attr-defined]
        if isinstance(system, OurMatcher):
            system.forget()
        if system.name.startswith("our") or system.name == "naive rapidfuzz scan":  # type: ignore[attr-defined]
            kept[system.name] = system.rank  # type: ignore[attr-defined]
        del system
    if naive:
        interleaved([text for _tweet_id, text in dataset.tweets], kept)
    return results


def interleaved(texts: Sequence[str], systems: dict[str, Ranker]) -> None:
    """Each tweet through every system in turn (each warm, but the messages' embeddings forgotten), so all see the
    same load on a shared machine: the fairest speed ratio to the naive scan.
    """
    spent = dict.fromkeys(systems, 0.0)
    for text in texts:
        for name, rank in systems.items():
            started = time.perf_counter()
            rank(text)
            spent[name] += time.perf_counter() - started
    naive = spent.pop("naive rapidfuzz scan")
    print(f"\nInterleaved, every tweet through each system in turn (load average {os.getloadavg()[0]:.1f}):")
    print(f"  naive rapidfuzz scan: {naive / len(texts) * 1000:.1f} ms/tweet")
    for name, seconds in spent.items():
        print(
            f"  {name}: {seconds / len(texts) * 1000:.2f} ms/tweet, {naive / seconds:.0f}x faster than the naive scan"
        )


def print_results(results: Sequence[Result], split: str, tweets: int, claims: int) -> None:
    """The comparison table."""
    print(f"\nCheckThat! 2021 2A, split {split}: {tweets} tweets, {claims} claims")
    print(f"{'system':<24}{'MAP@5':>8}{'P@1':>8}{'ms/tweet':>10}{'best ms':>9}{'index MB':>10}{'build s':>9}")
    for result in results:
        print(
            f"{result.name:<24}{result.map5:>8.3f}{result.p1:>8.3f}{result.ms:>10.3f}{result.best_ms:>9.3f}"
            f"{result.memory_mb:>10.1f}{result.build_s:>9.1f}"
        )
    print(
        f"  ms/tweet: first pass over the tweets (the matcher's caches cold); best ms: best of {PASSES} passes (with"
        " the semantic layer, later passes find the tweets' embeddings in its cache of recent messages)"
    )
    print("  naive scans: process.extract(token_set_ratio) over claim + title; 'prepared' lowercases the claims once")
    for ours in (result for result in results if result.name.startswith("our")):
        for other in (result for result in results if not result.name.startswith("our")):
            first, best, gain = other.ms / ours.ms, other.best_ms / ours.best_ms, ours.map5 - other.map5
            print(
                f"{ours.name} vs {other.name}: {first:.0f}x faster (first pass), {best:.0f}x (best pass), "
                f"MAP@5 {gain:+.3f}"
            )


def _sample_times(texts: Sequence[str], ours: Ranker, naive: Ranker) -> tuple[float, float]:
    """Milliseconds per text of our matcher (warm) and of the naive scan, on the same texts, interleaved so both
    see the same load on a shared machine.
    """
    spent = [0.0, 0.0]
    for text in texts:
        for slot, rank in enumerate((ours, naive)):
            started = time.perf_counter()
            rank(text)
            spent[slot] += time.perf_counter() - started
    return spent[0] / len(texts) * 1000, spent[1] / len(texts) * 1000


def scaling(dataset: Dataset, sizes: Sequence[int], semantic: Semantic | None = None) -> None:
    """Matcher time per tweet with 1k, 10k and 100k claims (beyond the real ones: synthetic claims)."""
    real = dataset.claims
    label = "with the semantic layer" if semantic is not None else "words only"
    print(f"\nScaling, {label} (same tweets; the pool always holds every gold claim):")
    print(
        f"  synthetic claims: first half of one real claim's words + second half of another's (titles and "
        f"subtitles likewise), random.Random({SYNTHETIC_SEED})"
    )
    print(
        f"  naive ms and ratio: the naive rapidfuzz scan of the same pool and our matcher, interleaved on the first "
        f"{NAIVE_SAMPLE} tweets"
    )
    print(
        f"{'claims':>9}{'synthetic':>11}{'ms/tweet':>10}{'best ms':>9}{'MAP@5':>8}{'index MB':>10}{'build s':>9}"
        f"{'naive ms':>10}{'ratio':>7}"
    )
    sample = [text for _tweet_id, text in dataset.tweets[:NAIVE_SAMPLE]]
    gold_ids = set().union(*dataset.gold.values())
    gold = [claim for claim in real if claim.id in gold_ids]
    others = [claim for claim in real if claim.id not in gold_ids]
    for size in sizes:
        pool = gold + random.Random(size).sample(others, min(len(others), max(0, size - len(gold))))
        pool += synthetic_claims(real, max(0, size - len(pool)))
        sized = Dataset(pool, dataset.tweets, dataset.gold)
        knowledge = knowledge_of(pool)
        system, memory, seconds = _build(lambda knowledge=knowledge: OurMatcher(knowledge, semantic))
        ids = [claim.id for claim in pool]
        result = evaluate("ours", system.rank, sized, ids, (memory, seconds), PASSES)  # type: ignore[attr-defined]
        synthetic = max(0, len(pool) - len(real))
        system.forget()  # type: ignore[attr-defined]
        ours_ms, naive_ms = _sample_times(sample, system.rank, NaiveFuzz(pool, prepared=False).rank)  # type: ignore[attr-defined]
        print(
            f"{len(pool):>9}{synthetic:>11}{result.ms:>10.3f}{result.best_ms:>9.3f}"
            f"{result.map5:>8.3f}{memory:>10.1f}{seconds:>9.1f}{naive_ms:>10.1f}{naive_ms / ours_ms:>6.0f}x"
        )
        del system, knowledge
        gc.collect()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("train", "dev", "test"), default="test")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("CHECKTHAT_DIR", DEFAULT_DATA)))
    parser.add_argument("--no-naive", action="store_true", help="skip the slow rapidfuzz scan")
    parser.add_argument("--no-scale", action="store_true", help="skip the scaling section")
    parser.add_argument("--sizes", default="1000,10000,100000", help="pool sizes for the scaling section")
    parser.add_argument("--semantic", choices=("on", "off", "both"), default="both")
    parser.add_argument("--no-memory", action="store_true", help="build each system once, memory not measured")
    parser.add_argument("--semantic-cache", type=Path, default=None, help="file for the claims' embeddings")
    return parser.parse_args()


def main() -> None:
    arguments = _arguments()
    if not (arguments.data / "vclaims.jsonl").is_file():
        sys.exit(f"no CheckThat data in {arguments.data} (use --data or $CHECKTHAT_DIR)")
    dataset = load_dataset(arguments.data, arguments.split)
    MEASURE_MEMORY[0] = not arguments.no_memory
    semantic = None
    if arguments.semantic != "off":
        semantic = load_semantic(SemanticConfig(cache_path=arguments.semantic_cache))
        if semantic is None:
            sys.exit("the semantic layer is unavailable (see the log); use --semantic off")
    semantics = {"on": [semantic], "off": [None], "both": [None, semantic]}[arguments.semantic]
    print(f"load average: {os.getloadavg()[0]:.1f}")
    results = compare(dataset, naive=not arguments.no_naive, semantics=semantics)
    print_results(results, arguments.split, len(dataset.tweets), len(dataset.claims))
    print(f"load average: {os.getloadavg()[0]:.1f}")
    if not arguments.no_scale:
        for each in semantics:
            scaling(dataset, [int(size) for size in arguments.sizes.split(",")], each)


if __name__ == "__main__":
    main()
