"""The application's services: plain ids and dataclasses in and out, no Discord types.

The Discord cogs, the console (and later other chat platforms) call these; they own the policy
(when to answer, what to say, what moderators may change) and the storage.
"""

from bot.db.storage import DisputeResult
from bot.services.alerts import AlertDecision, AlertService, MessageEvent, Outcome, Reservation
from bot.services.cards import AnswerCard, QuotedStatement, SourceLink, compose_card
from bot.services.container import Services
from bot.services.defaults import Defaults
from bot.services.factcheck import FactCheckResult, FactCheckService
from bot.services.guild_settings import GuildConfig, GuildSettingsService, GuildStatus, InvalidSettingError
from bot.services.knowledge import KnowledgeHolder, KnowledgeSnapshot, ReloadResult

__all__ = [
    "AlertDecision",
    "AlertService",
    "AnswerCard",
    "Defaults",
    "DisputeResult",
    "FactCheckResult",
    "FactCheckService",
    "GuildConfig",
    "GuildSettingsService",
    "GuildStatus",
    "InvalidSettingError",
    "KnowledgeHolder",
    "KnowledgeSnapshot",
    "MessageEvent",
    "Outcome",
    "QuotedStatement",
    "ReloadResult",
    "Reservation",
    "Services",
    "SourceLink",
    "compose_card",
]
