"""``/alerts scan`` through the real slack_bolt: a channel's history paged back, one summary in the review channel."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.e2e.helpers import CLAIM, CLAIM_INCIDENT, KNOWN_LINK
from tests.fakeslack import FakeSlack, Message

pytestmark = pytest.mark.slack

UNSURE = "that chp sergeant clip from the compton takeover is wild, shots everywhere"
DAYS = 30
TOTAL = 400
STEP = dt.timedelta(hours=2, minutes=23)
"""400 messages, one every 2 h 23 min: about 40 days, a quarter of them older than the window."""
WRITE_METHODS = ("chat.postMessage", "chat.update", "chat.delete", "chat.postEphemeral", "reactions.add")


def seed(fake: FakeSlack) -> tuple[list[Message], dt.datetime]:
    """The channel's history (newest first): claims, a known link, unsure words, chatter, a bot, joins."""
    now = dt.datetime.now(dt.UTC)
    seeded = []
    for index in range(TOTAL):
        at = now - (index + 1) * STEP
        if index % 11 == 5:
            seeded.append(fake.seed_history("otherbot", "general", CLAIM, at=at))
        elif index % 17 == 3:
            seeded.append(
                fake.seed_history("bob", "general", "bob has joined the channel", at=at, subtype="channel_join")
            )
        elif index % 20 == 0:
            seeded.append(fake.seed_history("alice", "general", CLAIM, at=at))
        elif index % 20 == 7:
            seeded.append(fake.seed_history("bob", "general", f"<{KNOWN_LINK}>", at=at))
        elif index % 50 == 13:
            seeded.append(fake.seed_history("alice", "general", UNSURE, at=at))
        else:
            seeded.append(fake.seed_history("bob", "general", f"lunch plans {index}?", at=at))
    parent = fake.seed_history("bob", "general", "anyone seen this clip?", at=now - dt.timedelta(days=3))
    seeded.append(parent)
    for hours in (1, 5):  # replies in a thread are read too
        reply = fake.seed_history("alice", "general", CLAIM, at=now - dt.timedelta(hours=hours), thread_ts=parent.ts)
        seeded.append(reply)
    return seeded, now - dt.timedelta(days=DAYS) + dt.timedelta(minutes=1)


async def test_a_scan_reports_the_claims_with_links_and_replies_to_none(fake_slack: FakeSlack, start_slack_bot):
    await start_slack_bot()
    seeded, since = seed(fake_slack)
    within = [m for m in seeded if float(m.ts) >= since.timestamp()]
    members = [m for m in within if m.bot_id is None and m.subtype is None]
    claims = [m for m in members if m.text == CLAIM]
    links = [m for m in members if KNOWN_LINK in m.text]
    unsure = [m for m in members if m.text == UNSURE]
    assert len([m for m in claims if m.thread_ts not in (None, m.ts)]) == 2
    mark = len(fake_slack.calls())
    fake_slack.rate_limit("conversations.history", retry_after=1)  # the client waits Retry-After, then reads on

    await fake_slack.slash_command("owner", "mods", "/alerts", f"scan <#C0GENERAL|general> {DAYS}")

    outcome = await fake_slack.wait_for(
        lambda: next((e for e in fake_slack.ephemerals("owner") if "The summary is in" in e.text), None),
        timeout=30,
        what="the scan's outcome",
    )
    told = [e.text for e in fake_slack.ephemerals("owner")]
    assert told[0] == f"Reading the last {DAYS} days of #general\u2026"
    assert "Scanned 200 messages\u2026" in told
    assert f"Scanned {len(within):,} messages of #general" in outcome.text and "<#C0MODS001>" in outcome.text
    posted = [c for c in fake_slack.calls("chat.postMessage") if c.index >= mark and c.args["channel"] == "C0MODS001"]
    summaries = [c for c in posted if str(c.args.get("text", "")).startswith("History scan of #general")]
    assert len(summaries) == 1
    summary = summaries[0].args
    assert summary["unfurl_links"] is False and summary["unfurl_media"] is False
    text = summary["text"]
    assert f"Read {len(within):,} messages ({len(within) - len(members):,} skipped" in text
    answerable = len(claims) + len(links)
    assert f"{answerable + len(unsure):,} matched known claims: {answerable:,} the bot would have answered" in text
    assert f"[{CLAIM_INCIDENT}]: {len(claims) + len(unsure):,} messages" in text
    assert f"[westminster-duran-shooting]: {len(links):,} messages" in text
    listed = re.findall(r"https://test-team\.slack\.com/archives/C0GENERAL/p(\d+)", text)
    compton = [m.ts.replace(".", "") for m in members if m.text in (CLAIM, UNSURE) and m.thread_ts is None]
    assert [p for p in listed if p in compton] == compton[:5]
    await fake_slack.wait_for(
        lambda: any(
            "blocks" in c.args and UNSURE[:30] in str(c.args["blocks"]) for c in fake_slack.calls("chat.postMessage")
        ),
        what="the review item of the unsure messages",
    )
    reads = [c for c in fake_slack.calls("conversations.history") if c.index >= mark]
    assert [c.status for c in reads][:2] == [429, 200] and len(reads) >= 3
    assert all(c.args["oldest"] and c.args["latest"] and int(c.args["limit"]) <= 999 for c in reads)
    assert all("cursor" in c.args for c in reads[2:]) and "cursor" not in reads[1].args
    [thread] = [c for c in fake_slack.calls("conversations.replies") if c.index >= mark]
    assert thread.args["ts"] == seeded[-3].ts and thread.args["oldest"] == reads[0].args["oldest"]
    acted = [c for c in fake_slack.calls()[mark:] if c.method in WRITE_METHODS and c.args.get("channel") == "C0GENERAL"]
    assert acted == []


async def test_a_scan_of_a_channel_without_the_bot_says_how_to_fix_it(fake_slack: FakeSlack, start_slack_bot):
    await start_slack_bot()

    await fake_slack.slash_command("owner", "general", "/alerts", "scan <#C0ELSEWHR|elsewhere> 7")

    told = await fake_slack.wait_for_ephemeral("owner", count=2)
    assert "I can't read the history of #elsewhere: invite me to it" in told.text
    assert fake_slack.calls("chat.postMessage") == []


async def test_a_scan_needs_a_channel_and_days(fake_slack: FakeSlack, start_slack_bot):
    await start_slack_bot()

    await fake_slack.slash_command("owner", "general", "/alerts", "scan general 900")

    told = await fake_slack.wait_for_ephemeral("owner")
    assert told.text.startswith("Name a channel and a number of days (1 to 90)")
