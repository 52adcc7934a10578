"""End-to-end fixtures: the real product bot (`AlertBot`, real services, SQLite in tmp_path, migrations applied)
against the Discord stand-in, pointed there through the DISCORD_API_BASE_URL / DISCORD_GATEWAY_URL settings.

Use ``start_alert_bot`` (a factory fixture) in a test::

    async def test_answers(fake_discord, start_alert_bot):
        running = await start_alert_bot()                      # ready: logged in, cogs loaded, commands synced
        posted = await running.post("alice", "general", CLAIM)
        answer = await running.answer_to(posted)               # the bot's reply to that message

Parameters of ``await start_alert_bot(...)`` (all optional):

* ``setup``: ``async def setup(runtime: Runtime) -> None`` run after the database, services and bot are built and
  before the bot logs in, e.g. ``await runtime.services.guild_settings.set_moderators_channel(...)``.
* ``bot_options``: extra `AlertBot` keyword arguments, e.g. ``{"extensions": ["cogs.alerts"]}``.
* ``fake``: another `FakeDiscord` (e.g. with a custom world); the ``fake_discord`` fixture's by default.
* ``services``: ``(settings) -> Services`` building the services the bot uses instead of its own on the runtime's
  SQLite file (e.g. on a PostgreSQL schema shared by two bots); called in a thread.
* any `Settings` field as a keyword, e.g. ``cooldown_minutes=0``, ``reply_threshold=70``, ``dev_guild_id=...``,
  or ``database_url=first.settings.database_url`` to restart on the same database after ``await first.stop()``.

Without ``database_url``, the bot's SQLite file is a copy of the session's migrated one (``migrated``,
tests/migrated.py): the bot still runs the migrations at start, with nothing left to do. A bot given a new file's
``database_url`` migrates it itself (tests/e2e/test_startup.py).

It returns a `RunningBot` (tests/e2e/helpers.py): ``.bot``, ``.services``, ``.settings``, ``.metrics``, ``.runtime``,
``.fake``, and ``post``, ``answer_to``, ``answers_to``, ``assert_no_answer`` (sentinel pattern), ``metric``,
``channel``, ``stop``. Every bot started is closed at teardown, before the stand-in checks that no unknown route
was called and every interaction was answered (see ``tests/fakediscord/plugin.py``). Link fetching is off unless
``link_fetching=True`` is passed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.runner import Runtime, open_runtime, serve
from bot.services.container import Services
from bot.settings import Settings
from tests.e2e.helpers import DATABASE_FILE, RunningBot, e2e_settings
from tests.fakediscord import CLIENT_OPTIONS, FakeDiscord
from tests.migrated import MigratedDatabases

Setup = Callable[[Runtime], Awaitable[None]]
StartAlertBot = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No setting from the machine's environment leaks into the bot under test."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    yield


@pytest.fixture
async def start_alert_bot(
    fake_discord: FakeDiscord, tmp_path: Path, clean_environment: None, migrated: MigratedDatabases
) -> AsyncIterator[StartAlertBot]:
    """``await start_alert_bot(setup=None, bot_options=None, fake=None, **settings)`` -> a ready `RunningBot`."""
    async with contextlib.AsyncExitStack() as stack:
        counter = iter(range(1, 1000))

        async def start(
            *,
            setup: Setup | None = None,
            bot_options: dict[str, Any] | None = None,
            services: Callable[[Settings], Services] | None = None,
            fake: FakeDiscord | None = None,
            **overrides: Any,
        ) -> RunningBot:
            target = fake or fake_discord
            directory = tmp_path / f"bot-{next(counter)}"
            directory.mkdir()
            if "database_url" not in overrides:
                await migrated.copy_sqlite(directory / DATABASE_FILE)
            settings = e2e_settings(target, directory, **overrides)
            options = {**CLIENT_OPTIONS, **(bot_options or {})}
            built = await asyncio.to_thread(services, settings) if services is not None else None
            runtime = await stack.enter_async_context(open_runtime(settings, bot_options=options, services=built))
            if setup is not None:
                await setup(runtime)
            task = asyncio.create_task(serve(runtime), name="alert-bot")
            running = RunningBot(target, runtime, task)
            stack.push_async_callback(running.stop)
            await _wait_ready(runtime, task)
            return running

        yield start


async def _wait_ready(runtime: Runtime, task: asyncio.Task[None], within: float = 20.0) -> None:
    ready = asyncio.create_task(runtime.bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=within, return_when=asyncio.FIRST_COMPLETED)
    if ready in done:
        return
    ready.cancel()
    if task in done:
        task.result()
        raise AssertionError("the bot stopped before it was ready")
    raise AssertionError(f"the bot was not ready within {within:g} s")
