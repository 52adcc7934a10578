"""Changes this process makes that other processes cache: announced so they forget their copy at once.

Services call `Changes.announce` after a change is committed: a server's settings, what moderators taught the bot
(a decision: learned links and suppressed wordings), a knowledge reload. With one process nothing listens and
nothing happens; with PostgreSQL the runner attaches `bot.db.notify.ChangeFeed`, which sends each change to the
other processes (``NOTIFY``) and applies theirs here (`apply_change`) inside `applying_remote`, so a change
received is not announced back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.reload import reload_knowledge

if TYPE_CHECKING:
    from bot.services.container import Services

log = logging.getLogger(__name__)

_REMOTE: ContextVar[bool] = ContextVar("applying_remote_change", default=False)
_background: set[asyncio.Task[None]] = set()


class ChangeKind(StrEnum):
    """What changed."""

    SETTINGS = "settings"
    """A server's settings (`GuildSettingsService`)."""
    LEARNING = "learning"
    """A moderator's decision: a server's learned links and suppressions (`Learning`), or its drafted claims."""
    KNOWLEDGE = "knowledge"
    """The knowledge files were reloaded."""


@dataclass(frozen=True)
class Change:
    """One change: its kind, and the server (and review item) it is about when it is about one."""

    kind: ChangeKind
    guild_id: str | None = None
    item_id: int | None = None


Sink = Callable[[Change], None]


class Changes:
    """Where services announce their changes; sinks (`attach`) pass them on. Without a sink, a no-op."""

    def __init__(self) -> None:
        self._sinks: list[Sink] = []

    def attach(self, sink: Sink) -> None:
        """Pass every change announced from now on to ``sink`` (which must not block; any thread may call it)."""
        self._sinks.append(sink)

    def detach(self, sink: Sink) -> None:
        """Stop passing changes to ``sink``."""
        if sink in self._sinks:
            self._sinks.remove(sink)

    def announce(self, change: Change) -> None:
        """Tell the other processes (unless this is a change received from them being applied); never raises."""
        if _REMOTE.get():
            return
        for sink in list(self._sinks):
            try:
                sink(change)
            except Exception:
                log.exception("announcing %s failed", change)


@contextlib.contextmanager
def applying_remote() -> Iterator[None]:
    """Drop announcements within the block, and in tasks and threads started in it (a change received).

    The other process that made the change already told everyone.
    """
    token = _REMOTE.set(True)
    try:
        yield
    finally:
        _REMOTE.reset(token)


def apply_change(services: Services, change: Change) -> None:
    """Forget what ``change`` made stale in these services (`bot.services.container.Services`); knowledge reloads.

    A reload runs in a task (the knowledge files are read in a thread).
    """
    with applying_remote():
        if change.kind is ChangeKind.SETTINGS and change.guild_id is not None:
            services.guild_settings.forget(change.guild_id)
        elif change.kind is ChangeKind.LEARNING and change.guild_id is not None and services.learning is not None:
            services.learning.forget(change.guild_id)
            if services.drafts is not None:
                services.drafts.forget(change.guild_id)
        elif change.kind is ChangeKind.KNOWLEDGE:
            _start_reload(services)


def forget_everything(services: Services) -> None:
    """Forget every cached setting and lesson (changes may have been missed while disconnected)."""
    services.guild_settings.forget_all()
    if services.learning is not None:
        services.learning.forget_all()
    if services.drafts is not None:
        services.drafts.forget_all()


def _start_reload(services: Services) -> None:
    async def reload() -> None:
        report = await reload_knowledge(services.knowledge)
        log.info("knowledge reloaded as another process did: %s", report.summary)

    task = asyncio.get_running_loop().create_task(reload(), name="remote-knowledge-reload")
    _background.add(task)
    task.add_done_callback(_background.discard)
