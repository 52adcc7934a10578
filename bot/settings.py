"""Process-wide settings, read from the environment or a ``.env`` file.

Build one `Settings` in ``main()`` and pass it in; nothing here runs at import time. Per-server choices
(alert channel, reviewer role, thresholds) live in the database; these are only the defaults.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, IPvAnyNetwork, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.db.urls import to_async_url
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR
from knowledge.matching.prepared_cache import PreparedCache
from knowledge.matching.types import Thresholds
from knowledge.semantic.encoder import SemanticConfig

DEFAULT_DATABASE_URL = "sqlite:///misinfo-bot.sqlite3"
MAX_COOLDOWN_MINUTES = 7 * 24 * 60
DEFAULT_CONVERSATION_WINDOW_MINUTES = 10

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["text", "json"]
Score = Annotated[float, Field(ge=0, le=100)]


def _default_knowledge_paths() -> tuple[Path, ...]:
    return (DEFAULT_KNOWLEDGE_DIR,)


class SettingsError(Exception):
    """Settings that cannot be used; the message names each variable and its problem."""


class Settings(BaseSettings):
    """The bot's settings; each field is read from the environment variable of the same name, upper-cased."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    discord_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    database_timeout: float = Field(default=5.0, gt=0, le=120)
    outbox_path: Path | None = None
    discord_api_base_url: str | None = None
    discord_gateway_url: str | None = None
    log_level: LogLevel = "INFO"
    log_format: LogFormat = "text"
    dev_guild_id: int | None = Field(default=None, gt=0)
    knowledge_paths: Annotated[tuple[Path, ...], NoDecode] = Field(default_factory=_default_knowledge_paths)
    reply_threshold: Score = Thresholds().reply
    review_threshold: Score = Thresholds().review
    cooldown_minutes: int = Field(default=60, ge=0, le=MAX_COOLDOWN_MINUTES)
    conversation_window_minutes: int = Field(default=DEFAULT_CONVERSATION_WINDOW_MINUTES, ge=0, le=24 * 60)
    link_fetching: bool = True
    corrections_window_days: int = Field(default=30, ge=0, le=365)
    corrections_pace_seconds: float = Field(default=1.0, ge=0, le=60)
    link_fetch_allowed_networks: Annotated[tuple[IPvAnyNetwork, ...], NoDecode] = ()
    link_fetch_timeout: float = Field(default=5.0, gt=0, le=60)
    link_fetch_max_bytes: int = Field(default=512 * 1024, ge=1024, le=16 * 1024 * 1024)
    knowledge_feeds: Annotated[tuple[str, ...], NoDecode] = ()
    knowledge_feed_interval: float = Field(default=900.0, gt=0, le=7 * 24 * 3600)
    knowledge_feed_stale_after: float = Field(default=2 * 24 * 3600.0, gt=0)
    knowledge_feed_timeout: float = Field(default=30.0, gt=0, le=600)
    knowledge_feed_max_bytes: int = Field(default=64 * 1024 * 1024, ge=1024, le=1024 * 1024 * 1024)
    knowledge_feed_max_shrink: float = Field(default=0.5, ge=0, le=1)
    knowledge_feed_allowed_networks: Annotated[tuple[IPvAnyNetwork, ...], NoDecode] = ()
    health_port: int | None = Field(default=None, ge=1, le=65535)
    health_host: str = "127.0.0.1"
    admin_token: SecretStr | None = None
    semantic_matching: bool = True
    semantic_cache_path: Path | None = None
    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_base_url: str = "https://slack.com/api/"
    slack_review_channel: str | None = None
    slack_reviewers: Annotated[tuple[str, ...], NoDecode] = ()
    retention_days: int = Field(default=30, ge=1, le=3650)
    guild_purge_grace_days: int = Field(default=7, ge=0, le=30)
    shard_count: Annotated[int, Field(ge=1)] | Literal["auto"] | None = None
    shard_ids: Annotated[tuple[int, ...], NoDecode] = ()

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        to_async_url(value)
        return value.strip()

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_log_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("knowledge_paths", mode="before")
    @classmethod
    def _split_paths(cls, value: object) -> object:
        """Accept a JSON list or paths separated like PATH (``:`` on Unix)."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part for part in text.split(os.pathsep) if part.strip()]

    @field_validator("link_fetch_allowed_networks", "knowledge_feed_allowed_networks", "knowledge_feeds", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        """Accept a JSON list, or networks (or feed URLs) separated by commas or spaces."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part for part in text.replace(",", " ").split() if part]

    @field_validator("slack_reviewers", mode="before")
    @classmethod
    def _split_reviewers(cls, value: object) -> object:
        """Accept Slack user or user group ids separated by commas or spaces."""
        if not isinstance(value, str):
            return value
        return [part for part in value.replace(",", " ").split() if part]

    @field_validator("shard_count", mode="before")
    @classmethod
    def _lower_shard_count(cls, value: object) -> object:
        return value.strip().lower() or None if isinstance(value, str) else value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shard_ids(cls, value: object) -> object:
        """Accept a JSON list, or ids separated by commas or spaces (ranges such as ``0-3`` too)."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        return json.loads(text) if text.startswith("[") else expand_ranges(text)

    @model_validator(mode="after")
    def _check_shards(self) -> Self:
        if not self.shard_ids:
            return self
        if not isinstance(self.shard_count, int):
            raise ValueError("SHARD_IDS needs SHARD_COUNT set to a number (the shards of every process together)")
        wrong = [shard for shard in self.shard_ids if not 0 <= shard < self.shard_count]
        if wrong or len(set(self.shard_ids)) != len(self.shard_ids):
            raise ValueError(f"SHARD_IDS must be distinct numbers from 0 to {self.shard_count - 1}")
        return self

    @field_validator("knowledge_feeds")
    @classmethod
    def _check_feed_urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"{url!r} is not an http(s) URL")
        return tuple(dict.fromkeys(value))

    @model_validator(mode="after")
    def _check_thresholds(self) -> Self:
        if self.review_threshold > self.reply_threshold:
            raise ValueError("REVIEW_THRESHOLD must not be above REPLY_THRESHOLD")
        return self

    @property
    def async_database_url(self) -> str:
        """`database_url` with its async driver."""
        return to_async_url(self.database_url)

    @property
    def semantic_config(self) -> SemanticConfig:
        """The semantic layer's setup: on unless SEMANTIC_MATCHING=false; its cache next to the database file
        (``misinfo-bot.semantic.npz`` beside ``misinfo-bot.sqlite3``) unless SEMANTIC_CACHE_PATH says otherwise.
        """  # noqa: D205
        return SemanticConfig(enabled=self.semantic_matching, cache_path=self.semantic_cache_path or self._beside_db)

    @property
    def lexical_cache(self) -> PreparedCache:
        """The matcher's prepared words and index, cached in the embeddings' folder under the same name
        (``misinfo-bot.lexical-<key>.pickle`` beside ``misinfo-bot.semantic.npz``) for bases of 1,000 claims or more.
        """  # noqa: D205
        return PreparedCache.beside(self.semantic_cache_path or self._beside_db)

    @property
    def _beside_db(self) -> Path:
        prefix = "sqlite:///"
        database = self.database_url.split("?", 1)[0]
        if database.startswith(prefix) and database[len(prefix) :] not in ("", ":memory:"):
            return Path(database[len(prefix) :]).with_suffix(".semantic.npz")
        return Path("misinfo-bot.semantic.npz")

    @property
    def slack_configured(self) -> bool:
        """Whether both Slack tokens are set (the bot then serves Slack)."""
        return _set(self.slack_bot_token) and _set(self.slack_app_token)

    @property
    def discord_configured(self) -> bool:
        """Whether the Discord token is set (the bot then serves Discord)."""
        return _set(self.discord_token)

    @property
    def thresholds(self) -> Thresholds:
        """The default score thresholds for servers that did not set their own."""
        return Thresholds(reply=self.reply_threshold, review=self.review_threshold)


def _set(secret: SecretStr | None) -> bool:
    return secret is not None and bool(secret.get_secret_value().strip())


def expand_ranges(text: str) -> list[int]:
    """``"0-2, 5"`` -> ``[0, 1, 2, 5]`` (a ``ValueError`` for anything else)."""
    found: list[int] = []
    for part in text.replace(",", " ").split():
        first, _, last = part.partition("-")
        found.extend(range(int(first), int(last or first) + 1))
    return found


def load_settings(env_file: Path | str | None = ".env") -> Settings:
    """Read the settings from the environment and ``env_file`` (environment first).

    Raises:
        SettingsError: A variable is missing or invalid; the message names each one.
    """
    try:
        return Settings(_env_file=env_file)  # type: ignore[call-arg]
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error)) from None


def describe_validation_error(error: ValidationError) -> str:
    """One line per problem, naming the environment variable."""
    lines = []
    for problem in error.errors():
        variable = ".".join(str(part) for part in problem["loc"]).upper() or "settings"
        lines.append(f"{variable}: {problem['msg']}")
    return "invalid settings:\n  " + "\n  ".join(lines)
