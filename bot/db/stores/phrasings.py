"""Wordings moderators taught (learned phrasings) for the services."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories import phrasings as repo
from bot.db.repositories.phrasings import ServerPhrasing
from knowledge.matching.learned import Wording


class PhrasingStore:
    """`bot.db.repositories.phrasings` bound to a session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def learn(
        self, guild_id: str, wording: Wording, text_key: str, *, moderator_id: str, now: dt.datetime
    ) -> None:
        """Record (or replace) what a decision taught about a wording in the server."""
        await repo.learn(self._session, guild_id, wording, text_key, moderator_id=moderator_id, now=now)

    async def forget(self, guild_id: str, wording: Wording, text_key: str) -> None:
        """Drop a wording lesson of the server."""
        await repo.forget(self._session, guild_id, wording, text_key)

    async def of_guild(self, guild_id: str) -> list[Wording]:
        """The server's wording lessons."""
        return await repo.of_guild(self._session, guild_id)

    async def approved_everywhere(self) -> list[ServerPhrasing]:
        """Every wording moderators approved, by server."""
        return await repo.approved_everywhere(self._session)
