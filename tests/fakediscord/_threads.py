"""Threads started on a message: ``POST /channels/{channel_id}/messages/{message_id}/threads``, as Discord does it.

Discord's rules kept here (docs: "Start Thread from Message"): the body is ``{name (1-100 characters),
auto_archive_duration? (60, 1440, 4320 or 10080), rate_limit_per_user?}``; the thread's id is the message's id; a
text channel gets a public thread (type 11), an announcement channel an announcement thread (type 10); a message in
a thread (or a DM) cannot start one (50024); the bot needs Create Public Threads (403, 50013); a message that already
has a thread is refused with 160004. The answer is the thread channel object, and THREAD_CREATE (``newly_created``)
is dispatched with the GUILDS intent; the starter message gets the thread and the HAS_THREAD flag.
"""

from __future__ import annotations

import discord

from tests.fakediscord._core import Core
from tests.fakediscord._faults import ApiResponse
from tests.fakediscord._gateway import GUILDS
from tests.fakediscord._payloads import Payload, channel_payload
from tests.fakediscord._rest import ApiRequest, error, ok
from tests.fakediscord._world import NEWS, TEXT, Channel, Guild

CREATE_PUBLIC_THREADS = discord.Permissions(create_public_threads=True).value
ARCHIVE_MINUTES = (60, 1440, 4320, 10080)
NEWS_THREAD, PUBLIC_THREAD = 10, 11
HAS_THREAD = 1 << 5


def start_problem(body: Payload) -> ApiResponse | None:
    """Discord's 400 for a body it would refuse, else None."""
    name = body.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        return _invalid("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
    duration = body.get("auto_archive_duration")
    if duration is not None and duration not in ARCHIVE_MINUTES:
        return _invalid("auto_archive_duration", "BASE_TYPE_CHOICES", f"Value must be one of {ARCHIVE_MINUTES}.")
    return None


async def start_thread(
    core: Core, request: ApiRequest, guild: Guild | None, channel: Channel, message: Payload, permissions: int
) -> ApiResponse:
    """Start a thread on a stored message (the caller found it and computed the bot's permissions)."""
    if guild is None or channel.type not in (TEXT, NEWS):
        return error(400, 50024, "Cannot execute action on this channel type")
    if not permissions & CREATE_PUBLIC_THREADS:
        return error(403, 50013, "Missing Permissions")
    if guild.channel_by_id(int(message["id"])) is not None:
        return error(400, 160004, "A thread has already been created for this message")
    problem = start_problem(request.body)
    if problem is not None:
        return problem
    kind = NEWS_THREAD if channel.type == NEWS else PUBLIC_THREAD
    bot = core.world.bot_member(guild)
    thread = Channel(int(message["id"]), request.body["name"], kind, guild.id, 0, channel.id, bot.user.id)
    guild.channels.append(thread)
    payload = channel_payload(core.world, thread)
    message["thread"] = payload
    message["flags"] = int(message.get("flags") or 0) | HAS_THREAD
    await core.gateway.dispatch("THREAD_CREATE", {**payload, "newly_created": True}, intent=GUILDS)
    return ok(payload)


def _invalid(field: str, code: str, text: str) -> ApiResponse:
    return error(400, 50035, "Invalid Form Body", {field: {"_errors": [{"code": code, "message": text}]}})
