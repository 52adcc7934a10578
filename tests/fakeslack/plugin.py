"""Pytest fixtures for the Slack stand-in (registered in ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fakeslack.server import FakeSlack

ENVIRONMENT = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
"""slack_sdk sends even loopback requests through a proxy from the environment; Bolt turns to OAuth with these."""


@pytest.fixture
async def fake_slack(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeSlack]:
    """A started stand-in with the default workspace.

    At teardown (stop your clients first) the test errors if the app called an unknown method, sent a malformed
    body or invalid blocks, would have pinged someone, or left an envelope unacknowledged for 3 s. Call
    `fake_slack.clear_problems()` after asserting on an expected problem.
    """
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    async with FakeSlack() as fake:
        yield fake
    fake.assert_clean()
