"""Review items as moderators see them: rows plus reporters, counts and the knowledge base's titles."""

from __future__ import annotations

from bot.db.storage import Transaction
from bot.domain import ReviewItemRecord, ReviewKind, ReviewState
from bot.platform.refs import Platform
from bot.services.assessment import LocalKnowledge
from bot.services.knowledge import KnowledgeHolder, KnowledgeSnapshot
from bot.services.review_types import Candidate, Reporter, ReviewItemView, ReviewPolicy, claim_ref
from knowledge.base import KnowledgeBase

SEARCH_MATCHES = 10


def excerpt_of(content: str, limit: int) -> str:
    """The start of a message's text, at most ``limit`` characters (an ellipsis marks a cut).

    Lone surrogates (valid in Discord's JSON, not in UTF-8) become ``?`` so the excerpt can be stored.
    """
    text = storable(content).strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "\u2026"


def storable(text: str) -> str:
    """The text with lone surrogates (valid in chat platforms' JSON, not in UTF-8) as ``?``, so it can be stored."""
    return text.encode("utf-8", "replace").decode("utf-8")


class ViewBuilder:
    """Builds `ReviewItemView`s and `Candidate`s from rows, with titles from the current knowledge."""

    def __init__(self, holder: KnowledgeHolder, policy: ReviewPolicy, local: LocalKnowledge | None = None) -> None:
        """``local`` adds each server's own claims, so the titles of claims its moderators drafted show too."""
        self._holder = holder
        self._policy = policy
        self._local = local

    async def build(
        self, tx: Transaction, item: ReviewItemRecord | None, *, with_reports: bool = True
    ) -> ReviewItemView:
        """The item as its embed shows it (reporters only when ``with_reports``)."""
        if item is None:
            raise LookupError("the review item disappeared")
        reports = await tx.review.reports_of(item.id, self._policy.shown_reporters) if with_reports else []
        knowledge = await self._knowledge_of(item.guild_id)
        candidates = tuple(
            self.candidate(
                str(stored["incident"]), str(stored["claim"]), _score(stored), _reasons(stored), knowledge=knowledge
            )
            for stored in item.candidates
        )
        return ReviewItemView(
            id=item.id,
            guild_id=item.guild_id,
            kind=ReviewKind(item.kind),
            state=ReviewState(item.state),
            channel_id=item.channel_id,
            message_id=item.message_id,
            author_id=item.author_id,
            excerpt=item.excerpt,
            link=item.link,
            suggestion=self._suggestion(item, candidates, knowledge),
            candidates=candidates,
            reporters=item.reporters,
            channels=await tx.review.channel_count(item.id),
            reports=tuple(Reporter(report.user_id, report.channel_id, report.note) for report in reports),
            created_at=item.created_at,
            last_seen_at=item.last_seen_at,
            mod_channel_id=item.mod_channel_id,
            mod_message_id=item.mod_message_id,
            decided_by=item.decided_by,
            decided_at=item.decided_at,
            answer_id=item.answer_id,
            platform=Platform(item.platform),
            source_deleted=item.source_deleted_at is not None,
        )

    async def _knowledge_of(self, guild_id: str) -> KnowledgeBase:
        return (await self.snapshot_of(guild_id)).knowledge

    def _suggestion(
        self, item: ReviewItemRecord, candidates: tuple[Candidate, ...], knowledge: KnowledgeBase
    ) -> Candidate | None:
        if item.incident_id is None or item.claim_id is None:
            return None
        for candidate in candidates:
            if (candidate.incident_id, candidate.claim_id) == (item.incident_id, item.claim_id):
                return candidate
        return self.candidate(item.incident_id, item.claim_id, item.score, knowledge=knowledge)

    def candidate(
        self,
        incident_id: str,
        claim_id: str,
        score: float | None = None,
        reasons: tuple[str, ...] = (),
        *,
        knowledge: KnowledgeBase | None = None,
    ) -> Candidate:
        """A claim with its titles from the knowledge base (its ids when the knowledge no longer has it)."""
        knowledge = knowledge if knowledge is not None else self._holder.knowledge
        try:
            incident = knowledge.get(incident_id)
            claim = incident.claim(claim_id)
        except KeyError:
            return Candidate(incident_id, claim_id, incident_id, claim_id, "", score, reasons)
        return Candidate(incident_id, claim_id, incident.title, claim.text, claim.verdict.label, score, reasons)

    def incident_title(self, incident_id: str | None) -> str | None:
        """The incident's title, if the knowledge has it."""
        if incident_id is None or incident_id not in self._holder.knowledge:
            return None
        return self._holder.knowledge.get(incident_id).title

    async def snapshot_of(self, guild_id: str) -> KnowledgeSnapshot:
        """The knowledge of a server: the shared one and its own claims."""
        if self._local is None:
            return self._holder.current
        return await self._local.snapshot_for(guild_id, self._holder.current)

    def search(self, text: str, *, limit: int, snapshot: KnowledgeSnapshot | None = None) -> list[Candidate]:
        """The matcher's candidates for the text, then every claim of the incidents whose id or title matches."""
        snapshot = snapshot if snapshot is not None else self._holder.current
        knowledge = snapshot.knowledge
        found: dict[tuple[str, str], Candidate] = {}
        for match in snapshot.matcher.match(text, top=SEARCH_MATCHES):
            if match.score > 0:
                key = (match.incident_id, match.claim_id)
                found.setdefault(key, self.candidate(*key, match.score, tuple(match.reason_texts), knowledge=knowledge))
        for incident in knowledge.search(text, limit):
            for claim in incident.claims:
                found.setdefault((incident.id, claim.id), self.candidate(incident.id, claim.id, knowledge=knowledge))
        return list(found.values())[:limit]

    def resolve(self, ref: str, knowledge: KnowledgeBase | None = None) -> Candidate | None:
        """The claim a `Candidate.ref` stands for (in ``knowledge``: the shared knowledge when None)."""
        knowledge = knowledge if knowledge is not None else self._holder.knowledge
        found = _find_ref(knowledge, ref)
        return self.candidate(*found, knowledge=knowledge) if found is not None else None


def _find_ref(knowledge: KnowledgeBase, ref: str) -> tuple[str, str] | None:
    for incident in knowledge:
        for claim in incident.claims:
            if claim_ref(incident.id, claim.id) == ref:
                return incident.id, claim.id
    return None


def _score(stored: dict[str, object]) -> float | None:
    score = stored.get("score")
    return float(score) if isinstance(score, int | float) else None


def _reasons(stored: dict[str, object]) -> tuple[str, ...]:
    reasons = stored.get("reasons")
    return tuple(str(reason) for reason in reasons) if isinstance(reasons, list) else ()
