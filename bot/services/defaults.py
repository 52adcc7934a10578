"""The application-wide defaults a server gets until it chooses its own."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import Settings
from knowledge.matching.types import Thresholds


@dataclass(frozen=True)
class Defaults:
    """Defaults from the settings; `link_fetching` False turns link fetching off for every server."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    cooldown_minutes: int = 60
    link_fetching: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> Defaults:
        """The defaults the operator configured."""
        return cls(settings.thresholds, settings.cooldown_minutes, settings.link_fetching)
