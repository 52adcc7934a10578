"""Drafting a claim on Slack: the review card's "Draft a claim…" button, its Block Kit modal and its submission.

Slack modals hold more than five inputs, so each part of the draft has its own: the verdict is a select of the
schema's verdicts, who said the statement and its source link (a URL input) are apart, and a checkbox answers the
reported message with the new claim at once. A draft that does not validate keeps the modal open with each
problem under its input (``response_action: errors``); nothing is saved.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.app.async_app import AsyncApp

from bot.services.review_types import ReviewAction, ReviewItemView
from knowledge.drafts import FIELD_LABELS, DraftForm
from knowledge.schema import Verdict
from slackfront.blocks import DRAFT_ACTION, plain
from slackfront.text import escape

if TYPE_CHECKING:
    from slackfront.app import SlackFront

log = logging.getLogger(__name__)

DRAFT_VIEW = "review_draft_claim"
ANSWER_NOW = "yes"
BLOCKS = {
    "claim": ("claim", "claim_text"),
    "verdict": ("verdict", "verdict_choice"),
    "clarification": ("clarification", "clarification_text"),
    "statement": ("statement", "statement_text"),
    "speaker": ("speaker", "speaker_text"),
    "source": ("source", "source_url"),
    "answer": ("answer", "answer_now"),
}
ERROR_CHARS = 150
NOT_REVIEWER = "Only the workspace's reviewers (SLACK_REVIEWERS, the group set with /alerts) and admins can decide."


def register(app: AsyncApp, front: SlackFront) -> None:
    """Add the button's handler and the modal's submission."""

    @app.action(DRAFT_ACTION)
    async def draft(ack: Any, body: dict[str, Any], client: Any) -> None:
        await ack()
        user, channel, team = str(body["user"]["id"]), str(body["channel"]["id"]), _team(body)
        if front.services.drafts is None or not await front.reviewers.may_decide(team, user):
            await front.workflows.tell(user, channel, NOT_REVIEWER)
            return
        item = await front.services.review.item(int(body["actions"][0]["value"]), guild_id=team)
        if item is None or not item.pending:
            await front.workflows.tell(user, channel, "This item was already decided.")
            return
        await client.views_open(trigger_id=body["trigger_id"], view=draft_view(item, channel))

    @app.view(DRAFT_VIEW)
    async def drafted(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        metadata = json.loads(view.get("private_metadata") or "{}")
        item_id, channel = int(metadata["item"]), str(metadata["channel"])
        user, team, drafts = str(body["user"]["id"]), _team(body), front.services.drafts
        if drafts is None or not await front.reviewers.may_decide(team, user):
            await ack(response_action="errors", errors={"claim": NOT_REVIEWER[:ERROR_CHARS]})
            return
        form, answer = submitted_form(view)
        outcome = await drafts.create(team, form, moderator_id=user, platform="slack", review_item_id=item_id)
        if outcome.draft is None:
            await ack(response_action="errors", errors=block_errors(outcome.problems))
            return
        await ack()
        claim = outcome.draft.incident.claims[0]
        note = f"Saved as this workspace's claim #{outcome.draft.id} \u201c{claim.text}\u201d ({claim.verdict.label})."
        await front.workflows.tell(user, channel, note + " I answer posts of it in this workspace from now on.")
        if answer:
            _decision, told = await front.workflows.decide(
                item_id, user, ReviewAction.APPROVE, incident_id=outcome.draft.incident.id, claim_id=claim.id
            )
            if told is not None:
                await front.workflows.tell(user, channel, told)


def draft_view(item: ReviewItemView, channel: str) -> dict[str, Any]:
    """The modal: the claim (prefilled with the message), verdict, clarification, statement, who, link, answer."""
    verdicts = [{"text": plain(verdict.label, 75), "value": verdict.value} for verdict in Verdict]
    answer_option = {"text": plain("Answer the reported message with it now", 75), "value": ANSWER_NOW}
    claim = _text_input("claim", multiline=True, max_length=300, initial=item.excerpt)
    return {
        "type": "modal",
        "callback_id": DRAFT_VIEW,
        "title": plain("Draft a claim", 24),
        "submit": plain("Save the claim", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"item": item.id, "channel": channel}),
        "blocks": [
            _input("claim", "The claim, as it circulates", claim),
            _input(
                "verdict",
                "Verdict",
                {"type": "static_select", "action_id": BLOCKS["verdict"][1], "options": verdicts},
            ),
            _input("clarification", "What the record says instead (one line)", _text_input("clarification", 200)),
            _input(
                "statement",
                "The statement that answers it (exact words)",
                _text_input("statement", multiline=True, max_length=1000),
            ),
            _input("speaker", "Who said it (a person, office or agency)", _text_input("speaker", 200)),
            _input(
                "source", "Where they said it (the source link)", {"type": "url_text_input", "action_id": "source_url"}
            ),
            {
                **_input(
                    "answer", "Answer", {"type": "checkboxes", "action_id": "answer_now", "options": [answer_option]}
                ),
                "optional": True,
            },
        ],
    }


def submitted_form(view: dict[str, Any]) -> tuple[DraftForm, bool]:
    """The draft typed in the modal, and whether to answer the message with it now."""
    values = view["state"]["values"]

    def state(name: str) -> dict[str, Any]:
        block, action = BLOCKS[name]
        return (values.get(block) or {}).get(action) or {}

    def text(name: str) -> str:
        return str(state(name).get("value") or "")

    verdict = str((state("verdict").get("selected_option") or {}).get("value") or "")
    attribution = f"{text('speaker')} {text('source')}".strip()
    form = DraftForm(text("claim"), verdict, text("clarification"), text("statement"), attribution)
    answer = any(option.get("value") == ANSWER_NOW for option in state("answer").get("selected_options") or [])
    return form, answer


def block_errors(problems: tuple[str, ...]) -> dict[str, str]:
    """Each problem under the input it is about (the first problem of each)."""
    errors: dict[str, str] = {}
    for problem in problems:
        label, _, message = problem.partition(": ")
        block = _block_of(label, message)
        errors.setdefault(block, (message or problem)[:ERROR_CHARS])
    return errors


def _block_of(label: str, message: str) -> str:
    fields = {text: name for name, text in FIELD_LABELS.items()}
    field = fields.get(label, "claim")
    if field == "attribution":
        return "speaker" if message.startswith("say who said it") else "source"
    return field


def _input(name: str, label: str, element: dict[str, Any]) -> dict[str, Any]:
    return {"type": "input", "block_id": BLOCKS[name][0], "label": plain(label, 2000), "element": element}


def _text_input(name: str, max_length: int, *, multiline: bool = False, initial: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": BLOCKS[name][1], "max_length": max_length}
    if multiline:
        element["multiline"] = True
    if initial:
        element["initial_value"] = initial[:max_length]
    return element


def _team(body: dict[str, Any]) -> str:
    team = body.get("team")
    return str(team.get("id") if isinstance(team, dict) else body.get("team_id") or team)


async def alerts_claims(front: SlackFront, team: str, user: str, verb: str, rest: str) -> str:
    """``/alerts claims`` lists the workspace's drafted claims; ``/alerts claim-remove N`` removes one."""
    drafts = front.services.drafts
    if drafts is None:
        return "Drafting claims is not available on this bot."
    if verb == "claim-remove":
        number = rest.strip().lstrip("#")
        removed = await drafts.remove(team, int(number), moderator_id=user) if number.isdigit() else None
        if removed is None:
            return "This workspace has no drafted claim with that number: `/alerts claims` lists them."
        claim = removed.incident.claims[0]
        return f"Removed this workspace's claim #{removed.id} \u201c{escape(claim.text)}\u201d: I no longer answer it."
    own = (await drafts.of_guild(team)).drafts
    if not own:
        return "This workspace has no drafted claims: reviewers draft them from review items (Draft a claim\u2026)."
    lines = [f"This workspace's claims ({len(own)}):"]
    for draft in own:
        claim = draft.incident.claims[0]
        lines.append(f"#{draft.id} \u201c{escape(claim.text)}\u201d ({claim.verdict.label}), `{draft.incident.id}`")
    lines.append("`/alerts claim-remove N` removes one.")
    return "\n".join(lines)
