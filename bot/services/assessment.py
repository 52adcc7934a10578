"""The one assessment of a text in a server: the matcher's candidates, then what that server's moderators taught.

Automatic answers, ``/factcheck``, reports and the review queue all assess through `Assessor.assess`, so a link
moderators approved is recognised, and an incident they rejected for a link or phrase is left out, everywhere.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from bot.services.knowledge import KnowledgeHolder, KnowledgeSnapshot
from knowledge.base import KnowledgeBase
from knowledge.matching.matcher import Matcher
from knowledge.matching.types import LinkPage, Match, Thresholds


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


@dataclass(frozen=True)
class Assessment:
    """The candidates for a text (best first), the knowledge they refer to, and the matcher's time."""

    candidates: list[Match]
    snapshot: KnowledgeSnapshot
    matcher_seconds: float


class Assessor:
    """Matches a text against the current knowledge and applies the server's learning."""

    def __init__(self, holder: KnowledgeHolder, learning: MatchAdjuster | None = None) -> None:
        self._holder = holder
        self._learning = learning

    async def assess(
        self,
        text: str,
        guild_id: str | None,
        *,
        top: int,
        pages: tuple[LinkPage, ...] = (),
        thresholds: Thresholds | None = None,
        snapshot: KnowledgeSnapshot | None = None,
    ) -> Assessment:
        """The candidates for ``text`` in the server (``guild_id`` None: outside any server, nothing learned)."""
        snapshot = snapshot or self._holder.current
        started = time.perf_counter()
        candidates = snapshot.matcher.match(text, top=top, pages=pages, thresholds=thresholds)
        seconds = time.perf_counter() - started
        if self._learning is not None and guild_id is not None:
            candidates = await self._learning.adjust(
                guild_id, text, candidates, snapshot.knowledge, matcher=snapshot.matcher, thresholds=thresholds
            )
        return Assessment(candidates, snapshot, seconds)
