"""Fingerprints that say when something prepared from the knowledge may be reused: same content, same code.

`knowledge_fingerprint` hashes every field of every incident, as JSON (under 0.1 s for 14,000 incidents);
`code_fingerprint` hashes the matching code's source, the schema, the Python version and the text libraries'
versions, so an upgrade or an edit of the code never reuses what older code prepared.
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from pydantic import TypeAdapter
from pydantic_core import PydanticSerializationError

from knowledge.base import KnowledgeBase
from knowledge.schema import Incident

_PACKAGE = Path(__file__).resolve().parent.parent
_SOURCES = ("matching/*.py", "schema.py", "base.py")
_LIBRARIES = ("PyStemmer", "anyascii", "tldextract", "yarl", "rapidfuzz", "pydantic", "pydantic-core")
"""Libraries whose behaviour shapes the prepared structures (stems, ASCII folding, link forms, the schema)."""
_INCIDENTS = TypeAdapter(tuple[Incident, ...])


def knowledge_fingerprint(knowledge: KnowledgeBase) -> str | None:
    """A digest of the knowledge's whole content, in order (any edit of any field changes it); None when some
    value cannot be serialised (incidents made without validation may hold anything).
    """  # noqa: D205
    try:
        content = _INCIDENTS.dump_json(tuple(knowledge), warnings=False)
    except PydanticSerializationError:
        return None
    return hashlib.sha256(content).hexdigest()


@cache
def code_fingerprint() -> str:
    """A digest of the code that prepares the knowledge for matching, and of what it runs on."""
    digest = hashlib.sha256(sys.version.encode())
    for pattern in _SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(f"\0{path.relative_to(_PACKAGE)}\0".encode())
            digest.update(path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"\0{name}={_version(name)}".encode())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"
