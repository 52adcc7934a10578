"""``/alerts``: the run-time permission check and the status embed."""

from unittest.mock import MagicMock

import discord
import pytest
from discord import app_commands

from bot.client import AlertBot
from bot.platform.port import Delivery
from bot.services.guild_settings import GuildConfig, GuildStatus
from cogs.admin._cog import AlertsAdminCog
from cogs.admin._embeds import status_embed
from knowledge.matching.types import Thresholds


def interaction(*, guild_id: int | None = 1, manage_guild: bool = False) -> MagicMock:
    fake = MagicMock(spec=discord.Interaction)
    fake.guild_id = guild_id
    fake.permissions = discord.Permissions(manage_guild=manage_guild)
    return fake


@pytest.fixture
def cog() -> AlertsAdminCog:
    return AlertsAdminCog(MagicMock(spec=AlertBot))


async def test_members_with_manage_server_pass(cog):
    assert await cog.interaction_check(interaction(manage_guild=True)) is True


async def test_members_without_manage_server_are_refused(cog):
    with pytest.raises(app_commands.MissingPermissions) as raised:
        await cog.interaction_check(interaction(manage_guild=False))

    assert raised.value.missing_permissions == ["manage_guild"]


async def test_direct_messages_are_refused(cog):
    with pytest.raises(app_commands.NoPrivateMessage):
        await cog.interaction_check(interaction(guild_id=None, manage_guild=True))


def test_status_shows_every_setting_with_channel_mentions():
    config = GuildConfig(
        guild_id=1,
        auto_replies=True,
        cooldown_minutes=15,
        thresholds=Thresholds(reply=85, review=60),
        link_fetching=False,
        moderators_channel_id=42,
        reviewer_role_id=9,
        custom_cooldown=True,
        custom_thresholds=False,
        link_fetching_allowed=False,
        corrections=False,
        channel_overrides={7: False},
        delivery=Delivery.THREAD,
        channel_deliveries={8: Delivery.MARKER},
    )

    embed = status_embed(GuildStatus(config, answers_last_day=1, disputes_last_day=2))

    fields = {field.name: field.value for field in embed.fields}
    assert fields == {
        "Automatic answers": "on (off in <#7>)",
        "Cooldown": "15 minutes per incident and channel",
        "Thresholds": "reply 85, review 60 (default)",
        "Delivery": "`thread`, a thread started on the message; `marker` in <#8>",
        "Link reading": "off (turned off by the bot's operator)",
        "Moderators' channel": "<#42>",
        "Reviewer role": "<@&9>",
        "Corrections": "off",
        "Last 24 hours": "1 answer, 2 disputes",
    }
