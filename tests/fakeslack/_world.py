"""The workspace the Slack stand-in serves: its team, people, user groups and channels."""

from __future__ import annotations

import dataclasses

BOT_TOKEN = "xoxb-fake-bot-token-for-tests"
APP_TOKEN = "xapp-1-fake-app-token-for-tests"


@dataclasses.dataclass
class User:
    """A member of the workspace (``is_bot`` for other apps' bot users)."""

    id: str
    name: str
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    bot_id: str | None = None

    def as_json(self, team_id: str) -> dict[str, object]:
        """As ``users.info`` returns it."""
        return {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "real_name": self.name.title(),
            "deleted": False,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": self.is_owner,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "profile": {"display_name": self.name, "real_name": self.name.title(), "team": team_id},
        }


@dataclasses.dataclass
class Channel:
    """A public (``C…``) or private (``G…``-style, ``is_private``) channel; ``members`` are user ids."""

    id: str
    name: str
    members: set[str]
    is_private: bool = False

    @property
    def channel_type(self) -> str:
        """The ``channel_type`` of its message events."""
        return "group" if self.is_private else "channel"


@dataclasses.dataclass
class Usergroup:
    """A user group (``S…``), mentioned as ``<!subteam^S…>``."""

    id: str
    handle: str
    users: list[str]


@dataclasses.dataclass
class World:
    """One workspace with the app installed in it."""

    team_id: str
    team_name: str
    app_id: str
    bot: User
    users: dict[str, User]
    channels: dict[str, Channel]
    usergroups: dict[str, Usergroup]
    bot_token: str = BOT_TOKEN
    app_token: str = APP_TOKEN
    enterprise_id: str | None = None

    def user(self, name_or_id: str) -> User:
        """A user by name (``alice``) or id."""
        for user in self.users.values():
            if name_or_id in (user.name, user.id):
                return user
        raise KeyError(name_or_id)

    def channel(self, name_or_id: str) -> Channel:
        """A channel by name (``general``) or id."""
        for channel in self.channels.values():
            if name_or_id in (channel.name, channel.id):
                return channel
        raise KeyError(name_or_id)

    def usergroup(self, handle_or_id: str) -> Usergroup:
        """A user group by handle or id."""
        for group in self.usergroups.values():
            if handle_or_id in (group.handle, group.id):
                return group
        raise KeyError(handle_or_id)


def default_world() -> World:
    """Team ``T0TEST001``: admin ``owner``, ``moderator`` (group ``reviewers``), ``alice``, ``bob``, ``helper``,
    ``otherbot``.

    Channels: ``#general``, ``#news`` (the bot is in both) and ``#mods`` (private; bot, owner, moderator, helper);
    ``#elsewhere`` does not have the bot.
    """
    bot = User("U0BOT0001", "factbot", is_bot=True, bot_id="B0BOT0001")
    people = [
        User("U0OWNER01", "owner", is_admin=True, is_owner=True),
        User("U0MODER01", "moderator"),
        User("U0ALICE01", "alice"),
        User("U0BOB0001", "bob"),
        User("U0HELPER1", "helper"),
        User("U0OTHER01", "otherbot", is_bot=True, bot_id="B0OTHER01"),
    ]
    users = {user.id: user for user in [bot, *people]}
    everyone = set(users)
    channels = [
        Channel("C0GENERAL", "general", set(everyone)),
        Channel("C0NEWS001", "news", set(everyone)),
        Channel("C0MODS001", "mods", {bot.id, "U0OWNER01", "U0MODER01", "U0HELPER1"}, is_private=True),
        Channel("C0ELSEWHR", "elsewhere", everyone - {bot.id}),
    ]
    groups = [Usergroup("S0REVIEWS", "reviewers", ["U0MODER01"])]
    return World(
        team_id="T0TEST001",
        team_name="Test Team",
        app_id="A0FACTBOT",
        bot=bot,
        users=users,
        channels={channel.id: channel for channel in channels},
        usergroups={group.id: group for group in groups},
    )
