"""Tests of the Discord stand-in itself, driven by a small plain discord.py bot."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import discord
import pytest
from discord import app_commands, ui
from discord.ext import commands

from tests.fakediscord import (
    EPHEMERAL,
    MESSAGE_CONTENT,
    FakeDiscord,
    bot_intents,
    is_ephemeral,
    make_bot,
    pointing_discord_at,
    running,
)

pytestmark = pytest.mark.e2e


class Inbox:
    """Messages a bot's on_message saw."""

    def __init__(self, bot: commands.Bot) -> None:
        self.messages: list[discord.Message] = []
        self._changed = asyncio.Event()
        bot.add_listener(self._on_message, "on_message")

    async def _on_message(self, message: discord.Message) -> None:
        self.messages.append(message)
        self._changed.set()
        self._changed = asyncio.Event()

    def contents(self) -> list[str]:
        return [m.content for m in self.messages]

    async def wait_for(self, check: Callable[[discord.Message], bool]) -> discord.Message:
        async with asyncio.timeout(5):
            while True:
                for message in self.messages:
                    if check(message):
                        return message
                await self._changed.wait()


def text_channel(bot: discord.Client, fake: FakeDiscord, name: str) -> discord.TextChannel:
    channel = bot.get_channel(fake.world.guild.channel(name).id)
    assert isinstance(channel, discord.TextChannel)
    return channel


# Login and gateway ------------------------------------------------------------------------------------------


async def test_login_records_identify_and_builds_the_guild(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())

    identify = fake_discord.identify_payload
    assert identify is not None
    assert identify["token"] == fake_discord.token
    assert identify["intents"] == bot.intents.value
    assert fake_discord.intents is not None and fake_discord.intents & MESSAGE_CONTENT
    guild = bot.get_guild(fake_discord.world.guild.id)
    assert guild is not None and guild.chunked
    assert {c.name for c in guild.text_channels} == {"general", "news", "mods"}
    assert [t.name for t in guild.threads] == ["general-thread"]
    assert guild.get_member_named("moderator").guild_permissions.manage_messages
    assert not guild.get_member_named("moderator").guild_permissions.manage_guild
    assert [(r.method, r.path) for r in fake_discord.requests] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
    ]


async def test_bad_token_is_a_login_failure(fake_discord, start_discord_client):
    with pytest.raises(discord.LoginFailure):
        await start_discord_client(make_bot(), token="not-the-token")

    assert fake_discord.requests[0].status == 401


async def test_privileged_intent_not_enabled_closes_with_4014():
    async with FakeDiscord(enabled_privileged_intents=0) as fake:
        with pointing_discord_at(fake), pytest.raises(discord.PrivilegedIntentsRequired):
            async with running(make_bot(), fake.token):
                pass
        assert fake.identify_payload is not None


async def test_op7_reconnect_resumes_and_replays_missed_messages_once(fake_discord, start_discord_client):
    bot = make_bot()
    inbox = Inbox(bot)
    await start_discord_client(bot)

    async with fake_discord.gateway_held():
        await fake_discord.send_reconnect()
        await fake_discord.post_message("alice", "general", "sent while away")
    await fake_discord.wait_for_resume()
    await fake_discord.post_message("alice", "general", "sentinel")
    await inbox.wait_for(lambda m: m.content == "sentinel")

    assert inbox.contents().count("sent while away") == 1
    assert fake_discord.identify_count == 1
    assert fake_discord.connection_count == 2


async def test_member_query_is_answered_with_a_chunk(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())

    members = await bot.get_guild(fake_discord.world.guild.id).query_members("al")

    assert [m.name for m in members] == ["alice"]


async def test_invalid_session_makes_the_bot_identify_again(fake_discord, start_discord_client):
    bot = make_bot()

    async def identify_at_once(_shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py otherwise waits 5 s before identifying again."""

    bot.before_identify_hook = identify_at_once
    await start_discord_client(bot)

    await fake_discord.invalidate_session()

    await fake_discord.wait_for_identify(count=2)


async def test_dropped_connection_is_resumed(fake_discord, start_discord_client):
    await start_discord_client(make_bot())

    await fake_discord.drop_gateway()

    await fake_discord.wait_for_resume()


async def test_two_connected_clients_of_the_bot_each_get_every_message(fake_discord, start_discord_client):
    first, second = make_bot(), make_bot()
    inboxes = Inbox(first), Inbox(second)
    await start_discord_client(first)
    await start_discord_client(second)

    await fake_discord.post_message("alice", "general", "seen twice")

    for inbox in inboxes:
        await inbox.wait_for(lambda m: m.content == "seen twice")
    assert fake_discord.identify_count == 2


async def test_a_message_redelivered_reaches_the_bot_again(fake_discord, start_discord_client):
    bot = make_bot()
    inbox = Inbox(bot)
    await start_discord_client(bot)
    posted = await fake_discord.post_message("alice", "general", "at least once")
    await inbox.wait_for(lambda m: m.content == "at least once")

    await fake_discord.redeliver(posted)

    await fake_discord.post_message("alice", "general", "sentinel")
    await inbox.wait_for(lambda m: m.content == "sentinel")
    assert inbox.contents().count("at least once") == 2


# Messages ---------------------------------------------------------------------------------------------------


async def test_member_message_reaches_on_message_with_mentions(fake_discord, start_discord_client):
    bot = make_bot()
    inbox = Inbox(bot)
    await start_discord_client(bot)
    moderator_role = fake_discord.world.guild.role("Moderator")

    await fake_discord.post_message("owner", "general", f"@everyone see {moderator_role.mention} and <@{bot.user.id}>")
    await fake_discord.post_message("alice", "general", "@everyone look")

    from_owner = await inbox.wait_for(lambda m: m.author.name == "owner")
    from_alice = await inbox.wait_for(lambda m: m.author.name == "alice")
    assert from_owner.mention_everyone
    assert [r.name for r in from_owner.role_mentions] == ["Moderator"]
    assert from_owner.mentions == [from_owner.guild.me]
    assert from_alice.content == "@everyone look"
    assert not from_alice.mention_everyone


async def test_content_is_blank_without_the_message_content_intent(fake_discord, start_discord_client):
    intents = bot_intents()
    intents.message_content = False
    bot = make_bot(intents=intents)
    inbox = Inbox(bot)
    await start_discord_client(bot)

    await fake_discord.post_message("alice", "general", "secret words")
    await fake_discord.post_message("alice", "general", f"<@{bot.user.id}> visible words")

    hidden = await inbox.wait_for(lambda m: m.author.name == "alice" and not m.mentions)
    shown = await inbox.wait_for(lambda m: m.author.name == "alice" and bool(m.mentions))
    assert hidden.content == ""
    assert shown.content.endswith("visible words")


async def test_send_is_stored_echoed_and_honours_allowed_mentions(fake_discord, start_discord_client):
    bot = make_bot()
    inbox = Inbox(bot)
    await start_discord_client(bot)
    general = text_channel(bot, fake_discord, "general")

    sent = await general.send("@everyone hi", allowed_mentions=discord.AllowedMentions.none())
    loud = await general.send("@everyone hi")

    echoed = await inbox.wait_for(lambda m: m.id == sent.id)
    assert echoed.author == bot.user
    stored = fake_discord.message(sent.id)
    assert stored is not None and stored["content"] == "@everyone hi"
    assert stored["mention_everyone"] is False
    assert fake_discord.message(loud.id)["mention_everyone"] is True
    request = await fake_discord.wait_for_request("POST", "/channels/{id}/messages")
    assert request.json["allowed_mentions"] == {"parse": []}


async def test_edit_delete_fetch_and_react(fake_discord, start_discord_client):
    bot = make_bot()
    edits: list[tuple[str, str]] = []
    deleted: list[int] = []
    was_deleted = asyncio.Event()

    @bot.listen()
    async def on_message_edit(before: discord.Message, after: discord.Message) -> None:
        edits.append((before.content, after.content))

    @bot.listen()
    async def on_message_delete(message: discord.Message) -> None:
        deleted.append(message.id)
        was_deleted.set()

    await start_discord_client(bot)
    general = text_channel(bot, fake_discord, "general")

    posted = await fake_discord.post_message("alice", "general", "first")
    fetched = await general.fetch_message(int(posted["id"]))
    await fetched.add_reaction("👍")
    await fake_discord.edit_message(posted, "second")
    await fake_discord.delete_message(posted)

    await asyncio.wait_for(was_deleted.wait(), 5)
    assert fetched.content == "first"
    assert edits == [("first", "second")]
    assert deleted == [int(posted["id"])]
    assert fake_discord.deleted_messages()[0]["reactions"][0]["me"] is True


async def test_history_pages_newest_first_with_before_after_around_and_limit(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())
    general = text_channel(bot, fake_discord, "general")
    start = discord.utils.utcnow() - dt.timedelta(days=10)
    seeded = [
        fake_discord.seed_history("alice", "general", f"old {n}", at=start + dt.timedelta(hours=n)) for n in range(250)
    ]  # created oldest first; then one posted out of order (older than all)
    oldest = fake_discord.seed_history("bob", "general", "oldest", at=start - dt.timedelta(days=1))
    ids = [int(m["id"]) for m in [oldest, *seeded]]

    everything = [m async for m in general.history(limit=None)]
    since = start + dt.timedelta(hours=99, minutes=30)
    recent = [m async for m in general.history(limit=None, after=since, oldest_first=False)]
    around = [m async for m in general.history(limit=5, around=discord.Object(ids[100]))]

    assert [m.id for m in everything] == ids[::-1]  # newest first, across three pages of 100
    assert everything[-1].content == "oldest" and everything[-1].created_at < everything[-2].created_at
    assert [m.content for m in recent] == [f"old {n}" for n in range(249, 99, -1)]
    assert sorted(m.id for m in around) == ids[98:103]
    history_calls = fake_discord.requests_matching("GET", "/channels/{id}/messages")
    assert [call.query.get("limit") for call in history_calls[:3]] == ["100", "100", "100"]
    assert "before" not in history_calls[0].query and history_calls[1].query["before"] == str(ids[151])
    with pytest.raises(discord.HTTPException) as refused:
        await bot.http.logs_from(general.id, 101)
    assert refused.value.status == 400 and refused.value.code == 50035


async def test_a_429_is_retried_and_the_message_is_sent_once(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())
    general = text_channel(bot, fake_discord, "general")
    fake_discord.fail_next("POST", "/channels/{id}/messages", status=429, retry_after=0.05)

    await general.send("after the rate limit")

    answers = [r.status for r in fake_discord.requests_matching("POST", "/channels/{id}/messages")]
    assert answers == [429, 200]
    assert [m["content"] for m in fake_discord.channel_messages(general.id)] == ["after the rate limit"]


async def test_a_lost_response_then_the_same_nonce_returns_the_message_created_first(
    fake_discord, start_discord_client
):
    bot = await start_discord_client(make_bot())
    general = text_channel(bot, fake_discord, "general")
    fake_discord.fail_next("POST", "/channels/{id}/messages", status=503, after_handling=True)

    with pytest.raises(discord.DiscordServerError):
        await general.send("sent once", nonce="answer-1")
    again = await general.send("sent once", nonce="answer-1")
    other = await general.send("another", nonce="answer-2")

    stored = fake_discord.channel_messages(general.id)
    assert [m["content"] for m in stored] == ["sent once", "another"]
    assert again.id == int(stored[0]["id"])
    assert other.id == int(stored[1]["id"])


async def test_missing_permission_is_a_403(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())
    posted = await fake_discord.post_message("alice", "general", "not yours")
    message = await text_channel(bot, fake_discord, "general").fetch_message(int(posted["id"]))

    with pytest.raises(discord.Forbidden):
        await message.edit(content="changed")


async def test_unknown_route_is_recorded_and_answered_404(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())

    with pytest.raises(discord.NotFound):
        await text_channel(bot, fake_discord, "general").create_invite()

    assert [(r.method, r.path.split("/")[-1]) for r in fake_discord.unknown_routes] == [("POST", "invites")]
    assert "unknown route" in fake_discord.problems()[0]
    fake_discord.clear_problems()


async def test_invalid_body_is_a_400_and_a_violation(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())

    with pytest.raises(discord.HTTPException) as raised:
        await text_channel(bot, fake_discord, "general").send("x" * 2001)

    assert raised.value.code == 50035
    assert "Invalid Form Body" in fake_discord.violations[0]
    fake_discord.clear_problems()


async def test_assert_no_requests_between_a_mark_and_a_sentinel(fake_discord, start_discord_client):
    bot = make_bot()

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if message.content == "ping":
            await message.channel.send("pong")

    await start_discord_client(bot)
    mark = fake_discord.mark()
    await fake_discord.post_message("alice", "general", "nothing to see")
    await fake_discord.post_message("alice", "general", "ping")
    pong = await fake_discord.wait_for_request("POST", "/channels/{id}/messages", since=mark)

    fake_discord.assert_no_requests("POST", "/channels/{id}/messages", since=mark, until=pong)
    with pytest.raises(AssertionError):
        fake_discord.assert_no_requests("POST", "/channels/{id}/messages", since=mark)


# Interactions -----------------------------------------------------------------------------------------------


def bot_with_alerts_commands() -> commands.Bot:
    bot = make_bot()
    alerts = app_commands.Group(name="alerts", description="Alert settings")
    admin = app_commands.Group(name="admin", description="Admin", parent=alerts)

    @alerts.command(name="autoreply", description="Toggle automatic replies")
    async def autoreply(interaction: discord.Interaction, enabled: bool, channel: discord.TextChannel) -> None:
        allowed = interaction.permissions.manage_guild
        await interaction.response.send_message(f"{enabled} {channel.name} {allowed}", ephemeral=True)

    @admin.command(name="reset", description="Reset")
    async def reset(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("reset done")

    @alerts.command(name="topic", description="Pick a topic")
    async def topic(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(name)

    @topic.autocomplete("name")
    async def topic_choices(_interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=n) for n in ("vaccines", "voting") if n.startswith(current)]

    @app_commands.context_menu(name="Report message")
    async def report(interaction: discord.Interaction, message: discord.Message) -> None:
        await interaction.response.send_message(f"reported: {message.content}", ephemeral=True)

    bot.tree.add_command(alerts)
    bot.tree.add_command(report)
    return bot


async def test_slash_subcommand_gets_options_permissions_and_ephemeral_reply(fake_discord, start_discord_client):
    bot = await start_discord_client(bot_with_alerts_commands())
    synced = await bot.tree.sync()
    news = fake_discord.world.guild.channel("news")

    by_owner = await fake_discord.slash_command(
        "owner", "general", "alerts autoreply", {"enabled": True, "channel": news}
    )
    by_alice = await fake_discord.slash_command(
        "alice", "general", "alerts autoreply", {"enabled": False, "channel": news}
    )

    owner_reply = await fake_discord.wait_for_interaction_response(by_owner)
    alice_reply = await fake_discord.wait_for_interaction_response(by_alice)
    assert [c.name for c in synced] == ["alerts", "Report message"]
    assert by_owner.payload["data"]["id"] == str(synced[0].id)
    assert (owner_reply.type, owner_reply.content, owner_reply.ephemeral) == (4, "True news True", True)
    assert alice_reply.content == "False news False"
    assert owner_reply.flags & EPHEMERAL
    general = fake_discord.world.guild.channel("general")
    assert fake_discord.channel_messages(general) == []
    assert len(fake_discord.channel_messages(general, include_ephemeral=True)) == 2


async def test_subcommand_group_defer_then_followup_replaces_the_thinking_message(fake_discord, start_discord_client):
    await start_discord_client(bot_with_alerts_commands())

    interaction = await fake_discord.slash_command("owner", "general", "alerts admin reset")

    response = await fake_discord.wait_for_interaction_response(interaction)
    followups = await fake_discord.wait_for_followups(interaction)
    assert response.type == 5
    assert followups[0]["content"] == "reset done"
    assert fake_discord.interaction_message(interaction)["content"] == "reset done"


async def test_autocomplete_and_message_context_menu(fake_discord, start_discord_client):
    await start_discord_client(bot_with_alerts_commands())
    posted = await fake_discord.post_message("bob", "general", "the moon is cheese")

    typing = await fake_discord.autocomplete("alice", "general", "alerts topic", {"name": "vo"}, focused="name")
    report = await fake_discord.message_command("moderator", "Report message", posted)

    choices = (await fake_discord.wait_for_interaction_response(typing)).choices
    reported = await fake_discord.wait_for_interaction_response(report)
    assert choices == [{"name": "voting", "value": "voting"}]
    assert reported.content == "reported: the moon is cheese"


class ReviewView(ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @ui.button(label="Approve", custom_id="review:approve", style=discord.ButtonStyle.green)
    async def approve(self, interaction: discord.Interaction, _button: ui.Button) -> None:
        await interaction.response.edit_message(content=f"approved by {interaction.user.name}", view=None)


async def test_button_click_reaches_the_view_and_updates_the_message(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())
    sent = await text_channel(bot, fake_discord, "mods").send("review me", view=ReviewView())

    click = await fake_discord.click_button("moderator", sent.id, "review:approve")

    response = await fake_discord.wait_for_interaction_response(click)
    assert response.type == 7
    stored = fake_discord.message(sent.id)
    assert stored["content"] == "approved by moderator"
    assert stored["components"] == []
    with pytest.raises(AssertionError, match="no component"):
        await fake_discord.click_button("moderator", sent.id, "review:approve")


class DeferringView(ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @ui.button(label="Approve", custom_id="slow:approve", style=discord.ButtonStyle.green)
    async def approve(self, interaction: discord.Interaction, _button: ui.Button) -> None:
        await interaction.response.defer()
        await asyncio.sleep(0.05)  # slow work after the acknowledgement
        await interaction.edit_original_response(content=f"approved by {interaction.user.name}", view=None)

    @ui.button(label="Note", custom_id="slow:note", style=discord.ButtonStyle.grey)
    async def note(self, interaction: discord.Interaction, _button: ui.Button) -> None:
        await interaction.response.defer()
        await asyncio.sleep(0.05)
        await interaction.followup.send("already approved", ephemeral=True)


async def test_a_deferred_update_shows_the_edited_message_or_a_private_follow_up(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())
    sent = await text_channel(bot, fake_discord, "mods").send("review me", view=DeferringView())

    noted = await fake_discord.wait_for_shown(await fake_discord.click_button("moderator", sent.id, "slow:note"))
    approve = await fake_discord.click_button("moderator", sent.id, "slow:approve")
    approved = await fake_discord.wait_for_shown(approve)

    assert (noted["content"], is_ephemeral(noted)) == ("already approved", True)
    assert fake_discord.interaction(approve).response.type == 6
    assert (approved["id"], approved["content"], approved["components"]) == (str(sent.id), "approved by moderator", [])
    assert not is_ephemeral(approved)


class ReasonModal(ui.Modal, title="Why?"):
    reason = ui.TextInput(label="Reason", custom_id="reason")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"because {self.reason.value}", ephemeral=True)


async def test_modal_submit_reaches_on_submit(fake_discord, start_discord_client):
    bot = make_bot()

    @bot.tree.command(name="why", description="Ask why")
    async def why(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(ReasonModal())

    await start_discord_client(bot)
    opener = await fake_discord.slash_command("alice", "general", "why")
    assert (await fake_discord.wait_for_interaction_response(opener)).type == 9

    submitted = await fake_discord.submit_modal("alice", opener, {"reason": "it is false"})

    response = await fake_discord.wait_for_interaction_response(submitted)
    assert (response.content, response.ephemeral) == ("because it is false", True)


async def test_late_and_double_acknowledgements_are_violations():
    async with FakeDiscord(interaction_deadline=0.2) as fake:
        with pointing_discord_at(fake):
            bot = make_bot()
            errors: list[str] = []

            @bot.tree.command(name="slow", description="Slow")
            async def slow(interaction: discord.Interaction) -> None:
                await asyncio.sleep(0.3)
                await interaction.response.send_message("too late")

            @bot.tree.command(name="twice", description="Twice")
            async def twice(interaction: discord.Interaction) -> None:
                await interaction.response.send_message("once")
                route = f"/interactions/{interaction.id}/{interaction.token}/callback"
                try:
                    await bot.http.request(
                        discord.http.Route("POST", route), json={"type": 4, "data": {"content": "again"}}
                    )
                except discord.HTTPException as error:
                    errors.append(f"{error.status} {error.code}")

            async with running(bot, fake.token):
                await fake.slash_command("alice", "general", "slow")
                await fake.slash_command("alice", "general", "twice")
                await fake.wait_until(lambda: True if len(fake.violations) == 2 else None, what="two violations")

        assert errors == ["400 40060"]
        assert "acknowledged after" in " ".join(fake.violations)
        assert "acknowledged twice" in " ".join(fake.violations)
        assert any("never acknowledged" in p for p in fake.problems())


async def test_a_thread_started_on_a_message_has_its_id_and_is_refused_twice(fake_discord, start_discord_client):
    bot = await start_discord_client(make_bot())
    general = text_channel(bot, fake_discord, "general")
    posted = await fake_discord.post_message("alice", "general", "start here")
    message = general.get_partial_message(int(posted["id"]))

    thread = await message.create_thread(name="About this", auto_archive_duration=1440)
    await thread.send("in the thread")

    assert (thread.id, thread.parent_id, thread.owner_id) == (int(posted["id"]), general.id, bot.user.id)
    assert [m["content"] for m in fake_discord.channel_messages(thread.id)] == ["in the thread"]
    assert fake_discord.message(posted["id"])["thread"]["id"] == posted["id"]
    with pytest.raises(discord.HTTPException) as again:
        await message.create_thread(name="About this again")
    assert again.value.code == 160004
    in_thread = thread.get_partial_message(fake_discord.channel_messages(thread.id)[0]["id"])
    with pytest.raises(discord.HTTPException) as nested:
        await in_thread.create_thread(name="nested")
    assert nested.value.code == 50024
    other = general.get_partial_message(int((await fake_discord.post_message("bob", "general", "x"))["id"]))
    with pytest.raises(discord.HTTPException) as unnamed:
        await other.create_thread(name="n" * 101)
    assert unnamed.value.code == 50035
