import logging

import pytest

from bot.log import setup_logging


@pytest.fixture(autouse=True)
def restore_root_logger():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_setup_logging_sets_the_level_once_and_quiets_libraries(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("DEBUG")
    setup_logging("INFO")
    root = logging.getLogger()
    ours = [handler for handler in root.handlers if getattr(handler, "_misinfo_bot", False)]
    assert len(ours) == 1
    assert root.level == logging.INFO
    assert logging.getLogger("sqlalchemy.engine").level == logging.WARNING
    logging.getLogger("bot.test").info("answered message %s in channel %s", 1, 2)
    assert "INFO    bot.test: answered message 1 in channel 2" in capsys.readouterr().err
