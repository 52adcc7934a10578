"""Server and channel settings for the services."""

from __future__ import annotations

import dataclasses

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import GuildSettings
from bot.db.repositories import guilds as repo
from bot.domain import GuildSettingsRecord

_SETTINGS_FIELDS = tuple(field.name for field in dataclasses.fields(GuildSettingsRecord))


def settings_record(row: GuildSettings) -> GuildSettingsRecord:
    """The record of a settings row."""
    return GuildSettingsRecord(**{name: getattr(row, name) for name in _SETTINGS_FIELDS})


class GuildStore:
    """`bot.db.repositories.guilds` bound to a session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def settings(self, guild_id: str) -> GuildSettingsRecord | None:
        """The server's own settings, if it ever set any."""
        row = await repo.get_guild(self._session, guild_id)
        return settings_record(row) if row is not None else None

    async def update(self, guild_id: str, values: dict[str, object]) -> None:
        """Set some of the server's settings (its row is created with the defaults if missing)."""
        row = await repo.ensure_guild(self._session, guild_id)
        for name, value in values.items():
            if name not in _SETTINGS_FIELDS or name == "guild_id":
                raise AttributeError(f"no server setting {name!r}")
            setattr(row, name, value)

    async def channel_overrides(self, guild_id: str) -> dict[str, bool]:
        """The server's per-channel auto-reply overrides, by channel id."""
        return await repo.channel_overrides(self._session, guild_id)

    async def channel_deliveries(self, guild_id: str) -> dict[str, str]:
        """The server's per-channel delivery modes (stored strings), by channel id."""
        return await repo.channel_deliveries(self._session, guild_id)

    async def set_channel_delivery(self, guild_id: str, channel_id: str, mode: str | None) -> None:
        """Set a channel's delivery mode, or remove it (None)."""
        await repo.set_channel_delivery(self._session, guild_id, channel_id, mode)

    async def set_channel_override(self, guild_id: str, channel_id: str, enabled: bool | None) -> None:
        """Set a channel's auto-reply override, or remove it (None)."""
        await repo.set_channel_override(self._session, guild_id, channel_id, enabled)
