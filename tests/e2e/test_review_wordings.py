"""Wordings learned from moderators, end to end: approving an item makes its wording answered at once in that
server (not in another), rejecting it keeps the claim from a message nearly repeating it."""

from __future__ import annotations

from typing import Any

import pytest

from bot.runner import Runtime
from tests.e2e.helpers import CLAIM, RunningBot, eventually
from tests.e2e.test_review import BAND, click, embed_text, posted_item
from tests.fakediscord import FakeDiscord, Guild

pytestmark = pytest.mark.e2e

WORDING = "duran had her hands on her necklace the whole time, no gun, he just panicked and killed her"
"""Misinformation the matcher only sends to review (about 58, in `BAND`)."""
PARAPHRASE = "<@1> duran had her hands on her necklace the whole time, no gun, he panicked and killed her smh"
BULLET_HOLES = "theres holes in the chp car from the compton takeover, they're hiding the pics"
BULLET_HOLES_AGAIN = "there are holes in the CHP car from the Compton takeover and they're hiding the pics!!"
ELSEWHERE = "lil bro said the chp sergeant video from the takeover is real, shots and all, no cap"
"""Another review-tier message about the Compton incident (a sentinel for the review queue)."""


def other_server(fake: FakeDiscord) -> Guild:
    """A second server the bot is in, with ``carol`` posting in its #general."""
    world = fake.world
    guild = world.add_guild("Other Guild", world.add_user("other-owner"))
    guild.add_member(world.add_user("carol"))
    guild.add_text_channel("general")
    return guild


async def handled(running: RunningBot, messages: int) -> None:
    """Until the bot has handled ``messages`` messages to the end (their review intake included)."""
    cog = running.bot.get_cog("AlertsCog")
    assert cog is not None
    await eventually(lambda: running.metric("messages_scanned_total") >= messages, what="messages scanned")
    in_flight = cog._in_flight  # the only sign that a message's handling is over
    assert await in_flight.wait(in_flight.pending(), 5.0) == set()


async def start_both(start_alert_bot: Any, fake: FakeDiscord, other: Guild) -> RunningBot:
    """The product bot with the `BAND` thresholds in both servers and #mods in the first."""
    guild = fake.world.guild

    async def setup(runtime: Runtime) -> None:
        settings = runtime.services.guild_settings
        for server in (guild, other):
            await settings.set_thresholds(str(server.id), **BAND)
        await settings.set_moderators_channel(str(guild.id), str(guild.channel("mods").id))

    return await start_alert_bot(setup=setup)


async def test_an_approved_wording_is_answered_at_once_in_that_server_only(start_alert_bot, fake_discord):
    other = other_server(fake_discord)
    running = await start_both(start_alert_bot, fake_discord, other)
    posted = await running.post("alice", "general", WORDING)
    item = await posted_item(running)
    assert "duran had her hands on her necklace" in embed_text(item)

    await click(running, "moderator", item, "approve")
    await running.answer_to(posted)

    later = await running.post("bob", "news", PARAPHRASE)
    answer = await running.answer_to(later)
    assert "moderators of this server approved" in embed_text(answer)
    assert WORDING not in embed_text(answer)  # alice's words are not quoted to bob's channel
    assert "westminster" in answer["embeds"][0]["footer"]["text"].lower()

    elsewhere = await fake_discord.post_message("carol", other.channel("general"), PARAPHRASE)
    sentinel = await fake_discord.post_message("carol", other.channel("general"), CLAIM)
    await running.answer_to(sentinel)
    assert running.answers_to(elsewhere) == []


async def test_a_rejected_wording_is_not_suggested_again_for_that_claim(start_alert_bot, fake_discord):
    other = other_server(fake_discord)
    running = await start_both(start_alert_bot, fake_discord, other)
    await running.post("alice", "general", BULLET_HOLES)
    item = await posted_item(running)

    await click(running, "moderator", item, "reject")
    assert "Rejected as a false match" in embed_text(fake_discord.message(item["id"]))

    again = await running.post("bob", "news", BULLET_HOLES_AGAIN)
    sentinel = await running.post("bob", "news", ELSEWHERE)
    await posted_item(running, after=item["id"])
    await handled(running, 3)
    pending = await running.services.review.queue(str(fake_discord.world.guild.id))
    assert [entry.message_id for entry in pending.entries] == [sentinel["id"]]
    assert running.answers_to(again) == []
