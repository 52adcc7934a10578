"""The stand-in's model of Discord: the bot, users, guilds, roles, channels, members and webhooks."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TypeVar

import discord

from tests.fakediscord._snowflake import SnowflakeGenerator, iso_now

T = TypeVar("T")

ALL_PERMISSIONS = discord.Permissions.all().value
ADMINISTRATOR = discord.Permissions(administrator=True).value
VIEW_CHANNEL = discord.Permissions(view_channel=True).value

EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    read_message_history=True,
    add_reactions=True,
    embed_links=True,
    attach_files=True,
    use_external_emojis=True,
    use_application_commands=True,
    create_instant_invite=True,
    change_nickname=True,
).value
"""@everyone's permissions in new guilds of the stand-in. Without Mention Everyone, on purpose."""

BOT_ROLE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    read_message_history=True,
    add_reactions=True,
    embed_links=True,
    attach_files=True,
    use_external_emojis=True,
    mention_everyone=True,
).value
"""The bot's managed role. Mention Everyone is on, so a reply without `allowed_mentions` really pings."""

TEXT, DM, NEWS, PUBLIC_THREAD = 0, 1, 5, 11
ROLE_OVERWRITE, MEMBER_OVERWRITE = 0, 1


@dataclasses.dataclass(eq=False)
class User:
    """A Discord user account (person or bot)."""

    id: int
    username: str
    bot: bool = False
    global_name: str | None = None


@dataclasses.dataclass(eq=False)
class Role:
    """A guild role; `permissions` is the integer bit set."""

    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    mentionable: bool = False
    bot_id: int | None = None

    @property
    def mention(self) -> str:
        """The role mention markup."""
        return f"<@&{self.id}>"


@dataclasses.dataclass
class Overwrite:
    """A channel permission overwrite for a role or a member."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0


@dataclasses.dataclass(eq=False)
class Channel:
    """A guild text channel, a thread in one, or a DM channel."""

    id: int
    name: str
    type: int
    guild_id: int | None
    position: int = 0
    parent_id: int | None = None
    owner_id: int | None = None
    overwrites: list[Overwrite] = dataclasses.field(default_factory=list)
    recipient_id: int | None = None

    @property
    def is_thread(self) -> bool:
        """Whether the channel is a thread."""
        return self.type in (10, 11, 12)

    @property
    def mention(self) -> str:
        """The channel mention markup."""
        return f"<#{self.id}>"


@dataclasses.dataclass(eq=False)
class Member:
    """A user's membership of a guild."""

    user: User
    guild_id: int
    role_ids: list[int]
    nick: str | None = None
    joined_at: str = dataclasses.field(default_factory=iso_now)

    @property
    def id(self) -> int:
        """The user's id."""
        return self.user.id

    @property
    def mention(self) -> str:
        """The user mention markup."""
        return f"<@{self.user.id}>"


@dataclasses.dataclass(eq=False)
class Webhook:
    """An incoming webhook that can post messages into a channel."""

    id: int
    name: str
    channel_id: int
    guild_id: int


@dataclasses.dataclass(eq=False)
class Guild:
    """A guild with its roles, channels and members."""

    id: int
    name: str
    owner_id: int
    snowflakes: SnowflakeGenerator
    roles: list[Role] = dataclasses.field(default_factory=list)
    channels: list[Channel] = dataclasses.field(default_factory=list)
    members: list[Member] = dataclasses.field(default_factory=list)
    webhooks: list[Webhook] = dataclasses.field(default_factory=list)

    @property
    def everyone(self) -> Role:
        """The @everyone role (its id is the guild's id)."""
        return self.role_by_id(self.id)

    def role(self, name: str) -> Role:
        """The role with this name."""
        return _named(self.roles, "name", name, "role")

    def channel(self, name: str) -> Channel:
        """The channel or thread with this name."""
        return _named(self.channels, "name", name, "channel")

    def member(self, username: str) -> Member:
        """The member whose username is this."""
        for member in self.members:
            if member.user.username == username:
                return member
        raise KeyError(f"no member named {username!r} in guild {self.name!r}")

    def webhook(self, name: str) -> Webhook:
        """The webhook with this name."""
        return _named(self.webhooks, "name", name, "webhook")

    def role_by_id(self, role_id: int) -> Role:
        """The role with this id."""
        return _named(self.roles, "id", role_id, "role")

    def channel_by_id(self, channel_id: int) -> Channel | None:
        """The channel or thread with this id, if it is in this guild."""
        return next((c for c in self.channels if c.id == channel_id), None)

    def member_by_id(self, user_id: int) -> Member | None:
        """The member with this user id, if any."""
        return next((m for m in self.members if m.user.id == user_id), None)

    def add_role(self, name: str, permissions: int = 0, *, mentionable: bool = False) -> Role:
        """Create a role placed above the existing ones."""
        role = Role(self.snowflakes.next(), self.id, name, permissions, len(self.roles), mentionable)
        self.roles.append(role)
        return role

    def add_text_channel(self, name: str, *, overwrites: Iterable[Overwrite] = ()) -> Channel:
        """Create a text channel."""
        channel = Channel(self.snowflakes.next(), name, TEXT, self.id, len(self.channels), overwrites=list(overwrites))
        self.channels.append(channel)
        return channel

    def add_thread(self, parent: Channel, name: str, owner: Member) -> Channel:
        """Create an active public thread under a text channel."""
        thread = Channel(self.snowflakes.next(), name, PUBLIC_THREAD, self.id, 0, parent.id, owner.user.id)
        self.channels.append(thread)
        return thread

    def add_member(self, user: User, roles: Iterable[Role] = ()) -> Member:
        """Add a user to the guild with these roles."""
        member = Member(user, self.id, [role.id for role in roles])
        self.members.append(member)
        return member

    def add_webhook(self, channel: Channel, name: str) -> Webhook:
        """Create an incoming webhook in a channel."""
        webhook = Webhook(self.snowflakes.next(), name, channel.id, self.id)
        self.webhooks.append(webhook)
        return webhook

    def base_permissions(self, member: Member) -> int:
        """Guild-wide permissions of a member, from @everyone and their roles."""
        if member.user.id == self.owner_id:
            return ALL_PERMISSIONS
        permissions = self.everyone.permissions
        for role_id in member.role_ids:
            permissions |= self.role_by_id(role_id).permissions
        return ALL_PERMISSIONS if permissions & ADMINISTRATOR else permissions

    def permissions_in(self, member: Member, channel: Channel) -> int:
        """A member's permissions in a channel (threads use their parent's overwrites)."""
        permissions = self.base_permissions(member)
        if permissions == ALL_PERMISSIONS:
            return permissions
        source = self.channel_by_id(channel.parent_id) if channel.parent_id else channel
        overwrites = {(o.type, o.id): o for o in (source or channel).overwrites}
        permissions = _apply(permissions, overwrites.get((ROLE_OVERWRITE, self.id)))
        role_allow = role_deny = 0
        for role_id in member.role_ids:
            overwrite = overwrites.get((ROLE_OVERWRITE, role_id))
            if overwrite is not None:
                role_allow |= overwrite.allow
                role_deny |= overwrite.deny
        permissions = (permissions & ~role_deny) | role_allow
        permissions = _apply(permissions, overwrites.get((MEMBER_OVERWRITE, member.user.id)))
        return permissions if permissions & VIEW_CHANNEL else 0

    def mentionable_by(self, member: Member | None, channel: Channel) -> bool:
        """Whether a member may ping @everyone, @here and every role in this channel."""
        if member is None:
            return False
        return bool(self.permissions_in(member, channel) & discord.Permissions(mention_everyone=True).value)


@dataclasses.dataclass(eq=False)
class World:
    """Everything the stand-in knows: the bot and its application, users, guilds and DM channels."""

    token: str
    bot: User
    application_id: int
    app_owner: User
    snowflakes: SnowflakeGenerator
    guilds: list[Guild] = dataclasses.field(default_factory=list)
    users: dict[int, User] = dataclasses.field(default_factory=dict)
    dm_channels: dict[int, Channel] = dataclasses.field(default_factory=dict)

    @classmethod
    def create(cls, *, token: str, bot_name: str = "Test Bot") -> World:
        """Create an empty world with a bot user, its application and the application's owner."""
        snowflakes = SnowflakeGenerator()
        bot = User(snowflakes.next(), bot_name, bot=True)
        owner = User(snowflakes.next(), "app-owner")
        world = cls(token, bot, bot.id, owner, snowflakes)
        world.users.update({bot.id: bot, owner.id: owner})
        return world

    @property
    def guild(self) -> Guild:
        """The first guild (the only one in the default world)."""
        return self.guilds[0]

    def add_user(self, username: str, *, bot: bool = False) -> User:
        """Create a user account."""
        user = User(self.snowflakes.next(), username, bot=bot, global_name=username.title())
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, owner: User, *, shard: tuple[int, int] | None = None) -> Guild:
        """Create a guild owned by `owner`, with @everyone, the bot's managed role, and both as members.

        ``shard=(shard_id, shard_count)`` gives it an id that Discord would put on that shard.
        """
        guild_id = self.snowflakes.next_on_shard(*shard) if shard is not None else self.snowflakes.next()
        guild = Guild(guild_id, name, owner.id, self.snowflakes)
        guild.roles.append(Role(guild.id, guild.id, "@everyone", EVERYONE_PERMISSIONS))
        bot_role = guild.add_role(self.bot.username, BOT_ROLE_PERMISSIONS)
        bot_role.bot_id = self.bot.id
        guild.add_member(owner)
        guild.add_member(self.bot, [bot_role])
        self.guilds.append(guild)
        return guild

    def bot_member(self, guild: Guild) -> Member:
        """The bot's member object in a guild."""
        member = guild.member_by_id(self.bot.id)
        if member is None:
            raise KeyError(f"the bot is not in guild {guild.name!r}")
        return member

    def find_channel(self, channel_id: int) -> tuple[Guild | None, Channel] | None:
        """Find a guild channel, thread or DM channel by id, with its guild."""
        for guild in self.guilds:
            channel = guild.channel_by_id(channel_id)
            if channel is not None:
                return guild, channel
        dm = next((c for c in self.dm_channels.values() if c.id == channel_id), None)
        return (None, dm) if dm is not None else None

    def find_guild(self, guild_id: int) -> Guild | None:
        """The guild with this id, if any."""
        return next((g for g in self.guilds if g.id == guild_id), None)

    def dm_channel(self, user: User) -> Channel:
        """The DM channel between the bot and a user (created on first use)."""
        if user.id not in self.dm_channels:
            self.dm_channels[user.id] = Channel(self.snowflakes.next(), "", DM, None, recipient_id=user.id)
        return self.dm_channels[user.id]


def default_world(token: str) -> World:
    """Build the standard test world (see the package docstring for its contents)."""
    world = World.create(token=token)
    add_standard_guild(world, "Test Guild")
    return world


def sharded_world(token: str, shard_count: int, *, guilds_per_shard: int = 1) -> World:
    """A world of standard guilds ("Guild 0", "Guild 1"...), ``guilds_per_shard`` on each of ``shard_count`` shards.

    Guild ``n`` is on shard ``n % shard_count``; the users (owner, moderator, alice, bob, otherbot) are the same in
    each guild.
    """
    world = World.create(token=token)
    for number in range(shard_count * guilds_per_shard):
        add_standard_guild(world, f"Guild {number}", shard=(number % shard_count, shard_count))
    return world


def add_standard_guild(world: World, name: str, *, shard: tuple[int, int] | None = None) -> Guild:
    """Add a guild laid out like the default world's (its users are created once and shared by such guilds)."""
    users = {user.username: user for user in world.users.values()}
    owner = users.get("owner") or world.add_user("owner")
    guild = world.add_guild(name, owner, shard=shard)
    admin = guild.add_role(
        "Admin", discord.Permissions(manage_guild=True, manage_messages=True, mention_everyone=True).value
    )
    moderator = guild.add_role("Moderator", discord.Permissions(manage_messages=True).value, mentionable=True)
    guild.member("owner").role_ids.append(admin.id)
    guild.add_member(users.get("moderator") or world.add_user("moderator"), [moderator])
    guild.add_member(users.get("alice") or world.add_user("alice"))
    guild.add_member(users.get("bob") or world.add_user("bob"))
    guild.add_member(users.get("otherbot") or world.add_user("otherbot", bot=True))
    general = guild.add_text_channel("general")
    news = guild.add_text_channel("news")
    hidden = [
        Overwrite(guild.id, ROLE_OVERWRITE, deny=VIEW_CHANNEL),
        Overwrite(moderator.id, ROLE_OVERWRITE, allow=VIEW_CHANNEL),
        Overwrite(guild.role(world.bot.username).id, ROLE_OVERWRITE, allow=VIEW_CHANNEL),
    ]
    guild.add_text_channel("mods", overwrites=hidden)
    guild.add_thread(general, "general-thread", guild.member("alice"))
    guild.add_webhook(news, "News Feed")
    return guild


def _named(items: Iterable[T], attribute: str, value: object, kind: str) -> T:
    for item in items:
        if getattr(item, attribute) == value:
            return item
    raise KeyError(f"no {kind} with {attribute}={value!r}")


def _apply(permissions: int, overwrite: Overwrite | None) -> int:
    if overwrite is None:
        return permissions
    return (permissions & ~overwrite.deny) | overwrite.allow
