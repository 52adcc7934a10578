"""``/factcheck``, ``/incident`` and "Fact-check message": members ask, the bot answers from the knowledge base."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import AlertBot
from bot.discord_ui.cards import factcheck_embeds, factcheck_note
from bot.discord_ui.errors import UserFacingError
from bot.discord_ui.replies import reply_privately, send_response
from cogs.factcheck._embeds import incident_embed, incident_list_embed
from knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)

CONTEXT_MENU_NAME = "Fact-check message"
NO_TEXT = "That message has no text I can check."


class FactCheckCog(commands.Cog):
    """Fact-checks on request; private unless the member chooses to share."""

    incident = app_commands.Group(name="incident", description="Incidents the bot knows about")

    def __init__(self, bot: AlertBot) -> None:
        self.bot = bot
        self._menu = app_commands.ContextMenu(name=CONTEXT_MENU_NAME, callback=self.factcheck_message)

    async def cog_load(self) -> None:
        """Add the message context menu (context menus cannot be declared inside a cog)."""
        self.bot.tree.add_command(self._menu)

    async def cog_unload(self) -> None:
        """Remove the message context menu."""
        self.bot.tree.remove_command(self._menu.name, type=self._menu.type)

    @app_commands.command(name="factcheck", description="Check a claim or link against what officials said")
    @app_commands.describe(
        text="The claim or link to check", share="Post the answer in the channel for everyone (default: only you)"
    )
    async def factcheck(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, 2000], share: bool = False
    ) -> None:
        """Answer with the best matches, privately unless ``share``; "nothing matches" is always private."""
        await self._answer(interaction, text, share=share)

    async def factcheck_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Context menu: fact-check someone's message, privately for the invoker."""
        if not message.content.strip():
            raise UserFacingError(NO_TEXT)
        await self._answer(interaction, message.content, share=False)

    @incident.command(name="show", description="Show what the bot knows about an incident")
    @app_commands.describe(incident="The incident (start typing to search)")
    async def incident_show(self, interaction: discord.Interaction, incident: str) -> None:
        """One incident's details, privately (this server's own claims too)."""
        knowledge = await self._knowledge(interaction)
        if incident not in knowledge:
            raise UserFacingError("I know no incident with that id: pick one from the suggestions or /incident list.")
        await reply_privately(interaction, embeds=[incident_embed(knowledge.get(incident))])

    @incident_show.autocomplete("incident")
    async def incident_choices(self, _interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Incidents whose id or title contains every word typed so far."""
        found = (await self._knowledge(_interaction)).search(current, limit=25)
        return [app_commands.Choice(name=incident.title[:100], value=incident.id) for incident in found]

    @incident.command(name="list", description="List the incidents the bot knows about")
    async def incident_list(self, interaction: discord.Interaction) -> None:
        """Every incident, privately; then the claims this server's moderators drafted."""
        incidents = list(self.bot.services.knowledge.knowledge)
        drafts = self.bot.services.drafts
        own = (await drafts.of_guild(str(interaction.guild_id))).drafts if drafts and interaction.guild_id else ()
        await reply_privately(interaction, embeds=[incident_list_embed(incidents, own)])

    async def _knowledge(self, interaction: discord.Interaction) -> KnowledgeBase:
        drafts = self.bot.services.drafts
        if drafts is None or interaction.guild_id is None:
            return self.bot.services.knowledge.knowledge
        return await drafts.knowledge_for(str(interaction.guild_id))

    async def _answer(self, interaction: discord.Interaction, text: str, *, share: bool) -> None:
        result = await self.bot.services.factcheck.check(
            text, guild_id=str(interaction.guild_id) if interaction.guild_id else None
        )
        embeds = factcheck_embeds(result)
        note = factcheck_note(result)
        await send_response(interaction, note, embeds=embeds, ephemeral=not (share and result.found))
