"""A local stand-in of Slack's Web API and Socket Mode for end-to-end tests with the real slack_sdk and slack_bolt.

The default workspace (`default_world`): team ``T0TEST001`` with the bot ``factbot`` (``U0BOT0001``), the admin
``owner``, ``moderator`` (in the user group ``reviewers``), ``alice``, ``bob``, ``helper`` and another app's bot
``otherbot``; channels ``#general`` and ``#news`` (everyone, the bot too), ``#mods`` (private: bot, owner, moderator,
helper) and
``#elsewhere`` (without the bot).

Point the clients at it::

    client = AsyncWebClient(token=fake.world.bot_token, base_url=fake.api_url)
    app = AsyncApp(client=client)
    handler = AsyncSocketModeHandler(app, app_token=fake.world.app_token)
    await handler.connect_async()                     # apps.connections.open -> ws://127.0.0.1:PORT/link
    posted = await fake.post_message("alice", "general", "hello")   # a message event
    await posted.delivery.ack()                        # the app acknowledged the envelope
    ...
    await handler.close_async()                        # before the stand-in stops

Members act with `post_message`, `edit_message`, `delete_message`, `slash_command`, `message_shortcut`, `click`
and `submit_view`; faults are `rate_limit`, `fail`, `disconnect`, `drop_connections` and `redeliver`.
"""

from tests.fakeslack._blocks import check_blocks, check_modal, pings_in
from tests.fakeslack._events import Posted
from tests.fakeslack._socket import Delivery
from tests.fakeslack._store import Call, Ephemeral, Message
from tests.fakeslack._world import APP_TOKEN, BOT_TOKEN, Channel, User, Usergroup, World, default_world
from tests.fakeslack.server import FakeSlack

__all__ = [
    "APP_TOKEN",
    "BOT_TOKEN",
    "Call",
    "Channel",
    "Delivery",
    "Ephemeral",
    "FakeSlack",
    "Message",
    "Posted",
    "User",
    "Usergroup",
    "World",
    "check_blocks",
    "check_modal",
    "default_world",
    "pings_in",
]
