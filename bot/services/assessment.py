"""The one assessment of a text in a server: the matcher's candidates, then what that server's moderators taught.

Automatic answers, ``/factcheck``, reports and the review queue all assess through `Assessor.assess`, so a link
moderators approved is recognised, and an incident they rejected for a link or phrase is left out, everywhere.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from bot.services.knowledge import KnowledgeHolder, KnowledgeSnapshot
from knowledge.base import KnowledgeBase
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import Action, LinkPage, Match, Thresholds

CANDIDATES = 10
"""Candidates asked of the matcher per message, ignore-tier ones included (see `triage`)."""


class MatchAdjuster(Protocol):
    """What moderators taught the bot in a server (see `bot.services.review_learning.Learning`)."""

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
        """The matches with the server's learned links and wordings applied and its suppressed incidents removed."""
        ...


class LocalKnowledge(Protocol):
    """A server's own claims (see `bot.services.drafts.DraftedClaims`)."""

    async def snapshot_for(self, guild_id: str | None, base: KnowledgeSnapshot | None = None) -> KnowledgeSnapshot:
        """``base`` (the current knowledge when None) plus the server's own claims."""
        ...


@dataclass(frozen=True)
class Assessment:
    """The candidates for a text (best first), the knowledge they refer to, and the matcher's time."""

    candidates: list[Match]
    snapshot: KnowledgeSnapshot
    matcher_seconds: float


class Assessor:
    """Matches a text against the current knowledge and applies the server's learning."""

    def __init__(
        self, holder: KnowledgeHolder, learning: MatchAdjuster | None = None, local: LocalKnowledge | None = None
    ) -> None:
        self._holder = holder
        self._learning = learning
        self._local = local

    async def snapshot_for(self, guild_id: str | None) -> KnowledgeSnapshot:
        """The knowledge a server matches with: the current knowledge, plus its own claims (drafted by moderators)."""
        if self._local is None or guild_id is None:
            return self._holder.current
        return await self._local.snapshot_for(guild_id, self._holder.current)

    async def assess(
        self,
        text: str,
        guild_id: str | None,
        *,
        top: int,
        pages: tuple[LinkPage, ...] = (),
        thresholds: Thresholds | None = None,
        snapshot: KnowledgeSnapshot | None = None,
        context: Collection[str] = (),
        ranked: bool = False,
    ) -> Assessment:
        """The candidates for ``text`` in the server (``guild_id`` None: outside any server, nothing learned).

        Without ``snapshot``: the server's (`snapshot_for`); callers that read the snapshot again pass that one.
        ``context``: the incidents the conversation named just before (see `bot.services.conversation`).
        ``ranked``: a person reads the candidates (``/factcheck``): a large base ranks them with the full model.
        """
        snapshot = snapshot or await self.snapshot_for(guild_id)
        started = time.perf_counter()
        candidates = snapshot.matcher.match(
            text, top=top, pages=pages, thresholds=thresholds, context=context, ranked=ranked
        )
        seconds = time.perf_counter() - started
        if self._learning is not None and guild_id is not None:
            candidates = await self._learning.adjust(
                guild_id, text, candidates, snapshot.knowledge, matcher=snapshot.matcher, thresholds=thresholds
            )
        return Assessment(candidates, snapshot, seconds)


def triage(snapshot: KnowledgeSnapshot, candidates: list[Match]) -> tuple[Match | None, tuple[Match, ...]]:
    """Split the candidates (best first) into the one to answer, if any, and those for moderators' review.

    A reply-tier match is answered only when its claim is worth answering unasked (not accurate or unproven)
    and no other claim of the same incident fits the message better: when one does (say, a claim rated
    accurate), the message is more likely about that one, so the match goes to review instead.
    """
    leaders: dict[str, Match] = {}
    for match in candidates:
        leaders.setdefault(match.incident_id, match)
    best: Match | None = None
    review: list[Match] = []
    for match in candidates:
        if match.action is Action.REVIEW:
            review.append(match)
        elif match.action is Action.REPLY and best is None and _answerable(snapshot, match, leaders):
            best = match
        elif match.action is Action.REPLY and not _answerable(snapshot, match, leaders):
            review.append(match)
    return best, tuple(review)


def _answerable(snapshot: KnowledgeSnapshot, match: Match, leaders: dict[str, Match]) -> bool:
    verdict = snapshot.knowledge.claim(match.incident_id, match.claim_id).verdict
    return verdict.actionable and leaders[match.incident_id] is match
