"""The file format of the prepared-structures cache (`prepared_cache`): a checked header, then a pickle.

    header + payload = encode(prepared, knowledge, key)
    prepared = decode(data, knowledge, key)       # ValueError, TypeError, pickle errors... when unusable

Reading a pickle can run code, so `decode` reads only what `encode` wrote for this key: the magic line, the key's
digest and the SHA-256 of the payload are checked before anything is unpickled, and the unpickler makes only the
classes of the prepared structures. The knowledge's incidents and claims are not stored: a claim entry refers to
them by position, and they are the current knowledge's own objects once read (its content is part of the key).
"""

from __future__ import annotations

import gc
import hashlib
import io
import operator
import pickle
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from knowledge.base import KnowledgeBase
from knowledge.matching.catalog import ClaimEntry
from knowledge.matching.keywords import Anchor, NearMissTerms
from knowledge.matching.phrases import Phrase
from knowledge.matching.prepared import Prepared

MAGIC = b"misinfo-bot prepared lexical structures, format 1\n"
"""The files' first line: a file without it is not one of ours."""
_DIGEST = 32
_BY_FIELDS = (ClaimEntry, Phrase, Anchor, NearMissTerms, Prepared)
"""Frozen dataclasses stored as their fields and made again by their constructor (faster than their own state)."""
_ALLOWED = frozenset(
    {
        ("collections", "Counter"),
        ("knowledge.matching.catalog", "ClaimEntry"),
        ("knowledge.matching.catalog", "LinkTables"),
        ("knowledge.matching.fuzzy", "TypoCorrector"),
        ("knowledge.matching.index", "Bm25Index"),
        ("knowledge.matching.index", "Bm25Params"),
        ("knowledge.matching.keywords", "Anchor"),
        ("knowledge.matching.keywords", "NearMissTerms"),
        ("knowledge.matching.phrases", "Phrase"),
        ("knowledge.matching.prepared", "Prepared"),
        ("knowledge.matching.roles", "Role"),
    }
)
"""The only classes a cache file may make."""


def encode(prepared: Prepared, knowledge: KnowledgeBase, key: str) -> tuple[bytes, bytes]:
    """The header and the payload of the file of `prepared`, built from `knowledge` (cache key `key`)."""
    buffer = io.BytesIO()
    _Pickler(buffer, knowledge).dump((_claim_keys(knowledge), prepared))
    payload = buffer.getvalue()
    return MAGIC + _key_digest(key) + hashlib.sha256(payload).digest(), payload


def decode(data: bytes, knowledge: KnowledgeBase, key: str) -> Prepared:
    """The prepared structures of a file's content, once its header says it is ours, for this key, and whole."""
    start = len(MAGIC) + 2 * _DIGEST
    if not data.startswith(MAGIC) or len(data) < start:
        raise ValueError("not a cache file of this format")
    if data[len(MAGIC) : len(MAGIC) + _DIGEST] != _key_digest(key):
        raise ValueError("written for other knowledge, parameters or code")
    payload = memoryview(data)[start:]
    if hashlib.sha256(payload).digest() != data[start - _DIGEST : start]:
        raise ValueError("damaged (checksum mismatch)")
    enabled = gc.isenabled()
    gc.disable()  # a million small objects: the collector would walk them again and again while they are made
    try:
        keys, prepared = _Unpickler(io.BytesIO(payload), knowledge).load()
    finally:
        if enabled:
            gc.enable()
    _check(keys, prepared, knowledge)
    return prepared


def _check(keys: object, prepared: object, knowledge: KnowledgeBase) -> None:
    """Raise unless the structures are prepared for exactly this knowledge's claims, in its order."""
    if not isinstance(prepared, Prepared):
        raise TypeError("unexpected content")
    claims = _claim_keys(knowledge)
    if keys != claims or [entry.key for entry in prepared.entries] != claims:
        raise ValueError("prepared for other claims")
    if prepared.index.size != len(claims):
        raise ValueError("the index does not cover the claims")


def _claim_keys(knowledge: KnowledgeBase) -> list[tuple[str, str]]:
    return [(incident.id, claim.id) for incident in knowledge for claim in incident.claims]


def _key_digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def _field_reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    values = operator.attrgetter(*(field.name for field in fields(cls)))
    return lambda obj: (cls, values(obj))


class _Pickler(pickle.Pickler):
    """Stores the knowledge's incidents and claims by position, and dataclasses by their fields."""

    def __init__(self, file: io.BytesIO, knowledge: KnowledgeBase) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = {cls: _field_reducer(cls) for cls in _BY_FIELDS}
        self._positions: dict[int, tuple[int, ...]] = {}
        for number, incident in enumerate(knowledge):
            self._positions[id(incident)] = (number,)
            for claim_number, claim in enumerate(incident.claims):
                self._positions[id(claim)] = (number, claim_number)

    def persistent_id(self, obj: object) -> tuple[int, ...] | None:  # type: ignore[override]
        return self._positions.get(id(obj))


class _Unpickler(pickle.Unpickler):
    """Makes only the allowed classes; an incident or claim stored by position is the knowledge's own."""

    def __init__(self, file: io.BytesIO, knowledge: KnowledgeBase) -> None:
        super().__init__(file)
        self._incidents = tuple(knowledge)

    def find_class(self, module: str, name: str) -> Any:  # a class, whichever was asked for
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file")
        return super().find_class(module, name)

    def persistent_load(self, pid: Any) -> Any:  # an incident or a claim
        if not (isinstance(pid, tuple) and 1 <= len(pid) <= 2 and all(type(part) is int and part >= 0 for part in pid)):
            raise pickle.UnpicklingError("unexpected reference")
        incident = self._incidents[pid[0]]
        return incident if len(pid) == 1 else incident.claims[pid[1]]
