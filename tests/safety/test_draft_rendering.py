"""Hostile text in moderators' drafted claims (issue 14): the private replies and ``/incident list`` stay clean."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given

from bot.db.repositories.drafted_claims import DraftRecord
from bot.services.drafts import Draft
from cogs.factcheck._embeds import incident_list_embed
from cogs.review._drafts import edited_text, refused_text, removed_text, saved_text
from knowledge.drafts import DraftForm, draft_incident
from knowledge.loader import load_knowledge
from tests.safety.rendering import problems
from tests.safety.test_rendering import SETTINGS, assert_clean_embed, hostile

NOW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
FORM = DraftForm("a claim", "false", "what the record says", "the words", "Someone https://x.example.org/s")


def draft(text: str) -> Draft:
    incident = draft_incident(FORM, "a-claim")
    claim = incident.claims[0].model_copy(update={"text": text})
    statement = incident.statements[0].model_copy(update={"speaker": text, "quote": text})
    incident = incident.model_copy(update={"title": text, "claims": (claim,), "statements": (statement,)})
    record = DraftRecord(
        3, "1", "discord", "a-claim", text, "false", text, text, text, "https://x.example.org/s", 9, "6", "6", NOW, NOW
    )
    return Draft(record, incident)


@SETTINGS
@given(text=hostile)
@example(text="@everyone [Official](https://phish.example/login)")
def test_the_replies_to_a_draft(text: str) -> None:
    for reply in (
        saved_text(draft(text), answer=True),
        edited_text(draft(text)),
        removed_text(draft(text)),
        refused_text((f"Verdict: {text!r} is not a verdict", text)),
    ):
        assert len(reply) <= 2000 and not problems(reply, markdown=True), reply
    assert_clean_embed(incident_list_embed(list(load_knowledge().knowledge), [draft(text)] * 30))
