"""``/alerts scan`` through the real discord.py: a channel's history read back, one summary for moderators, no reply."""

from __future__ import annotations

import datetime as dt
import re

import discord
import pytest

from bot.runner import Runtime
from bot.services.review_decisions import TOO_OLD
from tests.e2e.helpers import CLAIM, CLAIM_INCIDENT, KNOWN_LINK, RunningBot
from tests.e2e.test_review import custom_id, item_id_of
from tests.fakediscord import Overwrite
from tests.fakediscord._payloads import Payload
from tests.fakediscord._world import ROLE_OVERWRITE

pytestmark = pytest.mark.e2e

UNSURE = "that chp sergeant clip from the compton takeover is wild, shots everywhere"
"""Review tier with the default thresholds (score about 60): the bot is unsure."""
CHATTER = (
    "anyone up for pizza after the game tonight?",
    "the new season of that show is out",
    "who has the notes from tuesday",
    "lol same",
    "my cat knocked the router over again",
    "compton takeover was wild last night",
)
READ_MESSAGE_HISTORY = discord.Permissions(read_message_history=True).value
DAYS = 30
TOTAL = 420
STEP = dt.timedelta(hours=2, minutes=17)
"""420 messages, one every 2 h 17 min: about 40 days, so a quarter of them are older than the 30-day window."""
REFUSAL = 15.0
"""Seconds to wait for a refused scan's outcome: the command is acknowledged at once (the stand-in fails the test
otherwise), the refusal follows the scan's reads, which a loaded machine can slow past 5 s."""


def content_of(index: int) -> tuple[str, str]:
    """The author and text of the ``index``-th message back from now."""
    if index % 9 == 4:
        return "otherbot", CLAIM  # bots are never counted
    if index % 20 == 0:
        return "alice", CLAIM
    if index % 20 == 7:
        return "bob", KNOWN_LINK
    if index % 50 == 13:
        return "alice", UNSURE
    return ("alice", "bob")[index % 2], CHATTER[index % len(CHATTER)]


def seed(running: RunningBot) -> tuple[list[Payload], dt.datetime]:
    """The history of #general and its thread, newest first, and the scan's cut-off (with a minute to spare)."""
    now = dt.datetime.now(dt.UTC)
    seeded = []
    for index in range(TOTAL):
        author, text = content_of(index)
        seeded.append(running.fake.seed_history(author, "general", text, at=now - (index + 1) * STEP))
    for days in (2, 9, 45):  # the thread's replies are read too; the last is older than the window
        seeded.append(running.fake.seed_history("bob", "general-thread", CLAIM, at=now - dt.timedelta(days=days)))
    for index in range(5):  # another channel's claims are not the scanned channel's
        running.fake.seed_history("alice", "news", CLAIM, at=now - index * STEP)
    return seeded, now - dt.timedelta(days=DAYS) + dt.timedelta(minutes=1)


async def test_a_scan_reports_the_claims_with_links_and_replies_to_none(start_alert_bot, fake_discord):
    mods = fake_discord.world.guild.channel("mods")

    async def setup(runtime: Runtime) -> None:
        await runtime.services.guild_settings.set_moderators_channel(str(fake_discord.world.guild.id), str(mods.id))

    running = await start_alert_bot(setup=setup)
    general = running.channel("general")
    seeded, since = seed(running)
    within = [m for m in seeded if _created(m) >= since]
    members = [m for m in within if m["author"]["username"] != "otherbot"]
    claims = [m for m in members if m["content"] == CLAIM]
    links = [m for m in members if m["content"] == KNOWN_LINK]
    unsure = [m for m in members if m["content"] == UNSURE]
    assert 280 < len(within) < TOTAL and claims and links and unsure
    in_thread = [m for m in claims if m["channel_id"] != str(general.id)]
    assert len(in_thread) == 2
    mark = fake_discord.mark()
    fake_discord.fail_next("GET", "/channels/{id}/messages", status=429, retry_after=0.05)  # Discord says: wait

    command = await fake_discord.slash_command("owner", "mods", "alerts scan", {"channel": general, "days": DAYS})

    first = await fake_discord.wait_for_interaction_response(command)
    assert first.ephemeral
    done = await fake_discord.wait_until(
        lambda: _original(fake_discord, command, "The summary is in"), what="the scan's outcome", timeout=60
    )
    summary = _summary(fake_discord, mods.id)
    assert f"History scan of #general: the last {DAYS} days" in summary
    assert f"Read {len(within):,} messages ({len(within) - len(members):,} skipped" in summary
    hits = len(claims) + len(links) + len(unsure)
    answerable = len(claims) + len(links)
    assert (
        f"{hits:,} matched known claims: {answerable:,} the bot would have answered, {len(unsure):,} it was unsure of"
        in summary
    )
    assert f"[{CLAIM_INCIDENT}]: {len(claims) + len(unsure):,} messages" in summary
    assert f"[westminster-duran-shooting]: {len(links):,} messages" in summary
    guild = fake_discord.world.guild.id
    listed = re.findall(rf"https://discord\.com/channels/{guild}/{general.id}/(\d+)", summary)
    compton = [m["id"] for m in members if m["content"] in (CLAIM, UNSURE) and m not in in_thread]
    assert [found for found in listed if found in compton] == compton[:5]  # the five most recent
    assert [found for found in listed if found in {m["id"] for m in links}] == [m["id"] for m in links[:5]]
    assert all(found in {m["id"] for m in within} for found in listed)
    assert f"Scanned {len(within):,} messages of #general" in done["content"]
    assert f"<#{mods.id}>" in done["content"]
    progress = [
        request.json.get("content")
        for request in fake_discord.requests_matching("PATCH", "/webhooks/{id}/{token}/messages/@original")
    ]
    assert "Scanned 100 messages\u2026" in progress and "Scanned 200 messages\u2026" in progress
    item = await fake_discord.wait_for_message(mods.id, predicate=_is_review_item, timeout=10)
    assert UNSURE[:40] in str(item["embeds"])
    history_reads = fake_discord.requests_matching("GET", "/channels/{id}/messages")
    assert all(int(request.query.get("limit", 0)) <= 100 for request in history_reads)
    assert [request.status for request in history_reads][:2] == [429, 200]  # waited, then read on
    # approving the unsure messages' item teaches, but the bot does not reply to a message more than a day old
    approve = await fake_discord.click_button("owner", item, custom_id(item_id_of(item), "approve"))
    [note] = await fake_discord.wait_for_followups(approve, timeout=10)
    assert note["content"] == TOO_OLD
    _assert_nothing_done_in(fake_discord, general.id, mark)
    _assert_nothing_done_in(fake_discord, running.channel("general-thread").id, mark)


def _created(message: Payload) -> dt.datetime:
    return dt.datetime.fromisoformat(message["timestamp"])


def _original(fake, command, text: str) -> Payload | None:
    message = fake.interaction_message(command)
    return message if message is not None and text in (message.get("content") or "") else None


def _summary(fake, channel_id: int) -> str:
    found = [
        embed.get("description", "")
        for message in fake.bot_messages(channel_id)
        for embed in message.get("embeds", [])
        if embed.get("description", "").startswith("History scan of")
    ]
    assert len(found) == 1, found
    return found[0]


def _is_review_item(message: Payload) -> bool:
    """A review item: an embed with decision buttons."""
    return bool(message.get("components")) and bool(message.get("embeds"))


def _assert_nothing_done_in(fake, channel_id: int, mark: int) -> None:
    """The bot sent, edited, deleted and reacted to nothing in the scanned channel."""
    acted = [
        request
        for request in fake.requests[mark:]
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and f"/channels/{channel_id}/" in request.path + "/"
    ]
    assert acted == []
    assert fake.bot_messages(channel_id) == []


async def test_without_a_moderators_channel_the_scan_says_where_to_set_one(start_alert_bot, fake_discord):
    running = await start_alert_bot()
    running.fake.seed_history("alice", "general", CLAIM, at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    general = running.channel("general")

    command = await fake_discord.slash_command("owner", "mods", "alerts scan", {"channel": general, "days": 7})

    told = await fake_discord.wait_until(
        lambda: _original(fake_discord, command, "moderators' channel"), what="the scan's refusal", timeout=REFUSAL
    )
    assert "none is set: choose one with `/alerts modchannel`" in told["content"]
    assert fake_discord.requests_matching("GET", "/channels/{id}/messages") == []


async def test_a_channel_the_bot_cannot_read_is_named_and_nothing_is_posted(start_alert_bot, fake_discord):
    guild = fake_discord.world.guild
    bot_role = guild.role(fake_discord.world.bot.username).id
    guild.channel("news").overwrites.append(Overwrite(bot_role, ROLE_OVERWRITE, deny=READ_MESSAGE_HISTORY))

    async def setup(runtime: Runtime) -> None:
        await runtime.services.guild_settings.set_moderators_channel(str(guild.id), str(guild.channel("mods").id))

    running = await start_alert_bot(setup=setup)
    command = await fake_discord.slash_command(
        "owner", "mods", "alerts scan", {"channel": running.channel("news"), "days": 7}
    )

    told = await fake_discord.wait_until(
        lambda: _original(fake_discord, command, "can't read"), what="the refusal", timeout=REFUSAL
    )
    assert "I can't read the history of #news: give me View Channel and Read Message History in it" in told["content"]
    assert fake_discord.bot_messages(guild.channel("mods").id) == []


async def test_the_days_are_limited_to_90(start_alert_bot, fake_discord):
    running = await start_alert_bot()

    command = await fake_discord.slash_command(
        "owner", "mods", "alerts scan", {"channel": running.channel("general"), "days": 91}
    )

    response = await fake_discord.wait_for_interaction_response(command)
    assert response.ephemeral and "91" in response.content
