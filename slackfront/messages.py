"""Message events: new messages and edits are assessed, deletions take the bot's answers with them.

Every event is handled once (Slack redelivers events it thinks were missed): a redelivery of an event this process
has is acknowledged and dropped at once; otherwise Bolt acknowledges the event, and the listener records its
``event_id`` in the database (shared by every process) before anything else, stopping if it was there. The
database is never waited for before the acknowledgement, which Slack wants within 3 s.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from bot.platform import Platform
from slackfront.text import plain_text
from slackfront.workflow import SlackMessage

if TYPE_CHECKING:
    from slackfront.app import SlackFront

log = logging.getLogger(__name__)

ASSESSED_SUBTYPES = {None, "thread_broadcast", "file_share", "me_message"}
"""Message subtypes written by members (others are joins, topic changes, bots...)."""


def register(app: AsyncApp, front: SlackFront) -> None:
    """Add the deduplication middleware and the message listeners (specific subtypes first)."""

    @app.middleware
    async def drop_known_redeliveries(body: dict[str, Any], next: Any) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and front.ledger.seen_here(Platform.SLACK.value, str(event_id)):
            log.info("event %s is already handled here", event_id)
            return BoltResponse(status=200, body="")
        return await next()

    async def first_time(body: dict[str, Any]) -> bool:
        event_id = body.get("event_id")
        if not event_id or await front.ledger.first_time(Platform.SLACK.value, str(event_id)):
            return True
        log.info("event %s was already handled", event_id)
        return False

    @app.event({"type": "message", "subtype": "message_changed"})
    async def on_changed(event: dict[str, Any], body: dict[str, Any]) -> None:
        new, old = event.get("message") or {}, event.get("previous_message") or {}
        if _from_bot(new) or new.get("subtype") == "tombstone" or new.get("text") == old.get("text"):
            return
        message = _message(body, event.get("channel"), new)
        async with front.turns:
            if message is not None and await first_time(body):
                await front.workflows.on_message(message, is_edit=True)

    @app.event({"type": "message", "subtype": "message_deleted"})
    async def on_deleted(event: dict[str, Any], body: dict[str, Any]) -> None:
        channel, ts = event.get("channel"), event.get("deleted_ts")
        if _from_bot(event.get("previous_message") or {}) or not (channel and ts):
            return
        async with front.turns:
            if await first_time(body):
                await front.workflows.on_deleted(str(channel), str(ts))

    @app.event("message")
    async def on_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("subtype") not in ASSESSED_SUBTYPES or _from_bot(event):
            return
        message = _message(body, event.get("channel"), event)
        async with front.turns:
            if message is not None and await first_time(body):
                await front.workflows.on_message(message)


def _from_bot(message: dict[str, Any]) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") == "bot_message"


def _message(body: dict[str, Any], channel: object, message: dict[str, Any]) -> SlackMessage | None:
    team = body.get("team_id") or message.get("team")
    user, ts = message.get("user"), message.get("ts")
    if not (team and channel and user and ts):
        return None
    text = plain_text(str(message.get("text") or ""))
    return SlackMessage(str(team), str(channel), str(ts), str(user), text, message.get("thread_ts"))
