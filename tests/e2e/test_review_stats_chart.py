"""``/review stats`` through the real discord.py: the numbers, and the chart attached as a PNG shown in the embed."""

from __future__ import annotations

import asyncio
import os
import struct
from pathlib import Path

import aiohttp
import pytest

from cogs.review._chart import FILENAME
from tests.e2e.helpers import CLAIM
from tests.e2e.test_review import UNSURE, posted_item, start

pytestmark = pytest.mark.e2e

FOLLOWUP = "/webhooks/{app_id}/{token}"
EPHEMERAL = 1 << 6


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


async def test_stats_attach_the_activity_chart(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    await running.answer_to(await running.post("alice", "general", CLAIM))
    await running.post("bob", "general", UNSURE)
    await posted_item(running)
    mark = fake_discord.mark()

    record = await fake_discord.slash_command("moderator", "mods", "review stats")
    response = await fake_discord.wait_for_interaction_response(record, timeout=10)
    assert response.ephemeral  # deferred at once ("thinking"), so the chart may take longer than Discord's 3 s
    [shown] = await fake_discord.wait_for_followups(record, timeout=15)

    assert int(shown["flags"]) & EPHEMERAL
    [embed] = shown["embeds"]
    assert embed["image"]["url"] == f"attachment://{FILENAME}"
    assert "Open items: 1" in "\n".join(f"{f['name']}: {f['value']}" for f in embed["fields"])
    # Discord's multipart body: payload_json naming the attachment, and the file in files[0]
    [request] = fake_discord.requests_matching("POST", FOLLOWUP, since=mark)
    assert request.json["attachments"] == [
        {"id": 0, "filename": FILENAME, "description": "Answers and reports per day per incident"}
    ]
    [upload] = request.files
    assert (upload.field, upload.filename) == ("files[0]", FILENAME)
    assert png_size(upload.data) == (1000, 640)
    # the message Discord made of it carries the attachment, served at its URL
    message = fake_discord.interaction_message(record)
    [attachment] = message["attachments"]
    assert attachment["filename"] == FILENAME
    async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as served:
        assert await served.read() == upload.data
    if keep := os.environ.get("KEEP_STATS_CHART"):
        await asyncio.to_thread(Path(keep).write_bytes, upload.data)  # to look at it


async def test_stats_are_sent_without_the_chart_when_it_cannot_be_drawn(start_alert_bot, fake_discord, monkeypatch):
    async def broken(*_args, **_kwargs):
        raise RuntimeError("no fonts")

    running = await start(start_alert_bot, fake_discord)
    assert running.services.activity is not None
    monkeypatch.setattr(running.services.activity, "chart", broken)
    mark = fake_discord.mark()

    record = await fake_discord.slash_command("moderator", "mods", "review stats")
    [shown] = await fake_discord.wait_for_followups(record, timeout=15)

    assert "image" not in shown["embeds"][0]
    [request] = fake_discord.requests_matching("POST", FOLLOWUP, since=mark)
    assert request.files == []
