from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, load_settings
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR

VARIABLES = (
    "DISCORD_TOKEN",
    "DATABASE_URL",
    "DISCORD_API_BASE_URL",
    "DISCORD_GATEWAY_URL",
    "LOG_LEVEL",
    "DEV_GUILD_ID",
    "KNOWLEDGE_PATHS",
    "REPLY_THRESHOLD",
    "REVIEW_THRESHOLD",
    "COOLDOWN_MINUTES",
    "CONVERSATION_WINDOW_MINUTES",
    "LINK_FETCHING",
    "HEALTH_PORT",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No variable from the machine and no .env from the working directory leaks in."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = Settings(_env_file=None)
    assert settings.discord_token is None
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.async_database_url == "sqlite+aiosqlite:///misinfo-bot.sqlite3"
    assert settings.knowledge_paths == (DEFAULT_KNOWLEDGE_DIR,)
    assert settings.cooldown_minutes == 60
    assert settings.conversation_window_minutes == 10
    assert settings.link_fetching is True
    assert (settings.thresholds.reply, settings.thresholds.review) == (80, 55)
    assert settings.health_port is None
    assert settings.dev_guild_id is None


def test_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "abc.def")
    monkeypatch.setenv("DATABASE_URL", "postgres://bot@db/bot")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("DEV_GUILD_ID", "123456789012345678")
    monkeypatch.setenv("REPLY_THRESHOLD", "90")
    monkeypatch.setenv("REVIEW_THRESHOLD", "70.5")
    monkeypatch.setenv("COOLDOWN_MINUTES", "15")
    monkeypatch.setenv("CONVERSATION_WINDOW_MINUTES", "0")
    monkeypatch.setenv("LINK_FETCHING", "false")
    monkeypatch.setenv("HEALTH_PORT", "8080")
    monkeypatch.setenv("DISCORD_API_BASE_URL", "http://127.0.0.1:8999/api")
    settings = load_settings(None)
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == "abc.def"
    assert "abc.def" not in repr(settings)
    assert settings.async_database_url == "postgresql+asyncpg://bot@db/bot"
    assert settings.log_level == "DEBUG"
    assert settings.dev_guild_id == 123456789012345678
    assert (settings.thresholds.reply, settings.thresholds.review) == (90, 70.5)
    assert settings.cooldown_minutes == 15
    assert settings.conversation_window_minutes == 0
    assert settings.link_fetching is False
    assert settings.health_port == 8080
    assert settings.discord_api_base_url == "http://127.0.0.1:8999/api"


def test_reads_a_dotenv_file_and_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("DISCORD_TOKEN=from-file\nCOOLDOWN_MINUTES=5\nLOG_LEVEL=WARNING\n", encoding="utf-8")
    monkeypatch.setenv("COOLDOWN_MINUTES", "7")
    settings = load_settings(env_file)
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == "from-file"
    assert settings.log_level == "WARNING"
    assert settings.cooldown_minutes == 7


def test_default_dotenv_is_the_working_directorys(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("COOLDOWN_MINUTES=3\n", encoding="utf-8")
    assert load_settings().cooldown_minutes == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/a/knowledge:/b/more.yaml", (Path("/a/knowledge"), Path("/b/more.yaml"))),
        ('["/a/knowledge", "/b/c d.yaml"]', (Path("/a/knowledge"), Path("/b/c d.yaml"))),
        ("/only/one", (Path("/only/one"),)),
    ],
)
def test_knowledge_paths(monkeypatch: pytest.MonkeyPatch, value: str, expected: tuple[Path, ...]) -> None:
    """A PATH-style list or a JSON list."""
    monkeypatch.setenv("KNOWLEDGE_PATHS", value)
    assert load_settings(None).knowledge_paths == expected


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("COOLDOWN_MINUTES", "-1"),
        ("COOLDOWN_MINUTES", "10081"),
        ("COOLDOWN_MINUTES", "soon"),
        ("CONVERSATION_WINDOW_MINUTES", "-5"),
        ("REPLY_THRESHOLD", "101"),
        ("DEV_GUILD_ID", "not-a-number"),
        ("LOG_LEVEL", "LOUD"),
        ("DATABASE_URL", "mysql://bot@db/bot"),
        ("LINK_FETCHING", "perhaps"),
        ("HEALTH_PORT", "70000"),
    ],
)
def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError, match=variable.lower()):
        Settings(_env_file=None)
    with pytest.raises(SettingsError, match=variable):
        load_settings(None)


def test_review_threshold_above_reply_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLY_THRESHOLD", "60")
    monkeypatch.setenv("REVIEW_THRESHOLD", "70")
    with pytest.raises(SettingsError, match="REVIEW_THRESHOLD"):
        load_settings(None)


def test_the_lexical_cache_sits_beside_the_embeddings_cache(tmp_path: Path) -> None:
    beside_db = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path}/bot.sqlite3")  # type: ignore[call-arg]
    assert beside_db.semantic_config.cache_path == tmp_path / "bot.semantic.npz"
    assert beside_db.lexical_cache.stem == tmp_path / "bot"
    chosen = Settings(_env_file=None, semantic_cache_path=tmp_path / "cache" / "kb.semantic.npz")  # type: ignore[call-arg]
    assert chosen.lexical_cache.stem == tmp_path / "cache" / "kb"
