"""The file format of the prepared-structures cache (`prepared_cache`): a checked header, then a pickle.

    header + payload = encode(prepared, knowledge, key)
    prepared = decode(data, knowledge, key)       # ValueError, TypeError, pickle errors... when unusable

Reading a pickle can run code, so `decode` reads only what `encode` wrote for this key: the magic line, the key's
digest and the SHA-256 of the payload are checked before anything is unpickled, and the unpickler makes only the
classes of the prepared structures. The knowledge's own objects (incidents, claims and the texts phrases keep) are
not stored: they are referred to by position and are the current knowledge's once read (its content is part of the
key). What the build shares is shared again when read (the index's document numbers, the phrases' multipliers),
so a matcher read from a file takes the memory of one built afresh.
"""

from __future__ import annotations

import gc
import hashlib
import io
import operator
import pickle
from array import array
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import numpy as np

from knowledge.base import KnowledgeBase
from knowledge.matching.catalog import ClaimEntry
from knowledge.matching.index import Bm25Index, FlatPostings
from knowledge.matching.keywords import Anchor, NearMissTerms
from knowledge.matching.phrases import Phrase, shared_multipliers
from knowledge.matching.prepared import Prepared

MAGIC = b"misinfo-bot prepared lexical structures, format 1\n"
"""The files' first line: a file without it is not one of ours."""
_DIGEST = 32
_BY_FIELDS = (ClaimEntry, Anchor, NearMissTerms, Prepared)
"""Frozen dataclasses stored as their fields and made again by their constructor (faster than their own state)."""
_ALLOWED = frozenset(
    {
        ("collections", "Counter"),
        ("knowledge.matching.catalog", "ClaimEntry"),
        ("knowledge.matching.catalog", "LinkTables"),
        ("knowledge.matching.fuzzy", "TypoCorrector"),
        ("knowledge.matching.index", "Bm25Params"),
        ("knowledge.matching.keywords", "Anchor"),
        ("knowledge.matching.keywords", "NearMissTerms"),
        ("knowledge.matching.prepared", "Prepared"),
        ("knowledge.matching.prepared_file", "_index"),
        ("knowledge.matching.prepared_file", "_phrase"),
        ("knowledge.matching.roles", "Role"),
    }
)
"""The only classes and functions a cache file may call (the index and the phrases are made by functions here)."""


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


def _knowledge_objects(knowledge: KnowledgeBase) -> list[object]:
    """The knowledge's objects the prepared structures hold, in an order its content fixes: incidents, claims and
    the texts phrases are made of (the same text at two places is stored as the first).
    """  # noqa: D205
    found: list[object] = []
    for incident in knowledge:
        found += (incident, incident.title, *incident.keywords)
        for near_miss in incident.near_misses:
            found += (near_miss.description, *near_miss.terms)
        for claim in incident.claims:
            found += (claim, claim.text, *claim.phrasings)
    return found


def _field_reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    values = operator.attrgetter(*(field.name for field in fields(cls)))
    return lambda obj: (cls, values(obj))


def _reduce_phrase(phrase: Phrase) -> tuple[Callable[..., Phrase], tuple[Any, ...]]:
    return _phrase, (phrase.text, phrase.terms, phrase.stems, phrase.role, phrase.emphasis, phrase.keys)


def _phrase(*values: Any) -> Phrase:  # a phrase's fields
    """A phrase read back, its multipliers the floats every phrase shares."""
    text, terms, stems, role, emphasis, keys = values
    return Phrase(text, terms, stems, role, shared_multipliers(emphasis) if emphasis else emphasis, keys)


def _reduce_index(index: Bm25Index) -> tuple[Callable[..., Bm25Index], tuple[Any, ...]]:
    """The index with its postings as three arrays (each term's count, documents, impacts): compact, quick to read."""
    state = dict(vars(index))
    postings: dict[str, dict[int, int]] = state.pop("_postings")
    del state["_flat"]  # the same postings as arrays: made again from these
    counts, documents, impacts = array("i"), array("i"), array("H")
    for found in postings.values():
        counts.append(len(found))
        documents.extend(found.keys())
        impacts.extend(found.values())
    return _index, (state, list(postings), counts.tobytes(), documents.tobytes(), impacts.tobytes())


def _index(state: dict[str, Any], terms: list[str], counts: bytes, documents: bytes, impacts: bytes) -> Bm25Index:
    """The index read back, every posting of a document keyed by the same number object (as when built)."""
    index = Bm25Index.__new__(Bm25Index)
    vars(index).update(state)
    numbers = list(range(index.size))
    sizes, docs, values = array("i", counts), array("i", documents), array("H", impacts)
    if len(sizes) != len(terms) or sum(sizes) != len(docs) or len(docs) != len(values):
        raise ValueError("the index's postings do not add up")
    postings: dict[str, dict[int, int]] = {}
    start = 0
    for term, size in zip(terms, sizes, strict=True):
        end = start + size
        postings[term] = dict(zip(map(numbers.__getitem__, docs[start:end]), values[start:end], strict=True))
        start = end
    index._postings = postings  # the index's own state, as it was written
    index._flat = FlatPostings.read(terms, sizes, np.frombuffer(docs, np.intc), np.frombuffer(values, np.uint16))
    return index


class _Pickler(pickle.Pickler):
    """Stores the knowledge's objects by position, dataclasses by their fields and the index compactly."""

    def __init__(self, file: io.BytesIO, knowledge: KnowledgeBase) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = {cls: _field_reducer(cls) for cls in _BY_FIELDS}
        self.dispatch_table.update({Phrase: _reduce_phrase, Bm25Index: _reduce_index})
        self._positions: dict[int, int] = {}
        for position, obj in enumerate(_knowledge_objects(knowledge)):
            self._positions.setdefault(id(obj), position)

    def persistent_id(self, obj: object) -> int | None:  # type: ignore[override]
        return self._positions.get(id(obj))


class _Unpickler(pickle.Unpickler):
    """Makes only the allowed classes; an object stored by position is the knowledge's own."""

    def __init__(self, file: io.BytesIO, knowledge: KnowledgeBase) -> None:
        super().__init__(file)
        self._objects = _knowledge_objects(knowledge)

    def find_class(self, module: str, name: str) -> Any:  # a class, whichever was asked for
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file")
        return super().find_class(module, name)

    def persistent_load(self, pid: Any) -> Any:  # one of the knowledge's objects
        if type(pid) is not int or pid < 0:
            raise pickle.UnpicklingError("unexpected reference")
        return self._objects[pid]
