"""Applying another process's change: the right cache forgets, a knowledge reload runs here without echo."""

from __future__ import annotations

import asyncio

from bot.services import Services
from bot.services.changes import Change, ChangeKind, apply_change, forget_everything
from tests.bot.services.review_helpers import GUILD


async def test_a_settings_change_from_elsewhere_is_read_again(services: Services, db) -> None:
    assert (await services.guild_settings.config(GUILD)).auto_replies
    other = Services.assemble(services.knowledge, db.sessions, services.guild_settings.defaults)
    await other.guild_settings.set_auto_replies(GUILD, False)
    assert (await services.guild_settings.config(GUILD)).auto_replies  # still cached here

    apply_change(services, Change(ChangeKind.SETTINGS, GUILD))

    assert not (await services.guild_settings.config(GUILD)).auto_replies


async def test_a_reload_from_elsewhere_reloads_here_and_is_not_announced_back(services: Services) -> None:
    heard: list[Change] = []
    services.changes.attach(heard.append)
    before = services.knowledge.current

    apply_change(services, Change(ChangeKind.KNOWLEDGE))
    async with asyncio.timeout(10):
        while services.knowledge.current is before:  # noqa: ASYNC110  # the reload runs in a thread
            await asyncio.sleep(0.01)

    assert heard == []
    await asyncio.to_thread(services.knowledge.reload)  # a reload made here is announced
    assert heard == [Change(ChangeKind.KNOWLEDGE)]


async def test_after_a_reconnect_every_cached_setting_is_read_again(services: Services, db) -> None:
    await services.guild_settings.config(GUILD)
    other = Services.assemble(services.knowledge, db.sessions, services.guild_settings.defaults)
    await other.guild_settings.set_cooldown(GUILD, 5)

    forget_everything(services)

    assert (await services.guild_settings.config(GUILD)).cooldown_minutes == 5
