"""Per-server and per-channel settings: what the bot may do where, set by moderators."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from bot.db.errors import is_database_unavailable
from bot.db.storage import StorageSource, Transaction, storage_of
from bot.db.types import utcnow
from bot.domain import GuildSettingsRecord
from bot.platform.port import Delivery
from bot.services.cache import ReadThroughCache
from bot.services.changes import Change, ChangeKind, Changes
from bot.services.defaults import Defaults
from bot.settings import MAX_COOLDOWN_MINUTES
from knowledge.matching.types import Thresholds

log = logging.getLogger(__name__)

CONFIG_CACHE_SECONDS = 30.0
"""How long a server's settings are reused without reading the database (every message needs them).

Changes made through this service show at once; changes made by another process show within this time, or at
once when the processes share PostgreSQL (`bot.services.changes`).
"""
MAX_CACHED_GUILDS = 10_000


class InvalidSettingError(ValueError):
    """A setting value a moderator cannot use; ``str(error)`` is the message to show them."""


@dataclass(frozen=True)
class GuildConfig:
    """A server's effective settings: its own choices, else the defaults."""

    guild_id: str
    auto_replies: bool
    cooldown_minutes: int
    thresholds: Thresholds
    link_fetching: bool
    moderators_channel_id: str | None = None
    reviewer_role_id: str | None = None
    custom_cooldown: bool = False
    custom_thresholds: bool = False
    link_fetching_allowed: bool = True
    corrections: bool = True
    """Whether the bot edits its past answers when their claim's record changes (`bot.services.corrections`)."""
    channel_overrides: Mapping[str, bool] = field(default_factory=dict)
    delivery: Delivery = Delivery.REPLY
    channel_deliveries: Mapping[str, Delivery] = field(default_factory=dict)

    def delivery_in(self, channel_id: str, parent_channel_id: str | None = None) -> Delivery:
        """How answers reach a channel: its own mode, else its parent's (threads), else the server's."""
        for candidate in (channel_id, parent_channel_id):
            if candidate is not None and candidate in self.channel_deliveries:
                return self.channel_deliveries[candidate]
        return self.delivery

    def auto_replies_in(self, channel_id: str, parent_channel_id: str | None = None) -> bool:
        """Whether to answer unasked in a channel: its override, else its parent's (threads), else the server's."""
        for candidate in (channel_id, parent_channel_id):
            if candidate is not None and candidate in self.channel_overrides:
                return self.channel_overrides[candidate]
        return self.auto_replies


@dataclass(frozen=True)
class GuildStatus:
    """A summary for ``/alerts status``."""

    config: GuildConfig
    answers_last_day: int
    disputes_last_day: int


class GuildSettingsService:
    """Reads and changes server settings; every setter validates and returns the new `GuildConfig`.

    `config` is cached per server for ``cache_seconds`` (0 turns the cache off); setters refresh it.
    """

    def __init__(
        self,
        storage: StorageSource,
        defaults: Defaults | None = None,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        cache_seconds: float = CONFIG_CACHE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
        changes: Changes | None = None,
    ) -> None:
        self._storage = storage_of(storage)
        self._changes = changes or Changes()
        self._defaults = defaults or Defaults()
        self._clock = clock
        self._cache: ReadThroughCache[str, GuildConfig] = ReadThroughCache(
            cache_seconds,
            max_entries=MAX_CACHED_GUILDS,
            monotonic=monotonic,
            stale_on=is_database_unavailable,
            name="settings",
            default=lambda guild_id: self._effective(guild_id, None, {}),
        )

    @property
    def defaults(self) -> Defaults:
        """The application defaults in use."""
        return self._defaults

    async def config(self, guild_id: str) -> GuildConfig:
        """The server's effective settings (defaults when it never set anything); cached, see the class docs.

        While the database is unavailable: the last settings read, even if expired, else the defaults.
        """
        return await self._cache.get(guild_id, lambda: self._load(guild_id))

    def forget(self, guild_id: str) -> None:
        """Drop the server's cached settings (another process changed them): the next `config` reads them."""
        self._cache.invalidate(guild_id)

    def forget_all(self) -> None:
        """Drop every server's cached settings."""
        self._cache.invalidate_all()

    async def _load(self, guild_id: str) -> GuildConfig:
        async with self._storage.transaction() as tx:
            return await self._read(tx, guild_id)

    async def status(self, guild_id: str) -> GuildStatus:
        """The settings plus what the bot did in the server over the last 24 hours."""
        async with self._storage.transaction() as tx:
            config = await self._read(tx, guild_id)
            sent, disputed = await tx.answers.count_since(guild_id, self._clock() - dt.timedelta(days=1))
        return GuildStatus(config, sent, disputed)

    async def set_auto_replies(self, guild_id: str, enabled: bool) -> GuildConfig:
        """Turn unasked answers on or off for the whole server (channel overrides still apply)."""
        return await self._update(guild_id, auto_replies=enabled)

    async def set_channel_auto_replies(self, guild_id: str, channel_id: str, enabled: bool | None) -> GuildConfig:
        """Turn unasked answers on or off in one channel and its threads; None follows the server again."""
        async with self._storage.transaction() as tx:
            await tx.guilds.set_channel_override(guild_id, channel_id, enabled)
            await tx.commit()
            return await self._changed(tx, guild_id)

    async def set_delivery(self, guild_id: str, delivery: Delivery | None) -> GuildConfig:
        """How answers reach the server's channels by default; None for the default (a reply)."""
        return await self._update(guild_id, delivery=None if delivery is None else Delivery(delivery).value)

    async def set_channel_delivery(self, guild_id: str, channel_id: str, delivery: Delivery | None) -> GuildConfig:
        """How answers reach one channel and its threads; None follows the server's mode again."""
        mode = None if delivery is None else Delivery(delivery).value
        async with self._storage.transaction() as tx:
            await tx.guilds.set_channel_delivery(guild_id, channel_id, mode)
            await tx.commit()
            return await self._changed(tx, guild_id)

    async def set_cooldown(self, guild_id: str, minutes: int | None) -> GuildConfig:
        """Minutes before the same incident is answered again in a channel; None for the default."""
        if minutes is not None and not 0 <= minutes <= MAX_COOLDOWN_MINUTES:
            raise InvalidSettingError(f"The cooldown must be between 0 and {MAX_COOLDOWN_MINUTES} minutes (a week).")
        return await self._update(guild_id, cooldown_minutes=minutes)

    async def set_thresholds(
        self, guild_id: str, *, reply: float | None = None, review: float | None = None
    ) -> GuildConfig:
        """Change the reply and/or review score thresholds (0-100, review not above reply)."""
        if reply is None and review is None:
            raise InvalidSettingError("Give a reply threshold, a review threshold, or both.")
        for name, value in (("reply", reply), ("review", review)):
            if value is not None and not 0 <= value <= 100:
                raise InvalidSettingError(f"The {name} threshold must be between 0 and 100.")
        current = (await self.config(guild_id)).thresholds
        new_reply = current.reply if reply is None else reply
        new_review = current.review if review is None else review
        if new_review > new_reply:
            raise InvalidSettingError(
                f"The review threshold ({new_review:g}) must not be above the reply threshold ({new_reply:g})."
            )
        changes = {"reply_threshold": reply, "review_threshold": review}
        return await self._update(guild_id, **{name: value for name, value in changes.items() if value is not None})

    async def reset_thresholds(self, guild_id: str) -> GuildConfig:
        """Go back to the default thresholds."""
        return await self._update(guild_id, reply_threshold=None, review_threshold=None)

    async def set_moderators_channel(self, guild_id: str, channel_id: str | None) -> GuildConfig:
        """Where moderators get reviews and reports; None to unset."""
        return await self._update(guild_id, moderators_channel_id=channel_id)

    async def set_reviewer_role(self, guild_id: str, role_id: str | None) -> GuildConfig:
        """The role allowed to work the review queue; None to unset."""
        return await self._update(guild_id, reviewer_role_id=role_id)

    async def set_link_fetching(self, guild_id: str, enabled: bool) -> GuildConfig:
        """Whether to read linked pages' titles to recognise claims (never when the operator turned it off)."""
        return await self._update(guild_id, link_fetching=enabled)

    async def set_corrections(self, guild_id: str, enabled: bool) -> GuildConfig:
        """Whether the bot edits its past answers when their claim's record changes (retractions always show)."""
        return await self._update(guild_id, corrections=enabled)

    async def _update(self, guild_id: str, **values: object) -> GuildConfig:
        async with self._storage.transaction() as tx:
            await tx.guilds.update(guild_id, values)
            await tx.commit()
            log.info("guild %s settings changed: %s", guild_id, ", ".join(sorted(values)))
            return await self._changed(tx, guild_id)

    async def _read(self, tx: Transaction, guild_id: str) -> GuildConfig:
        """Read the server's settings from the database."""
        row = await tx.guilds.settings(guild_id)
        overrides = await tx.guilds.channel_overrides(guild_id)
        deliveries = await tx.guilds.channel_deliveries(guild_id)
        return self._effective(guild_id, row, overrides, _deliveries(deliveries))

    async def _changed(self, tx: Transaction, guild_id: str) -> GuildConfig:
        """A change was committed: cache the settings read now (reads that started before it are not cached).

        Cached at once rather than only dropped, so they are the last known settings if the database goes away.
        """
        self._cache.invalidate(guild_id)
        config = await self._read(tx, guild_id)
        self._cache.put(guild_id, config)
        self._changes.announce(Change(ChangeKind.SETTINGS, guild_id))
        return config

    def _effective(
        self,
        guild_id: str,
        row: GuildSettingsRecord | None,
        overrides: Mapping[str, bool],
        deliveries: Mapping[str, Delivery] | None = None,
    ) -> GuildConfig:
        defaults = self._defaults
        config = GuildConfig(
            guild_id=guild_id,
            auto_replies=True,
            cooldown_minutes=defaults.cooldown_minutes,
            thresholds=defaults.thresholds,
            link_fetching=defaults.link_fetching,
            link_fetching_allowed=defaults.link_fetching,
            channel_overrides=dict(overrides),
            channel_deliveries=dict(deliveries or {}),
        )
        if row is None:
            return config
        return replace(
            config,
            auto_replies=row.auto_replies,
            cooldown_minutes=defaults.cooldown_minutes if row.cooldown_minutes is None else row.cooldown_minutes,
            thresholds=_thresholds(defaults.thresholds, row),
            link_fetching=defaults.link_fetching and row.link_fetching,
            moderators_channel_id=row.moderators_channel_id,
            reviewer_role_id=row.reviewer_role_id,
            custom_cooldown=row.cooldown_minutes is not None,
            custom_thresholds=row.reply_threshold is not None or row.review_threshold is not None,
            corrections=row.corrections,
            delivery=_delivery(row.delivery) or Delivery.REPLY,
        )


def _delivery(stored: str | None) -> Delivery | None:
    """A stored mode; an unknown one (written by a newer version) is logged and ignored."""
    if stored is None:
        return None
    try:
        return Delivery(stored)
    except ValueError:
        log.warning("unknown delivery mode %r ignored", stored)
        return None


def _deliveries(stored: Mapping[str, str]) -> dict[str, Delivery]:
    modes = {channel: _delivery(mode) for channel, mode in stored.items()}
    return {channel: mode for channel, mode in modes.items() if mode is not None}


def _thresholds(default: Thresholds, row: GuildSettingsRecord) -> Thresholds:
    reply = default.reply if row.reply_threshold is None else row.reply_threshold
    review = default.review if row.review_threshold is None else row.review_threshold
    return replace(default, reply=reply, review=min(review, reply))
