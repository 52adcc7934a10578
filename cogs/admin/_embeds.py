"""``/alerts status`` as an embed, and the confirmations of changes."""

from __future__ import annotations

import discord

from bot.platform.port import Delivery
from bot.services.guild_settings import GuildConfig, GuildStatus


def status_embed(status: GuildStatus) -> discord.Embed:
    """The server's alert settings and the last day's activity."""
    config = status.config
    embed = discord.Embed(title="Alerts in this server", colour=discord.Colour.blurple())
    embed.add_field(name="Automatic answers", value=auto_replies_text(config), inline=False)
    embed.add_field(
        name="Cooldown",
        value=f"{config.cooldown_minutes} minutes per incident and channel{_default(config.custom_cooldown)}",
    )
    embed.add_field(
        name="Thresholds",
        value=f"reply {config.thresholds.reply:g}, review {config.thresholds.review:g}"
        + _default(config.custom_thresholds),
    )
    embed.add_field(name="Delivery", value=delivery_text(config), inline=False)
    embed.add_field(name="Link reading", value=link_reading_text(config))
    embed.add_field(name="Corrections", value="on" if config.corrections else "off")
    embed.add_field(name="Moderators' channel", value=_channel(config.moderators_channel_id))
    embed.add_field(name="Reviewer role", value=_role(config.reviewer_role_id))
    embed.add_field(
        name="Last 24 hours",
        value=f"{_count(status.answers_last_day, 'answer')}, {_count(status.disputes_last_day, 'dispute')}",
    )
    return embed


def auto_replies_text(config: GuildConfig) -> str:
    """``on`` / ``off`` for the server, then each channel that differs."""
    text = "on" if config.auto_replies else "off"
    overrides = [
        f"{'on' if enabled else 'off'} in <#{channel_id}>" for channel_id, enabled in config.channel_overrides.items()
    ]
    return text + (f" ({', '.join(overrides)})" if overrides else "")


DELIVERY_LABELS = {
    Delivery.REPLY: "a reply under the message",
    Delivery.THREAD: "a thread started on the message",
    Delivery.MARKER: "a reaction on the message (Fact-check message shows the answer)",
    Delivery.MODERATORS_ONLY: "review items for moderators only",
}


def delivery_label(delivery: Delivery) -> str:
    """A mode as moderators read it."""
    return f"`{delivery.value}`, {DELIVERY_LABELS[delivery]}"


def delivery_text(config: GuildConfig) -> str:
    """The server's mode (marked default when it is a reply), then each channel with its own."""
    text = delivery_label(config.delivery) + (" (default)" if config.delivery is Delivery.REPLY else "")
    channels = [f"`{mode.value}` in <#{channel_id}>" for channel_id, mode in config.channel_deliveries.items()]
    return text + (f"; {', '.join(channels)}" if channels else "")


def link_reading_text(config: GuildConfig) -> str:
    """Whether linked pages are read, and whether the operator forbids it."""
    text = "on" if config.link_fetching else "off"
    return text if config.link_fetching_allowed else text + " (turned off by the bot's operator)"


def corrections_text(config: GuildConfig) -> str:
    """The confirmation of ``/alerts corrections``."""
    if config.corrections:
        return (
            "Corrections are now on: when a claim's verdict, clarification or statements change, or the claim is "
            "withdrawn, I edit my recent answers about it to show the current record."
        )
    return "Corrections are now off: my past answers stay as they were posted (a retracted answer still says so)."


def _channel(channel_id: int | None) -> str:
    return "not set" if channel_id is None else f"<#{channel_id}>"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _default(custom: bool) -> str:
    return "" if custom else " (default)"


def _role(role_id: int | None) -> str:
    return f"<@&{role_id}>" if role_id is not None else "none (Manage Messages only)"
