"""`item_in` takes string workspace ids (Slack's ``T…`` as well as Discord's digits) without scanning anything."""

from __future__ import annotations

from typing import Any

import pytest

from bot.db.repositories.review import item_in


class _Session:
    def __init__(self) -> None:
        self.queries: list[Any] = []

    async def scalar(self, query: Any) -> str:
        self.queries.append(query)
        return "row"


@pytest.mark.timeout(5)
@pytest.mark.parametrize("guild_id", ["T0TEST001", "123456789012345678"])
async def test_a_string_workspace_id_is_looked_up_at_once(guild_id: str) -> None:
    session = _Session()
    assert await item_in(session, guild_id, 7) == "row"  # type: ignore[arg-type]
    assert len(session.queries) == 1


async def test_an_id_no_row_can_have_finds_nothing() -> None:
    session = _Session()
    assert await item_in(session, "T0TEST001", 2**63) is None  # type: ignore[arg-type]
    assert session.queries == []


def test_posting_lock_keys_come_from_string_ids() -> None:
    from bot.db.repositories.review_posting import posting_lock_key

    keys = {posting_lock_key(guild) for guild in ("T0TEST001", "T0TEST002", "123456789012345678")}
    assert len(keys) == 3 and all(0 <= key < 2**31 for key in keys)
    assert posting_lock_key("T0TEST001") == posting_lock_key("T0TEST001")
