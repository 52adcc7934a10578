"""Who may decide review items and change settings on Slack, checked on every click.

Reviewers are the users and user groups of ``SLACK_REVIEWERS``, the user group an admin set with ``/alerts
reviewers``, and the workspace's admins and owners. Slack has no permission the bot can read for this, and
membership of the review channel is not one: a button's ``value`` never grants anything. Answers from Slack are
reused for `CACHE_SECONDS` at most.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.guild_settings import GuildSettingsService

log = logging.getLogger(__name__)

CACHE_SECONDS = 10.0


class Reviewers:
    """Answers "may this user decide review items in this workspace?"."""

    def __init__(
        self,
        client: AsyncWebClient,
        settings: GuildSettingsService,
        configured: tuple[str, ...] = (),
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._settings = settings
        self._users = {entry for entry in configured if entry[:1] in ("U", "W")}
        self._groups = {entry for entry in configured if entry[:1] == "S"}
        self._clock = clock
        self._cache: dict[tuple[str, str], tuple[float, object]] = {}

    async def may_decide(self, team_id: str, user_id: str) -> bool:
        """Configured users, members of a reviewers' group, and workspace admins."""
        if user_id in self._users or await self.is_admin(user_id):
            return True
        for group in await self.groups(team_id):
            if user_id in await self._group_members(group):
                return True
        return False

    async def groups(self, team_id: str) -> set[str]:
        """The reviewers' user groups: ``SLACK_REVIEWERS``'s and the one set with ``/alerts``."""
        config = await self._settings.config(team_id)
        extra = {config.reviewer_role_id} if config.reviewer_role_id is not None else set()
        return self._groups | extra

    async def is_admin(self, user_id: str) -> bool:
        """Whether Slack says the user is a workspace admin or owner."""

        async def read() -> object:
            user = (await self._client.users_info(user=user_id)).get("user") or {}
            return bool(user.get("is_admin") or user.get("is_owner"))

        return bool(await self._cached(("admin", user_id), read, default=False))

    async def _group_members(self, group: str) -> set[str]:
        async def read() -> object:
            return set((await self._client.usergroups_users_list(usergroup=group)).get("users") or [])

        found = await self._cached(("group", group), read, default=set())
        return found if isinstance(found, set) else set()

    async def _cached(self, key: tuple[str, str], read: Callable[[], Awaitable[object]], *, default: object) -> object:
        now = self._clock()
        kept = self._cache.get(key)
        if kept is not None and now - kept[0] < CACHE_SECONDS:
            return kept[1]
        try:
            value = await read()
        except SlackApiError as error:
            log.warning("could not read %s %s from Slack: %s", *key, error.response.get("error"))
            return default
        self._cache[key] = (now, value)
        return value
