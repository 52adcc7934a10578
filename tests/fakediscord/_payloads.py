"""JSON payloads of world objects, in the shapes Discord's API v10 uses."""

from __future__ import annotations

from typing import Any

from tests.fakediscord._snowflake import iso_now
from tests.fakediscord._world import DM, Channel, Guild, Member, Role, User, World

Payload = dict[str, Any]


def user_payload(user: User) -> Payload:
    """A user object."""
    return {
        "id": str(user.id),
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": None,
        "bot": user.bot,
        "public_flags": 0,
    }


def role_payload(role: Role) -> Payload:
    """A role object; the bot's managed role carries `tags.bot_id`."""
    payload: Payload = {
        "id": str(role.id),
        "name": role.name,
        "color": 0,
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": role.bot_id is not None,
        "mentionable": role.mentionable,
        "flags": 0,
    }
    if role.bot_id is not None:
        payload["tags"] = {"bot_id": str(role.bot_id)}
    return payload


def member_payload(member: Member, *, with_user: bool = True, permissions: int | None = None) -> Payload:
    """A guild member object, optionally with its user and (for interactions) its channel permissions."""
    payload: Payload = {
        "nick": member.nick,
        "avatar": None,
        "roles": [str(role_id) for role_id in member.role_ids],
        "joined_at": member.joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    if with_user:
        payload["user"] = user_payload(member.user)
    if permissions is not None:
        payload["permissions"] = str(permissions)
    return payload


def channel_payload(world: World, channel: Channel) -> Payload:
    """A channel object: guild text channel, thread or DM."""
    if channel.type == DM:
        recipient = world.users[channel.recipient_id or 0]
        return {"id": str(channel.id), "type": DM, "last_message_id": None, "recipients": [user_payload(recipient)]}
    if channel.is_thread:
        return _thread_payload(channel)
    return {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(channel.guild_id),
        "name": channel.name,
        "position": channel.position,
        "permission_overwrites": [
            {"id": str(o.id), "type": o.type, "allow": str(o.allow), "deny": str(o.deny)} for o in channel.overwrites
        ],
        "topic": None,
        "nsfw": False,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None,
        "flags": 0,
    }


def _thread_payload(thread: Channel) -> Payload:
    return {
        "id": str(thread.id),
        "type": thread.type,
        "guild_id": str(thread.guild_id),
        "parent_id": str(thread.parent_id),
        "owner_id": str(thread.owner_id),
        "name": thread.name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "flags": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": iso_now(),
            "locked": False,
            "create_timestamp": iso_now(),
        },
    }


def resolved_channel_payload(world: World, guild: Guild, channel: Channel, member: Member) -> Payload:
    """A channel as it appears in an interaction's `resolved.channels` (with the invoker's permissions)."""
    payload = channel_payload(world, channel)
    payload["permissions"] = str(guild.permissions_in(member, channel))
    return payload


def guild_payload(guild: Guild) -> Payload:
    """A guild object without the gateway-only fields (as from GET /guilds/{id})."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "roles": [role_payload(role) for role in guild.roles],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
    }


def guild_create_payload(world: World, guild: Guild) -> Payload:
    """The GUILD_CREATE dispatch of a guild, with every member (so discord.py needs no chunking)."""
    payload = guild_payload(guild)
    payload.update(
        {
            "joined_at": world.bot_member(guild).joined_at,
            "large": False,
            "unavailable": False,
            "member_count": len(guild.members),
            "members": [member_payload(member) for member in guild.members],
            "channels": [channel_payload(world, c) for c in guild.channels if not c.is_thread],
            "threads": [channel_payload(world, c) for c in guild.channels if c.is_thread],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }
    )
    return payload


def application_payload(world: World) -> Payload:
    """The bot's application, as GET /oauth2/applications/@me returns it."""
    return {
        "id": str(world.application_id),
        "name": world.bot.username,
        "description": "",
        "icon": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user_payload(world.app_owner),
        "verify_key": "0" * 64,
        "flags": 0,
        "team": None,
        "bot": user_payload(world.bot),
        "interactions_endpoint_url": None,
    }
