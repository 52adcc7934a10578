"""The knowledge prepared for lexical matching (`prepared.Prepared`) kept on disk, keyed by the knowledge's content.

    cache = PreparedCache.beside(Path("misinfo-bot.semantic.npz"))   # misinfo-bot.lexical-<key>.pickle files
    matcher = Matcher(knowledge, cache=cache)

Building the claim entries, the BM25 index and the typo vocabulary of 14,000 claims takes seconds; a restart or
reload of an unchanged base reads them back in a fraction of that. One file per knowledge base, beside the
embeddings' cache, the newest `keep` kept (a start builds the files' knowledge, then the files' and the feeds').
The key hashes the knowledge's whole content, the build's arguments and the code that builds (`fingerprint`):
edited knowledge, other parameters or other code never read an older file. Bases under `min_claims` claims are
built, which takes milliseconds. Safe to delete; never committed.

The files are pickles, and reading a pickle can run code: only files this program wrote into its own cache folder
are read (see `prepared_file`: a checked header, then an unpickler that makes only the prepared structures'
classes). Keep the folder writable by the bot alone, like its database. A file is written under a temporary name
and renamed, so processes starting together never read a half-written one; a corrupt, truncated or mismatched
file is logged, ignored and replaced.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path

from knowledge.base import KnowledgeBase
from knowledge.matching import prepared_file
from knowledge.matching.fingerprint import code_fingerprint, knowledge_fingerprint
from knowledge.matching.index import Bm25Params
from knowledge.matching.prepared import FieldWeights, Prepared, prepare

log = logging.getLogger(__name__)

STALE_PARTIAL_SECONDS = 3600.0
"""A temporary file this old was left by a writer that died: it is removed."""

code_fingerprint()  # taken as the code is loaded: sources edited on disk later (a deploy in place) are not what runs


class PreparedCache:
    """Prepared lexical structures on disk: files named ``<stem>.lexical-<key>.pickle``."""

    def __init__(self, stem: Path, *, keep: int = 3, min_claims: int = 1000) -> None:
        """`stem`: the files' folder and name start; `keep`: files kept; `min_claims`: smaller bases are built."""
        self.stem, self.keep, self.min_claims = stem, keep, min_claims

    @classmethod
    def beside(cls, embeddings: Path, *, keep: int = 3, min_claims: int = 1000) -> PreparedCache:
        """The cache beside the embeddings' file: ``misinfo-bot.semantic.npz`` -> ``misinfo-bot.lexical-*.pickle``."""
        name = embeddings.name.removesuffix(".npz").removesuffix(".semantic")
        return cls(embeddings.with_name(name or "misinfo-bot"), keep=keep, min_claims=min_claims)

    def path(self, key: str) -> Path:
        """The file of one key."""
        return self.stem.with_name(f"{self.stem.name}.lexical-{key[:16]}.pickle")

    def prepared(self, knowledge: KnowledgeBase, fields: FieldWeights, bm25: Bm25Params, consensus: float) -> Prepared:
        """`prepare(...)`'s result: read from the cache when it has this knowledge, else built and stored."""
        if sum(len(incident.claims) for incident in knowledge) < self.min_claims:
            return prepare(knowledge, fields, bm25, consensus)
        started = time.perf_counter()
        key = cache_key(knowledge, fields, bm25, consensus)
        if key is None:
            log.warning("lexical cache not used: the knowledge's content cannot be serialised to fingerprint it")
            return prepare(knowledge, fields, bm25, consensus)
        restored = self._read(key, knowledge)
        if restored is not None:
            claims, where = len(restored.entries), self.path(key)
            log.info("lexical index of %d claims read from %s in %.2f s", claims, where, _since(started))
            return restored
        built = prepare(knowledge, fields, bm25, consensus)
        self._write(key, built, knowledge)
        log.info("lexical index of %d claims built and cached in %.2f s", len(built.entries), _since(started))
        return built

    def _read(self, key: str, knowledge: KnowledgeBase) -> Prepared | None:
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("lexical cache %s unreadable, rebuilding: %s", path, error)
            return None
        try:
            prepared = prepared_file.decode(data, knowledge, key)
        except Exception as error:  # a damaged file may fail in any way while it is read: never fatal
            log.warning("lexical cache %s unusable, rebuilding: %s", path, error)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: `_prune` keeps it
        return prepared

    def _write(self, key: str, prepared: Prepared, knowledge: KnowledgeBase) -> None:
        path = self.path(key)
        try:
            header, payload = prepared_file.encode(prepared, knowledge, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, header, payload)
        except Exception as error:  # a cache that cannot be written costs the next start its speed, nothing else
            log.warning("lexical cache %s not written: %s", path, error)
            return
        self._prune(path)

    def _prune(self, written: Path) -> None:
        """Remove the files beyond the newest `keep`, and temporary files their writers left."""
        pattern = glob.escape(self.stem.name) + ".lexical-*.pickle"
        found = []
        for path in self.stem.parent.glob(pattern):
            with contextlib.suppress(OSError):
                found.append((path.stat().st_mtime, path))
        found.sort(reverse=True)
        old = [path for _mtime, path in found[self.keep :] if path != written]
        now = time.time()
        for path in self.stem.parent.glob("." + pattern + ".*.partial"):
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > STALE_PARTIAL_SECONDS:
                    old.append(path)
        for path in old:
            with contextlib.suppress(OSError):
                path.unlink()


def cache_key(knowledge: KnowledgeBase, fields: FieldWeights, bm25: Bm25Params, consensus: float) -> str | None:
    """What a file is valid for: this format, code, arguments and knowledge (None: the knowledge cannot be hashed)."""
    content = knowledge_fingerprint(knowledge)
    if content is None:
        return None
    digest = hashlib.sha256(prepared_file.MAGIC)
    digest.update(code_fingerprint().encode())
    digest.update(repr((fields, bm25, float(consensus))).encode())
    digest.update(content.encode())
    return digest.hexdigest()


def _write_atomically(path: Path, *parts: bytes) -> None:
    """Write a temporary file beside `path`, then rename it: a reader sees the old file or the new one, whole."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            for part in parts:
                file.write(part)
        partial.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def _since(started: float) -> float:
    return time.perf_counter() - started
