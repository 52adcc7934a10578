"""The knowledge the bot runs with, swapped whole on reload so readers never see a half-loaded state.

The knowledge is the files' incidents followed by each subscribed feed's last good version (`set_feed`); a
reload of the files keeps the feeds, and a feed's new version keeps the files. Ids already taken (by a file,
or an earlier feed) are left out of a feed and reported.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.building import building
from bot.db.types import utcnow
from knowledge.base import KnowledgeBase
from knowledge.errors import LoadError
from knowledge.loader import LoadResult, load_knowledge
from knowledge.matching.matcher import Matcher
from knowledge.matching.prepared_cache import PreparedCache
from knowledge.matching.types import Thresholds
from knowledge.releasing import release
from knowledge.schema import Incident
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
        lexical_cache: PreparedCache | None = None,
    ) -> None:
        self._snapshot = snapshot
        self._paths = tuple(paths) if paths is not None else None
        self._thresholds = thresholds
        self._semantic = semantic
        self._lexical_cache = lexical_cache
        self.errors: tuple[LoadError, ...] = tuple(errors)
        """The errors of the first load (the good files loaded anyway)."""
        self._files = snapshot.knowledge
        self._feeds: dict[str, tuple[Incident, ...]] = {}
        self._left_out: dict[str, tuple[str, ...]] = {}
        self._swapping = threading.Lock()
        self._reload_listeners: list[Callable[[ReloadResult], None]] = []
        self._swap_listeners: list[Callable[[KnowledgeBase, KnowledgeBase], None]] = []

    def add_swap_listener(self, listener: Callable[[KnowledgeBase, KnowledgeBase], None]) -> None:
        """Call ``listener(old, new)`` after each swap: a reload, a feed's new version (from the swapping thread)."""
        self._swap_listeners.append(listener)

    def add_reload_listener(self, listener: Callable[[ReloadResult], None]) -> None:
        """Call ``listener`` after each successful reload (from the reloading thread: it must be thread-safe)."""
        self._reload_listeners.append(listener)

    @classmethod
    def load(
        cls,
        paths: Sequence[Path] | None = None,
        *,
        thresholds: Thresholds | None = None,
        semantic: Semantic | None = None,
        lexical_cache: PreparedCache | None = None,
    ) -> KnowledgeHolder:
        """Load the knowledge from files and directories (the packaged incidents when None).

        Bad files are skipped and listed in `errors`; the bot starts with what loaded. With `semantic`, the
        matcher also compares meaning (see knowledge/semantic); with `lexical_cache`, every matcher of the
        holder reads its lexical index from there when the knowledge is unchanged (see `PreparedCache`).
        """
        result = load_knowledge(paths)
        for error in result.errors:
            log.warning("knowledge not loaded: %s", error)
        snapshot = _snapshot(result, thresholds, semantic, lexical_cache)
        return cls(
            snapshot,
            paths=paths,
            thresholds=thresholds,
            errors=result.errors,
            semantic=semantic,
            lexical_cache=lexical_cache,
        )

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
    def semantic(self) -> Semantic | None:
        """The sentence model the matchers compare meaning with (None: words only)."""
        return self._semantic

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
        with building():
            result = load_knowledge(self._paths)
            empty = () if self._feeds else _nothing_loaded(self._paths, len(result.knowledge))  # feeds may be all
            errors = result.errors or empty
            if errors:
                for error in errors:
                    log.warning("knowledge reload rejected: %s", error)
                return ReloadResult(False, errors, len(self.knowledge), self._snapshot.files)
            with self._swapping:
                self._files = result.knowledge
                self._swap(result.files)
        log.info("knowledge reloaded: %d incidents from %d files", len(result.knowledge), result.files)
        reloaded = ReloadResult(True, (), len(self.knowledge), result.files)
        for listener in list(self._reload_listeners):
            try:
                listener(reloaded)
            except Exception:
                log.exception("knowledge reload listener %r failed", listener)
        return reloaded

    def set_feed(self, name: str, incidents: Sequence[Incident]) -> tuple[str, ...]:
        """Swap in a feed's new version (blocking: builds the matcher; run it in a thread).

        Returns the ids of the feed's incidents left out because a file or an earlier feed has them.
        """
        with building(), self._swapping:
            self._feeds[name] = tuple(incidents)
            self._swap(self._snapshot.files)
            return self._left_out.get(name, ())

    def set_feeds(self, feeds: Mapping[str, Sequence[Incident]]) -> dict[str, tuple[str, ...]]:
        """Swap in several feeds' versions with one matcher build (restoring at start); ids left out, by feed."""
        with building(), self._swapping:
            self._feeds.update({name: tuple(incidents) for name, incidents in feeds.items()})
            self._swap(self._snapshot.files)
            return {name: self._left_out[name] for name in feeds if name in self._left_out}

    @property
    def feeds(self) -> Mapping[str, tuple[Incident, ...]]:
        """Each feed's incidents in use (before ids already taken are left out)."""
        return dict(self._feeds)

    def _swap(self, files: int) -> None:
        """Build and swap in the new snapshot, tell the listeners, then free the old one here, in small steps
        (freed whole, a 50,000-claim matcher holds the GIL, and so the event loop, for 0.1 to 0.3 s).
        """  # noqa: D205
        previous = [self._snapshot]
        self._build(files)
        for listener in list(self._swap_listeners):
            try:
                listener(previous[0].knowledge, self._snapshot.knowledge)
            except Exception:
                log.exception("knowledge swap listener %r failed", listener)
        release(previous)

    def _build(self, files: int) -> None:
        incidents = list(self._files)
        taken = {incident.id for incident in incidents}
        self._left_out = {}
        for name, feed in self._feeds.items():
            clashes = tuple(incident.id for incident in feed if incident.id in taken)
            if clashes:
                self._left_out[name] = clashes
                log.warning("feed %s: %d incident id(s) already taken, left out: %s", name, len(clashes), clashes[:5])
            kept = [incident for incident in feed if incident.id not in taken]
            taken.update(incident.id for incident in kept)
            incidents.extend(kept)
        knowledge = KnowledgeBase.of(incidents, self._files.examples)
        result = LoadResult(knowledge=knowledge, files=files)
        self._snapshot = _snapshot(result, self._thresholds, self._semantic, self._lexical_cache)


def _snapshot(
    result: LoadResult,
    thresholds: Thresholds | None,
    semantic: Semantic | None,
    lexical_cache: PreparedCache | None = None,
) -> KnowledgeSnapshot:
    thresholds = thresholds or Thresholds()
    matcher = Matcher(result.knowledge, thresholds=thresholds, semantic=semantic, background=True, cache=lexical_cache)
    return KnowledgeSnapshot(result.knowledge, matcher, result.files, utcnow())


def _nothing_loaded(paths: Sequence[Path] | None, incidents: int) -> tuple[LoadError, ...]:
    """A reload finding no incident at all (an emptied or wrongly mounted folder) is refused like an error."""
    if incidents:
        return ()
    where = os.pathsep.join(str(path) for path in paths) if paths else "the bundled incidents"
    return (LoadError(where, "", "no incident found: the bot keeps the knowledge it has"),)
