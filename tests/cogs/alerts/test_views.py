"""The "This answer is wrong" button: a persistent custom id, and a private answer for each outcome."""

from unittest.mock import AsyncMock, MagicMock

import discord

from bot.client import AlertBot
from bot.discord_ui.errors import UNEXPECTED
from bot.services.alerts import AlertService, DisputeResult
from bot.services.container import Services
from cogs.alerts._views import DISPUTE_CUSTOM_ID, DISPUTE_LABEL, DISPUTE_REPLIES, DisputeButton, answer_view


async def test_the_answer_view_has_one_persistent_button_and_keeps_no_state():
    view = answer_view()

    assert view.is_finished()
    assert view.to_components() == [
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 2, "disabled": False, "label": DISPUTE_LABEL, "custom_id": DISPUTE_CUSTOM_ID}
            ],
        }
    ]


def test_every_dispute_outcome_has_a_reply():
    assert set(DISPUTE_REPLIES) == set(DisputeResult)


def clicked(record: AsyncMock) -> MagicMock:
    bot = MagicMock(spec=AlertBot)
    bot.services = MagicMock(spec=Services)
    bot.services.alerts = MagicMock(spec=AlertService)
    bot.services.alerts.record_dispute = record
    interaction = MagicMock(spec=discord.Interaction)
    interaction.client = bot
    interaction.extras = {}
    interaction.message = MagicMock(spec=discord.Message, id=500)
    interaction.user = MagicMock(spec=discord.Member, id=7)
    interaction.guild_id, interaction.channel_id, interaction.command, interaction.data = 1, 2, None, {}
    interaction.response = MagicMock(spec=discord.InteractionResponse)
    interaction.response.is_done.return_value = False
    interaction.response.send_message = AsyncMock()
    return interaction


async def test_a_click_records_the_dispute_and_answers_privately():
    record = AsyncMock(return_value=DisputeResult.ALREADY_RECORDED)
    interaction = clicked(record)

    await DisputeButton().callback(interaction)

    record.assert_awaited_once_with("500", "7", guild_id="1", channel_id="2")  # only the answer in this channel
    send = interaction.response.send_message.await_args
    assert send.args == (DISPUTE_REPLIES[DisputeResult.ALREADY_RECORDED],)
    assert send.kwargs["ephemeral"] is True


async def test_a_failure_gets_the_generic_private_answer():
    interaction = clicked(AsyncMock(side_effect=RuntimeError("database down")))

    await DisputeButton().callback(interaction)

    assert interaction.response.send_message.await_args.args == (UNEXPECTED,)
