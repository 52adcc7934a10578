"""What moderators taught the bot, per server: learned links (answered at once) and suppressions (never suggested).

A message's *subject* is what identifies it for dedupe and learning: its canonical links, and the hash of its
normalised text. `Learning` keeps each server's learned links and suppressions in memory for a short while
(decisions in this process invalidate at once; other processes' decisions show within the TTL, or at once when the
processes share PostgreSQL: `bot.services.changes`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import yaml

from bot.db.errors import is_database_unavailable
from bot.db.storage import StorageSource, storage_of
from bot.services.alerts import message_fingerprint
from bot.services.cache import ReadThroughCache
from bot.services.changes import Change, ChangeKind, Changes
from bot.services.review_wordings import PreparedWordings
from knowledge.base import KnowledgeBase
from knowledge.matching.learned import LearnedWordings, Wording
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action, Evidence, Match, Thresholds
from knowledge.matching.urls import canonicalize, extract_links

CACHE_TTL_SECONDS = 60.0
MAX_CACHED_GUILDS = 10_000
LEARNED_SCORE = 100.0


def link_key(url: str) -> str:
    """The key of a canonical link (sha256), as stored for suppressions and learned links."""
    return hashlib.sha256(f"link:{url}".encode()).hexdigest()


@dataclass(frozen=True)
class Subject:
    """What a message is about, for dedupe and learning: canonical links in order, and the text's hash."""

    links: tuple[str, ...]
    text_key: str

    @property
    def link(self) -> str | None:
        """The first canonical link, if any: what the review item is about."""
        return self.links[0] if self.links else None

    @property
    def key(self) -> str:
        """The item's key: its first link's, else its text's."""
        return link_key(self.links[0]) if self.links else self.text_key

    @property
    def keys(self) -> frozenset[str]:
        """Every key a suppression of this message may be stored under."""
        return frozenset({*(link_key(url) for url in self.links), self.text_key})


def subject_of(content: str) -> Subject:
    """The subject of a message's text."""
    links: dict[str, None] = {}
    for written in extract_links(content):
        canonical = canonicalize(written)
        if canonical is not None:
            links.setdefault(canonical, None)
    return Subject(tuple(links), message_fingerprint(content))


@dataclass(frozen=True)
class GuildLearning:
    """One server's learned links (canonical url -> incident, claim), suppressions (key -> incidents) and the
    wordings its moderators approved for a claim or rejected for it.
    """  # noqa: D205

    links: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    suppressed: Mapping[str, frozenset[str]] = field(default_factory=dict)
    wordings: tuple[Wording, ...] = ()

    def suppressed_for(self, subject: Subject) -> set[str]:
        """The incidents never to suggest for this subject."""
        found: set[str] = set()
        for key in subject.keys:
            found.update(self.suppressed.get(key, ()))
        return found

    def adjusted(
        self,
        content: str,
        matches: list[Match],
        knowledge: KnowledgeBase,
        *,
        lessons: LearnedWordings | None = None,
        thresholds: Thresholds | None = None,
    ) -> list[Match]:
        """Matches for the message's learned links first, then the others, without the suppressed incidents; then
        the server's learned wordings (``lessons``, see `Learning.lessons`) applied.
        """  # noqa: D205
        subject = subject_of(content)
        learned = [match for url in subject.links if (match := _learned_match(self, url, knowledge)) is not None]
        taken = {(match.incident_id, match.claim_id) for match in learned}
        merged = learned + [match for match in matches if (match.incident_id, match.claim_id) not in taken]
        suppressed = self.suppressed_for(subject)
        kept = [match for match in merged if match.incident_id not in suppressed]
        return kept if lessons is None else lessons.adjust(content, kept, thresholds)


class Learning:
    """Per-server learned links and suppressions, cached; plugs into `AlertService` as its ``learning``."""

    def __init__(
        self,
        storage: StorageSource,
        *,
        ttl: float = CACHE_TTL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
        changes: Changes | None = None,
    ) -> None:
        self._storage = storage_of(storage)
        self._changes = changes or Changes()
        self._wordings = PreparedWordings()
        self._cache: ReadThroughCache[str, GuildLearning] = ReadThroughCache(
            ttl,
            max_entries=MAX_CACHED_GUILDS,
            monotonic=monotonic,
            stale_on=is_database_unavailable,
            name="learning",
            default=lambda _guild_id: GuildLearning(),
        )

    def forget_prepared(self, _old: KnowledgeBase, _new: KnowledgeBase) -> None:
        """After a swap (in the swapping thread), drop the wordings prepared against the old matcher, so the last
        reference to the old knowledge goes in that thread (freed in steps there, not on the event loop later).
        """  # noqa: D205
        self._wordings.forget()

    async def of_guild(self, guild_id: str) -> GuildLearning:
        """The server's learning, from the cache when fresh (one database read at a time per server).

        While the database is unavailable: the last learning read, even if expired, else nothing learned.
        """
        return await self._cache.get(guild_id, lambda: self._load(guild_id))

    async def _load(self, guild_id: str) -> GuildLearning:
        async with self._storage.transaction() as tx:
            links = await tx.review.learned_links_of(guild_id)
            suppressed = await tx.review.suppressions_of(guild_id)
            wordings = tuple(await tx.phrasings.of_guild(guild_id))
        return GuildLearning(links, {key: frozenset(incidents) for key, incidents in suppressed.items()}, wordings)

    def invalidate(self, guild_id: str, item_id: int | None = None) -> None:
        """Forget the server's cached learning after a decision (on ``item_id``) changed it; tell other processes."""
        self._cache.invalidate(guild_id)
        self._changes.announce(Change(ChangeKind.LEARNING, guild_id, item_id))

    def forget(self, guild_id: str) -> None:
        """Forget the server's cached learning (another process changed it)."""
        self._cache.invalidate(guild_id)

    def forget_all(self) -> None:
        """Forget every server's cached learning."""
        self._cache.invalidate_all()

    async def adjust(
        self,
        guild_id: str,
        content: str,
        matches: list[Match],
        knowledge: KnowledgeBase,
        *,
        matcher: Matcher | None = None,
        thresholds: Thresholds | None = None,
    ) -> list[Match]:
        """Put matches for the message's learned links first and drop the suppressed incidents; with the
        ``matcher``, apply the learned wordings too (`knowledge.matching.learned`).
        """  # noqa: D205
        learning = await self.of_guild(guild_id)
        lessons = self.lessons(guild_id, matcher, learning) if matcher is not None else None
        return learning.adjusted(content, matches, knowledge, lessons=lessons, thresholds=thresholds)

    def lessons(self, guild_id: str, matcher: Matcher, learning: GuildLearning) -> LearnedWordings | None:
        """The server's learned wordings prepared against ``matcher`` (None when it has none)."""
        return self._wordings.lessons(guild_id, matcher, learning.wordings) if learning.wordings else None

    async def without_suppressed(self, guild_id: str, subject: Subject, matches: list[Match]) -> list[Match]:
        """The matches whose incident the server has not suppressed for this subject."""
        suppressed = (await self.of_guild(guild_id)).suppressed_for(subject)
        return [match for match in matches if match.incident_id not in suppressed]


def _learned_match(learning: GuildLearning, url: str, knowledge: KnowledgeBase) -> Match | None:
    found = learning.links.get(url)
    if found is None:
        return None
    incident_id, claim_id = found
    try:
        claim = knowledge.claim(incident_id, claim_id)
    except KeyError:  # the knowledge changed since: the lesson no longer applies
        return None
    reason = Evidence("link", url, f"moderators of this server marked {url} as a post of this claim")
    return Match(incident_id, claim_id, claim.text, LEARNED_SCORE, Action.REPLY, (reason,))


@dataclass(frozen=True)
class LearnedLinkSummary:
    """A link learned in one or more servers, for curators to merge into the knowledge files."""

    url: str
    incident_id: str
    claim_id: str
    servers: int


async def learned_links(storage: StorageSource) -> list[LearnedLinkSummary]:
    """Every link moderators approved, across servers, with how many servers learned it."""
    async with storage_of(storage).transaction() as tx:
        rows = await tx.review.learned_links_everywhere()
    return [LearnedLinkSummary(*row) for row in rows]


def learned_links_yaml(
    links: Sequence[LearnedLinkSummary], knowledge: KnowledgeBase | None = None, *, include_known: bool = False
) -> str:
    """The links as knowledge-file YAML: one document per incident with its ``id`` and ``links:`` entries.

    With a knowledge base, links of incidents it lacks are left out, and so are links it already knows
    (unless ``include_known``).
    """
    by_incident: dict[str, list[dict[str, str]]] = {}
    known = _known_links(knowledge) if knowledge is not None and not include_known else set()
    for link in links:
        if knowledge is not None and link.incident_id not in knowledge:
            continue
        if link.url in known:
            continue
        servers = f"{link.servers} server" + ("" if link.servers == 1 else "s")
        entry = {"url": link.url, "claim": link.claim_id, "note": f"learned in {servers}"}
        by_incident.setdefault(link.incident_id, []).append(entry)
    header = "# Links moderators marked as posts of a claim; merge each incident's entries into its file's `links:`.\n"
    if not by_incident:
        return header + "# Nothing new was learned.\n"
    documents = [{"id": incident_id, "links": entries} for incident_id, entries in by_incident.items()]
    return header + yaml.safe_dump_all(documents, explicit_start=True, sort_keys=False, allow_unicode=True)


def _known_links(knowledge: KnowledgeBase) -> set[str]:
    known: set[str] = set()
    for incident in knowledge:
        for link in incident.links:
            canonical = canonicalize(link.url)
            known.update(filter(None, (canonical, link.url)))
    return known
