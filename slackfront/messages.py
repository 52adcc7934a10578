"""Message events: new messages and edits are assessed, deletions take the bot's answers with them.

Every event is handled once: its ``event_id`` is recorded in the database before anything else (Slack redelivers
events it thinks were missed). Events are acknowledged by Bolt before the listeners run.
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
    async def once_per_event(body: dict[str, Any], next: Any) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not await front.ledger.first_time(Platform.SLACK.value, str(event_id)):
            log.info("event %s was already handled (retry %s)", event_id, body.get("retry_attempt"))
            return BoltResponse(status=200, body="")
        return await next()

    @app.event({"type": "message", "subtype": "message_changed"})
    async def on_changed(event: dict[str, Any], body: dict[str, Any]) -> None:
        new, old = event.get("message") or {}, event.get("previous_message") or {}
        if _from_bot(new) or new.get("subtype") == "tombstone" or new.get("text") == old.get("text"):
            return
        message = _message(body, event.get("channel"), new)
        if message is not None:
            await front.workflows.on_message(message, is_edit=True)

    @app.event({"type": "message", "subtype": "message_deleted"})
    async def on_deleted(event: dict[str, Any]) -> None:
        if _from_bot(event.get("previous_message") or {}):
            return
        channel, ts = event.get("channel"), event.get("deleted_ts")
        if channel and ts:
            await front.workflows.on_deleted(str(channel), str(ts))

    @app.event("message")
    async def on_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("subtype") not in ASSESSED_SUBTYPES or _from_bot(event):
            return
        message = _message(body, event.get("channel"), event)
        if message is not None:
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
