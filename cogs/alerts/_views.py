"""The persistent "This answer is wrong" button under every automatic answer (survives restarts)."""

from __future__ import annotations

import logging
import re
from typing import Any, cast

import discord

from bot.client import AlertBot
from bot.discord_ui.errors import respond_with_error
from bot.discord_ui.replies import acknowledge_click, reply_privately
from bot.services.alerts import DisputeResult

log = logging.getLogger(__name__)

DISPUTE_CUSTOM_ID = "misinfo:dispute"
DISPUTE_LABEL = "This answer is wrong"
DISPUTE_REPLIES = {
    DisputeResult.NEW: "Thanks — moderators will look at it.",
    DisputeResult.ALREADY_RECORDED: "You already reported this answer.",
    DisputeResult.UNKNOWN_ANSWER: "I no longer have a record of this answer, so I can't pass your report on.",
}


class DisputeButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=re.escape(DISPUTE_CUSTOM_ID)):
    """Records that a member thinks an answer is wrong, once per member, and tells them privately."""

    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(label=DISPUTE_LABEL, style=discord.ButtonStyle.secondary, custom_id=DISPUTE_CUSTOM_ID)
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> DisputeButton:
        """Rebuild the button from a click (the custom id carries no state: the message id is the answer's)."""
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record the dispute and answer the member privately (the click acknowledged first)."""
        try:
            if interaction.message is None:
                return
            await acknowledge_click(interaction)
            alerts = cast(AlertBot, interaction.client).services.alerts
            result = await alerts.record_dispute(
                str(interaction.message.id),
                str(interaction.user.id),
                guild_id=str(interaction.guild_id or 0),
                channel_id=str(interaction.channel_id) if interaction.channel_id else None,  # the answer's (thread)
            )
            await reply_privately(interaction, DISPUTE_REPLIES[result])
        except Exception as error:  # the one error path answers and logs
            await respond_with_error(interaction, error)


def answer_view() -> discord.ui.View:
    """The view sent with an answer; stopped, so no per-message state is kept (clicks reach `DisputeButton`)."""
    view = discord.ui.View(timeout=None)
    view.add_item(DisputeButton())
    view.stop()
    return view
