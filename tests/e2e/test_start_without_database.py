"""The bot starts while its PostgreSQL is unreachable, answers from memory, and migrates it when it comes back.

The database is a fresh, empty PostgreSQL database behind a stopped TCP proxy (`tests.dbproxy`): nothing is
migrated yet. Everything written meanwhile waits in the outbox and lands once, after the migrations.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.client import StartupError
from bot.db.models import Answer, AnswerStatus
from bot.runner import run
from tests.bot.helpers import POSTGRES_URL, require_postgres
from tests.e2e.helpers import CLAIM, e2e_settings, eventually
from tests.e2e.test_database_outage import ProxiedServer, database, healthz
from tests.fakediscord import FakeDiscord
from tests.ports import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

__all__ = ["database"]  # the fixture, used below


async def test_a_start_without_the_database_answers_and_loses_nothing_when_it_returns(
    database: ProxiedServer, start_alert_bot
):
    await database.stop()
    port = free_port()
    running = await start_alert_bot(database_url=database.url, health_port=port, database_timeout=2)
    late = running.runtime.late_migration
    assert late is not None and not late.done

    posted = await running.post("alice", "general", CLAIM)
    await running.answer_to(posted)
    again = await running.post("bob", "general", CLAIM)
    await running.assert_no_answer(again, sentinel_channel="news")  # the cooldown holds without the database
    health = await healthz(port)
    assert health["status"] == "degraded"
    assert health["checks"]["database"] is False
    assert health["details"]["database"].startswith("unreachable since the bot started")
    assert "the schema is not migrated yet" in health["details"]["database"]
    assert running.services.outbox.pending == 2  # the claim's and the sentinel's answers
    await database.proxy.start()
    late.retry_now()

    await eventually(lambda: late.done and running.services.outbox.pending == 0, what="migrated, outbox drained")
    async with database.direct.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM alembic_version")) == 1
    assert await database.count(Answer.id) == 2
    assert await database.count(Answer.id, Answer.source_message_id == int(posted["id"])) == 1
    assert await database.count(Answer.id, Answer.status == AnswerStatus.SENT.value) == 2
    assert (await healthz(port))["status"] == "ok"
    after = await running.post("alice", "general-thread", CLAIM)  # written straight to the database again
    await running.answer_to(after)
    await eventually(lambda: running.metric("answers_sent_total") == 3, what="three answers confirmed")
    assert running.services.outbox.pending == 0


async def test_a_database_that_answers_but_refuses_still_stops_the_start(tmp_path, clean_environment):
    await require_postgres(POSTGRES_URL)
    missing = POSTGRES_URL.rsplit("/", 1)[0] + "/no_such_database_for_the_bot"
    async with FakeDiscord() as fake:
        with pytest.raises(StartupError) as raised:
            await run(e2e_settings(fake, tmp_path, database_url=missing), handle_signals=False)

    assert str(raised.value).startswith("Cannot reach the database ")
