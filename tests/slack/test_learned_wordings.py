"""Slack end to end: a wording a reviewer approves is answered at once the next time, through slack_bolt."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import CLAIM
from tests.slack.test_interactions import buttons, card_item, review_card, shown

pytestmark = pytest.mark.slack

WORDING = "westminster officer shot duran while she held her necklace"
"""Misinformation the matcher only sends to review (about 65, with or without the semantic layer)."""
PARAPHRASE = "the westminster officer shot duran while she held her necklace smh"


async def test_an_approved_wording_is_answered_at_once_next_time(fake_slack, start_slack_bot):
    await start_slack_bot()
    posted = await fake_slack.post_message("bob", "general", WORDING)
    card = await review_card(fake_slack)
    assert "necklace" in shown(card)

    approve = await fake_slack.click("moderator", "mods", card.ts, "review_approve", value=card_item(card))
    await approve.ack()
    await fake_slack.wait_for_reply("general", posted.ts)
    await fake_slack.wait_for(lambda: not buttons(fake_slack.message("mods", card.ts)), what="the card updated")

    later = await fake_slack.post_message("alice", "news", PARAPHRASE)
    answer = await fake_slack.wait_for_reply("news", later.ts)
    assert "moderators of this server approved" in shown(answer)
    assert WORDING not in shown(answer)
    sentinel = await fake_slack.post_message("alice", "news", CLAIM)
    await fake_slack.wait_for_reply("news", sentinel.ts)
    assert len([m for m in fake_slack.messages("mods") if "item #" in m.text]) == 1  # the paraphrase was answered
