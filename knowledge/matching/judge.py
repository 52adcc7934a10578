"""A judge learned from labelled example messages: does a message look like an incident's false claim spreading?

The matcher's words and rules catch a message that names its incident or says the claim in words the knowledge
lists; people also write "she had nothing in her hands and he fired" in a chat where everyone knows the clip. A
model over the message's words (hashed words and word pairs) and, with the semantic layer, its embedding by the
knowledge's encoder (the full model for a small curated base), trained on the base's examples
(`knowledge.examples`), gives the chance that a message is one incident's misinformation rather than related talk
or anything else. The matcher uses it for recall to review, to answer what it already queued, and, when sure, to
answer a message its words missed, never over a dispute, the record's own words or what keeps words from an
answer (see `Matcher`).

Left out of training one examples file at a time, the full model's embeddings tell misinformation apart far
better than the static table's: at two false alarms among the 1,834 other examples, 725 of the 1,277
misinformation examples are found, against 527 (at ten: 860 against 772). A words-only judge screens messages
first, so that only those it finds at all alike are embedded (most chat is not).

With the semantic layer the model has one hidden layer (`judge_layers`: at equal false alarms it finds more
misinformation than a linear one); words alone, it is linear. Training is full-batch gradient descent on a softmax
over unrelated messages and each incident's misinformation and related talk (deterministic; about 20 s of one core
for the 7,800 examples with the hidden layer, 4 s without, once their embeddings are there: setup embeds the bundled
examples (`knowledge.semantic.seed`), the embedding cache keeps any others), done once per process for the same
examples and encoder, and kept on disk beside the embeddings.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from knowledge.examples import Example
from knowledge.matching.judge_layers import Weights, descend_hidden, softmax

Embed = Callable[[list[str]], np.ndarray]
log = logging.getLogger(__name__)
MAX_CHARS = 4000
"""What the judge reads of a message (a hostile one may be far longer)."""
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class JudgeParams:
    """How the judge is trained and what its chances allow (set by leave-one-file-out on the examples:
    ``benchmarks/judge_folds.py``).

    Attributes:
        review: Chance of an incident's misinformation from which a message its words missed goes to review.
        reply: Chance from which a message the matcher queued for that incident is answered.
        unsaid: Chance from which it is answered when what kept its words from an answer is only that they do not
            say the claim's core ("they shot a little girl at the flint juneteenth parade").
        alone: Chance from which a message its words missed (queued by the judge alone) is answered, when nothing that
            keeps words from an answer holds and it says nothing of the record (a linear judge, leave-one-file-out over
            24 examples files: 1,589 of 1,997 misinformation examples answered, against 1,572 from 0.85, 20 of 1,600
            related either way; from 0.7, 3 of 29,000 unrelated real texts were answered).
        words: Score (0-100) the words of the incident's best claim must reach for the judge to queue a message
            (with a shooting or the claim's core said): 29,000 unrelated real texts (CheckThat!) otherwise gave 32
            review items on chance alone ("Woman Stuck to Painted Toilet Seat"), 9 with it; the examples' own
            misinformation queued, 91 without, 83 with.
        screen: Chance of the words-only judge under which a message is not embedded for the judge (leave-one-file-out:
            every example the embedding judge gives 0.6 or more has 0.1 or more by its words; about 40% of the examples,
            most unrelated texts, have less).
        buckets: Hashed word and word-pair features.
        steps: Gradient steps.
        rate: Step size.
        decay: L2 penalty on the weights.
        momentum: Heavy-ball momentum of the descent: 300 steps with 0.9 fit the examples as 1,000 without it
            (leave-one-file-out, at ten false alarms among 1,834 other examples: 883 of 1,277 misinformation
            examples found, against 859 without it; at two: 799 against 725), for the time of 300.
        least: Misinformation examples an incident needs to be judged at all.
        hidden: ReLU units between the features and the classes with the semantic layer (0: a linear judge, as without
            it), trained by Adam at `adam_rate` for `steps` (see `judge_layers`).
        adam_rate: Adam's step size for a judge with a hidden layer.
        sure: Chance from which the judge answers a claim that only one keyword names (with the police shot at), a
            who-shot-whom claim whose police the message names but not in their part, and the best of several claims
            of an incident under review (never: a linear judge is not that sharp). Who-shot-whom still needs the
            police named: "he shot into her car over a parking spot in westminster, crazy" has the judge at 0.995.
        hidden_sure: `sure` of a judge with a hidden layer: leave-one-file-out over 25 examples files through the
            matcher, 1,631 of 1,997 misinformation examples answered against 1,603 without it, caught 1,879 either
            way; related talk answered 20 of 1,600 and unrelated messages 2 of 1,494 either way; 29,000 unrelated
            real texts: none answered, 8 to review, as without it.
        hidden_bars: `review`, `reply`, `unsaid` and `alone` of a judge with a hidden layer, whose chances are sharper
            (those above are a linear judge's): they keep about the linear bars' false alarms. Leave-one-file-out over
            25 examples files through the matcher: 1,603 of 1,997 misinformation examples answered and 1,879 caught,
            against 1,582 and 1,864 with the linear judge; related talk answered 20 of 1,600 either way, to review 88
            against 89; unrelated messages to review 10 against 7 of 1,494 (answered 2 either way, one by the words
            alone). 29,000 unrelated real texts: none answered, 8 to review (3 answered before the 300 unrelated
            messages of `train30_messages.jsonl` were among the examples). With 31 examples files (6,351 messages),
            leave-one-file-out: 2,028 misinformation examples answered at 0.95 and 0.95; 2,049 with `reply` at 0.9,
            and 2,049 with `alone` at 0.93 instead; related talk answered 24 and unrelated messages 3 at each (`reply`
            at 0.85: 2,059, but related 26). With 32 files (6,561 messages; 2,627 misinformation, 2,090 related,
            1,844 unrelated), leave-one-file-out: 2,129 answered at 0.9 and 0.93, 2,166 at 0.85 and 0.9; then, with
            the stance readings of the eighteenth session (5 more answered without the judge), 2,182 at 0.8 and 0.88
            and 2,193 at 0.75 and 0.85; related talk answered 25, 26, 27 and 27; unrelated messages 3 throughout.
            29,000 unrelated real texts at 0.75 and 0.85: none answered, 8 to review. `review` at 0.5 or 0.4 instead
            of 0.6: caught 2,454 or 2,464 against 2,447, related talk to review 139 or 145 against 130 (kept at 0.6).
    """  # noqa: D205

    review: float = 0.5
    reply: float = 0.8
    unsaid: float = 0.85
    alone: float = 0.8
    words: float = 12.0
    screen: float = 0.1
    buckets: int = 2048
    steps: int = 300
    rate: float = 8.0
    decay: float = 1e-4
    momentum: float = 0.9
    least: int = 20
    hidden: int = 64
    adam_rate: float = 0.01
    hidden_bars: tuple[float, float, float, float] = (0.6, 0.75, 0.97, 0.85)
    sure: float = 1.01
    hidden_sure: float = 0.99


@dataclass(frozen=True)
class Verdict:
    """The incident a message most looks like misinformation of, and the chance of it."""

    incident_id: str
    chance: float


class Judge:
    """A trained judge: `verdict(text)` in tens of microseconds (plus the message's embedding, if any)."""

    def __init__(
        self,
        incidents: tuple[str, ...],
        weights: Weights,
        params: JudgeParams,
        embed: Embed | None,
        screen: Judge | None = None,
    ) -> None:
        self.incidents, self.params = incidents, params
        self._weights, self._embed, self._screen = weights, embed, screen

    def verdict(self, text: str) -> Verdict:
        """The incident whose misinformation the message most looks like, with the chance of it. With an
        embedding, a message the words-only judge (`screen`) gives less than `JudgeParams.screen` is not embedded:
        its words' verdict stands (it is far below any bar).
        """  # noqa: D205
        if self._screen is not None:
            screened = self._screen.verdict(text)
            if screened.chance < self.params.screen:
                return screened
        chances = softmax(self._weights.logits(_features([text], self.params.buckets, self._embed)))[0]
        best = int(np.argmax(chances[1 : 1 + len(self.incidents)]))
        return Verdict(self.incidents[best], float(chances[best + 1]))


def train_judge(
    examples: Sequence[Example],
    incident_ids: Sequence[str],
    *,
    params: JudgeParams | None = None,
    embed: Embed | None = None,
    encoder: str = "words",
    store: Path | None = None,
) -> Judge | None:
    """A judge of the incidents with enough misinformation examples (None when none has), trained once per process
    for the same examples, incidents, parameters and `encoder` (the name of what `embed` computes); with `store`
    (a path's folder and name start), kept on disk too (``<store>.judge-<key>.npz``), so a restart reads it.
    """  # noqa: D205
    params = params or JudgeParams()
    known = set(incident_ids)
    used = [example for example in examples if example.incident in known or example.label == "unrelated"]
    counts = dict.fromkeys(incident_ids, 0)
    for example in used:
        if example.label == "misinfo" and example.incident is not None:
            counts[example.incident] += 1
    judged = tuple(incident for incident in incident_ids if counts[incident] >= params.least)
    if not judged:
        return None
    key = _key(used, judged, params, encoder)
    with _TRAINING:  # one training at a time: others wait, and find the same examples' judge ready
        trained = _TRAINED.get(key)
        if trained is None and store is not None:
            trained = _read(_stored_at(store, key))
        if trained is None:
            trained = _train(used, judged, params, embed)
            if store is not None:
                _write(_stored_at(store, key), trained)
        _TRAINED[key] = trained
        while len(_TRAINED) > _REMEMBERED:
            del _TRAINED[next(iter(_TRAINED))]
    if embed is None:
        return Judge(judged, trained, params, None)
    screen = train_judge(examples, incident_ids, params=params, store=store)
    return Judge(judged, trained, _bars_of(params, trained), embed, screen)


def _bars_of(params: JudgeParams, trained: Weights) -> JudgeParams:
    """The parameters a judge decides by: a judge with a hidden layer has bars of its own (`hidden_bars`)."""
    if trained.out.size == 0:
        return params
    review, reply, unsaid, alone = params.hidden_bars
    return replace(params, review=review, reply=reply, unsaid=unsaid, alone=alone, sure=params.hidden_sure)


KEEP = 4
"""Trained judges kept on disk (the latest: an examples' judge and its words-only screen, and the previous
examples'; older ones are deleted)."""


def _stored_at(store: Path, key: str) -> Path:
    return store.with_name(f"{store.name}.judge-{key[:16]}.npz")


def _read(path: Path) -> Weights | None:
    try:
        with np.load(path) as stored:
            return Weights(**{name: stored[name] for name in Weights.NAMES})
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as exc:
        log.warning("trained judge %s unreadable (%s): training it again", path, exc)
        return None


def _write(path: Path, trained: Weights) -> None:
    """Save atomically (a crash leaves the old file or none), then keep only the latest few."""
    partial_path = path.with_name(f"{path.name}.partial")
    try:
        with partial_path.open("wb") as file:
            np.savez(file, **trained.arrays())
        partial_path.replace(path)
        older = sorted(path.parent.glob(path.name.split(".judge-")[0] + ".judge-*.npz"), key=_modified, reverse=True)
        for stale in older[KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("trained judge not saved to %s (%s): it is trained again at the next start", path, exc)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


LAYOUT = 3
"""The trained weights' layout (2: related talk a class of its own per incident; 3: `judge_layers.Weights`, with a
hidden layer over the features): part of a stored judge's key, so a judge stored by an older version is trained again
rather than misread."""
_TRAINED: dict[str, Weights] = {}
_REMEMBERED = 64
"""Trained judges kept in memory (the latest), for matchers built again on the same examples."""
_TRAINING = threading.Lock()
"""Held while a judge is looked up and trained: matchers built at once (a reload, several servers' holders)
train the same examples once, and trainings never compete with each other for the processor."""


def _key(examples: Sequence[Example], judged: tuple[str, ...], params: JudgeParams, encoder: str) -> str:
    digest = hashlib.sha256(f"{params}|{encoder}|{judged}|{LAYOUT}".encode())
    for example in examples:
        digest.update(f"\x00{example.label}\x01{example.incident}\x02{example.text}".encode())
    return digest.hexdigest()


def _train(examples: Sequence[Example], judged: tuple[str, ...], params: JudgeParams, embed: Embed | None) -> Weights:
    with threadpool_limits(limits=1, user_api="blas"):  # one core: the bot answers on the others meanwhile
        if embed is None or params.hidden == 0:
            return Weights.linear(*_descend(examples, judged, params, embed))
        features = _features([example.text for example in examples], params.buckets, embed)
        return descend_hidden(
            features,
            _wanted(examples, judged).astype(np.float32),
            units=params.hidden,
            steps=params.steps,
            rate=params.adam_rate,
            decay=params.decay,
        )


def _wanted(examples: Sequence[Example], judged: tuple[str, ...]) -> np.ndarray:
    """One row per example: 1 in its class's column (`_class_of`)."""
    return np.eye(1 + 2 * len(judged))[[_class_of(example, judged) for example in examples]]


def _descend(
    examples: Sequence[Example], judged: tuple[str, ...], params: JudgeParams, embed: Embed | None
) -> tuple[np.ndarray, np.ndarray]:
    design = _Design([example.text for example in examples], params.buckets, embed)
    wanted = _wanted(examples, judged)
    weights = np.zeros((design.width, wanted.shape[1]))
    bias = np.zeros(wanted.shape[1])
    moving, moving_bias = np.zeros_like(weights), np.zeros_like(bias)
    for _ in range(params.steps):
        error = (softmax(design.times(weights) + bias) - wanted) / len(examples)
        moving = params.momentum * moving - params.rate * (design.transposed_times(error) + params.decay * weights)
        moving_bias = params.momentum * moving_bias - params.rate * error.sum(axis=0)
        weights += moving
        bias += moving_bias
    return weights.astype(np.float32), bias.astype(np.float32)


class _Design:
    """The examples' features as `_features` lays them out (embedding, then hashed words), the words kept sparse:
    a message has some thirty of the 2,048, so products cost its words, not the buckets (2.5 times faster).
    """  # noqa: D205

    def __init__(self, texts: list[str], buckets: int, embed: Embed | None) -> None:
        rows: list[int] = []
        columns: list[int] = []
        for row, text in enumerate(texts):
            present = _buckets(text, buckets)
            rows.extend([row] * len(present))
            columns.extend(present)
        self._dense = embed([text[:MAX_CHARS] for text in texts]).astype(np.float64) if embed else None
        offset = 0 if self._dense is None else self._dense.shape[1]
        self._rows, self._columns = np.array(rows, dtype=np.intp), np.array(columns, dtype=np.intp) + offset
        self._values = 1.0 / np.sqrt(np.bincount(self._rows, minlength=len(texts))[self._rows])
        self._height, self.width = len(texts), offset + buckets

    def times(self, weights: np.ndarray) -> np.ndarray:
        """The features times `weights` (width x classes)."""
        product = np.column_stack(
            [
                np.bincount(self._rows, weights=weights[self._columns, kind] * self._values, minlength=self._height)
                for kind in range(weights.shape[1])
            ]
        )
        return product if self._dense is None else product + self._dense @ weights[: self._dense.shape[1]]

    def transposed_times(self, error: np.ndarray) -> np.ndarray:
        """The features' transpose times `error` (examples x classes)."""
        product = np.column_stack(
            [
                np.bincount(self._columns, weights=error[self._rows, kind] * self._values, minlength=self.width)
                for kind in range(error.shape[1])
            ]
        )
        if self._dense is not None:
            product[: self._dense.shape[1]] += self._dense.T @ error
        return product


def _class_of(example: Example, judged: tuple[str, ...]) -> int:
    """Unrelated (0), an incident's misinformation (1 to n), or its related talk (n + 1 to 2n): learning related
    talk apart per incident lets the incident's words count for it and its misinformation alike, so that what tells
    the two apart decides (leave-one-file-out over 24 files: at ten false alarms 1,562 of 1,997 misinformation
    examples found, against 1,458 with related talk and unrelated messages one class).
    """  # noqa: D205
    if example.incident in judged and example.label != "unrelated":
        return 1 + judged.index(example.incident) + (len(judged) if example.label == "related" else 0)
    return 0


def _features(texts: list[str], buckets: int, embed: Embed | None) -> np.ndarray:
    words = np.zeros((len(texts), buckets), dtype=np.float32)
    for row, text in enumerate(texts):
        words[row, _buckets(text, buckets)] = 1.0
    norms = np.linalg.norm(words, axis=1, keepdims=True)
    words /= np.where(norms > 0, norms, 1.0)
    if embed is None:
        return words
    return np.hstack([embed([text[:MAX_CHARS] for text in texts]).astype(np.float32), words])


def _buckets(text: str, buckets: int) -> list[int]:
    """The hashed buckets of a message's words and word pairs, each once, in order."""
    return sorted({zlib.crc32(gram.encode()) % buckets for gram in _grams(text)})


def _grams(text: str) -> list[str]:
    words = _WORD.findall(text[:MAX_CHARS].casefold())
    return words + [f"{first} {second}" for first, second in pairwise(words)]
