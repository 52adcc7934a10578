"""``/alerts``: per-server settings of the automatic answers; Manage Server only, answered privately."""

from __future__ import annotations

import logging
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import AlertBot
from bot.discord_ui.limits import MESSAGE_CONTENT, truncate
from bot.discord_ui.operators import require_operator
from bot.discord_ui.replies import reply_privately
from bot.platform.port import Delivery
from bot.reload import reload_knowledge
from bot.services.channel_scan import MAX_DAYS
from bot.services.guild_settings import GuildSettingsService
from bot.settings import MAX_COOLDOWN_MINUTES
from cogs.admin._embeds import (
    auto_replies_text,
    corrections_text,
    delivery_label,
    delivery_text,
    link_reading_text,
    status_embed,
)
from cogs.admin._scan import run_scan

log = logging.getLogger(__name__)

POSTING = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)

Channel = discord.TextChannel | discord.Thread
Minutes = app_commands.Range[int, 0, MAX_COOLDOWN_MINUTES]
Score = app_commands.Range[int, 0, 100]
Days = app_commands.Range[int, 1, MAX_DAYS]
DEFAULT_DELIVERY = "default"
DELIVERY_PERMISSIONS = {
    Delivery.THREAD: discord.Permissions(create_public_threads=True, send_messages_in_threads=True),
    Delivery.MARKER: discord.Permissions(add_reactions=True, read_message_history=True),
}
DeliveryChoice = Literal["reply", "thread", "marker", "moderators-only", "default"]


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class AlertsAdminCog(
    commands.GroupCog, group_name="alerts", group_description="Automatic answers in this server (Manage Server)"
):
    """Moderators' settings. Hidden from members without Manage Server, and checked again on every use."""

    def __init__(self, bot: AlertBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Servers can override default permissions, so the permission is checked at run time too."""
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @property
    def _settings(self) -> GuildSettingsService:
        return self.bot.services.guild_settings

    @app_commands.command(name="status", description="Show this server's alert settings")
    async def status(self, interaction: discord.Interaction) -> None:
        """The settings and the last day's answers and disputes."""
        status = await self._settings.status(_guild_id(interaction))
        await reply_privately(interaction, embeds=[status_embed(status)])

    @app_commands.command(name="autoreply", description="Turn automatic answers on or off (server, or one channel)")
    @app_commands.describe(enabled="Answer repeated false claims unasked", channel="Only this channel (and threads)")
    async def autoreply(self, interaction: discord.Interaction, enabled: bool, channel: Channel | None = None) -> None:
        """Server-wide, or one channel's own setting (its threads follow it)."""
        guild_id = _guild_id(interaction)
        state = "on" if enabled else "off"
        if channel is None:
            config = await self._settings.set_auto_replies(guild_id, enabled)
            text = f"Automatic answers are now {state} in this server."
            if config.channel_overrides:
                text += f" Channels with their own setting keep it: {auto_replies_text(config)}."
        else:
            await self._settings.set_channel_auto_replies(guild_id, str(channel.id), enabled)
            text = f"Automatic answers are now {state} in {channel.mention} (`/alerts reset channel` undoes it)."
        await reply_privately(interaction, text)

    @app_commands.command(name="delivery", description="How answers reach members (server, or one channel)")
    @app_commands.describe(
        mode="reply: under the message; thread: in a thread on it; marker: a reaction only; moderators-only: "
        "review items only; default: follow the server (with a channel) or go back to replies",
        channel="Only this channel (and its threads)",
    )
    async def delivery(
        self, interaction: discord.Interaction, mode: DeliveryChoice, channel: Channel | None = None
    ) -> None:
        """Set the server's delivery mode, or a channel's own (``default`` clears it)."""
        guild_id = _guild_id(interaction)
        chosen = None if mode == DEFAULT_DELIVERY else Delivery(mode)
        if channel is None:
            config = await self._settings.set_delivery(guild_id, chosen)
            text = f"Answers in this server now come as: {delivery_label(config.delivery)}."
            if config.channel_deliveries:
                text += f" Channels with their own mode keep it: {delivery_text(config)}."
        elif chosen is None:
            config = await self._settings.set_channel_delivery(guild_id, str(channel.id), None)
            text = f"{channel.mention} follows the server's delivery again ({delivery_label(config.delivery)})."
        else:
            await self._settings.set_channel_delivery(guild_id, str(channel.id), chosen)
            text = f"Answers in {channel.mention} now come as: {delivery_label(chosen)}"
            text += " (`/alerts delivery mode:default channel:` undoes it)."
        if chosen is Delivery.MODERATORS_ONLY and not (await self._settings.config(guild_id)).moderators_channel_id:
            text += " No moderators' channel is set yet: choose one with `/alerts modchannel`."
        await reply_privately(interaction, text + _missing_for(chosen, interaction.guild, channel))

    @app_commands.command(name="cooldown", description="Minutes before the same incident is answered again")
    @app_commands.describe(minutes=f"0 to {MAX_COOLDOWN_MINUTES} (a week), per incident and channel")
    async def cooldown(self, interaction: discord.Interaction, minutes: Minutes) -> None:
        """The quiet period per incident and channel."""
        config = await self._settings.set_cooldown(_guild_id(interaction), minutes)
        await reply_privately(
            interaction, f"Cooldown set to {config.cooldown_minutes} minutes per incident and channel."
        )

    @app_commands.command(name="thresholds", description="Match scores (0-100) needed to answer and to ask moderators")
    @app_commands.describe(reply="Score from which the bot answers", review="Score from which moderators are asked")
    async def thresholds(
        self, interaction: discord.Interaction, reply: Score | None = None, review: Score | None = None
    ) -> None:
        """Change one threshold or both (review not above reply)."""
        config = await self._settings.set_thresholds(_guild_id(interaction), reply=reply, review=review)
        current = config.thresholds
        await reply_privately(interaction, f"Thresholds set: reply at {current.reply:g}, review at {current.review:g}.")

    @app_commands.command(name="modchannel", description="The channel where moderators get reviews and reports")
    @app_commands.describe(channel="A channel moderators read")
    async def modchannel(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        """Set the moderators' channel, warning when the bot cannot post there."""
        await self._settings.set_moderators_channel(_guild_id(interaction), str(channel.id))
        text = f"Moderators' channel set to {channel.mention}."
        me = channel.guild.me
        if me is not None and not channel.permissions_for(me).is_superset(POSTING):
            text += " I can't post there yet: give me View Channel, Send Messages and Embed Links in it."
        await reply_privately(interaction, text)

    @app_commands.command(
        name="reviewerrole", description="A role that may work the review queue (besides Manage Messages)"
    )
    @app_commands.describe(role="The role; leave empty to remove it")
    async def reviewerrole(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        """Let a role decide review items, or go back to Manage Messages only."""
        await self._settings.set_reviewer_role(_guild_id(interaction), str(role.id) if role is not None else None)
        if role is None:
            text = "Only members with Manage Messages can work the review queue now."
        else:
            text = f"Members with {role.mention} can now work the review queue, as can those with Manage Messages."
        await reply_privately(interaction, text)

    @app_commands.command(name="linkfetch", description="Read linked pages' titles to recognise reposted claims")
    @app_commands.describe(enabled="Read the title and description of links members post")
    async def linkfetch(self, interaction: discord.Interaction, enabled: bool) -> None:
        """Turn link reading on or off for the server."""
        config = await self._settings.set_link_fetching(_guild_id(interaction), enabled)
        await reply_privately(interaction, f"Link reading is now {link_reading_text(config)}.")

    @app_commands.command(name="corrections", description="Edit past answers when their claim's record changes")
    @app_commands.describe(enabled="Edit answers of the last days when a verdict, clarification or statement changes")
    async def corrections(self, interaction: discord.Interaction, enabled: bool) -> None:
        """Turn corrections of past answers on or off for the server."""
        config = await self._settings.set_corrections(_guild_id(interaction), enabled)
        await reply_privately(interaction, corrections_text(config))

    @app_commands.command(name="reload", description="Load the knowledge files again (errors keep the current ones)")
    async def reload(self, interaction: discord.Interaction) -> None:
        """Reload the bot's knowledge files (for every server, so the operator's only); errors keep the running ones."""
        await require_operator(self.bot, interaction.user)
        await interaction.response.defer(ephemeral=True, thinking=True)
        log.info("knowledge reload asked by user %s in guild %s", interaction.user.id, interaction.guild_id)
        report = await reload_knowledge(self.bot.services.knowledge)
        text = report.text(max_problems=10, file_name_only=True)
        await reply_privately(interaction, truncate(text, MESSAGE_CONTENT))

    @app_commands.command(name="scan", description="Find known claims in a channel's recent history (replies to none)")
    @app_commands.describe(channel="The channel to read", days=f"How many days back, 1 to {MAX_DAYS}")
    async def scan(self, interaction: discord.Interaction, channel: Channel, days: Days) -> None:
        """Read the channel's history and post a summary in the moderators' channel; progress shown privately."""
        await run_scan(self.bot, interaction, channel, days)

    @app_commands.command(name="reset", description="Go back to the default for a setting")
    @app_commands.describe(setting="What to reset", channel="For `channel`: the channel (default: this one)")
    async def reset(
        self,
        interaction: discord.Interaction,
        setting: Literal["cooldown", "thresholds", "channel"],
        channel: Channel | None = None,
    ) -> None:
        """Default cooldown, default thresholds, or a channel following the server's setting again."""
        guild_id = _guild_id(interaction)
        if setting == "cooldown":
            config = await self._settings.set_cooldown(guild_id, None)
            text = f"Cooldown back to the default: {config.cooldown_minutes} minutes."
        elif setting == "thresholds":
            config = await self._settings.reset_thresholds(guild_id)
            text = f"Thresholds back to the defaults: reply at {config.thresholds.reply:g}, review at "
            text += f"{config.thresholds.review:g}."
        else:
            channel_id = str(channel.id if channel is not None else interaction.channel_id or 0)
            await self._settings.set_channel_auto_replies(guild_id, channel_id, None)
            text = f"<#{channel_id}> follows the server's setting for automatic answers again."
        await reply_privately(interaction, text)


def _missing_for(delivery: Delivery | None, guild: discord.Guild | None, channel: Channel | None) -> str:
    """A warning when the bot lacks what the mode needs (where it is set); the answers then fall back or fail."""
    needed = DELIVERY_PERMISSIONS.get(delivery) if delivery is not None else None
    me = guild.me if guild is not None else None
    if needed is None or me is None:
        return ""
    have = channel.permissions_for(me) if channel is not None else me.guild_permissions
    if have.is_superset(needed):
        return ""
    missing = discord.Permissions(needed.value & ~have.value)
    names = " and ".join(name.replace("_", " ").title() for name, value in missing if value)
    fallback = "answers there will be replies" if delivery is Delivery.THREAD else "nothing will be marked"
    return f" I can't do that yet: give me {names} (until then {fallback})."


def _guild_id(interaction: discord.Interaction) -> str:
    if interaction.guild_id is None:  # guild_only and interaction_check make this unreachable
        raise app_commands.NoPrivateMessage
    return str(interaction.guild_id)
