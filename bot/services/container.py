"""All services wired together, for the Discord client, the console and tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.db.engine import SessionFactory
from bot.db.types import utcnow
from bot.services.alerts import AlertService
from bot.services.defaults import Defaults
from bot.services.factcheck import FactCheckService
from bot.services.guild_settings import GuildSettingsService
from bot.services.knowledge import KnowledgeHolder
from bot.settings import Settings


@dataclass(frozen=True)
class Services:
    """The application's services, sharing one knowledge holder and one session factory."""

    knowledge: KnowledgeHolder
    guild_settings: GuildSettingsService
    alerts: AlertService
    factcheck: FactCheckService

    @classmethod
    def build(
        cls,
        settings: Settings,
        sessions: SessionFactory,
        *,
        knowledge_paths: Sequence[Path] | None = None,
        holder: KnowledgeHolder | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> Services:
        """Wire the services (loads the knowledge from ``knowledge_paths`` or the settings unless a holder is given).

        Blocking (reads the knowledge files): call it before the event loop gets busy, or in a thread.
        """
        defaults = Defaults.from_settings(settings)
        if holder is None:
            paths = knowledge_paths if knowledge_paths else settings.knowledge_paths
            holder = KnowledgeHolder.load(paths, thresholds=defaults.thresholds)
        guild_settings = GuildSettingsService(sessions, defaults, clock=clock)
        return cls(
            knowledge=holder,
            guild_settings=guild_settings,
            alerts=AlertService(holder, sessions, guild_settings, clock=clock),
            factcheck=FactCheckService(holder, guild_settings),
        )
