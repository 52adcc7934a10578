"""The database goes away while the bot runs: answers keep coming, /healthz says degraded, nothing is lost.

The bot's DATABASE_URL names a fresh PostgreSQL database reached through a TCP proxy (`tests.dbproxy`); stopping
the proxy refuses new connections and resets the open ones, as a stopped server does.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, pool, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from bot.db.models import Answer, AnswerStatus, ReviewItem
from bot.runner import Runtime
from cogs.review._decisions import RECORDED_LATER
from cogs.review._views import custom_id
from tests.bot.helpers import POSTGRES_URL, require_postgres
from tests.dbproxy import TcpProxy
from tests.e2e.helpers import CLAIM, RunningBot, eventually
from tests.fakediscord import FakeDiscord, is_ephemeral
from tests.ports import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

UNSURE = "that CHP sergeant clip from the takeover is insane, shots everywhere https://clips.example.com/v/12345"
OTHER_UNSURE = "that CHP sergeant clip from the takeover is insane, shots everywhere https://clips.example.com/v/67890"
BAND = {"reply": 90.0, "review": 30.0}


@dataclass
class ProxiedServer:
    """A fresh database: ``url`` goes through ``proxy``, ``direct`` does not."""

    proxy: TcpProxy
    url: str
    direct: AsyncEngine

    async def count(self, column: Any, *conditions: Any) -> int:
        async with self.direct.connect() as connection:
            return int(await connection.scalar(select(func.count(column)).where(*conditions)) or 0)

    async def stop(self) -> None:
        await self.proxy.stop()

    async def start(self, running: RunningBot) -> None:
        """The database is back: the bot's outbox drains (its backoff cut short)."""
        await self.proxy.start()
        running.services.outbox.retry_now()
        await eventually(lambda: running.services.outbox.pending == 0, what="the outbox drained", timeout=5)


@pytest.fixture
async def database() -> AsyncIterator[ProxiedServer]:
    await require_postgres(POSTGRES_URL)
    name = f"outage_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    own = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    direct = create_engine(own, poolclass=pool.NullPool)
    proxy = TcpProxy.for_url(POSTGRES_URL)
    await proxy.start()
    try:
        yield ProxiedServer(proxy, proxy.url_for(own), direct)
    finally:
        await proxy.stop()
        await direct.dispose()
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()


async def test_claims_are_answered_while_the_database_is_down_and_recorded_once(database, start_alert_bot):
    port = free_port()
    running = await start_alert_bot(database_url=database.url, health_port=port, database_timeout=2)
    await running.answer_to(await running.post("alice", "general", CLAIM))  # settings read and cached
    await eventually(lambda: running.metric("answers_sent_total") == 1, what="the first answer recorded")
    await database.stop()

    posted = await running.post("bob", "news", CLAIM)
    answer = await running.answer_to(posted)
    again = await running.post("alice", "news", CLAIM)

    await running.assert_no_answer(again, sentinel_channel="general-thread")  # the cooldown holds meanwhile
    health = await healthz(port)
    assert health["status"] == "degraded"
    assert health["checks"] == {"gateway": True, "database": False, "knowledge": True, "outbox": False}
    assert running.metric("outbox_pending") == 2  # the two answers. records wait
    await database.start(running)
    assert await database.count(Answer.id, Answer.source_message_id == int(posted["id"])) == 1
    assert (await healthz(port))["status"] == "ok"
    await running.fake.delete_message(posted)
    await running.fake.wait_until(lambda: running.fake.message(answer["id"]) is None or None, what="answer deleted")
    deleted = Answer.status == AnswerStatus.DELETED.value
    assert await database.count(Answer.id, Answer.source_message_id == int(posted["id"]), deleted) == 1


async def test_moderators_and_members_are_heard_during_the_outage(database, start_alert_bot, fake_discord):
    running = await start_reviewing(start_alert_bot, fake_discord, database)
    posted = await running.post("alice", "general", UNSURE)
    item = await posted_item(running)
    await recorded_as_posted(running, item_id_of(item))
    await database.stop()

    clicked = await fake_discord.click_button("moderator", item, custom_id(item_id_of(item), "approve"))
    note = await fake_discord.wait_for_shown(clicked)
    await running.post("bob", "news", OTHER_UNSURE)
    await eventually(lambda: running.services.outbox.pending == 2, what="the decision and the new item wait")
    assert (note["content"], is_ephemeral(note)) == (RECORDED_LATER, True)
    await database.start(running)

    await running.answer_to(posted)  # the approval was applied: the message answered
    await eventually(lambda: fake_discord.message(item["id"])["components"] == [], what="the item shows its decision")
    later = await posted_item(running, after=item["id"])  # what bob posted reached the moderators
    assert "clips.example.com/v/67890" in json.dumps(later["embeds"])
    assert await database.count(ReviewItem.id) == 2


async def start_reviewing(start_alert_bot: Any, fake: FakeDiscord, database: ProxiedServer) -> RunningBot:
    guild = fake.world.guild

    async def setup(runtime: Runtime) -> None:
        await runtime.services.guild_settings.set_thresholds(str(guild.id), **BAND)
        await runtime.services.guild_settings.set_moderators_channel(str(guild.id), str(guild.channel("mods").id))

    return await start_alert_bot(setup=setup, database_url=database.url, database_timeout=2)


async def posted_item(running: RunningBot, *, after: int | str = 0) -> dict[str, Any]:
    return await running.fake.wait_for_message(
        running.channel("mods"), predicate=lambda m: bool(m.get("embeds")), after=after
    )


async def recorded_as_posted(running: RunningBot, item_id: int) -> None:
    guild_id = running.fake.world.guild.id
    async with asyncio.timeout(3):
        while True:
            view = await running.services.review.item(item_id, guild_id=guild_id)
            if view is not None and view.mod_message_id is not None:
                return
            await asyncio.sleep(0.01)


def item_id_of(message: dict[str, Any]) -> int:
    return int(message["components"][0]["components"][0]["custom_id"].split(":")[2])


async def healthz(port: int) -> dict[str, Any]:
    def fetch() -> dict[str, Any]:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return json.loads(response.read())

    return await asyncio.to_thread(fetch)
