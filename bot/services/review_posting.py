"""Posting review items in a server's moderators' channel: once each, within an hourly cap, edits rate-limited.

The Discord side runs a flush pass (on a wake-up or a timer): for each server in `guilds_with_work`, post up to
`post_budget` of `items_to_post` (each: `claim_post`, send, then `mark_posted`, or `release_post` on failure),
and refresh the posted items whose count grew (`items_to_edit`, `claim_edit`, edit). The claims are conditional
updates, so several processes can flush at once and each item is still posted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.db.storage import Storage
from bot.platform.refs import Platform, WorkspaceRef
from bot.services.review_types import ReviewItemView, ReviewPolicy
from bot.services.review_views import ViewBuilder, excerpt_of


class ReviewPosting:
    """The posting half of `ReviewService`."""

    _storage: Storage
    _clock: Callable[[], dt.datetime]
    _views: ViewBuilder
    policy: ReviewPolicy

    async def workspaces_with_work(self) -> list[WorkspaceRef]:
        """Servers with pending items to post, or posted items whose count grew."""
        async with self._storage.transaction() as tx:
            found = await tx.posting.guilds_with_work(
                now=self._clock(),
                claim_timeout=self.policy.claim_timeout,
                edit_interval=self.policy.edit_interval,
            )
        return [WorkspaceRef(Platform(platform), guild_id) for platform, guild_id in found]

    async def guilds_with_work(self) -> list[str]:
        """The ids of `workspaces_with_work`."""
        return [workspace.workspace for workspace in await self.workspaces_with_work()]

    async def post_budget(self, guild_id: str) -> int:
        """How many more items may be posted in the server's moderators' channel this hour."""
        async with self._storage.transaction() as tx:
            posted = await tx.posting.posts_in_last_hour(
                guild_id, now=self._clock(), claim_timeout=self.policy.claim_timeout
            )
        return max(0, self.policy.posts_per_hour - posted)

    async def items_to_post(self, guild_id: str, limit: int) -> list[int]:
        """The server's pending items not posted yet, most reported first."""
        async with self._storage.transaction() as tx:
            return await tx.posting.unposted(
                guild_id, now=self._clock(), claim_timeout=self.policy.claim_timeout, limit=limit
            )

    async def claim_post(self, item_id: int) -> ReviewItemView | None:
        """Claim an item to post it; None when it is posted, being posted elsewhere, or decided."""
        async with self._storage.transaction() as tx:
            timeout = self.policy.claim_timeout
            cap = self.policy.posts_per_hour
            if not await tx.posting.claim_post(item_id, now=self._clock(), claim_timeout=timeout, cap=cap):
                return None
            return await self._views.build(tx, await tx.review.get(item_id))

    async def mark_posted(self, item_id: int, channel_id: str, message_id: str, *, shown: int) -> bool:
        """Record the posted message (``shown``: the count it shows); False: another was recorded, delete yours."""
        async with self._storage.transaction() as tx:
            return await tx.posting.mark_posted(item_id, channel_id, message_id, shown=shown, now=self._clock())

    async def release_post(self, item_id: int) -> None:
        """Posting failed: let a later flush try again."""
        async with self._storage.transaction() as tx:
            await tx.posting.release_post(item_id)

    async def items_to_edit(self, guild_id: str) -> list[int]:
        """Posted pending items whose count grew and may be edited now."""
        async with self._storage.transaction() as tx:
            return await tx.posting.due_edits(guild_id, now=self._clock(), interval=self.policy.edit_interval)

    async def claim_edit(self, item_id: int) -> ReviewItemView | None:
        """Claim the edit of a posted item for its new count; None when not due (or another process has it)."""
        async with self._storage.transaction() as tx:
            if not await tx.posting.claim_edit(item_id, now=self._clock(), interval=self.policy.edit_interval):
                return None
            return await self._views.build(tx, await tx.review.get(item_id))

    async def attach_excerpt(self, item_id: int, text: str, author_id: str | None) -> None:
        """Keep an excerpt of an item's message read when posting it (disputes come in without one)."""
        excerpt = excerpt_of(text, self.policy.excerpt_chars)
        if excerpt:
            async with self._storage.transaction() as tx:
                await tx.review.set_excerpt(item_id, excerpt, author_id)
