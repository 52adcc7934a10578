"""Services reach the database only through `bot.db.storage`: no sessions, queries or ORM entities in bot/services.

Modules not converted yet are listed in `STILL_ALLOWED`; the list may only shrink (a listed module that no longer
needs it fails the test, so it is taken off).
"""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "bot" / "services"
FORBIDDEN = ("sqlalchemy", "bot.db.models", "bot.db.engine", "bot.db.repositories", "bot.db.stores")
STILL_ALLOWED: dict[str, str] = {}


def _storage_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found.update(name for name in names if name.startswith(FORBIDDEN))
    return found


def test_services_do_not_touch_sessions_or_orm_entities() -> None:
    offenders = {
        path.name: sorted(imports)
        for path in sorted(SERVICES.glob("*.py"))
        if (imports := _storage_imports(path)) and path.name not in STILL_ALLOWED
    }
    assert offenders == {}, "go through bot.db.storage (Storage.transaction) instead"


def test_the_allow_list_only_names_modules_that_still_need_it() -> None:
    stale = [name for name in STILL_ALLOWED if not (SERVICES / name).exists() or not _storage_imports(SERVICES / name)]
    assert stale == [], "these no longer import storage internals: take them off STILL_ALLOWED"


def test_the_check_sees_a_session_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from sqlalchemy.ext.asyncio import AsyncSession\nimport bot.db.models\n", encoding="utf-8")
    assert _storage_imports(module) == {
        "sqlalchemy.ext.asyncio",
        "sqlalchemy.ext.asyncio.AsyncSession",
        "bot.db.models",
    }
