"""`SlackFront`: the bot on one Slack workspace, a slack_bolt `AsyncApp` over Socket Mode (no public endpoint).

It turns Slack's events into service calls (`slackfront.messages`, `.commands`, `.interactions`) and gives the
services a `SlackPort` to act through. Start it inside a running event loop (the Socket Mode client opens its
HTTP session when built) and stop it before the loop ends.
"""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.middleware.authorization.async_single_team_authorization import AsyncSingleTeamAuthorization
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.services.container import Services
from bot.services.event_ledger import EventLedger
from slackfront import commands, drafts, interactions, messages
from slackfront.port import SlackPort
from slackfront.reviewers import Reviewers
from slackfront.workflow import DRAIN_SECONDS, Workflows

log = logging.getLogger(__name__)

CONCURRENT_MESSAGES = 16
"""Messages assessed at once: a burst (say, events Slack queued while the bot was down) waits its turn instead
of crowding the event loop, so that acknowledgements keep within Slack's 3 s."""


class SlackFront:
    """The Slack front end; `start` connects it, `stop` closes it (buttons keep working across restarts)."""

    def __init__(
        self,
        services: Services,
        client: AsyncWebClient,
        *,
        app_token: str,
        ledger: EventLedger,
        review_channel: str | None = None,
        reviewers: tuple[str, ...] = (),
        ping_interval: float = 10.0,
    ) -> None:
        self.services = services
        self.client = client
        self.ledger = ledger
        self._app_token = app_token
        self._review_channel = review_channel
        self._ping_interval = ping_interval
        self.reviewers = Reviewers(client, services.guild_settings, reviewers)
        self.turns = asyncio.Semaphore(CONCURRENT_MESSAGES)
        """Messages handled at once; the others wait their turn (after being acknowledged)."""
        self.app = AsyncApp(client=client, request_verification_enabled=False, process_before_response=False)
        self.bot_user_id = ""
        self.team_id = ""
        self.handler: AsyncSocketModeHandler | None = None
        self.port: SlackPort | None = None
        self._workflows: Workflows | None = None
        for module in (messages, commands, interactions, drafts):
            module.register(self.app, self)

    @property
    def workflows(self) -> Workflows:
        """The workflows for this workspace (once started)."""
        if self._workflows is None:
            raise RuntimeError("the Slack front end is not started")
        return self._workflows

    @property
    def connected(self) -> bool:
        """Whether the Socket Mode connection is up (for health checks)."""
        session = self.handler.client.current_session if self.handler is not None else None
        return session is not None and not session.closed

    async def start(self) -> None:
        """Learn who the bot is, connect the port to the services, start posting review items, and connect."""
        identity = await self.client.auth_test()
        self.bot_user_id, self.team_id = str(identity["user_id"]), str(identity["team_id"])
        _share_identity(self.app, identity)
        self.port = SlackPort(self.client, self.team_id, workspace_url=str(identity.get("url") or ""))
        self._workflows = Workflows(self.services, self.port)
        await self._default_review_channel()
        self.services.ports.add(self.port)
        self.services.publisher.start()  # shared with Discord's front end when both run (starting twice is a no-op)
        if self.services.corrections is not None:
            self.services.corrections.start()  # the same
        self.handler = AsyncSocketModeHandler(self.app, app_token=self._app_token, ping_interval=self._ping_interval)
        await self.handler.connect_async()
        log.info("connected to Slack workspace %s as %s", self.team_id, self.bot_user_id)

    async def stop(self) -> None:
        """Disconnect, stop posting, and take the port off the services."""
        if self.handler is not None:
            await self.handler.close_async()
            self.handler = None
        if self._workflows is not None:
            await self._workflows.drain()
        if self._workflows is not None:
            await self.services.publisher.stop(drain_seconds=DRAIN_SECONDS)
        if self.services.corrections is not None:
            await self.services.corrections.stop()
        if self.port is not None:
            self.services.ports.remove(self.port)

    async def _default_review_channel(self) -> None:
        """Write ``SLACK_REVIEW_CHANNEL`` into the workspace's settings (read by the services' publisher), if unset."""
        settings = self.services.guild_settings
        if self._review_channel and (await settings.config(self.team_id)).moderators_channel_id is None:
            await settings.set_moderators_channel(self.team_id, self._review_channel)


def _share_identity(app: AsyncApp, identity: AsyncSlackResponse) -> None:
    """Give Bolt the ``auth.test`` answer it would otherwise ask for on the first event.

    Until its first ``auth.test`` returns, Bolt (1.30, single workspace) asks again for every event arriving, and
    acknowledges none of them meanwhile: a burst at start-up (Slack redelivering what it queued while the bot was
    down) then misses Slack's 3 s. Measured: 1,000 queued events, none acknowledged in time without this.
    """
    for middleware in app._async_middleware_list:
        if isinstance(middleware, AsyncSingleTeamAuthorization) and middleware.auth_test_result is None:
            middleware.auth_test_result = identity
