"""Scope (issue 11): every review interaction called with another server's ids, and by a member whose rights come
only from one channel's overwrite, through the real discord.py against the stand-in."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.services.alerts import DisputeResult
from cogs.alerts._views import DISPUTE_CUSTOM_ID, DISPUTE_REPLIES
from cogs.review._decisions import GONE, NOT_REVIEWER
from cogs.review._views import PICK, custom_id
from tests.e2e.helpers import CLAIM, eventually
from tests.e2e.test_review import UNSURE, buttons, embed_text, item_id_of, posted_item, start, wait_pending
from tests.fakediscord import FakeDiscord, Guild, Member, Overwrite, is_ephemeral
from tests.fakediscord._world import MEMBER_OVERWRITE, ROLE_OVERWRITE, VIEW_CHANNEL

pytestmark = pytest.mark.e2e

MANAGE_MESSAGES = discord.Permissions(manage_messages=True).value
SECRET = (
    "that CHP sergeant clip from the takeover is insane, shots everywhere, staff only https://clips.example.com/v/999"
)


def other_server(fake: FakeDiscord) -> tuple[Guild, Member]:
    """A second server the bot is in, where ``mallory`` is a moderator (Manage Messages)."""
    world = fake.world
    guild = world.add_guild("Other Guild", world.add_user("other-owner"))
    moderators = guild.add_role("Moderator", MANAGE_MESSAGES)
    mallory = guild.add_member(world.add_user("mallory"), [moderators])
    guild.add_text_channel("lobby")
    return guild, mallory


def channel_moderator(fake: FakeDiscord) -> Member:
    """``alice`` gets Manage Messages in #news only, through a member overwrite."""
    guild = fake.world.guild
    alice = guild.member("alice")
    guild.channel("news").overwrites.append(Overwrite(alice.user.id, MEMBER_OVERWRITE, allow=MANAGE_MESSAGES))
    return alice


async def answered(fake: FakeDiscord, record: Any) -> Any:
    return await fake.wait_for_interaction_response(record)


@pytest.mark.parametrize("action", ["dismiss", "approve", "reject", "other", "search"])
async def test_another_servers_moderator_cannot_touch_an_item(start_alert_bot, fake_discord, action):
    guild, mallory = other_server(fake_discord)
    running = await start(start_alert_bot, fake_discord)
    await running.post("alice", "general", UNSURE)
    item = await posted_item(running)

    forged = await fake_discord.forge_component(
        mallory, guild.channel("lobby"), item, custom_id(item_id_of(item), action)
    )
    response = await answered(fake_discord, forged)

    assert (response.type, response.content, response.ephemeral) == (4, GONE, True)
    assert "that CHP sergeant clip" not in str(response.data)
    pending = await running.services.review.queue(fake_discord.world.guild.id)
    assert [entry.id for entry in pending.entries] == [item_id_of(item)]
    assert buttons(fake_discord.message(item["id"]))


async def test_another_servers_moderator_cannot_approve_through_the_picker(start_alert_bot, fake_discord):
    guild, mallory = other_server(fake_discord)
    running = await start(start_alert_bot, fake_discord)
    posted = await running.post("alice", "general", UNSURE)
    item = await posted_item(running)
    other = await fake_discord.click_button("moderator", item, custom_id(item_id_of(item), "other"))
    menu = (await answered(fake_discord, other)).data["components"][0]["components"][0]

    forged = await fake_discord.forge_component(
        mallory, guild.channel("lobby"), item, menu["custom_id"], values=[menu["options"][0]["value"]]
    )

    assert (await fake_discord.wait_for_shown(forged))["content"] == GONE
    assert running.answers_to(posted) == []
    assert buttons(fake_discord.message(item["id"]))


@pytest.mark.parametrize("item_id", ["9223372036854775808", "9999999999999999999"])
async def test_a_button_id_beyond_64_bits_is_answered(start_alert_bot, fake_discord, item_id):
    running = await start(start_alert_bot, fake_discord)
    await running.post("alice", "general", UNSURE)
    item = await posted_item(running)
    moderator = fake_discord.world.guild.member("moderator")

    forged = await fake_discord.forge_component(
        moderator, running.channel("mods"), item, f"misinfo:review:{item_id}:dismiss"
    )
    assert (await answered(fake_discord, forged)).content == GONE
    picked = await fake_discord.forge_component(
        moderator, running.channel("mods"), item, f"misinfo:review:{item_id}:{PICK}", values=["0" * 16]
    )
    assert is_ephemeral(await fake_discord.wait_for_shown(picked))


async def test_manage_messages_in_one_channel_does_not_make_a_reviewer(start_alert_bot, fake_discord):
    alice = channel_moderator(fake_discord)
    running = await start(start_alert_bot, fake_discord)
    await running.post("bob", "general", UNSURE)
    item = await posted_item(running)
    news = running.channel("news")

    queue = await fake_discord.slash_command(alice, news, "review queue")
    assert (await answered(fake_discord, queue)).content == NOT_REVIEWER
    forged = await fake_discord.forge_component(alice, news, item, custom_id(item_id_of(item), "dismiss"))
    assert (await answered(fake_discord, forged)).content == NOT_REVIEWER
    assert buttons(fake_discord.message(item["id"]))


async def test_a_reviewer_never_sees_an_excerpt_from_a_channel_they_cannot_read(start_alert_bot, fake_discord):
    guild = fake_discord.world.guild
    staff = guild.add_text_channel(
        "staff",
        overwrites=[
            Overwrite(guild.id, ROLE_OVERWRITE, deny=VIEW_CHANNEL),
            Overwrite(guild.role(fake_discord.world.bot.username).id, ROLE_OVERWRITE, allow=VIEW_CHANNEL),
        ],
    )
    running = await start(start_alert_bot, fake_discord, mods=None)
    await fake_discord.post_message("owner", staff, SECRET)
    await wait_pending(running, 1)

    command = await fake_discord.slash_command("moderator", "general", "review queue")
    listing = await answered(fake_discord, command)
    assert "staff only" not in str(listing.data)
    assert "cannot read" in listing.embeds[0]["fields"][0]["value"]
    menu = next(c for row in listing.data["components"] for c in row["components"] if c["type"] == 3)
    opened = await fake_discord.choose(
        "moderator", fake_discord.interaction_message(command), menu["custom_id"], [menu["options"][0]["value"]]
    )
    card = await fake_discord.wait_for_shown(opened)
    assert card["embeds"] and "staff only" not in str(card)
    owner_view = await answered(fake_discord, await fake_discord.slash_command("owner", "general", "review queue"))
    assert "staff only" in str(owner_view.data)  # who can read the channel sees it


async def test_a_deleted_message_leaves_only_ids_in_the_queue(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    posted = await running.post("alice", "general", UNSURE)
    item = await posted_item(running)
    assert "that CHP sergeant clip" in embed_text(item)

    await fake_discord.delete_message(posted)

    await eventually(
        lambda: "that CHP sergeant clip" not in embed_text(fake_discord.message(item["id"])), what="the excerpt gone"
    )
    shown = fake_discord.message(item["id"])
    assert "was deleted" in embed_text(shown)
    assert buttons(shown)  # still pending: moderators may still decide
    view = await running.services.review.item(item_id_of(item), guild_id=fake_discord.world.guild.id)
    assert view is not None and view.excerpt is None


async def test_another_servers_member_cannot_dispute_an_answer(start_alert_bot, fake_discord):
    guild, mallory = other_server(fake_discord)
    running = await start(start_alert_bot, fake_discord)
    answer = await running.answer_to(await running.post("alice", "general", CLAIM))
    await eventually(lambda: running.metric("answers_sent_total") == 1, what="the answer recorded")

    forged = await fake_discord.forge_component(mallory, guild.channel("lobby"), answer, DISPUTE_CUSTOM_ID)

    assert (await fake_discord.wait_for_shown(forged))["content"] == DISPUTE_REPLIES[DisputeResult.UNKNOWN_ANSWER]
    assert (await running.services.review.queue(fake_discord.world.guild.id)).total == 0
    honest = await fake_discord.click_button("bob", answer, DISPUTE_CUSTOM_ID)
    assert (await fake_discord.wait_for_shown(honest))["content"] == DISPUTE_REPLIES[DisputeResult.NEW]
