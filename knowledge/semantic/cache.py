"""Embeddings of the knowledge's texts kept on disk, keyed by each text's content (and the encoder that made it).

One ``.npz`` file: the keys (SHA-1 of encoder name and text) and the vectors (float16). A restart or reload
of an unchanged knowledge base reads it and embeds nothing; an edited base embeds only the new texts. The file
keeps the vectors this process asked for (every encoder's, every call's) and drops the rest; it is rewritten
atomically and is safe to delete. A long embedding (a large base through the full model) is saved in steps, so
a restart resumes it.

A seed is a file of the same format made once at install (`knowledge.semantic.seed`: the packaged examples), read
and never written: what it holds is not embedded again by any process, whatever its own file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

log = logging.getLogger(__name__)

_KEY_BYTES = 20
"""A key's length: a SHA-1 digest."""


def text_key(encoder: str, text: str) -> bytes:
    """The cache key of one text embedded by one encoder."""
    return hashlib.sha1(f"{encoder}\0{text}".encode("utf-8", "surrogatepass"), usedforsecurity=False).digest()


class EmbeddingCache:
    """Vectors by text key, read from and written to one file (or only held in memory when `path` is None)."""

    _memory: ClassVar[dict[bytes, np.ndarray]] = {}
    """Every vector computed or read in this process, whatever the file (tests build many knowledge bases)."""
    _seeds_read: ClassVar[set[Path]] = set()

    def __init__(self, path: Path | None, seed: Path | None = None) -> None:
        self.path, self.seed = path, seed
        self._vectors: dict[bytes, np.ndarray] = {}
        self._used: set[bytes] = set()
        """The keys asked for since the file was read: what a save keeps."""
        self._saved: set[bytes] = set()
        """The keys the file holds."""
        self._read = False
        self._lock = threading.Lock()

    def _load(self) -> None:
        self._read = True
        if self.seed is not None and self.seed not in EmbeddingCache._seeds_read:
            EmbeddingCache._seeds_read.add(self.seed)
            EmbeddingCache._memory.update(_read_file(self.seed, "seed") or {})
        if self.path is None or not self.path.is_file():
            return
        found = _read_file(self.path, "cache")
        if found is not None:
            self._vectors = found
            self._saved = set(found)
            EmbeddingCache._memory.update(found)

    def embed(
        self,
        encoder: str,
        texts: Sequence[str],
        compute: Callable[[list[str]], np.ndarray],
        step: int | None = None,
    ) -> np.ndarray:
        """The texts' vectors, computing and storing only those not cached yet: in one call, or `step` texts at a
        time with the file saved after each (a long embedding interrupted resumes where it stopped).
        """  # noqa: D205
        with self._lock:
            if not self._read:
                self._load()
            keys = [text_key(encoder, text) for text in texts]
            self._used.update(keys)
            remembered = EmbeddingCache._memory
            for key in keys:
                if key not in self._vectors and key in remembered:
                    self._vectors[key] = remembered[key]
            wanted = {key: text for key, text in zip(keys, texts, strict=True) if key not in self._vectors}
        pending = list(wanted.items())
        size = step or max(1, len(pending))
        for start in range(0, len(pending), size):
            chunk = dict(pending[start : start + size])
            computed = compute(list(chunk.values())).astype(np.float16)
            with self._lock:
                self._vectors.update(zip(chunk, computed, strict=True))
                remembered.update(zip(chunk, computed, strict=True))
                self._save()
        with self._lock:
            if not wanted and not self._saved.issuperset(keys):
                self._save()
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._vectors[key] for key in keys]).astype(np.float32)

    def _save(self) -> None:
        """Write the vectors asked for since the file was read, dropping stale ones."""
        if self.path is None:
            return
        kept = [key for key in self._vectors if key in self._used]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
            with partial.open("wb") as file:
                np.savez(
                    file,
                    keys=np.array(kept, dtype=f"S{_KEY_BYTES}"),
                    vectors=np.stack([self._vectors[key] for key in kept]),
                )
            partial.replace(self.path)
            self._saved = set(kept)
        except OSError as error:
            log.warning("semantic cache %s not written: %s", self.path, error)


def _read_file(path: Path, kind: str) -> dict[bytes, np.ndarray] | None:
    """The vectors of a cache or seed file by key; None when it is missing, or unreadable (said in the log)."""
    try:
        with np.load(path) as data:
            keys, vectors = data["keys"], data["vectors"]
        # numpy's fixed-width bytes drop trailing zero bytes: a digest ending in one is padded back to its length
        return {bytes(key).ljust(_KEY_BYTES, b"\0"): vector for key, vector in zip(keys, vectors, strict=True)}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as error:
        log.warning("semantic %s %s unreadable, embedding afresh: %s", kind, path, error)
        return None
