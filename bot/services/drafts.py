"""Claims a server's moderators draft in chat: validated like knowledge files, matched in that server only.

A draft becomes one incident (`knowledge.drafts`) kept in the database. `DraftedClaims.snapshot_for` gives a
server the shared knowledge plus its own drafts, with a `LocalMatcher` over both: automatic answers, ``/factcheck``
and the review queue of that server see them, no other server does. Drafts are cached per server like learned
links (`bot.services.review_learning`): a change here invalidates at once and is announced to other processes.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.db.errors import is_database_unavailable
from bot.db.storage import DraftFields, DraftRecord, StorageSource, storage_of
from bot.db.types import utcnow
from bot.services.cache import ReadThroughCache
from bot.services.changes import Change, ChangeKind, Changes
from bot.services.knowledge import KnowledgeHolder, KnowledgeSnapshot
from bot.services.review_learning import LearnedLinkSummary
from knowledge.base import KnowledgeBase
from knowledge.drafts import DraftError, DraftForm, draft_id, draft_incident, incident_yaml, parse_attribution
from knowledge.matching.local import LocalKnowledge, LocalMatcher
from knowledge.matching.matcher import Matcher
from knowledge.schema import Incident, KnownLink

log = logging.getLogger(__name__)

CACHE_TTL_SECONDS = 60.0
MAX_CACHED_GUILDS = 10_000


@dataclass(frozen=True)
class Draft:
    """A stored draft and the incident it makes."""

    record: DraftRecord
    incident: Incident

    @property
    def id(self) -> int:
        """The draft's number in its server (what ``/review claim-edit`` takes)."""
        return self.record.id

    @property
    def claim_id(self) -> str:
        """The id of its one claim."""
        return self.incident.claims[0].id

    @property
    def form(self) -> DraftForm:
        """The form that makes it, to edit it."""
        return DraftForm.of(self.incident)


@dataclass(frozen=True)
class DraftOutcome:
    """A draft saved, or the problems that kept it out (one per field, to show the moderator)."""

    draft: Draft | None = None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuildDrafts:
    """One server's drafts that validate, oldest first."""

    drafts: tuple[Draft, ...] = ()
    _overlay: dict[int, tuple[KnowledgeSnapshot, KnowledgeSnapshot]] = field(default_factory=dict, compare=False)

    @property
    def incidents(self) -> tuple[Incident, ...]:
        """The incidents they make."""
        return tuple(draft.incident for draft in self.drafts)


class DraftedClaims:
    """Drafting, editing and removing a server's claims, and the knowledge each server matches with."""

    def __init__(
        self,
        holder: KnowledgeHolder,
        storage: StorageSource,
        *,
        changes: Changes | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        ttl: float = CACHE_TTL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._holder = holder
        self._storage = storage_of(storage)
        self._changes = changes or Changes()
        self._clock = clock
        self._cache: ReadThroughCache[str, GuildDrafts] = ReadThroughCache(
            ttl,
            max_entries=MAX_CACHED_GUILDS,
            monotonic=monotonic,
            stale_on=is_database_unavailable,
            name="drafts",
            default=lambda _guild_id: GuildDrafts(),
        )
        holder.add_swap_listener(self._forget_overlays)

    def _forget_overlays(self, _old: KnowledgeBase, _new: KnowledgeBase) -> None:
        """After a swap (in the swapping thread), forget the overlays on the knowledge swapped out: the last
        reference to it then goes in that thread, which frees it in steps, and not on the event loop later.
        """  # noqa: D205
        for drafts in self._cache.values():
            drafts._overlay.clear()

    async def of_guild(self, guild_id: str) -> GuildDrafts:
        """The server's drafts (cached; while the database is unavailable, the last read, else none)."""
        return await self._cache.get(guild_id, lambda: self._load(guild_id))

    async def snapshot_for(self, guild_id: str | None, base: KnowledgeSnapshot | None = None) -> KnowledgeSnapshot:
        """The knowledge a server matches with: ``base`` (the current one) plus the server's drafts.

        A draft whose id the shared knowledge now has (curators merged it) gives way to the shared incident.
        """
        base = base or self._holder.current
        if guild_id is None:
            return base
        drafts = await self.of_guild(guild_id)
        incidents = [incident for incident in drafts.incidents if incident.id not in base.knowledge]
        if not incidents:
            return base
        cached = drafts._overlay.get(id(base))
        if cached is not None and cached[0] is base:
            return cached[1]
        knowledge = LocalKnowledge(base.knowledge, incidents)
        own = KnowledgeBase.of(incidents)
        local = Matcher(own, thresholds=base.matcher.thresholds, semantic=self._holder.semantic, background=True)
        overlay = KnowledgeSnapshot(knowledge, LocalMatcher(base.matcher, local, knowledge), base.files, base.loaded_at)
        drafts._overlay.clear()
        drafts._overlay[id(base)] = (base, overlay)
        return overlay

    async def knowledge_for(self, guild_id: str | None) -> KnowledgeBase:
        """The shared knowledge plus the server's drafts."""
        return (await self.snapshot_for(guild_id)).knowledge

    async def get(self, guild_id: str, draft_number: int) -> Draft | None:
        """One of the server's drafts, read afresh."""
        async with self._storage.transaction() as tx:
            record = await tx.drafts.get(guild_id, draft_number)
        return _draft(record) if record is not None else None

    async def create(
        self,
        guild_id: str,
        form: DraftForm,
        *,
        moderator_id: str,
        platform: str = "discord",
        review_item_id: int | None = None,
    ) -> DraftOutcome:
        """Validate the form and save it as the server's claim; the problems instead when it does not validate."""
        drafts = await self._load(guild_id)
        taken = {incident.id for incident in self._holder.knowledge} | {d.incident.id for d in drafts.drafts}
        incident_id = draft_id(form.claim, taken)
        try:
            incident = draft_incident(form, incident_id)
        except DraftError as error:
            return DraftOutcome(problems=error.problems)
        async with self._storage.transaction() as tx:
            record = await tx.drafts.add(
                guild_id,
                incident_id,
                _fields(incident),
                platform=platform,
                moderator_id=moderator_id,
                review_item_id=review_item_id,
                now=self._clock(),
            )
        if record is None:
            return DraftOutcome(problems=("Another moderator just drafted the same claim: see /incident list.",))
        self._changed(guild_id)
        log.info("guild %s: claim %s drafted by %s", guild_id, incident_id, moderator_id)
        return DraftOutcome(Draft(record, incident))

    async def edit(self, guild_id: str, draft_number: int, form: DraftForm, *, moderator_id: str) -> DraftOutcome:
        """Change a draft (its id stays: answers and learned links stay attached)."""
        existing = await self.get(guild_id, draft_number)
        if existing is None:
            return DraftOutcome(problems=(NO_SUCH_DRAFT,))
        try:
            incident = draft_incident(form, existing.incident.id)
        except DraftError as error:
            return DraftOutcome(problems=error.problems)
        async with self._storage.transaction() as tx:
            record = await tx.drafts.update_fields(
                guild_id, draft_number, _fields(incident), moderator_id=moderator_id, now=self._clock()
            )
        if record is None:
            return DraftOutcome(problems=(NO_SUCH_DRAFT,))
        self._changed(guild_id)
        log.info("guild %s: drafted claim %s edited by %s", guild_id, incident.id, moderator_id)
        return DraftOutcome(Draft(record, incident))

    async def remove(self, guild_id: str, draft_number: int, *, moderator_id: str) -> Draft | None:
        """Remove a draft; the draft removed (None: the server had no such draft)."""
        async with self._storage.transaction() as tx:
            record = await tx.drafts.remove(guild_id, draft_number)
        if record is None:
            return None
        self._changed(guild_id)
        log.info("guild %s: drafted claim %s removed by %s", guild_id, record.incident_id, moderator_id)
        return _draft(record)

    def forget(self, guild_id: str) -> None:
        """Forget the server's cached drafts (another process changed them)."""
        self._cache.invalidate(guild_id)

    def forget_all(self) -> None:
        """Forget every server's cached drafts."""
        self._cache.invalidate_all()

    def _changed(self, guild_id: str) -> None:
        self._cache.invalidate(guild_id)
        self._changes.announce(Change(ChangeKind.LEARNING, guild_id))

    async def _load(self, guild_id: str) -> GuildDrafts:
        async with self._storage.transaction() as tx:
            records = await tx.drafts.of_guild(guild_id)
        return GuildDrafts(tuple(filter(None, map(_draft, records))))


NO_SUCH_DRAFT = "This server has no drafted claim with that number: see /incident list."


def form_of(record: DraftRecord) -> DraftForm:
    """The form a stored draft was made from."""
    attribution = f"{record.speaker} {record.source_url}"
    return DraftForm(record.claim, record.verdict, record.clarification, record.statement, attribution)


def _draft(record: DraftRecord) -> Draft | None:
    """The stored draft rebuilt through the schema (None, logged, if it no longer validates)."""
    try:
        return Draft(record, draft_incident(form_of(record), record.incident_id))
    except DraftError as error:
        log.warning("guild %s: drafted claim %s left out: %s", record.guild_id, record.incident_id, error)
        return None


def _fields(incident: Incident) -> DraftFields:
    form = DraftForm.of(incident)
    speaker, link = parse_attribution(form.attribution)
    return DraftFields(form.claim, form.verdict, form.clarification, form.statement, speaker, link)


def _with_links(draft: Draft, links: Sequence[LearnedLinkSummary]) -> Draft:
    incident = draft.incident
    own = [link for link in links if link.incident_id == incident.id and link.claim_id == incident.claims[0].id]
    if not own:
        return draft
    known = [
        KnownLink(url=link.url, claim=link.claim_id, note=f"learned in {link.servers} server{'s' * (link.servers > 1)}")
        for link in own
    ]
    return Draft(draft.record, incident.model_copy(update={"links": tuple(known)}))


async def drafts_everywhere(storage: StorageSource) -> list[Draft]:
    """Every server's drafts that validate (for ``kb learned``)."""
    async with storage_of(storage).transaction() as tx:
        records = await tx.drafts.everywhere()
    return list(filter(None, map(_draft, records)))


def drafts_yaml(
    drafts: list[Draft], knowledge: KnowledgeBase | None = None, links: Sequence[LearnedLinkSummary] = ()
) -> str:
    """The drafts as knowledge files, one YAML document each, headed by the file name to save it under.

    Drafts whose id the knowledge already has are left out (curators merged them). ``links`` moderators approved
    as posts of a drafted claim become the draft's ``links:``.
    """
    kept = [_with_links(draft, links) for draft in drafts if knowledge is None or draft.incident.id not in knowledge]
    header = "# Claims moderators drafted in their server; save each document as knowledge/incidents/<id>.yaml.\n"
    if not kept:
        return header + "# No drafted claim to merge.\n"
    documents = []
    for draft in kept:
        record = draft.record
        comment = (
            f"file: {draft.incident.id}.yaml\n"
            f"drafted in {record.platform} server {record.guild_id} by {record.created_by} on "
            f"{record.created_at:%Y-%m-%d}; check the statement against its source before merging"
        )
        documents.append("---\n" + incident_yaml(draft.incident, comment))
    return header + "".join(documents)
