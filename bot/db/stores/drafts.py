"""A server's drafted claims for the services (`bot.services.drafts`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories import drafted_claims as repo
from bot.db.repositories.drafted_claims import DraftFields, DraftRecord


class DraftStore:
    """`bot.db.repositories.drafted_claims` bound to a session (its writes commit, as the repository says)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        guild_id: str,
        incident_id: str,
        fields: DraftFields,
        *,
        platform: str,
        moderator_id: str,
        review_item_id: int | None,
        now: dt.datetime,
    ) -> DraftRecord | None:
        """Store a new draft; None when the server already has a draft with that incident id."""
        return await repo.add(
            self._session,
            guild_id,
            incident_id,
            fields,
            platform=platform,
            moderator_id=moderator_id,
            review_item_id=review_item_id,
            now=now,
        )

    async def update_fields(
        self, guild_id: str, draft_id: int, fields: DraftFields, *, moderator_id: str, now: dt.datetime
    ) -> DraftRecord | None:
        """Change a draft's fields; None when the server has no such draft."""
        return await repo.update_fields(self._session, guild_id, draft_id, fields, moderator_id=moderator_id, now=now)

    async def remove(self, guild_id: str, draft_id: int) -> DraftRecord | None:
        """Remove a draft; the draft removed, or None."""
        return await repo.remove(self._session, guild_id, draft_id)

    async def get(self, guild_id: str, draft_id: int) -> DraftRecord | None:
        """One of the server's drafts."""
        return await repo.get(self._session, guild_id, draft_id)

    async def of_guild(self, guild_id: str) -> list[DraftRecord]:
        """The server's drafts."""
        return await repo.of_guild(self._session, guild_id)

    async def everywhere(self) -> list[DraftRecord]:
        """Every server's drafts."""
        return await repo.everywhere(self._session)
