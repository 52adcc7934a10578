"""A follow-up naming nothing, just after its channel named the incident: a review item in #mods, never an answer."""

from __future__ import annotations

from typing import Any

import pytest

from bot.runner import Runtime
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.e2e

NAMED = "Alysha Duran was unarmed and they killed her"
FOLLOW_UP = "he ran behind the car and shot her for literally no reason. there was nothing in that car"
FOLLOWS = "follows messages naming it in this conversation"


def embed_text(message: dict[str, Any]) -> str:
    embed = message["embeds"][0]
    return "\n".join([embed.get("description", ""), *(field["value"] for field in embed.get("fields", []))])


async def test_a_follow_up_in_the_channel_is_shown_to_moderators_with_the_reason(
    start_alert_bot: Any, fake_discord: FakeDiscord
) -> None:
    guild = fake_discord.world.guild

    async def setup(runtime: Runtime) -> None:
        await runtime.services.guild_settings.set_moderators_channel(str(guild.id), str(guild.channel("mods").id))

    running = await start_alert_bot(setup=setup)
    named = await running.post("alice", "general", NAMED)
    await running.answer_to(named)

    follow_up = await running.post("bob", "general", FOLLOW_UP)

    item = await running.fake.wait_for_message(
        running.channel("mods"), predicate=lambda m: bool(m.get("embeds")), after=follow_up["id"]
    )
    assert FOLLOWS in embed_text(item)
    await running.assert_no_answer(follow_up)
