"""The knowledge's wordings as sentence embeddings, for recall: how close a message is to each claim in meaning.

Every claim contributes its text and phrasings (a lone imported claim its headline too); a claim's similarity to
a message is that of its closest wording. The incident's official line (its statements, clarifications and
contradicting facts) is embedded as well, to tell a message repeating the record from one asserting a claim.

A large base is embedded statically at once, then with the full model in the background (`upgrade`): once it
is ready, listings a person reads are ranked in the full model's space (`mapped`, `full_nearest`).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.matching.catalog import ClaimEntry, claim_wordings
from knowledge.semantic.bert import MAX_TOKENS
from knowledge.semantic.clusters import Clusters
from knowledge.semantic.encoder import EncoderKind, Semantic

log = logging.getLogger(__name__)

RECENT_MESSAGES = 1024
"""Message embeddings kept, most recently used first."""
UPGRADE_STEP = 8192
"""Wordings of a large base embedded by the full model between two saves of the cache (about 40 s of one core)."""
PROBES = 8
"""Clusters of a large base's full-model embeddings searched for the claims nearest a message (`full_nearest`)."""
_UPGRADING = threading.Lock()


@dataclass(frozen=True)
class Closeness:
    """How close a message is, in meaning, to one claim and to its incident's official line."""

    claim: float
    wording: str
    official: float


class SemanticIndex:
    """Wording embeddings of every claim, built once per knowledge base (through the on-disk cache)."""

    def __init__(self, semantic: Semantic, entries: Sequence[ClaimEntry]) -> None:
        started = time.perf_counter()
        self.semantic = semantic
        self._recent: OrderedDict[tuple[EncoderKind, str, int], np.ndarray] = OrderedDict()
        """The latest messages' embeddings by encoder, text and word pieces read: a message posted again (copied,
        raided) is embedded once."""
        self.full: np.ndarray | None = None
        """A large base's wordings embedded by the full model (float16), once `upgrade` is done."""
        self._clusters: Clusters | None = None
        """Those embeddings grouped, for `full_nearest` (set before `full`)."""
        self._mapping: np.ndarray | None = None
        """The linear map from static embeddings to full-model ones fitted on those wordings, for `mapped` (set
        before `full`)."""
        self._recent_lock = threading.Lock()
        texts: list[str] = []
        owners: list[int] = []
        for doc, entry in enumerate(entries):
            for text in claim_wordings(entry.incident, entry.claim):
                texts.append(text)
                owners.append(doc)
        self.kind: EncoderKind = semantic.kind_for(len(texts))
        self.texts = texts
        self.owners = np.array(owners, dtype=np.int64)
        self.matrix = semantic.encode_knowledge(texts, self.kind) if texts else np.zeros((0, 384), np.float32)
        self._rows = _rows_by_owner(owners, len(entries))
        self._official, self._official_rows = self._official_line(entries)
        seconds = time.perf_counter() - started
        log.info("semantic index ready: %d claim wordings, %s encoder, %.1f s", len(texts), self.kind, seconds)

    def _official_line(self, entries: Sequence[ClaimEntry]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """One embedding per official text (statement, clarification, contradicting fact), grouped by incident."""
        texts: list[str] = []
        rows: dict[str, list[int]] = {}
        seen: set[str] = set()
        for entry in entries:
            incident = entry.incident
            if incident.id in seen or len(incident.claims) < 1 or not entry.anchors:
                continue
            seen.add(incident.id)
            official = [statement.quote for statement in incident.statements]
            official += [incident.title, incident.verdict_summary, *_sentences(incident.summary)]
            for claim in incident.claims:
                official += [claim.clarification, *claim.contradictions]
            rows[incident.id] = list(range(len(texts), len(texts) + len(official)))
            texts += official
        matrix = self.semantic.encode_knowledge(texts, self.kind) if texts else np.zeros((0, 384), np.float32)
        return matrix, {key: np.array(value, dtype=np.int64) for key, value in rows.items()}

    @property
    def scans_all(self) -> bool:
        """Whether the whole base is small enough to search by meaning (else only lexical candidates are compared)."""
        return self.kind == "full"

    def upgrade(self) -> None:
        """Embed a large base's wordings with the full model, through the cache (an unchanged base: a read), group
        them for `full_nearest` and fit the map of `mapped`.

        One upgrade at a time per process: a base reloaded while its predecessor is still being embedded waits,
        then finds the texts they share already embedded.
        """  # noqa: D205
        if self.kind == "full" or self.full is not None:
            return
        started = time.perf_counter()
        with _UPGRADING:
            full = self.semantic.upgrade_knowledge(self.texts, UPGRADE_STEP).astype(np.float16)
            if len(full):
                self._clusters = Clusters.of(full)
                self._mapping = static_to_full(self.matrix, full)
            self.full = full
        seconds = time.perf_counter() - started
        log.info("semantic index upgraded: %d claim wordings through the full model, %.1f s", len(self.texts), seconds)

    def embed(self, text: str, kind: EncoderKind | None = None, tokens: int = MAX_TOKENS) -> np.ndarray:
        """A message's embedding, by the encoder the knowledge was embedded with (or `kind`; the full model reads
        at most `tokens` of it).

        The full model costs tens of milliseconds per message on a busy core (its 40 MB of weights are read
        for every text), so it embeds messages only for a small curated base, and then only those naming an
        incident; against a large base a message is embedded statically, in about 0.1 ms (and by the full model
        only when its ranking is uncertain: see the matcher). The latest `RECENT_MESSAGES` messages' embeddings
        are kept: a message posted again costs nothing.
        """  # noqa: D205
        key = (kind or self.kind, text, tokens)
        with self._recent_lock:
            vector = self._recent.get(key)
            if vector is not None:
                self._recent.move_to_end(key)
                return vector
        vector = self.semantic.encode([text], key[0], tokens)[0]
        vector.setflags(write=False)  # shared by every later match of the same text
        with self._recent_lock:
            self._recent[key] = vector
            if len(self._recent) > RECENT_MESSAGES:
                self._recent.popitem(last=False)
        return vector

    def forget_messages(self) -> None:
        """Drop the recent messages' embeddings."""
        with self._recent_lock:
            self._recent.clear()

    def full_closeness(self, vector: np.ndarray, docs: Sequence[int]) -> list[float]:
        """A full-model message embedding's closeness to each claim (its closest wording), once upgraded."""
        full = self.full
        if full is None:
            return [0.0] * len(docs)
        found = []
        for doc in docs:
            rows = self._rows[doc]
            found.append(float((full[rows].astype(np.float32) @ vector).max()) if len(rows) else 0.0)
        return found

    def mapped(self, vector: np.ndarray) -> np.ndarray:
        """A static message embedding mapped into the full model's space, once upgraded (else unchanged): nearer
        the message's full-model embedding than the static one is (CheckThat!'s claim wordings mapped: 0.84 cosine
        to their own on average), for microseconds rather than a forward pass.
        """  # noqa: D205
        if self._mapping is None:
            return vector
        mapped = vector @ self._mapping
        return mapped / max(float(np.linalg.norm(mapped)), 1e-12)

    def full_nearest(self, vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """The claims closest to a message embedding in the full model's space, best first, once upgraded:
        approximately (the wordings of the `PROBES` nearest clusters are compared, as int8 codes), in a fraction
        of a millisecond even among 100k claims.
        """  # noqa: D205
        clusters = self._clusters
        if self.full is None or clusters is None or limit < 1:
            return []
        rows, similarities = clusters.search(vector, PROBES)
        found: dict[int, float] = {}
        for position in np.argsort(-similarities):
            found.setdefault(int(self.owners[rows[position]]), float(similarities[position]))
            if len(found) >= limit:
                break
        return list(found.items())

    def nearest(self, vector: np.ndarray, limit: int, floor: float) -> list[tuple[int, float]]:
        """The claims closest in meaning, at least `floor`, best first (one entry per claim)."""
        if not len(self.matrix):
            return []
        similarities = self.matrix @ vector
        order = np.argsort(-similarities)
        found: dict[int, float] = {}
        for row in order:
            value = float(similarities[row])
            if value < floor or len(found) >= limit:
                break
            found.setdefault(int(self.owners[row]), value)
        return list(found.items())

    def closeness(self, vector: np.ndarray, doc: int, incident_id: str) -> Closeness:
        """The message's closeness to one claim (its closest wording) and to the incident's official line."""
        rows = self._rows[doc]
        if not len(rows):
            return Closeness(0.0, "", 0.0)
        similarities = self.matrix[rows] @ vector
        best = int(np.argmax(similarities))
        official_rows = self._official_rows.get(incident_id)
        official = float((self._official[official_rows] @ vector).max()) if official_rows is not None else 0.0
        return Closeness(float(similarities[best]), self.texts[int(rows[best])], official)


MAPPING_RIDGE = 1.0
"""Ridge of the least-squares fit of `static_to_full` (a small base has fewer wordings than dimensions)."""
_MAPPING_CHUNK = 16384


def static_to_full(static: np.ndarray, full: np.ndarray) -> np.ndarray:
    """The linear map W minimising |static W - full|^2 + ridge |W|^2 over the same texts' embeddings (rows), read
    in chunks (a large float16 matrix is never copied whole into float32).
    """  # noqa: D205
    width = static.shape[1]
    gram = np.eye(width, dtype=np.float64) * MAPPING_RIDGE
    cross = np.zeros((width, full.shape[1]), dtype=np.float64)
    for start in range(0, len(static), _MAPPING_CHUNK):
        rows = static[start : start + _MAPPING_CHUNK].astype(np.float32)
        gram += rows.T @ rows
        cross += rows.T @ full[start : start + _MAPPING_CHUNK].astype(np.float32)
    return np.linalg.solve(gram, cross).astype(np.float32)


def _sentences(text: str) -> list[str]:
    """A summary cut into sentences (each is compared on its own)."""
    return [part.strip() for part in re.split(r"(?<=[.;])\s+", text) if part.strip()]


def _rows_by_owner(owners: list[int], size: int) -> list[np.ndarray]:
    grouped: list[list[int]] = [[] for _ in range(size)]
    for row, owner in enumerate(owners):
        grouped[owner].append(row)
    return [np.array(rows, dtype=np.int64) for rows in grouped]
