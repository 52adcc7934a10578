"""Slack: a reviewer drafts a claim from a review card in a Block Kit modal (issue 14), through slack_bolt."""

from __future__ import annotations

from typing import Any

import pytest

from slackfront.blocks import DRAFT_ACTION
from tests.fakeslack import FakeSlack
from tests.slack.test_interactions import buttons, card_item, report, review_card, shown

pytestmark = pytest.mark.slack

RUMOUR = "the water tower in Millbrook was poisoned last night, don't drink the tap water"
AGAIN = "someone poisoned the millbrook water tower last night, do not drink"


def typed(**changes: Any) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {
        "claim": {"claim_text": "The water tower in Millbrook was poisoned last night"},
        "verdict": {
            "verdict_choice": {
                "type": "static_select",
                "selected_option": {"value": "false", "text": {"text": "False"}},
            }
        },
        "clarification": {"clarification_text": "The water department says the water is safe."},
        "statement": {"statement_text": "The water is safe to drink; nothing was added to the tower."},
        "speaker": {"speaker_text": "Millbrook Water Department"},
        "source": {"source_url": {"type": "url_text_input", "value": "https://water.example.org/notice"}},
        "answer": {"answer_now": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}},
    }
    values.update(changes)
    return values


async def opened_modal(fake: FakeSlack) -> Any:
    posted = await fake.post_message("bob", "general", RUMOUR)
    await report(fake, "alice", posted.ts, None)
    card = await review_card(fake)
    assert DRAFT_ACTION in buttons(card)
    views = len(fake.store.views)
    click = await fake.click("moderator", "mods", card.ts, DRAFT_ACTION, value=card_item(card))
    await click.ack()
    modal = (await fake.wait_for(lambda: list(fake.store.views.values())[views:], what="the draft modal"))[0]
    return posted, card, modal


async def test_a_reviewer_drafts_a_claim_and_answers_the_message(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted, card, modal = await opened_modal(fake_slack)
    claim_input = modal.view["blocks"][0]["element"]
    assert claim_input["initial_value"] == RUMOUR

    unsourced = await fake_slack.submit_view(modal.id, typed(source={"source_url": {"type": "url_text_input"}}))
    refused = await unsourced.ack()
    assert refused["response_action"] == "errors"
    assert "source link is missing" in refused["errors"]["source"]
    saved = await fake_slack.submit_view(modal.id, typed())
    assert await saved.ack() is None

    told = await fake_slack.wait_for_ephemeral("moderator")
    assert "Saved as this workspace's claim #" in told.text
    answer = await fake_slack.wait_for_reply("general", posted.ts)
    assert "Millbrook Water Department" in shown(answer) and "The water is safe to drink" in shown(answer)
    await fake_slack.wait_for(lambda: not buttons(fake_slack.message("mods", card.ts)), what="the card decided")
    again = await fake_slack.post_message("bob", "news", AGAIN)
    assert "Millbrook Water Department" in shown(await fake_slack.wait_for_reply("news", again.ts))


async def test_admins_list_and_remove_the_workspaces_claims(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted, _card, modal = await opened_modal(fake_slack)
    await (await fake_slack.submit_view(modal.id, typed(answer={"answer_now": None}))).ack()
    await fake_slack.wait_for_ephemeral("moderator")

    await (await fake_slack.slash_command("owner", "general", "/alerts", "claims")).ack()
    listed = await fake_slack.wait_for_ephemeral("owner")
    assert "This workspace's claims (1):" in listed.text and "The water tower in Millbrook" in listed.text
    assert fake_slack.replies("general", posted.ts) == []  # the box was not ticked: nothing answered
    number = listed.text.split("#", 1)[1].split(" ", 1)[0]
    await (await fake_slack.slash_command("owner", "general", "/alerts", f"claim-remove {number}")).ack()
    removed = await fake_slack.wait_for_ephemeral("owner", count=2)
    assert removed.text.startswith(f"Removed this workspace's claim #{number}")
    await (await fake_slack.slash_command("owner", "general", "/alerts", "claims")).ack()
    assert "no drafted claims" in (await fake_slack.wait_for_ephemeral("owner", count=3)).text
