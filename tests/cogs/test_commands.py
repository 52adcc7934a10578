"""Every cog loads into the bot; command names never collide; /alerts is for Manage Server only."""

from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest
from discord import app_commands

from bot.client import AlertBot, bot_intents
from bot.db.engine import create_engine, create_session_factory
from bot.discord_ui.extensions import discover_extensions
from bot.services.container import Services
from bot.settings import Settings
from cogs.alerts._views import DisputeButton


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[AlertBot]:
    """The bot with every discovered cog loaded, never connected (the services are built but never used)."""
    database = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    settings = Settings(_env_file=None, database_url=database, semantic_matching=False)  # type: ignore[call-arg]
    engine = create_engine(settings.database_url)
    client = AlertBot(settings, Services.build(settings, create_session_factory(engine)), sync_commands=False)
    try:
        async with client:
            for name in discover_extensions():
                await client.load_extension(name)
            yield client
    finally:
        await engine.dispose()


def test_intents_are_the_three_needed():
    intents = bot_intents()

    assert (intents.guilds, intents.guild_messages, intents.message_content) == (True, True, True)
    assert not (intents.members or intents.presences or intents.dm_messages)


async def test_the_bot_never_pings_by_default(bot):
    assert bot.allowed_mentions is not None
    assert bot.allowed_mentions.to_dict() == {"parse": []}


async def test_command_names_do_not_collide(bot):
    commands = bot.tree.get_commands()
    keys = [(command.name, type(command).__name__) for command in commands]

    assert len(keys) == len(set(keys))
    assert {"alerts", "factcheck", "incident", "Fact-check message"} <= {command.name for command in commands}


async def test_every_slash_command_and_option_is_described(bot):
    for command in bot.tree.walk_commands():
        assert command.description, command.qualified_name
        if isinstance(command, app_commands.Command):
            for parameter in command.parameters:
                assert parameter.description and parameter.description != "…", (command.qualified_name, parameter)


async def test_alerts_is_hidden_from_members_without_manage_server(bot):
    alerts = bot.tree.get_command("alerts")

    assert alerts is not None
    assert alerts.default_permissions == discord.Permissions(manage_guild=True)
    assert alerts.guild_only


async def test_unloading_removes_the_context_menu_and_the_button(bot):
    await bot.unload_extension("cogs.factcheck")
    await bot.unload_extension("cogs.alerts")

    assert bot.tree.get_command("Fact-check message", type=discord.AppCommandType.message) is None
    assert DisputeButton not in bot._connection._view_store._dynamic_items.values()
