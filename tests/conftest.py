"""Suite-wide fixtures: no test, and no bot process a test starts, may reach or look up anything beyond loopback.

`bot.netguard` is installed for the whole session before any test runs, and ``BOT_TEST_NETWORK_GUARD=loopback``
is set so that every process started from here (``python -m bot ...``) installs it too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import netguard
from tests import caches
from tests.migrated import MigratedDatabases

pytest_plugins = ["tests.fakediscord.plugin", "tests.fakeslack.plugin"]

_OWN_CACHE = pytest.StashKey[bool]()
os.environ[netguard.ENVIRONMENT] = "loopback"
netguard.install()


def pytest_configure(config: pytest.Config) -> None:
    """The session's cache folder: made by the first process (xdist's workers inherit it), removed by it at the end."""
    if caches.ENVIRONMENT not in os.environ:
        os.environ[caches.ENVIRONMENT] = tempfile.mkdtemp(prefix="misinfo-bot-test-cache-")
        config.stash[_OWN_CACHE] = True


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_OWN_CACHE, False):
        shutil.rmtree(Path(os.environ.pop(caches.ENVIRONMENT)), ignore_errors=True)


@pytest.fixture(autouse=True)
def _loopback_only() -> Iterator[None]:
    """The guard is in place for every test (put back should a test have taken it away)."""
    netguard.install()
    yield
    netguard.install()


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedDatabases]:
    """The session's migrated databases (see tests/migrated.py); its PostgreSQL schemas are dropped at the end."""
    databases = MigratedDatabases(tmp_path_factory.mktemp("migrated"))
    yield databases
    databases.drop_schemas()
