"""``/factcheck``: a member asks about a text or a link and gets the best matches, or "nothing known"."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace

from bot.services.assessment import Assessor, LocalKnowledge, MatchAdjuster
from bot.services.cards import AnswerCard, compose_card
from bot.services.guild_settings import GuildSettingsService
from bot.services.knowledge import KnowledgeHolder, KnowledgeSnapshot
from bot.services.link_pages import PageProvider
from knowledge.matching.types import Action, LinkPage, Match, Thresholds

log = logging.getLogger(__name__)

_SILENCE_REASON = "context"  # the matcher's reasons not to answer unasked (too short, rated accurate...)
FETCH_SECONDS = 2.0
"""How long a fact-check waits for linked pages: Discord wants an answer to a command within 3 s."""


@dataclass(frozen=True)
class FactCheckResult:
    """The cards for the best matches (best first) and the links in the text the knowledge does not know."""

    cards: tuple[AnswerCard, ...]
    unknown_links: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """Whether anything known matched."""
        return bool(self.cards)


class FactCheckService:
    """Answers members' questions; shows every verdict, accurate and unproven ones included."""

    def __init__(
        self,
        holder: KnowledgeHolder,
        guild_settings: GuildSettingsService | None = None,
        *,
        limit: int = 3,
        pages: PageProvider | None = None,
        fetch_seconds: float = FETCH_SECONDS,
        learning: MatchAdjuster | None = None,
        local: LocalKnowledge | None = None,
    ) -> None:
        """``pages`` reads unknown links' pages when the text alone matches nothing surely (None: never);
        ``learning`` adds the server's learned links and leaves out what its moderators rejected; ``local`` adds
        the server's own claims.
        """  # noqa: D205
        self._holder = holder
        self._assessor = Assessor(holder, learning, local)
        self._guild_settings = guild_settings
        self._limit = limit
        self._pages = pages
        self._fetch_seconds = fetch_seconds

    async def check(
        self, text: str, *, guild_id: str | None = None, pages: tuple[LinkPage, ...] = ()
    ) -> FactCheckResult:
        """Match the text (and the pages read from its links) with the server's thresholds.

        Every match scoring at least the review threshold is shown, best first, whatever its verdict and
        whether or not it would be answered unasked: a member asked. A card's action tells how sure the
        match is (``reply``: as sure as an automatic answer needs; ``review``: possibly about it).
        """
        snapshot = await self._assessor.snapshot_for(guild_id)
        thresholds = await self._thresholds(guild_id) or snapshot.matcher.thresholds
        candidates = await self._candidates(text, guild_id, pages, thresholds, snapshot)
        if not pages and self._pages is not None and all(match.score < thresholds.reply for match in candidates):
            read = await self._read_pages(text, guild_id)
            if read:
                candidates = await self._candidates(text, guild_id, read, thresholds, snapshot)
        shown = [_as_asked(match, thresholds) for match in candidates if match.score >= thresholds.review]
        cards = tuple(compose_card(snapshot.knowledge, match) for match in shown)
        unknown = tuple(snapshot.matcher.unknown_links(text))
        log.debug("factcheck in guild %s: %d matches, %d unknown links", guild_id, len(cards), len(unknown))
        return FactCheckResult(cards, unknown)

    async def _candidates(
        self,
        text: str,
        guild_id: str | None,
        pages: tuple[LinkPage, ...],
        thresholds: Thresholds,
        snapshot: KnowledgeSnapshot,
    ) -> list[Match]:
        assessed = await self._assessor.assess(
            text, guild_id, top=self._limit, pages=pages, thresholds=thresholds, snapshot=snapshot, ranked=True
        )
        return assessed.candidates

    async def _read_pages(self, text: str, guild_id: str | None) -> tuple[LinkPage, ...]:
        """The pages behind the text's unknown links that could be read within ``fetch_seconds``."""
        if self._pages is None:
            return ()
        try:
            async with asyncio.timeout(self._fetch_seconds):
                return await self._pages.pages_for(text, guild_id=guild_id)
        except TimeoutError:
            log.info("factcheck in guild %s: links not read within %.1f s", guild_id, self._fetch_seconds)
            return ()

    async def _thresholds(self, guild_id: str | None) -> Thresholds | None:
        if self._guild_settings is None:
            return None
        if guild_id is None:
            return self._guild_settings.defaults.thresholds
        return (await self._guild_settings.config(guild_id)).thresholds


def _as_asked(match: Match, thresholds: Thresholds) -> Match:
    """The match as an answer to a question: sureness from the score alone, without the reasons to stay silent."""
    action = Action.REPLY if match.score >= thresholds.reply else Action.REVIEW
    reasons = tuple(reason for reason in match.reasons if reason.kind != _SILENCE_REASON)
    return replace(match, action=action, reasons=reasons)
