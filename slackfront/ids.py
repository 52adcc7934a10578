"""Slack's own ids as the services' refs: channel, team and user ids (``C024BE91L``) and message ts as they are."""

from __future__ import annotations

from bot.platform.refs import ChannelRef, MessageRef, Platform


def service_ref(team: str, channel: str, ts: str, thread: str | None = None) -> MessageRef:
    """A Slack message as the services name it (a thread only when it is a reply)."""
    return MessageRef(Platform.SLACK, team, channel, ts, thread if thread is not None and thread != ts else None)


def service_channel(team: str, channel: str) -> ChannelRef:
    """A Slack channel as the services name it."""
    return ChannelRef(Platform.SLACK, team, channel)
