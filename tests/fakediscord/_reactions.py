"""Message reactions: who reacted with what, reflected into stored messages and dispatched."""

from __future__ import annotations

from tests.fakediscord._core import Core
from tests.fakediscord._gateway import DIRECT_MESSAGE_REACTIONS, GUILD_MESSAGE_REACTIONS
from tests.fakediscord._payloads import Payload, member_payload


def emoji_payload(emoji: str) -> Payload:
    """`"👍"` or `"name:id"` (as in reaction routes) as a partial emoji object."""
    name, _, emoji_id = emoji.removeprefix("<").removeprefix("a:").removesuffix(">").rpartition(":")
    if name and emoji_id.isdigit():
        return {"id": emoji_id, "name": name}
    return {"id": None, "name": emoji}


async def add_reaction(core: Core, message: Payload, user_id: int, emoji: str) -> None:
    """Add a user's reaction (no-op if already there) and dispatch MESSAGE_REACTION_ADD."""
    await _change(core, message, user_id, emoji, add=True)


async def remove_reaction(core: Core, message: Payload, user_id: int, emoji: str) -> None:
    """Remove a user's reaction (no-op if absent) and dispatch MESSAGE_REACTION_REMOVE."""
    await _change(core, message, user_id, emoji, add=False)


def reactors(core: Core, message: Payload, emoji: str) -> list[int]:
    """Ids of the users who reacted to a message with this emoji."""
    return list(core.reactions.get(int(message["id"]), {}).get(_key(emoji_payload(emoji)), []))


async def _change(core: Core, message: Payload, user_id: int, emoji: str, *, add: bool) -> None:
    partial = emoji_payload(emoji)
    users = core.reactions.setdefault(int(message["id"]), {}).setdefault(_key(partial), [])
    if (user_id in users) == add:
        return
    if add:
        users.append(user_id)
    else:
        users.remove(user_id)
    _refresh(core, message)
    found = core.world.find_channel(int(message["channel_id"]))
    guild = found[0] if found else None
    data: Payload = {
        "user_id": str(user_id),
        "channel_id": message["channel_id"],
        "message_id": message["id"],
        "emoji": partial,
        "burst": False,
        "type": 0,
    }
    if guild is not None:
        data["guild_id"] = str(guild.id)
        member = guild.member_by_id(user_id)
        if add and member is not None:
            data["member"] = member_payload(member)
        if add:
            data["message_author_id"] = message["author"]["id"]
    event = "MESSAGE_REACTION_ADD" if add else "MESSAGE_REACTION_REMOVE"
    intent = GUILD_MESSAGE_REACTIONS if guild else DIRECT_MESSAGE_REACTIONS
    await core.gateway.dispatch(event, data, intent=intent)


def _refresh(core: Core, message: Payload) -> None:
    bot_id = core.world.bot.id
    message["reactions"] = [
        {
            "count": len(users),
            "count_details": {"burst": 0, "normal": len(users)},
            "me": bot_id in users,
            "me_burst": False,
            "burst_colors": [],
            "emoji": _unkey(key),
        }
        for key, users in core.reactions[int(message["id"])].items()
        if users
    ]


def _key(emoji: Payload) -> str:
    return f"{emoji['name']}:{emoji['id']}" if emoji["id"] else emoji["name"]


def _unkey(key: str) -> Payload:
    return emoji_payload(key)
