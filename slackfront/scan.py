"""``/alerts scan #channel days``: the history scan on Slack, its progress told privately through the response URL.

A command's response URL takes five messages within 30 minutes, so progress is told at most `PROGRESS_NOTES`
times (every `PROGRESS_EVERY` messages), leaving room for the start and the outcome.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.platform.refs import ChannelRef, Platform
from bot.services.channel_scan import MAX_DAYS, ScanRequest, progress_text, result_text
from slackfront.text import escape

if TYPE_CHECKING:
    from slackfront.app import SlackFront

USAGE = f"Name a channel and a number of days (1 to {MAX_DAYS}): `/alerts scan #channel 30`."
SET_CHANNEL = "choose one with `/alerts reviewchannel #channel`, then scan again"
GRANT_ACCESS = "invite me to it (`/invite @me` there), then scan again"
PROGRESS_EVERY = 200
PROGRESS_NOTES = 3
_ARGUMENTS = re.compile(r"^\s*(?:<#([CG][A-Z0-9]+)(?:\|([^>]*))?>|#?([CG][A-Z0-9]{2,}))\s+(\d{1,3})\s*$")


async def run_scan(front: SlackFront, command: dict[str, Any], arguments: str, respond: Any) -> None:
    """Parse ``#channel days``, tell the admin it started, scan, and tell them the outcome."""
    found = _ARGUMENTS.match(arguments)
    days = int(found.group(4)) if found else 0
    if found is None or not 1 <= days <= MAX_DAYS:
        await respond(text=USAGE, response_type="ephemeral")
        return
    channel_id = found.group(1) or found.group(3)
    name = found.group(2) or channel_id
    request = ScanRequest(
        ChannelRef(Platform.SLACK, str(command["team_id"]), channel_id),
        name,
        days,
        requested_by=str(command.get("user_name") or command["user_id"]),
    )
    await respond(text=escape(f"Reading the last {days} days of #{name}\u2026"), response_type="ephemeral")
    notes = 0

    async def progress(count: int) -> None:
        nonlocal notes
        if notes < PROGRESS_NOTES:
            notes += 1
            await respond(text=progress_text(count), response_type="ephemeral")

    result = await front.services.scans.scan(request, progress, every=PROGRESS_EVERY)
    text = result_text(request, result, set_channel=SET_CHANNEL, grant_access=GRANT_ACCESS)
    await respond(text=_escaped_except_channel(text, result.moderators_channel), response_type="ephemeral")


def _escaped_except_channel(text: str, channel: str | None) -> str:
    """The text escaped, keeping the moderators' channel as a ``<#C…>`` link (a channel link pings nobody)."""
    escaped = escape(text)
    return escaped.replace(escape(f"<#{channel}>"), f"<#{channel}>") if channel else escaped
