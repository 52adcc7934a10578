"""The message pipeline (`AlertService.on_message`, real SQLite database) on hostile text (tests/hostile.py).

Example count (recorded for the lead): 120 hostile messages, some edits, some with hostile link-page titles; each
answered one is then confirmed or released, as the cog does. A 2 s hypothesis deadline per example only catches
blow-ups; timings are printed by benchmarks/hostile_input.py.
"""

import itertools

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from bot.services import MessageEvent, Outcome, Services
from bot.services.alerts import CANDIDATES
from knowledge.matching.types import LinkPage
from tests.hostile import links, messages, pieces

GUILD = "10"
LONE_SURROGATE = "man shoots at a CHP sergeant at the Compton takeover \udbb1"
"""Valid in a JSON string (``"\\udbb1"``), not in UTF-8: the stored fingerprint once failed on it."""
_ids = itertools.count(10_000)

pages = st.lists(
    st.builds(LinkPage, url=links, title=st.one_of(st.none(), pieces), description=st.one_of(st.none(), pieces)),
    max_size=3,
).map(tuple)


def record_outcome(outcome: Outcome) -> None:
    """Shown by ``pytest --hypothesis-show-statistics``: how often each outcome came up."""
    event(f"outcome: {outcome.value}")


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
@settings(
    max_examples=120,
    deadline=2000,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(
    text=messages,
    channel=st.sampled_from([20, 21, 22]),
    is_edit=st.booleans(),
    page_list=st.one_of(st.just(()), pages),
    keep=st.booleans(),
)
@example(text=LONE_SURROGATE, channel=20, is_edit=False, page_list=(), keep=True)  # found by the benchmark
async def test_any_message_gets_a_valid_decision(
    services: Services, text: str, channel: int, is_edit: bool, page_list: tuple[LinkPage, ...], keep: bool
) -> None:
    message_id = str(next(_ids))
    message = MessageEvent(GUILD, channel, message_id, "5", text, is_edit=is_edit, pages=page_list)

    decision = await services.alerts.on_message(message)

    record_outcome(decision.outcome)
    assert decision.outcome in Outcome
    assert len(decision.review) <= CANDIDATES
    for match in (decision.match, *decision.review):
        if match is not None:
            assert 0 <= match.score <= 100
    if decision.should_post:
        assert decision.card is not None
        assert decision.reservation is not None
        assert decision.reservation.source_message_id == message_id
        if keep:
            assert await services.alerts.confirm_sent(decision.reservation, message_id + "1")
        else:
            await services.alerts.release(decision.reservation)
