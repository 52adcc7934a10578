"""The moderators' review queue end to end: items posted in #mods, decided with buttons, learned from."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import update

from bot.db.models import ReviewItem
from bot.runner import Runtime
from bot.services.review_types import ReportedMessage, ReviewState
from cogs.alerts._views import DISPUTE_CUSTOM_ID
from cogs.review._decisions import NOT_REVIEWER
from cogs.review._embeds import STATE_LABELS
from cogs.review._views import REPORT_THANKS, custom_id
from tests.e2e.helpers import CLAIM, RunningBot, eventually
from tests.fakediscord import FakeDiscord, InteractionRecord, is_ephemeral

pytestmark = pytest.mark.e2e

UNSURE = "that CHP sergeant clip from the takeover is insane, shots everywhere https://clips.example.com/v/12345"
"""The real matcher gives it a middling score for the Compton incident (about 50): review tier within `BAND`."""
BAND = {"reply": 90.0, "review": 30.0}
"""The test server's thresholds: wide, so that matcher tuning does not move UNSURE out of the review tier."""
SAME_LINK = "did this really happen? https://clips.example.com/v/12345"
"""The same link with words the matcher does not recognise."""
COMPTON = "Compton"


async def start(
    start_alert_bot: Any, fake: FakeDiscord, *, mods: str | None = "mods", reviewer_role: int | None = None
) -> RunningBot:
    """The product bot with the `BAND` thresholds and a moderators' channel (#mods by default)."""
    guild = fake.world.guild

    async def setup(runtime: Runtime) -> None:
        settings = runtime.services.guild_settings
        await settings.set_thresholds(str(guild.id), **BAND)
        if mods is not None:
            await settings.set_moderators_channel(str(guild.id), str(guild.channel(mods).id))
        if reviewer_role is not None:
            await settings.set_reviewer_role(str(guild.id), str(reviewer_role))

    return await start_alert_bot(setup=setup, fake=fake)


async def posted_item(running: RunningBot, *, after: int | str = 0) -> dict[str, Any]:
    """The next review item the bot posts in #mods."""
    return await running.fake.wait_for_message(
        running.channel("mods"), predicate=lambda m: bool(m.get("embeds")), after=after
    )


def buttons(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components") or [] for c in row.get("components", [])]


def embed_text(message: dict[str, Any]) -> str:
    embed = message["embeds"][0]
    parts = [embed.get("title", ""), embed.get("description", "")]
    parts += [f"{field['name']}: {field['value']}" for field in embed.get("fields", [])]
    parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(parts)


def item_id_of(message: dict[str, Any]) -> int:
    return int(buttons(message)[0].split(":")[2])


async def clicked(running: RunningBot, who: str, message: dict[str, Any], action: str) -> InteractionRecord:
    return await running.fake.click_button(who, message, custom_id(item_id_of(message), action))


async def click(running: RunningBot, who: str, message: dict[str, Any], action: str) -> dict[str, Any]:
    """Click a review button and return what the member sees: the clicked message updated, or a private note."""
    return await running.fake.wait_for_shown(await clicked(running, who, message, action))


def select_menu(message: dict[str, Any]) -> dict[str, Any]:
    """The select of a message (or of a response's data)."""
    return next(c for row in message["components"] for c in row["components"] if c["type"] == 3)


async def wait_pending(running: RunningBot, count: int) -> None:
    """Until the server has ``count`` pending review items."""
    guild_id = str(running.fake.world.guild.id)
    async with asyncio.timeout(3):
        while (await running.services.review.queue(guild_id)).total != count:  # noqa: ASYNC110 - database state
            await asyncio.sleep(0.02)


async def test_a_review_tier_match_is_posted_once_with_its_context(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    posted = await running.post("alice", "general", f"{UNSURE} @everyone")

    item = await posted_item(running)

    text = embed_text(item)
    assert "Possible misinformation" in text
    assert "that CHP sergeant clip" in text
    assert "@\u200beveryone" in text  # mentions neutralised
    alice = fake_discord.world.guild.member("alice").user.id
    general = running.channel("general").id
    assert f"By <@{alice}> in <#{general}>" in text
    assert f"/channels/{fake_discord.world.guild.id}/{general}/{posted['id']}" in text
    assert COMPTON in text and "Score " in text
    assert "1 person in 1 channel" in text
    assert [b.rsplit(":", 1)[1] for b in buttons(item)] == ["approve", "other", "reject", "dismiss"]
    assert running.answers_to(posted) == []
    await running.post("bob", "news", UNSURE)
    await eventually(lambda: "2 people in 2 channels" in embed_text(fake_discord.message(item["id"])), what="count")
    assert len(running.fake.bot_messages(running.channel("mods"))) == 1
    await eventually(lambda: running.metric("review_items", state="pending") == 1, what="the gauge")


async def test_approving_answers_the_message_and_learns_the_link(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    posted = await running.post("alice", "general", UNSURE)
    item = await posted_item(running)

    shown = await click(running, "moderator", item, "approve")

    assert shown["id"] == item["id"] and not is_ephemeral(shown)  # the item's message is updated in place
    decided = fake_discord.message(item["id"])
    assert decided["components"] == []
    moderator = fake_discord.world.guild.member("moderator").user.id
    assert f"{STATE_LABELS[ReviewState.APPROVED]} by <@{moderator}>" in embed_text(decided)
    answer = await running.answer_to(posted)
    assert COMPTON in answer["embeds"][0]["footer"]["text"]
    assert DISPUTE_CUSTOM_ID in buttons(answer)  # exactly like an automatic answer
    later = await running.post("bob", "news", SAME_LINK)
    learned = await running.answer_to(later)
    assert "moderators of this server" in embed_text(learned)


async def test_a_decision_slower_than_discords_deadline_is_acknowledged_in_time(start_alert_bot, monkeypatch):
    """The click is acknowledged before the decision's database work (here slowed past a short deadline)."""
    async with FakeDiscord(interaction_deadline=2.0) as fake:  # shorter than Discord's 3 s, with headroom for load
        running = await start(start_alert_bot, fake)
        await running.post("alice", "general", UNSURE)
        item = await posted_item(running)
        decide = running.services.decisions.decide

        async def slow_decide(*args: Any, **kwargs: Any) -> Any:
            await asyncio.sleep(2.5)
            return await decide(*args, **kwargs)

        monkeypatch.setattr(running.services.decisions, "decide", slow_decide)
        record = await clicked(running, "moderator", item, "approve")
        shown = await fake.wait_for_shown(record)
        await running.stop()

    assert record.response is not None and record.response.seconds < 2.0
    assert shown["id"] == item["id"] and f"{STATE_LABELS[ReviewState.APPROVED]} by" in embed_text(shown)
    fake.assert_clean()


async def test_rejecting_means_never_suggested_again(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    await running.post("alice", "general", UNSURE)
    item = await posted_item(running)

    await click(running, "moderator", item, "reject")

    assert "Rejected as a false match" in embed_text(fake_discord.message(item["id"]))
    await running.post("bob", "news", UNSURE)
    sentinel = await running.post(
        "bob", "news", "that CHP sergeant clip from the takeover is insane, shots everywhere, see https://x.example/1"
    )
    await posted_item(running, after=item["id"])  # a different link: a new item, posted
    pending = await running.services.review.queue(str(fake_discord.world.guild.id))
    assert [entry.message_id for entry in pending.entries] == [sentinel["id"]]


async def test_dismissing_and_a_non_moderator_refused(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    await running.post("alice", "general", UNSURE)
    item = await posted_item(running)

    refused = await click(running, "alice", item, "dismiss")
    assert (refused["content"], is_ephemeral(refused)) == (NOT_REVIEWER, True)
    assert buttons(fake_discord.message(item["id"]))  # still pending
    await click(running, "owner", item, "dismiss")

    assert "Dismissed: not misinformation" in embed_text(fake_discord.message(item["id"]))


async def test_two_moderators_clicking_at_once_make_one_decision(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    await running.post("alice", "general", UNSURE)
    item = await posted_item(running)
    item_id = item_id_of(item)

    records = await asyncio.gather(
        fake_discord.click_button("moderator", item, custom_id(item_id, "approve")),
        fake_discord.click_button("owner", item, custom_id(item_id, "dismiss")),
    )
    shown = [await fake_discord.wait_for_shown(record) for record in records]

    [decided] = [message for message in shown if message["id"] == item["id"]]  # updated in place
    [late] = [message for message in shown if message is not decided]
    assert not is_ephemeral(decided)
    assert is_ephemeral(late) and late["content"].startswith("Already decided")
    log = await running.services.review.log(str(fake_discord.world.guild.id))
    assert log.total == 1


async def test_buttons_work_after_a_restart(start_alert_bot, fake_discord):
    first = await start(start_alert_bot, fake_discord)
    posted = await first.post("alice", "general", UNSURE)
    item = await posted_item(first)
    await first.stop()

    second = await start_alert_bot(database_url=first.settings.database_url)
    await click(second, "moderator", item, "approve")

    assert fake_discord.message(item["id"])["components"] == []
    await second.answer_to(posted)
    assert len(fake_discord.bot_messages(second.channel("mods"))) == 1  # not posted again


async def test_choosing_another_incident_from_the_candidates(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    posted = await running.post("alice", "general", UNSURE)
    item = await posted_item(running)

    other = await clicked(running, "moderator", item, "other")
    picker = await fake_discord.wait_for_interaction_response(other)
    assert picker.ephemeral
    assert "Compton" in select_menu(picker.data)["options"][0]["description"]
    search = await clicked(running, "moderator", fake_discord.interaction_message(other), "search")
    assert (await fake_discord.wait_for_interaction_response(search)).type == 9
    found = await fake_discord.submit_modal("moderator", search, {"query": "Flint parade"})
    results = await fake_discord.wait_for_shown(found)  # a new private picker
    assert is_ephemeral(results)
    menu = select_menu(results)
    flint = next(option["value"] for option in menu["options"] if "innocent" in option["label"])
    chosen = await fake_discord.choose("moderator", results, menu["custom_id"], [flint])

    assert (await running.fake.wait_for_shown(chosen))["id"] == results["id"]  # the picker shows the decided item
    answer = await running.answer_to(posted)
    assert "Flint" in embed_text(answer)
    assert fake_discord.message(item["id"])["components"] == []


async def test_a_report_through_the_context_menu_and_its_modal(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    posted = await running.post("alice", "general", "the parade shooting was staged, share before they delete it")

    opener = await fake_discord.message_command("bob", "Report misinformation", posted)
    assert (await fake_discord.wait_for_interaction_response(opener)).type == 9
    submitted = await fake_discord.submit_modal("bob", opener, {"note": "this is going around @everyone"})
    thanks = await fake_discord.wait_for_interaction_response(submitted)

    assert (thanks.content, thanks.ephemeral) == (REPORT_THANKS, True)
    item = await posted_item(running)
    text = embed_text(item)
    assert "Reported as misinformation" in text
    assert "the parade shooting was staged" in text
    assert "this is going around @\u200beveryone" in text
    bob = fake_discord.world.guild.member("bob").user.id
    assert f"<@{bob}>" in text


async def test_a_dispute_is_posted_and_retracting_deletes_the_answer_with_corrections_off(
    start_alert_bot, fake_discord
):
    """With corrections on (the default) the answer is edited to say so instead: see test_corrections.py."""
    running = await start(start_alert_bot, fake_discord)
    await running.services.guild_settings.set_corrections(str(fake_discord.world.guild.id), False)
    posted = await running.post("alice", "general", CLAIM)
    answer = await running.answer_to(posted)
    await eventually(lambda: running.metric("answers_sent_total") == 1, what="the answer recorded")

    dispute = await fake_discord.click_button("bob", answer, DISPUTE_CUSTOM_ID)
    await fake_discord.wait_for_shown(dispute)
    item = await posted_item(running)
    assert "Answer disputed" in embed_text(item)
    assert CLAIM in embed_text(item)  # the disputed message's text, read when posting
    assert [b.rsplit(":", 1)[1] for b in buttons(item)] == ["uphold", "retract"]

    await click(running, "moderator", item, "retract")

    await eventually(lambda: fake_discord.message(answer["id"]) is None, what="the answer deleted")
    assert "Retracted" in embed_text(fake_discord.message(item["id"]))


async def test_an_upheld_dispute_keeps_the_answer(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    answer = await running.answer_to(await running.post("alice", "general", CLAIM))
    await eventually(lambda: running.metric("answers_sent_total") == 1, what="the answer recorded")
    await fake_discord.wait_for_shown(await fake_discord.click_button("bob", answer, DISPUTE_CUSTOM_ID))
    item = await posted_item(running)

    await click(running, "moderator", item, "uphold")

    assert "Upheld" in embed_text(fake_discord.message(item["id"]))
    assert fake_discord.message(answer["id"]) is not None


async def test_without_a_moderators_channel_items_wait_in_the_queue(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord, mods=None)
    posted = await running.post("alice", "general", UNSURE)
    await wait_pending(running, 1)

    command = await fake_discord.slash_command("moderator", "mods", "review queue")
    listing = await fake_discord.wait_for_interaction_response(command)
    assert listing.ephemeral
    assert "1 open item" in listing.embeds[0]["title"]
    assert "not posted" in listing.embeds[0]["fields"][0]["value"]
    menu = select_menu(listing.data)
    first = menu["options"][0]["value"]
    opened = await fake_discord.choose(
        "moderator", fake_discord.interaction_message(command), menu["custom_id"], [first]
    )
    card_message = await fake_discord.wait_for_shown(opened)  # a new private message
    assert is_ephemeral(card_message)
    assert buttons(card_message)[0].endswith(":approve")

    await click(running, "moderator", card_message, "approve")
    await running.answer_to(posted)
    refused = await fake_discord.slash_command("alice", "general", "review queue")
    assert (await fake_discord.wait_for_interaction_response(refused)).content == NOT_REVIEWER
    assert fake_discord.bot_messages(running.channel("mods")) == []


async def test_the_queue_turns_its_pages_in_place(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord, mods=None)
    guild, general = fake_discord.world.guild, running.channel("general")
    alice, bob = guild.member("alice").user.id, guild.member("bob").user.id
    for number in range(1, 7):  # a page holds five
        text = f"rumour number {number}: the water tower was poisoned"
        reported = ReportedMessage(str(guild.id), str(general.id), str(1000 + number), str(alice), text)
        await running.services.review.report(reported, str(bob), None)
    await wait_pending(running, 6)
    command = await fake_discord.slash_command("moderator", "mods", "review queue")
    await fake_discord.wait_for_interaction_response(command)
    listing = fake_discord.interaction_message(command)
    assert listing["embeds"][0]["footer"]["text"] == "Page 1 of 2"
    following = next(c for row in listing["components"] for c in row["components"] if c.get("label") == "Next")

    turned = await fake_discord.click_button("moderator", listing, following["custom_id"])

    shown = await fake_discord.wait_for_shown(turned)
    assert shown["id"] == listing["id"] and is_ephemeral(shown)  # the same private message, on its next page
    assert shown["embeds"][0]["footer"]["text"] == "Page 2 of 2"
    assert len(shown["embeds"][0]["fields"]) == 1


async def test_review_commands_are_for_moderators_and_the_menu_for_everyone(start_alert_bot):
    running = await start_alert_bot()

    [synced] = running.fake.requests_matching("PUT", "/applications/{id}/commands")

    review = next(command for command in synced.json if command["name"] == "review")
    assert int(review["default_member_permissions"]) == 1 << 13  # Manage Messages
    assert {option["name"] for option in review["options"]} == {"queue", "log", "stats", "claim-edit", "claim-remove"}
    menu = next(command for command in synced.json if command["name"] == "Report misinformation")
    assert menu["type"] == 3
    assert menu.get("default_member_permissions") is None


async def test_the_log_and_stats_show_decisions(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    await running.post("alice", "general", UNSURE)
    await click(running, "moderator", await posted_item(running), "reject")

    log = await fake_discord.wait_for_interaction_response(
        await fake_discord.slash_command("moderator", "mods", "review log")
    )
    asked = await fake_discord.slash_command("moderator", "mods", "review stats")
    deferred = await fake_discord.wait_for_interaction_response(asked)
    [stats] = await fake_discord.wait_for_followups(asked, timeout=15)

    moderator = fake_discord.world.guild.member("moderator").user.id
    assert log.ephemeral and deferred.ephemeral and int(stats["flags"]) & 1 << 6
    assert f"rejected by <@{moderator}>" in log.embeds[0]["description"]
    stats_text = "\n".join(f"{f['name']}: {f['value']}" for f in stats["embeds"][0]["fields"])
    assert "Open items: 0" in stats_text
    assert "rejected 1" in stats_text
    assert "https:\u200b//clips.example.com/v/12345 \u2014 1" in stats_text  # shown, not linked


async def test_expiring_shows_on_the_posted_item(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    await running.post("alice", "general", UNSURE)
    item = await posted_item(running)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    async with running.runtime.engine.begin() as connection:
        await connection.execute(update(ReviewItem).values(last_seen_at=long_ago))

    await running.bot.get_cog("ReviewCog").publisher.expire()  # the 10-minute expiry task, now

    await eventually(lambda: fake_discord.message(item["id"])["components"] == [], what="the buttons removed")
    assert "Expired without a decision" in embed_text(fake_discord.message(item["id"]))


async def test_the_servers_reviewer_role_may_decide_without_manage_messages(start_alert_bot, fake_discord):
    guild = fake_discord.world.guild
    reviewers = guild.add_role("Reviewers")
    guild.member("bob").role_ids.append(reviewers.id)

    running = await start(start_alert_bot, fake_discord, mods="general", reviewer_role=reviewers.id)
    await running.post("alice", "news", UNSURE)
    item = await running.fake.wait_for_message(guild.channel("general"), predicate=lambda m: bool(m.get("embeds")))

    refused = await click(running, "alice", item, "dismiss")
    await click(running, "bob", item, "dismiss")

    assert refused["content"] == NOT_REVIEWER
    bob = guild.member("bob").user.id
    assert f"by <@{bob}>" in embed_text(fake_discord.message(item["id"]))


async def test_alerts_reviewerrole_lets_that_role_decide(start_alert_bot, fake_discord):
    guild = fake_discord.world.guild
    reviewers = guild.add_role("Fact reviewers")
    guild.member("bob").role_ids.append(reviewers.id)
    running = await start(start_alert_bot, fake_discord, mods="general")

    command = await running.fake.slash_command("owner", "mods", "alerts reviewerrole", {"role": reviewers})
    response = await running.fake.wait_for_interaction_response(command)
    assert response.ephemeral
    assert f"<@&{reviewers.id}>" in response.content

    await running.post("alice", "news", UNSURE)
    item = await running.fake.wait_for_message(guild.channel("general"), predicate=lambda m: bool(m.get("embeds")))
    await click(running, "bob", item, "dismiss")
    bob = guild.member("bob").user.id
    assert f"by <@{bob}>" in embed_text(fake_discord.message(item["id"]))
