"""The knowledge the bot runs with, swapped whole on reload so readers never see a half-loaded state."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.db.types import utcnow
from knowledge.base import KnowledgeBase
from knowledge.errors import LoadError
from knowledge.loader import LoadResult, load_knowledge
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Thresholds
from knowledge.semantic.encoder import Semantic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KnowledgeSnapshot:
    """A knowledge base with the matcher built on it; read both from one snapshot."""

    knowledge: KnowledgeBase
    matcher: Matcher
    files: int
    loaded_at: dt.datetime


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: swapped in the new knowledge, or kept the running one because of errors."""

    reloaded: bool
    errors: tuple[LoadError, ...]
    incidents: int
    files: int


class KnowledgeHolder:
    """Holds the current `KnowledgeSnapshot`; `reload` replaces it only when everything loaded cleanly."""

    def __init__(
        self,
        snapshot: KnowledgeSnapshot,
        *,
        paths: Sequence[Path] | None = None,
        thresholds: Thresholds | None = None,
        errors: Sequence[LoadError] = (),
        semantic: Semantic | None = None,
    ) -> None:
        self._snapshot = snapshot
        self._paths = tuple(paths) if paths is not None else None
        self._thresholds = thresholds
        self._semantic = semantic
        self.errors: tuple[LoadError, ...] = tuple(errors)
        """The errors of the first load (the good files loaded anyway)."""

    @classmethod
    def load(
        cls,
        paths: Sequence[Path] | None = None,
        *,
        thresholds: Thresholds | None = None,
        semantic: Semantic | None = None,
    ) -> KnowledgeHolder:
        """Load the knowledge from files and directories (the packaged incidents when None).

        Bad files are skipped and listed in `errors`; the bot starts with what loaded. With `semantic`, the
        matcher also compares meaning (see knowledge/semantic).
        """
        result = load_knowledge(paths)
        for error in result.errors:
            log.warning("knowledge not loaded: %s", error)
        snapshot = _snapshot(result, thresholds, semantic)
        return cls(snapshot, paths=paths, thresholds=thresholds, errors=result.errors, semantic=semantic)

    @classmethod
    def of(
        cls, knowledge: KnowledgeBase, *, thresholds: Thresholds | None = None, semantic: Semantic | None = None
    ) -> KnowledgeHolder:
        """Hold a knowledge base built in code (tests); `reload` then loads the packaged incidents."""
        snapshot = _snapshot(LoadResult(knowledge=knowledge), thresholds, semantic)
        return cls(snapshot, thresholds=thresholds, semantic=semantic)

    @property
    def current(self) -> KnowledgeSnapshot:
        """The snapshot to use for one piece of work."""
        return self._snapshot

    @property
    def knowledge(self) -> KnowledgeBase:
        """The current knowledge base."""
        return self._snapshot.knowledge

    @property
    def matcher(self) -> Matcher:
        """The matcher of the current knowledge base."""
        return self._snapshot.matcher

    def reload(self) -> ReloadResult:
        """Load the same paths again; swap in the result only if nothing failed (blocking: run it in a thread)."""
        result = load_knowledge(self._paths)
        if result.errors:
            for error in result.errors:
                log.warning("knowledge reload rejected: %s", error)
            return ReloadResult(False, result.errors, len(self.knowledge), self._snapshot.files)
        self._snapshot = _snapshot(result, self._thresholds, self._semantic)
        log.info("knowledge reloaded: %d incidents from %d files", len(result.knowledge), result.files)
        return ReloadResult(True, (), len(result.knowledge), result.files)


def _snapshot(result: LoadResult, thresholds: Thresholds | None, semantic: Semantic | None) -> KnowledgeSnapshot:
    matcher = Matcher(result.knowledge, thresholds=thresholds or Thresholds(), semantic=semantic)
    return KnowledgeSnapshot(result.knowledge, matcher, result.files, utcnow())
