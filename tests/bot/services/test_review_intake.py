"""What enters the review queue, and how repeats are counted."""

import pytest

from bot.db.storage import DisputeResult
from bot.discord_ui.links import jump_url
from bot.services import Services
from bot.services.events import ReviewQueueChanged
from bot.services.review_types import IntakeResult, ReviewKind, ReviewState
from tests.bot.services.review_helpers import (
    CLAIM,
    COMPTON,
    GENERAL,
    GUILD,
    LINK,
    NEWS,
    OTHER_GUILD,
    UNSURE,
    event,
    next_id,
    queued_match,
    reported,
    review_band,
    review_matches,
)


@pytest.fixture(autouse=True)
async def _review_band(services: Services) -> None:
    """UNSURE lands in the review tier whatever the matcher's tuning (see `BAND`)."""
    await review_band(services)


async def test_a_review_tier_match_becomes_a_pending_item(services: Services) -> None:
    message = reported(author=7)
    item_id = await queued_match(services, message)
    item = await services.review.item(item_id, guild_id=GUILD)
    assert item is not None
    assert (item.kind, item.state, item.guild_id) == (ReviewKind.MATCH, ReviewState.PENDING, GUILD)
    assert (item.channel_id, item.message_id, item.author_id) == (GENERAL, message.message_id, "7")
    assert item.link == LINK
    assert item.excerpt == message.content
    assert item.suggestion is not None
    assert item.suggestion.incident_id == COMPTON
    assert item.suggestion.score is not None and 0 < item.suggestion.score < 100
    assert item.suggestion.reasons
    assert "CHP" in item.suggestion.incident_title
    assert (item.reporters, item.channels) == (1, 1)
    assert jump_url(item.source) == f"https://discord.com/channels/{GUILD}/{GENERAL}/{message.message_id}"


async def test_the_same_link_is_one_item_counting_people_and_channels(services: Services) -> None:
    first = await queued_match(services, reported(author=1))
    again = await queued_match(services, reported(f"look: {LINK}?utm_source=feed {UNSURE}", author=2, channel=NEWS))
    assert again == first
    by_same_author = await services.review.submit_matches(
        reported(author=2), await review_matches(services, reported(author=2))
    )
    assert (by_same_author.result, by_same_author.item_id) == (IntakeResult.ALREADY_REPORTED, first)
    item = await services.review.item(first, guild_id=GUILD)
    assert item is not None
    assert (item.reporters, item.channels) == (2, 2)


async def test_text_without_links_is_deduplicated_by_its_normalised_text(services: Services) -> None:
    first = await queued_match(services, reported(UNSURE, author=1))
    second = await queued_match(services, reported(f"  {UNSURE.upper()}  ", author=2))
    other = await queued_match(services, reported(f"{UNSURE} again", author=3))
    assert second == first
    assert other != first


async def test_servers_keep_their_own_items_and_a_report_joins_the_match(services: Services) -> None:
    match = await queued_match(services)
    elsewhere = await queued_match(services, reported(guild=OTHER_GUILD))
    report = await services.review.report(reported(), reporter_id=5)
    assert match != elsewhere
    assert report.item_id == match  # one message or link is one item (issue 11)


async def test_reports_keep_a_capped_note_and_suggest_the_matchers_candidates(services: Services) -> None:
    intake = await services.review.report(reported(CLAIM), reporter_id=5, note="  " + "n" * 500)
    assert intake.result is IntakeResult.CREATED and intake.item_id is not None
    joined = await services.review.report(reported(CLAIM, channel=NEWS), reporter_id=6)
    assert joined.result is IntakeResult.JOINED
    item = await services.review.item(intake.item_id, guild_id=GUILD)
    assert item is not None
    assert item.kind is ReviewKind.REPORT
    assert item.suggestion is not None and item.suggestion.incident_id == COMPTON
    assert [(r.user_id, r.note) for r in item.reports] == [("5", "n" * 300), ("6", None)]


async def test_a_report_of_unknown_text_has_no_suggestion(services: Services) -> None:
    intake = await services.review.report(reported("anyone up for pizza tonight?"), reporter_id=5)
    assert intake.item_id is not None
    item = await services.review.item(intake.item_id, guild_id=GUILD)
    assert item is not None
    assert item.suggestion is None
    assert item.candidates == ()


async def test_messages_without_text_are_never_merged(services: Services) -> None:
    first = await services.review.report(reported(""), reporter_id=5)
    second = await services.review.report(reported(""), reporter_id=5)
    assert first.item_id != second.item_id


async def test_the_excerpt_is_capped(services: Services) -> None:
    intake = await services.review.report(reported(f"{UNSURE} {LINK} " + "words " * 200), reporter_id=5)
    assert intake.item_id is not None
    item = await services.review.item(intake.item_id, guild_id=GUILD)
    assert item is not None and item.excerpt is not None
    assert len(item.excerpt) == 300
    assert item.excerpt.endswith("\u2026")


async def test_a_dispute_of_an_answer_becomes_an_item_counting_disputers(services: Services) -> None:
    decision = await services.alerts.on_message(event(CLAIM))
    assert decision.reservation is not None
    answer_message = next_id()
    await services.alerts.confirm_sent(decision.reservation, answer_message)
    await services.alerts.record_dispute(answer_message, user_id=30)
    await services.alerts.record_dispute(answer_message, user_id=30)
    await services.alerts.record_dispute(answer_message, user_id=31)
    page = await services.review.queue(GUILD)
    assert [item.kind for item in page.entries] == [ReviewKind.DISPUTE]
    item = await services.review.item(page.entries[0].id, guild_id=GUILD)
    assert item is not None
    assert item.reporters == 2
    assert item.suggestion is not None and item.suggestion.incident_id == COMPTON
    assert item.answer_id is not None
    assert item.excerpt is None  # filled in when posted: the bot never stored the text


async def test_a_dispute_names_the_answer_in_its_channel_when_replies_share_an_id(services: Services) -> None:
    """A Slack reply's ts is unique only within its channel: two answers may carry the same id."""
    reply_ts = "1712345679.000300"
    reservations = []
    for channel in (GENERAL, NEWS):
        decision = await services.alerts.on_message(event(CLAIM, channel=channel))
        assert decision.reservation is not None
        await services.alerts.confirm_sent(decision.reservation, reply_ts)
        reservations.append(decision.reservation)
    assert await services.alerts.record_dispute(reply_ts, "30", guild_id=GUILD, channel_id=NEWS) is DisputeResult.NEW
    page = await services.review.queue(GUILD)
    assert [entry.kind for entry in page.entries] == [ReviewKind.DISPUTE]
    item = await services.review.item(page.entries[0].id, guild_id=GUILD)
    assert item is not None and item.answer_id == reservations[1].answer_id != reservations[0].answer_id
    assert await services.alerts.record_dispute(reply_ts, "30", guild_id=GUILD, channel_id="29") is (
        DisputeResult.UNKNOWN_ANSWER
    )


async def test_a_dispute_of_an_unknown_answer_queues_nothing(services: Services) -> None:
    intake = await services.review.dispute_recorded(123456, user_id=30)
    assert intake.result is IntakeResult.NOTHING


async def test_listeners_hear_of_new_items_and_reporters_only(services: Services) -> None:
    heard: list[tuple[str, int]] = []
    services.events.subscribe(
        ReviewQueueChanged, lambda changed: heard.append((changed.workspace.workspace, changed.item_id))
    )
    item_id = await queued_match(services, reported(author=1))
    await queued_match(services, reported(author=2))
    await queued_match(services, reported(author=2))
    assert heard == [(GUILD, item_id), (GUILD, item_id)]
