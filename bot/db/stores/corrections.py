"""The corrections a review decision makes: retracting an answer by editing it (`bot.services.corrections`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories import corrections as repo


class CorrectionStore:
    """`bot.db.repositories.corrections` bound to a session (the calls a decision makes in its transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def enabled_in(self, guild_id: str) -> bool:
        """Whether the server has corrections on (the default)."""
        return await repo.enabled_in(self._session, guild_id)

    async def retract(self, answer_id: int, *, now: dt.datetime) -> bool:
        """Mark a sent answer retracted and queue the edit saying so; False when it is not a sent answer."""
        return await repo.retract(self._session, answer_id, now=now)
