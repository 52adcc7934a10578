"""Cogs are found automatically: packages and modules with a setup(), private ones skipped."""

import sys
from pathlib import Path

import pytest

from bot.discord_ui.extensions import discover_extensions


def test_the_product_cogs_are_found():
    found = discover_extensions()

    assert {"cogs.admin", "cogs.alerts", "cogs.factcheck"} <= set(found)
    assert all(not name.rpartition(".")[2].startswith("_") for name in found)


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    root = tmp_path / "fakecogs"
    for relative, text in {
        "__init__.py": "",
        "withsetup/__init__.py": "async def setup(bot): ...\n",
        "_private/__init__.py": "async def setup(bot): ...\n",
        "module.py": "async def setup(bot): ...\n",
        "helper.py": "VALUE = 1\n",
    }.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "fakecogs"
    for name in [name for name in sys.modules if name.startswith("fakecogs")]:
        del sys.modules[name]


def test_only_public_modules_with_a_setup_are_extensions(package):
    assert discover_extensions(package) == ["fakecogs.module", "fakecogs.withsetup"]
