"""A local stand-in of Discord's REST API and gateway for end-to-end tests with the real discord.py client.

The default world (`default_world`, used by the `fake_discord` fixture) has one guild, "Test Guild":

* members (by username): `owner` (guild owner, role "Admin": Manage Server, Manage Messages, Mention Everyone),
  `moderator` (role "Moderator": Manage Messages; the role is mentionable), `alice` and `bob` (no roles),
  `otherbot` (a bot account), and the bot itself (managed role named after it);
* @everyone can read, write, react and use commands, but cannot mention everyone, so `@everyone` from
  alice does not set `mention_everyone` (from owner it does);
* channels: `#general`, `#news`, `#mods` (hidden from @everyone, visible to Moderator and the bot),
  and the thread `general-thread` in #general (owner alice);
* the webhook "News Feed" in #news, for `post_webhook_message`.

Look things up with `fake.world.guild.member("alice")`, `.channel("general")`, `.role("Moderator")`; the world
may be changed before the client starts (GUILD_CREATE is built at IDENTIFY).

Shards: each gateway session gets the events of the guilds of the shard its IDENTIFY named
(``(guild_id >> 22) % shard_count``; direct messages on shard 0; no ``shard``: every guild), an IDENTIFY naming an
impossible shard is closed with 4010, and ``GET /gateway/bot`` recommends ``FakeDiscord(shard_count=N)`` shards
with ``max_concurrency`` (16 lets discord.py identify them without 5-second waits). `sharded_world(token, N)` puts
one standard guild ("Guild 0", "Guild 1"...) on each shard; ``fake.identifies`` lists every IDENTIFY.

Typical end-to-end test (fixtures from `tests.fakediscord.plugin`)::

    async def test_replies(fake_discord, start_discord_client):
        await start_discord_client(build_the_bot(**CLIENT_OPTIONS))
        posted = await fake_discord.post_message("alice", "general", "a known false claim")
        reply = await fake_discord.wait_for_message(fake_discord.world.guild.channel("general"), after=posted["id"])
        assert "official statement" in reply["content"]
"""

from tests.fakediscord._client import (
    CLIENT_OPTIONS,
    bot_intents,
    make_bot,
    pointing_discord_at,
    running,
    start_client,
    stop_client,
)
from tests.fakediscord._gateway import (
    GUILD_MEMBERS,
    GUILD_MESSAGES,
    GUILD_PRESENCES,
    MESSAGE_CONTENT,
    PRIVILEGED_INTENTS,
    shard_of,
)
from tests.fakediscord._interactions import (
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    USER,
    InteractionRecord,
    InteractionResponse,
    Option,
)
from tests.fakediscord._messages import EPHEMERAL, LOADING, is_ephemeral
from tests.fakediscord._recording import RecordedRequest, UploadedFile, path_matches
from tests.fakediscord._world import (
    Channel,
    Guild,
    Member,
    Overwrite,
    Role,
    User,
    Webhook,
    World,
    add_standard_guild,
    default_world,
    sharded_world,
)
from tests.fakediscord.server import DEFAULT_TOKEN, FakeDiscord

__all__ = [
    "BOOLEAN",
    "CHANNEL",
    "CLIENT_OPTIONS",
    "DEFAULT_TOKEN",
    "EPHEMERAL",
    "GUILD_MEMBERS",
    "GUILD_MESSAGES",
    "GUILD_PRESENCES",
    "INTEGER",
    "LOADING",
    "MENTIONABLE",
    "MESSAGE_CONTENT",
    "NUMBER",
    "PRIVILEGED_INTENTS",
    "ROLE",
    "STRING",
    "USER",
    "Channel",
    "FakeDiscord",
    "Guild",
    "InteractionRecord",
    "InteractionResponse",
    "Member",
    "Option",
    "Overwrite",
    "RecordedRequest",
    "Role",
    "UploadedFile",
    "User",
    "Webhook",
    "World",
    "add_standard_guild",
    "bot_intents",
    "default_world",
    "is_ephemeral",
    "make_bot",
    "path_matches",
    "pointing_discord_at",
    "running",
    "shard_of",
    "sharded_world",
    "start_client",
    "stop_client",
]
