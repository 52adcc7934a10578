"""Message shortcuts, buttons and modals: fact-check or report a message, dispute an answer, decide review items.

Every interaction is acknowledged first (Slack wants it within 3 s); a modal is opened right after, while its
``trigger_id`` is good. Review buttons carry the item id in ``value``, which says which item, never who may decide:
that is checked on every click (`slackfront.reviewers`). The first decision wins; later clicks are told privately.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.app.async_app import AsyncApp

from bot.services.alerts import DisputeResult
from bot.services.review_types import (
    Candidate,
    DecisionOutcome,
    IntakeResult,
    ReviewAction,
    ReviewItemView,
    claim_ref,
)
from slackfront.blocks import DISPUTE_ACTION, PICK_ACTION, REVIEW_ACTIONS, factcheck_message, plain
from slackfront.text import clip, plain_text
from slackfront.workflow import SlackMessage

if TYPE_CHECKING:
    from slackfront.app import SlackFront

log = logging.getLogger(__name__)

FACTCHECK_SHORTCUT = "factcheck_message"
REPORT_SHORTCUT = "report_misinformation"
REPORT_VIEW = "report_misinformation_note"
PICK_VIEW = "review_pick_incident"
NOTE_BLOCK, NOTE_ACTION = "note", "note_text"
PICK_BLOCK, PICK_SELECT = "pick", "pick_claim"
SEARCH_BLOCK, SEARCH_INPUT = "search", "search_text"
MAX_OPTIONS = 100
METADATA_TEXT = 2000
"""Characters of the reported message kept in the modal's private metadata (at most 3000 in all)."""

NOT_REVIEWER = "Only the workspace's reviewers (SLACK_REVIEWERS, the group set with /alerts) and admins can decide."
OWN_MESSAGE = "To say one of my answers is wrong, use its \u201cThis answer is wrong\u201d button."
REPORTED = {
    IntakeResult.CREATED: "Thanks \u2014 the reviewers will look at it.",
    IntakeResult.JOINED: "Thanks \u2014 others reported it too; the reviewers will look at it.",
    IntakeResult.ALREADY_REPORTED: "You already reported this; the reviewers have it.",
    IntakeResult.QUEUED: "Thanks \u2014 your report will reach the reviewers shortly.",
    IntakeResult.NOTHING: "Thanks \u2014 nothing more needs reviewing there.",
}
DISPUTED = {
    DisputeResult.NEW: "Thanks \u2014 the reviewers will look at this answer again.",
    DisputeResult.ALREADY_RECORDED: "You already said this answer is wrong; the reviewers have it.",
    DisputeResult.UNKNOWN_ANSWER: "I no longer know this answer.",
}
ACTIONS_BY_ID = {action_id: action for action, action_id in REVIEW_ACTIONS.items()}


def register(app: AsyncApp, front: SlackFront) -> None:
    """Add the shortcuts, the buttons and the modals' submissions."""

    @app.shortcut({"type": "message_action", "callback_id": FACTCHECK_SHORTCUT})
    async def factcheck(ack: Any, shortcut: dict[str, Any], respond: Any) -> None:
        await ack()
        text = plain_text(str((shortcut.get("message") or {}).get("text") or ""))
        result = await front.services.factcheck.check(text, guild_id=_team(shortcut))
        await respond(response_type="ephemeral", replace_original=False, **factcheck_message(result))

    @app.shortcut({"type": "message_action", "callback_id": REPORT_SHORTCUT})
    async def report(ack: Any, shortcut: dict[str, Any], client: Any, respond: Any) -> None:
        await ack()
        message = shortcut.get("message") or {}
        if message.get("bot_id") and message.get("user") == front.bot_user_id:
            await respond(text=OWN_MESSAGE, response_type="ephemeral", replace_original=False)
            return
        await client.views_open(trigger_id=shortcut["trigger_id"], view=_report_view(shortcut))

    @app.view(REPORT_VIEW)
    async def report_submitted(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        reported = json.loads(view.get("private_metadata") or "{}")
        note = ((view["state"]["values"].get(NOTE_BLOCK) or {}).get(NOTE_ACTION) or {}).get("value")
        reporter = str(body["user"]["id"])
        message = SlackMessage(_team(body), reported["c"], reported["ts"], reported.get("u") or reporter, reported["t"])
        intake = await front.services.review.report(message.reported(), reporter, note)
        await front.workflows.tell(reporter, reported["c"], REPORTED[intake.result])

    @app.action(DISPUTE_ACTION)
    async def dispute(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        user, channel = str(body["user"]["id"]), str(body["channel"]["id"])
        answer_ts = str(body["container"]["message_ts"])
        result = await front.services.alerts.record_dispute(answer_ts, user, guild_id=_team(body), channel_id=channel)
        await front.workflows.tell(user, channel, DISPUTED[result])

    for action_id, action in ACTIONS_BY_ID.items():
        app.action(action_id)(_decider(front, action))

    @app.action(PICK_ACTION)
    async def pick(ack: Any, body: dict[str, Any], client: Any) -> None:
        await ack()
        user, channel = str(body["user"]["id"]), str(body["channel"]["id"])
        if not await front.reviewers.may_decide(_team(body), user):
            await front.workflows.tell(user, channel, NOT_REVIEWER)
            return
        item = await front.services.review.item(int(body["actions"][0]["value"]), guild_id=_team(body))
        if item is None or not item.pending:
            await front.workflows.tell(user, channel, "This item was already decided.")
            return
        view = await _pick_view(front, item, channel)
        if view is None:
            await front.workflows.tell(user, channel, "I know no claim to choose from for this item.")
            return
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(PICK_VIEW)
    async def picked(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        metadata = json.loads(view["private_metadata"])
        item_id, channel = int(metadata["item"]), str(metadata["channel"])
        values = view["state"]["values"]
        chosen = ((values.get(PICK_BLOCK) or {}).get(PICK_SELECT) or {}).get("selected_option") or {}
        query = str(((values.get(SEARCH_BLOCK) or {}).get(SEARCH_INPUT) or {}).get("value") or "").strip()
        if not chosen:
            await _answer_search(ack, front, item_id, channel, query)
            return
        await ack()
        user = str(body["user"]["id"])
        candidate = await front.services.review.resolve_in(_team(body), str(chosen.get("value")))
        if candidate is None:
            await front.workflows.tell(user, channel, "That claim is no longer in the knowledge base.")
            return
        await _decide(
            front, body, user, channel, item_id, ReviewAction.APPROVE, candidate.incident_id, candidate.claim_id
        )


async def _answer_search(ack: Any, front: SlackFront, item_id: int, channel: str, query: str) -> None:
    """No claim chosen: show the search's results in the picker, or ask for a choice."""
    found = await front.services.review.search_in(front.team_id, query, limit=MAX_OPTIONS) if query else []
    item = await front.services.review.item(item_id, guild_id=front.team_id)
    if not found or item is None:
        problem = f"Nothing in the knowledge base matches \u201c{query}\u201d." if query else "Choose a claim."
        await ack(response_action="errors", errors={SEARCH_BLOCK if query else PICK_BLOCK: problem})
        return
    await ack(response_action="update", view=_picker(item, channel, found, searched=query))


def _decider(front: SlackFront, action: ReviewAction) -> Any:
    async def decide(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        user, channel = str(body["user"]["id"]), str(body["channel"]["id"])
        await _decide(front, body, user, channel, int(body["actions"][0]["value"]), action)

    decide.__name__ = f"decide_{action.value}"
    return decide


async def _decide(
    front: SlackFront,
    body: dict[str, Any],
    user: str,
    channel: str,
    item_id: int,
    action: ReviewAction,
    incident_id: str | None = None,
    claim_id: str | None = None,
) -> None:
    if not await front.reviewers.may_decide(_team(body), user):
        log.info("%s may not decide review item %s", user, item_id)
        await front.workflows.tell(user, channel, NOT_REVIEWER)
        return
    decision, note = await front.workflows.decide(item_id, user, action, incident_id=incident_id, claim_id=claim_id)
    if note is not None:
        await front.workflows.tell(user, channel, note)
    if decision.outcome is DecisionOutcome.ALREADY_DECIDED and decision.item is not None:
        await front.workflows.refresh(decision.item)


def _team(body: dict[str, Any]) -> str:
    team = body.get("team")
    return str(team.get("id") if isinstance(team, dict) else body.get("team_id") or team)


def _report_view(shortcut: dict[str, Any]) -> dict[str, Any]:
    message = shortcut.get("message") or {}
    metadata = {
        "c": shortcut["channel"]["id"],
        "ts": shortcut.get("message_ts") or message.get("ts"),
        "u": message.get("user"),
        "t": clip(plain_text(str(message.get("text") or "")), METADATA_TEXT),
    }
    return {
        "type": "modal",
        "callback_id": REPORT_VIEW,
        "title": plain("Report misinformation", 24),
        "submit": plain("Report", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps(metadata)[:3000],
        "blocks": [
            {
                "type": "input",
                "block_id": NOTE_BLOCK,
                "optional": True,
                "label": plain("Anything the reviewers should know? (optional)", 2000),
                "element": {"type": "plain_text_input", "action_id": NOTE_ACTION, "multiline": True, "max_length": 300},
            }
        ],
    }


async def _pick_view(front: SlackFront, item: ReviewItemView, channel: str) -> dict[str, Any] | None:
    """The picker: the item's candidates, what its text brings up, then every claim known (Slack shows 100)."""
    found = {(c.incident_id, c.claim_id): c for c in item.candidates}
    for candidate in await front.services.review.search_in(item.guild_id, item.excerpt or "", limit=25):
        found.setdefault((candidate.incident_id, candidate.claim_id), candidate)
    for incident in front.services.knowledge.knowledge:
        for claim in incident.claims:
            known = front.services.review.resolve(claim_ref(incident.id, claim.id))
            if known is not None and len(found) < MAX_OPTIONS:
                found.setdefault((incident.id, claim.id), known)
    return _picker(item, channel, list(found.values())) if found else None


def _picker(item: ReviewItemView, channel: str, candidates: list[Candidate], *, searched: str = "") -> dict[str, Any]:
    options = [
        {"text": plain(f"{c.incident_title} \u2014 {c.claim_text}", 75), "value": c.ref}
        for c in candidates[:MAX_OPTIONS]
    ]
    select: dict[str, Any] = {"type": "static_select", "action_id": PICK_SELECT, "options": options}
    select["placeholder"] = plain("Choose a claim", 150)
    search: dict[str, Any] = {"type": "plain_text_input", "action_id": SEARCH_INPUT, "max_length": 200}
    if searched:
        search["initial_value"] = searched
    return {
        "type": "modal",
        "callback_id": PICK_VIEW,
        "title": plain(f"Item #{item.id}", 24),
        "submit": plain("Approve", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"item": item.id, "channel": channel}),
        "blocks": [
            {
                "type": "input",
                "block_id": PICK_BLOCK,
                "optional": True,
                "label": plain("The claim it repeats", 2000),
                "element": select,
            },
            {
                "type": "input",
                "block_id": SEARCH_BLOCK,
                "optional": True,
                "label": plain("Not listed? Search the knowledge base, and submit to see the results", 2000),
                "element": search,
            },
        ],
    }
