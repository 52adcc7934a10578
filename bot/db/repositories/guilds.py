"""Server and channel settings rows."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ChannelDelivery, ChannelSettings, GuildSettings
from bot.db.types import utcnow
from bot.db.upsert import insert


async def get_guild(session: AsyncSession, guild_id: str) -> GuildSettings | None:
    """The server's settings row, if it has one."""
    return await session.get(GuildSettings, guild_id)


async def ensure_guild(session: AsyncSession, guild_id: str) -> GuildSettings:
    """The server's settings row, created with the defaults if missing (safe when two create it at once)."""
    now = utcnow()
    statement = insert(session, GuildSettings).values(guild_id=guild_id, created_at=now, updated_at=now)
    await session.execute(statement.on_conflict_do_nothing(index_elements=[GuildSettings.guild_id]))
    row = await session.get(GuildSettings, guild_id, populate_existing=True)
    if row is None:  # pragma: no cover - inserted or already present just above
        raise LookupError(guild_id)
    return row


async def channel_overrides(session: AsyncSession, guild_id: str) -> dict[str, bool]:
    """The server's per-channel auto-reply overrides, by channel id."""
    rows = await session.execute(
        select(ChannelSettings.channel_id, ChannelSettings.auto_replies).where(ChannelSettings.guild_id == guild_id)
    )
    return {row.channel_id: row.auto_replies for row in rows}


async def set_channel_override(session: AsyncSession, guild_id: str, channel_id: str, enabled: bool | None) -> None:
    """Set a channel's auto-reply override, or remove it (None) so the server setting applies."""
    if enabled is None:
        await session.execute(delete(ChannelSettings).where(ChannelSettings.channel_id == channel_id))
        return
    await ensure_guild(session, guild_id)
    statement = insert(session, ChannelSettings).values(
        channel_id=channel_id, guild_id=guild_id, auto_replies=enabled, updated_at=utcnow()
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[ChannelSettings.channel_id],
            set_={"auto_replies": enabled, "guild_id": guild_id, "updated_at": statement.excluded.updated_at},
        )
    )


async def channel_deliveries(session: AsyncSession, guild_id: str) -> dict[str, str]:
    """The server's per-channel delivery modes, by channel id."""
    rows = await session.execute(
        select(ChannelDelivery.channel_id, ChannelDelivery.delivery).where(ChannelDelivery.guild_id == guild_id)
    )
    return {row.channel_id: row.delivery for row in rows}


async def set_channel_delivery(session: AsyncSession, guild_id: str, channel_id: str, delivery: str | None) -> None:
    """Set a channel's delivery mode, or remove it (None) so the server's applies."""
    if delivery is None:
        found = (ChannelDelivery.channel_id == channel_id, ChannelDelivery.guild_id == guild_id)
        await session.execute(delete(ChannelDelivery).where(*found))
        return
    await ensure_guild(session, guild_id)
    statement = insert(session, ChannelDelivery).values(
        channel_id=channel_id, guild_id=guild_id, delivery=delivery, updated_at=utcnow()
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[ChannelDelivery.channel_id],
            set_={"delivery": delivery, "guild_id": guild_id, "updated_at": statement.excluded.updated_at},
        )
    )
