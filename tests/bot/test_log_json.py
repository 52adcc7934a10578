"""``LOG_FORMAT=json``: one JSON object per line, with the ids of the message being handled and never its text."""

import json
import logging

import pytest

from bot.log import NOISY_LOGGERS, log_context, setup_logging
from bot.settings import Settings


@pytest.fixture(autouse=True)
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in NOISY_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_each_record_is_one_json_object_with_time_level_logger_and_message(capsys):
    setup_logging("INFO", "json")

    logging.getLogger("bot.test").info("answered message %s", 42)
    logging.getLogger("bot.test").debug("not shown at INFO")

    [entry] = json_lines(capsys.readouterr().err)
    assert entry.keys() == {"time", "level", "logger", "message"}
    assert (entry["level"], entry["logger"], entry["message"]) == ("INFO", "bot.test", "answered message 42")
    assert str(entry["time"]).endswith("+00:00")


def test_ids_come_from_extra_or_from_the_log_context(capsys):
    setup_logging("INFO", "json")
    log = logging.getLogger("bot.test")

    with log_context(guild_id=1, channel_id=2):
        with log_context(message_id=3):
            log.info("inner")
        log.info("outer", extra={"message_id": 9})
    log.warning("after")

    inner, outer, after = json_lines(capsys.readouterr().err)
    assert (inner["guild_id"], inner["channel_id"], inner["message_id"]) == (1, 2, 3)
    assert (outer["guild_id"], outer["channel_id"], outer["message_id"]) == (1, 2, 9)
    assert "guild_id" not in after


def test_a_traceback_stays_inside_its_json_line(capsys):
    setup_logging("INFO", "json")

    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("bot.test").exception("failed")

    [entry] = json_lines(capsys.readouterr().err)
    assert "ValueError: boom" in str(entry["exception"])


def test_text_stays_the_default(capsys):
    setup_logging("INFO")

    with log_context(guild_id=1):
        logging.getLogger("bot.test").info("plain")

    assert "INFO    bot.test: plain" in capsys.readouterr().err


@pytest.mark.parametrize(("value", "expected"), [(None, "text"), ("JSON", "json"), (" text ", "text")])
def test_the_setting(monkeypatch, value, expected):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    if value is not None:
        monkeypatch.setenv("LOG_FORMAT", value)

    assert Settings(_env_file=None).log_format == expected


def test_an_unknown_format_is_refused(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "xml")

    with pytest.raises(ValueError, match="log_format"):
        Settings(_env_file=None)
