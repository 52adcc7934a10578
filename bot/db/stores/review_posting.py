"""Posting review items for the services: which to post or edit, and the claims that make each happen once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.repositories import review_posting as repo


class PostingStore:
    """`bot.db.repositories.review_posting` bound to a session (each claim commits, as the repository says)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def guilds_with_work(
        self, *, now: dt.datetime, claim_timeout: dt.timedelta, edit_interval: dt.timedelta
    ) -> list[tuple[str, str]]:
        """(platform, server) pairs with items to post or edit."""
        return await repo.guilds_with_work(
            self._session, now=now, claim_timeout=claim_timeout, edit_interval=edit_interval
        )

    async def unposted(self, guild_id: str, *, now: dt.datetime, claim_timeout: dt.timedelta, limit: int) -> list[int]:
        """The server's pending items not posted yet, most reported first."""
        return await repo.unposted(self._session, guild_id, now=now, claim_timeout=claim_timeout, limit=limit)

    async def posts_in_last_hour(self, guild_id: str, *, now: dt.datetime, claim_timeout: dt.timedelta) -> int:
        """Items posted (or being posted) in the server within the hour."""
        return await repo.posts_in_last_hour(self._session, guild_id, now=now, claim_timeout=claim_timeout)

    async def claim_post(
        self, item_id: int, *, now: dt.datetime, claim_timeout: dt.timedelta, cap: int | None = None
    ) -> bool:
        """Claim an item to post it; False when posted, being posted elsewhere, decided, or over the cap."""
        return await repo.claim_post(self._session, item_id, now=now, claim_timeout=claim_timeout, cap=cap)

    async def mark_posted(
        self, item_id: int, channel_id: str, message_id: str, *, shown: int, now: dt.datetime
    ) -> bool:
        """Record the posted message; False when another was recorded."""
        return await repo.mark_posted(self._session, item_id, channel_id, message_id, shown=shown, now=now)

    async def release_post(self, item_id: int) -> None:
        """Posting failed: let a later flush try again."""
        await repo.release_post(self._session, item_id)

    async def due_edits(self, guild_id: str, *, now: dt.datetime, interval: dt.timedelta) -> list[int]:
        """Posted pending items whose count grew and may be edited now."""
        return await repo.due_edits(self._session, guild_id, now=now, interval=interval)

    async def claim_edit(self, item_id: int, *, now: dt.datetime, interval: dt.timedelta) -> bool:
        """Claim the edit of a posted item; False when not due or another process has it."""
        return await repo.claim_edit(self._session, item_id, now=now, interval=interval)
