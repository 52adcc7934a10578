"""``/review stats``'s chart data: answers and reports per day per incident over the last 30 days."""

import datetime as dt
import struct

from bot.services import MessageEvent, Services
from bot.services.review_activity import NO_INCIDENT, NO_INCIDENT_LABEL, activity_chart
from bot.services.review_types import ReportedMessage
from tests.bot.helpers import FakeClock

GUILD = 10
COMPTON = "compton-chp-takeover-video"
FLINT = "flint-juneteenth-parade-shooting"
CLAIM = "Crazy video: a man shoots at a CHP sergeant during the Compton street takeover"
FLINT_CLAIM = "Police killed an innocent young woman at Flint's Juneteenth parade for no reason"

_ids = iter(range(50_000, 10**9))


async def answered(services: Services, text: str, *, guild: int = GUILD, post: bool = True) -> None:
    event = MessageEvent(guild_id=guild, channel_id=next(_ids), message_id=next(_ids), author_id=5, content=text)
    decision = await services.alerts.on_message(event)
    assert decision.reservation is not None
    if post:
        await services.alerts.confirm_sent(decision.reservation, next(_ids))


async def reported(services: Services, text: str) -> None:
    message = ReportedMessage(GUILD, next(_ids), next(_ids), 5, text)
    await services.review.report(message, reporter_id=next(_ids))


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", png[16:24])


async def test_answers_and_reports_are_counted_per_day_and_incident(services: Services, clock: FakeClock) -> None:
    start = clock.now
    clock.advance(days=-31)
    await answered(services, CLAIM)  # 31 days ago: outside the window
    clock.now = start - dt.timedelta(days=29)
    await answered(services, CLAIM)  # the window's first day
    await answered(services, FLINT_CLAIM, post=False)  # reserved but never posted: not an answer
    await answered(services, FLINT_CLAIM, guild=GUILD + 1)  # another server
    clock.now = start
    await answered(services, CLAIM)
    await answered(services, FLINT_CLAIM)
    await reported(services, CLAIM)
    await reported(services, "my neighbour's cat is plotting against me")  # nothing to suggest

    assert services.activity is not None
    found = await services.activity.last_days(GUILD)

    today = start.date()
    first = today - dt.timedelta(days=29)
    assert (len(found.days), found.days[0], found.days[-1]) == (30, first, today)
    assert found.answers == {COMPTON: {first: 1, today: 1}, FLINT: {today: 1}}
    assert found.reports == {COMPTON: {today: 1}, NO_INCIDENT: {today: 1}}
    assert found.titles[COMPTON].startswith("Video of a man")
    assert found.titles[NO_INCIDENT] == NO_INCIDENT_LABEL
    assert not found.empty


async def test_the_chart_is_a_png(services: Services) -> None:
    await answered(services, CLAIM)
    assert services.activity is not None
    png = await services.activity.chart(GUILD)
    width, height = png_size(png)
    assert (width, height) == (1000, 640)


async def test_a_quiet_server_still_gets_a_chart(services: Services) -> None:
    assert services.activity is not None
    found = await services.activity.last_days(GUILD)
    assert found.empty
    assert png_size(activity_chart(found)) == (1000, 640)
