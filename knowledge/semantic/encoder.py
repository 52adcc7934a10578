"""The semantic layer's entry point: the model loaded once per process, or None (and one clear log line).

    semantic = load_semantic(SemanticConfig(cache_path=Path("bot.semantic.npz")))
    matcher = Matcher(knowledge, semantic=semantic)

Two encoders share one vector space: ``full`` runs the whole model (about 1 ms per token on one core), and
``static`` averages distilled token vectors (microseconds). The matcher picks per knowledge base.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

import numpy as np
from threadpoolctl import threadpool_limits

from knowledge.semantic.bert import MAX_TOKENS, MiniLM
from knowledge.semantic.cache import EmbeddingCache
from knowledge.semantic.model_files import MODEL_SHA256, ModelUnavailableError, model_zip, read_model, read_tokenizer
from knowledge.semantic.static import StaticEmbeddings
from knowledge.semantic.wordpiece import WordPieces

log = logging.getLogger(__name__)

EncoderKind = Literal["full", "static"]
YIELD_EVERY = 64
"""Texts a background embedding runs through the model at a time (about 0.3 s of one core)."""


@dataclass(frozen=True)
class SemanticConfig:
    """How the semantic layer is set up.

    Attributes:
        enabled: False switches it off (the matcher is then purely lexical).
        cache_path: File of the knowledge's embeddings (None: kept in memory only).
        static_path: File of the distilled token table (None: next to the model, else beside `cache_path`).
        full_limit: Knowledge bases with up to this many texts are embedded with the full model; larger ones,
            and messages matched against them, with the static embeddings.
        upgrade: A larger base is also embedded with the full model in the background (saved to the cache in
            steps, so a restart resumes it); once that is done, listings a person reads are ranked in the full
            model's space, by the full model itself when uncertain (`MeaningParams.uncertain`).
        threads: Threads of the process's BLAS (None: its default). One keeps a message's latency steady on
            shared cores (measured: median 36 ms with one thread, 470 ms with two on a loaded 2-core machine).
        seeded: Read the embeddings of the packaged examples that setup made next to the model
            (`knowledge.semantic.seed`), so that no process embeds them again; False embeds everything itself.
    """

    enabled: bool = True
    cache_path: Path | None = None
    static_path: Path | None = None
    full_limit: int = 4000
    upgrade: bool = True
    threads: int | None = 1
    seeded: bool = True


class Semantic:
    """The loaded model, its static table and the knowledge embedding cache."""

    def __init__(self, model: MiniLM, config: SemanticConfig, sha256: str) -> None:
        self.model, self.config, self.sha256 = model, config, sha256
        self.cache = _cache_at(config.cache_path, seed_path(sha256) if config.seeded else None)
        self.name = f"minilm-{sha256[:12]}"
        self._lock = threading.Lock()
        self._pieces = WordPieces(model.tokenizer)

    @cached_property
    def static(self) -> StaticEmbeddings:
        """The distilled token table (read, or distilled and saved, on first use)."""
        return _static_table(
            self.model, self.config.static_path or default_static_path(self.sha256, self.config.cache_path)
        )

    def encoder(self, kind: EncoderKind) -> str:
        """The name of what this model embeds with `kind`: part of every cached vector's key."""
        return f"{self.name}-{kind}"

    def kind_for(self, texts: int) -> EncoderKind:
        """The encoder for a knowledge base with this many texts."""
        return "full" if texts <= self.config.full_limit else "static"

    def encode(self, texts: list[str], kind: EncoderKind, tokens: int = MAX_TOKENS) -> np.ndarray:
        """Unit-length embeddings of texts (not cached); the full model reads at most `tokens` of each."""
        if kind == "static":
            return self.static.encode_ids([self._pieces.ids(text) for text in texts])
        ids = self.model.token_ids(texts, tokens)
        with self._lock:  # numpy releases the GIL; one forward pass at a time keeps memory flat
            return self.model.encode_ids(ids)

    def encode_knowledge(self, texts: list[str], kind: EncoderKind) -> np.ndarray:
        """Embeddings of the knowledge's texts, through the on-disk cache."""
        return self.cache.embed(self.encoder(kind), texts, lambda missing: self.encode(missing, kind))

    def upgrade_knowledge(self, texts: list[str], step: int) -> np.ndarray:
        """Full-model embeddings of a large base's texts, through the cache, saved every `step` texts (a restart
        resumes), run a few texts at a time so that a message waiting for the model is not held up for long.
        """  # noqa: D205
        return self.cache.embed(self.encoder("full"), texts, self._encode_yielding, step)

    def _encode_yielding(self, texts: list[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda index: len(texts[index]))  # similar lengths pad little
        result = np.zeros((len(texts), self.model.network.dimensions), dtype=np.float32)
        for start in range(0, len(order), YIELD_EVERY):
            chunk = order[start : start + YIELD_EVERY]
            result[chunk] = self.encode([texts[index] for index in chunk], "full")
        return result


@cache
def _cache_at(path: Path | None, seed: Path | None) -> EmbeddingCache:
    """One cache object per file and process, so rebuilding a matcher reuses what is in memory."""
    return EmbeddingCache(path, seed)


def load_semantic(config: SemanticConfig | None = None) -> Semantic | None:
    """The semantic layer, or None when switched off or the model is unavailable (said once in the log)."""
    config = config or SemanticConfig()
    if not config.enabled:
        _say_off("switched off by the settings (SEMANTIC_MATCHING=false)")
        return None
    try:
        model, sha256 = _load_model()
    except ModelUnavailableError as error:
        _say_off(str(error))
        return None
    if config.threads is not None:
        threadpool_limits(limits=config.threads, user_api="blas")
    return Semantic(model, config, sha256)


@cache
def _say_off(why: str) -> None:
    log.warning("semantic matching is OFF, matching words only: %s", why)


_model_lock = threading.Lock()


def _load_model() -> tuple[MiniLM, str]:
    with _model_lock:
        return _load_model_once()


@cache
def _load_model_once() -> tuple[MiniLM, str]:
    """The tokenizer now; the weights, verified against `MODEL_SHA256`, on the first forward pass (a large base
    embedded statically never needs them: `make setup` verified them when it distilled the static table).
    """  # noqa: D205
    path = model_zip()
    tokenizer = read_tokenizer(path)
    log.info(
        "semantic matching is on: all-MiniLM-L6-v2 (weights SHA-256 %s…, verified on first use)", MODEL_SHA256[:12]
    )
    return MiniLM(tokenizer, lambda: _verified_weights(path)), MODEL_SHA256


def _verified_weights(path: Path | None) -> bytes:
    files = read_model(path)
    log.info("semantic model weights read and verified (SHA-256 %s…)", files.sha256[:12])
    return files.weights


def _static_table(model: MiniLM, path: Path) -> StaticEmbeddings:
    with _model_lock:
        return _static_table_once(model, path)


@cache
def _static_table_once(model: MiniLM, path: Path) -> StaticEmbeddings:
    try:
        return StaticEmbeddings.load(path)
    except (OSError, ValueError, KeyError):
        log.warning("distilling static embeddings into %s (once, about a minute)", path)
    static = StaticEmbeddings.distill(model)
    try:
        static.save(path)
    except OSError as error:
        log.warning("static embeddings not saved to %s: %s", path, error)
    return static


def default_static_path(sha256: str, cache_path: Path | None = None) -> Path:
    """Next to the model's zip when that folder is writable (setup distils there), else beside the cache."""
    name = f"static-{sha256[:12]}.npz"
    found = model_zip()
    if found is not None and (found.with_name(name).is_file() or writable(found.parent)):
        return found.with_name(name)
    folder = cache_path.parent if cache_path is not None else Path.cwd()
    return folder / name


def seed_path(sha256: str) -> Path | None:
    """Where setup keeps the packaged examples' embeddings: next to the model's zip (None without the model)."""
    found = model_zip()
    return found.with_name(f"seed-{sha256[:12]}.npz") if found is not None else None


def writable(folder: Path) -> bool:
    """Whether this process may write files into `folder`."""
    return os.access(folder, os.W_OK)
