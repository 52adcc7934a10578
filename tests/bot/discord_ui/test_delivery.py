"""The name of an answer's thread: the incident, within Discord's limit, never a mention."""

from dataclasses import replace

import pytest

from bot.discord_ui.delivery import THREAD_NAME_LENGTH, thread_name
from tests.slackfront.test_blocks import card


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Compton takeover video", "Fact check: Compton takeover video"),
        ("@everyone look <@123> and <@&456> in <#789> @here", "Fact check: everyone look and in here"),
        ("  spaced\n\tout  ", "Fact check: spaced out"),
    ],
)
def test_a_thread_is_named_after_the_incident_without_mentions(title: str, expected: str) -> None:
    assert thread_name(replace(card(), incident_title=title)) == expected


def test_a_long_title_is_cut_to_discords_limit() -> None:
    name = thread_name(replace(card(), incident_title="word " * 60))
    assert len(name) == THREAD_NAME_LENGTH and name.endswith("\N{HORIZONTAL ELLIPSIS}")
