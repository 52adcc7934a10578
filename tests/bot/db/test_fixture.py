import pytest

from tests.bot.helpers import require_postgres

UNREACHABLE = "postgresql://nobody@127.0.0.1:1/none"


async def test_unreachable_postgres_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="unreachable"):
        await require_postgres(UNREACHABLE)


async def test_unreachable_postgres_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        await require_postgres(UNREACHABLE)
