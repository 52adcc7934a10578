"""A moderator drafts a claim from a review item, through the real discord.py against the stand-in (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest

from cogs.review._drafts import ANSWER_LABEL, DRAFT_LABEL, EDIT_TITLE, LABELS, NEW_TITLE, NOT_SAVED, RETRY_LABEL
from cogs.review._views import custom_id
from tests.e2e.helpers import RunningBot, eventually
from tests.e2e.test_review import buttons, embed_text, item_id_of, posted_item, start
from tests.e2e.test_review_scope import other_server
from tests.fakediscord import FakeDiscord, InteractionRecord, InteractionResponse

pytestmark = pytest.mark.e2e

RUMOUR = "the water tower in Millbrook was poisoned last night, don't drink the tap water"
AGAIN = "someone poisoned the millbrook water tower last night, do not drink"
DRAFT = {
    "claim": "The water tower in Millbrook was poisoned last night",
    "verdict": "False",
    "clarification": "The water department says the water is safe and nothing was added to the tower.",
    "statement": "The water is safe to drink; nothing was added to the tower.",
    "attribution": "Millbrook Water Department https://water.example.org/notice",
}
UNSOURCED = {**DRAFT, "attribution": "Millbrook Water Department"}


def text_inputs(modal: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The modal's text inputs by custom id (in action rows or labels), with their labels."""
    found = {}
    for component in modal["components"]:
        if component["type"] == 18:
            found[component["component"]["custom_id"]] = {**component["component"], "label": component["label"]}
        else:
            for inner in component["components"]:
                found[inner["custom_id"]] = inner
    return found


def button(message: dict[str, Any], label: str) -> str:
    return next(
        c["custom_id"] for row in message.get("components") or [] for c in row["components"] if c.get("label") == label
    )


async def respond(fake: FakeDiscord, record: InteractionRecord) -> InteractionResponse:
    return await fake.wait_for_interaction_response(record)


async def reported_item(running: RunningBot) -> tuple[dict[str, Any], dict[str, Any]]:
    """Alice's rumour, reported by Bob: an item the bot could not place, posted in #mods."""
    fake = running.fake
    posted = await running.post("alice", "general", RUMOUR)
    opener = await fake.message_command("bob", "Report misinformation", posted)
    await respond(fake, opener)
    await respond(fake, await fake.submit_modal("bob", opener, {"note": "going around in town"}))
    return posted, await posted_item(running)


async def open_draft(running: RunningBot, item: dict[str, Any]) -> InteractionRecord:
    opener = await running.fake.click_button("moderator", item, custom_id(item_id_of(item), "draft"))
    assert (await respond(running.fake, opener)).type == 9
    return opener


async def test_a_moderators_draft_answers_in_that_server_and_no_other(start_alert_bot, fake_discord):
    guild, mallory = other_server(fake_discord)
    running = await start(start_alert_bot, fake_discord)
    posted, item = await reported_item(running)
    assert [b.rsplit(":", 1)[1] for b in buttons(item)] == ["other", "draft", "dismiss"]
    assert DRAFT_LABEL in [c["label"] for row in item["components"] for c in row["components"]]

    opener = await open_draft(running, item)
    modal = opener.response.data
    inputs = text_inputs(modal)
    assert modal["title"] == NEW_TITLE
    assert [field["label"] for field in inputs.values()] == list(LABELS.values())
    assert inputs["claim"]["value"] == RUMOUR  # prefilled with the reported message
    submitted = await fake_discord.submit_modal("moderator", opener, DRAFT)
    saved = await respond(fake_discord, submitted)

    assert saved.ephemeral and saved.content.startswith("Saved as this server's claim #")
    assert "Millbrook Water Department" in saved.content
    reply = fake_discord.interaction_message(submitted)
    answer_now = await fake_discord.click_button("moderator", reply, button(saved.data, ANSWER_LABEL))
    assert (await fake_discord.wait_for_shown(answer_now))["id"] == reply["id"]  # the reply shows the decided item
    answer = await running.answer_to(posted)
    shown = embed_text(answer)
    assert "The water is safe to drink; nothing was added to the tower." in shown
    assert "Millbrook Water Department" in shown and "https://water.example.org/notice" in str(answer)
    decided = fake_discord.message(item["id"])
    assert decided["components"] == [] and f"False: {DRAFT['claim']}" in embed_text(decided)  # titled, not ids

    later = await running.post("bob", "news", AGAIN)
    assert "Millbrook Water Department" in embed_text(await running.answer_to(later))

    assessed = running.metric("matcher_latency_seconds_count")
    replies = running.metric("matches_total", action="reply")
    elsewhere = await fake_discord.post_message(mallory, guild.channel("lobby"), AGAIN)
    await eventually(
        lambda: running.metric("matcher_latency_seconds_count") == assessed + 1, what="the other server's message"
    )
    assert running.metric("matches_total", action="reply") == replies  # decided: nothing to answer there
    assert running.answers_to(elsewhere) == []


async def test_a_draft_without_a_source_link_is_refused_with_the_reason(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    _posted, item = await reported_item(running)
    opener = await open_draft(running, item)

    submitted = await fake_discord.submit_modal("moderator", opener, UNSOURCED)
    refused = await respond(fake_discord, submitted)

    assert refused.ephemeral and refused.content.startswith(NOT_SAVED)
    assert "the source link is missing" in refused.content
    guild_id = str(fake_discord.world.guild.id)
    assert (await running.services.drafts.of_guild(guild_id)).drafts == ()
    retry = await fake_discord.click_button(
        "moderator", fake_discord.interaction_message(submitted), button(refused.data, RETRY_LABEL)
    )
    reopened = await respond(fake_discord, retry)
    assert reopened.type == 9
    assert text_inputs(reopened.data)["statement"]["value"] == DRAFT["statement"]  # what was typed, kept
    fixed = await respond(
        fake_discord, await fake_discord.submit_modal("moderator", retry, {"attribution": DRAFT["attribution"]})
    )
    assert fixed.content.startswith("Saved as this server's claim #")


async def test_moderators_list_edit_and_remove_the_servers_claims(start_alert_bot, fake_discord):
    running = await start(start_alert_bot, fake_discord)
    _posted, item = await reported_item(running)
    opener = await open_draft(running, item)
    await respond(fake_discord, await fake_discord.submit_modal("moderator", opener, DRAFT))
    [draft] = (await running.services.drafts.of_guild(str(fake_discord.world.guild.id))).drafts

    listed = await respond(fake_discord, await fake_discord.slash_command("alice", "general", "incident list"))
    field = next(f for f in listed.embeds[0]["fields"] if f["name"] == "This server's claims (1)")
    assert f"#{draft.id} **{DRAFT['claim']}**" in field["value"]

    edit = await fake_discord.slash_command("moderator", "general", "review claim-edit", {"claim": draft.id})
    prefilled = await respond(fake_discord, edit)
    assert prefilled.data["title"] == EDIT_TITLE
    assert text_inputs(prefilled.data)["attribution"]["value"] == DRAFT["attribution"]
    edited = await respond(fake_discord, await fake_discord.submit_modal("moderator", edit, {"verdict": "misleading"}))
    assert edited.content.startswith("Saved: this server's claim") and "(Misleading)" in edited.content
    answered = await running.answer_to(await running.post("bob", "news", AGAIN))
    assert "Misleading" in embed_text(answered)

    refused = await respond(
        fake_discord, await fake_discord.slash_command("alice", "general", "review claim-remove", {"claim": draft.id})
    )
    assert refused.ephemeral and "Only moderators" in refused.content
    removed = await respond(
        fake_discord,
        await fake_discord.slash_command("moderator", "general", "review claim-remove", {"claim": draft.id}),
    )
    assert removed.content.startswith("Removed this server's claim")
    silent = await running.post("bob", "news", AGAIN)
    await running.assert_no_answer(silent)
