"""Slash commands: ``/factcheck`` (a private answer) and ``/alerts`` (workspace admins' settings).

Both acknowledge at once and answer through the command's response URL, which is private to the member.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from slack_bolt.app.async_app import AsyncApp

from bot.platform.port import Delivery
from bot.services.channel_scan import MAX_DAYS
from slackfront.blocks import factcheck_message
from slackfront.drafts import alerts_claims
from slackfront.scan import run_scan
from slackfront.text import escape, plain_text

if TYPE_CHECKING:
    from slackfront.app import SlackFront

FACTCHECK_USAGE = "Type what you want checked after the command: `/factcheck some claim or a link`."
ADMINS_ONLY = "Only workspace admins and owners can change these settings."
ALERTS_USAGE = (
    "`/alerts status` shows the settings; `/alerts reviewchannel #channel` (or `here`, or `off`) chooses where review "
    "items go; `/alerts reviewers @group` (or `off`) lets a user group decide them, besides admins and "
    "SLACK_REVIEWERS; `/alerts on` or `off` turns automatic answers on or off; `/alerts delivery` chooses how "
    "they come (a thread reply, a marker, or review items only); `/alerts corrections on` or `off` "
    "turns on or off the edits of past answers when their claim's record changes; `/alerts scan #channel days` "
    f"(1 to {MAX_DAYS}) reports where known claims circulated in a channel's history, replying to none; "
    "`/alerts claims` lists the claims reviewers drafted here, `/alerts claim-remove N` removes one."
)
DELIVERY_MODES = ("reply", "thread", "marker", "moderators-only", "default")
DELIVERY_USAGE = (
    "`/alerts delivery reply|thread|marker|moderators-only` sets how answers come in this workspace; add a "
    "`#channel` for that channel only, and `/alerts delivery default #channel` makes it follow the workspace again."
)
DELIVERY_TEXT = {
    Delivery.REPLY: "`reply`, a reply in the message's thread",
    Delivery.THREAD: "`thread`, a reply in the message's thread (the same as `reply` on Slack)",
    Delivery.MARKER: "`marker`, a :mag: reaction on the message (the Fact-check message shortcut shows the answer)",
    Delivery.MODERATORS_ONLY: "`moderators-only`, review items in the review channel, nothing in the channel",
}
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|^([CG][A-Z0-9]{2,})$")
_GROUP = re.compile(r"<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>|^(S[A-Z0-9]{2,})$")


def register(app: AsyncApp, front: SlackFront) -> None:
    """Add ``/factcheck`` and ``/alerts``."""

    @app.command("/factcheck")
    async def factcheck(ack: Any, command: dict[str, Any], respond: Any) -> None:
        await ack()
        text = plain_text(str(command.get("text") or "")).strip()
        if not text:
            await respond(text=FACTCHECK_USAGE, response_type="ephemeral")
            return
        result = await front.services.factcheck.check(text, guild_id=str(command["team_id"]))
        await respond(response_type="ephemeral", **factcheck_message(result))

    @app.command("/alerts")
    async def alerts(ack: Any, command: dict[str, Any], respond: Any) -> None:
        await ack()
        if not await front.reviewers.is_admin(str(command["user_id"])):
            await respond(text=ADMINS_ONLY, response_type="ephemeral")
            return
        text = str(command.get("text") or "")
        verb, _, rest = text.strip().partition(" ")
        if verb.lower() == "scan":
            await run_scan(front, command, rest, respond)
            return
        if verb.lower() in ("claims", "claim-remove"):
            team, user = str(command["team_id"]), str(command["user_id"])
            await respond(text=await alerts_claims(front, team, user, verb.lower(), rest), response_type="ephemeral")
            return
        answer = await _alerts(front, str(command["team_id"]), str(command["channel_id"]), text)
        await respond(text=answer, response_type="ephemeral")


async def _alerts(front: SlackFront, team_id: str, channel_id: str, text: str) -> str:
    words = text.split()
    verb, rest = (words[0].lower(), " ".join(words[1:])) if words else ("status", "")
    settings, team = front.services.guild_settings, team_id
    if verb in ("on", "off"):
        await settings.set_auto_replies(team, verb == "on")
        return f"Automatic answers are now {verb}."
    if verb == "corrections" and rest in ("on", "off"):
        await settings.set_corrections(team, rest == "on")
        return f"Corrections of past answers are now {rest}."
    if verb == "reviewchannel":
        channel = channel_id if rest == "here" else None if rest == "off" else _first(_CHANNEL, rest)
        if channel is None and rest != "off":
            return "Name a channel: `/alerts reviewchannel #channel`, `here` or `off`."
        await settings.set_moderators_channel(team, channel if channel else None)
        front.services.publisher.wake()
        return f"Review items now go to <#{channel}>." if channel else "Review items are no longer posted."
    if verb == "reviewers":
        group = None if rest == "off" else _first(_GROUP, rest)
        if group is None and rest != "off":
            return "Name a user group: `/alerts reviewers @group`, or `off`."
        await settings.set_reviewer_role(team, group if group else None)
        return (
            f"Members of the user group `{group}` may now decide review items." if group else "No reviewers' group now."
        )
    if verb == "delivery":
        return await _delivery(front, team, rest)
    if verb == "status":
        return await _status(front, team_id)
    return ALERTS_USAGE


async def _delivery(front: SlackFront, team: str, rest: str) -> str:
    """``/alerts delivery <mode> [#channel]``: the workspace's mode, or a channel's (``default`` clears it)."""
    words = rest.split()
    mode = words[0].lower() if words else ""
    if mode not in DELIVERY_MODES:
        return DELIVERY_USAGE
    channel = _first(_CHANNEL, " ".join(words[1:])) if len(words) > 1 else None
    if len(words) > 1 and channel is None:
        return DELIVERY_USAGE
    chosen = None if mode == "default" else Delivery(mode)
    settings = front.services.guild_settings
    if channel is None:
        config = await settings.set_delivery(team, chosen)
        return f"Answers now come as: {DELIVERY_TEXT[config.delivery]}."
    config = await settings.set_channel_delivery(team, channel, chosen)
    if chosen is None:
        return f"<#{channel}> follows the workspace's delivery again: {DELIVERY_TEXT[config.delivery]}."
    return f"Answers in <#{channel}> now come as: {DELIVERY_TEXT[chosen]}."


async def _status(front: SlackFront, team_id: str) -> str:
    config = await front.services.guild_settings.config(team_id)
    channel = config.moderators_channel_id
    groups = sorted(await front.reviewers.groups(team_id))
    lines = [
        f"Automatic answers: {'on' if config.auto_replies else 'off'}",
        f"Cooldown: {config.cooldown_minutes} minutes per incident and channel",
        f"Thresholds: reply {config.thresholds.reply:g}, review {config.thresholds.review:g}",
        f"Corrections of past answers: {'on' if config.corrections else 'off'}",
        f"Delivery: {_delivery_status(config.delivery, config.channel_deliveries)}",
        f"Review channel: <#{channel}>" if channel else "Review channel: not set",
        "Reviewers' groups: "
        + (", ".join(f"`{escape(group)}`" for group in groups) or "none")
        + " (and workspace admins)",
    ]
    return "\n".join(lines)


def _delivery_status(delivery: Delivery, channels: Mapping[str, Delivery]) -> str:
    own = ", ".join(f"`{mode.value}` in <#{channel}>" for channel, mode in channels.items())
    return f"`{delivery.value}`" + (f" ({own})" if own else "")


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    found = pattern.search(text.strip())
    return next((group for group in found.groups() if group), None) if found else None
