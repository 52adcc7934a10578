"""Block Kit for every message the bot posts on Slack: answer cards, fact-check results and review items.

Every piece of text from members or the knowledge base goes through `bot_text` (escaped, ``verbatim`` mrkdwn) or
plain_text, so nothing can ping or link people; every block stays within Slack's limits (a post over a limit is
refused whole with ``invalid_blocks``). A fallback ``text`` always goes with the blocks (notifications, screen
readers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.services.cards import AnswerCard, PublishedRating, QuotedStatement, SourceLink
from bot.services.factcheck import FactCheckResult
from bot.services.review_types import Candidate, ReviewAction, ReviewItemView, ReviewKind, ReviewState
from knowledge.matching.types import Action
from slackfront.text import clip, escape, link

Block = dict[str, Any]
SECTION_CHARS = 3000
HEADER_CHARS = 150
CONTEXT_ELEMENTS = 10
MESSAGE_BLOCKS = 50
FALLBACK_CHARS = 3000

DISPUTE_ACTION = "dispute_answer"
REVIEW_ACTIONS = {
    ReviewAction.APPROVE: "review_approve",
    ReviewAction.REJECT: "review_reject",
    ReviewAction.DISMISS: "review_dismiss",
    ReviewAction.UPHOLD: "review_uphold",
    ReviewAction.RETRACT: "review_retract",
}
PICK_ACTION = "review_pick"
DRAFT_ACTION = "review_draft"
"""Opens the modal drafting a claim of the workspace's own (`slackfront.drafts`)."""
DRAFT_LABEL = "Draft a claim\u2026"
BUTTON_LABELS = {
    ReviewAction.APPROVE: "Approve and answer",
    ReviewAction.REJECT: "Reject: false match",
    ReviewAction.DISMISS: "Dismiss: not misinformation",
    ReviewAction.UPHOLD: "Uphold the answer",
    ReviewAction.RETRACT: "Retract the answer",
}
KIND_TITLES = {
    ReviewKind.MATCH: "Possible misinformation",
    ReviewKind.REPORT: "Reported as misinformation",
    ReviewKind.DISPUTE: "An answer is disputed",
}


def bot_text(text: str, limit: int = SECTION_CHARS) -> Block:
    """A mrkdwn text object whose text was escaped (and clipped) and that Slack shows verbatim."""
    return {"type": "mrkdwn", "text": clip(text, limit), "verbatim": True}


def plain(text: str, limit: int) -> Block:
    """A plain_text object (shown as typed, never parsed)."""
    return {"type": "plain_text", "text": clip(text, limit) or "\u2014", "emoji": False}


def section(text: str) -> Block:
    """A section of already escaped mrkdwn."""
    return {"type": "section", "text": bot_text(text)}


def context(*texts: str) -> Block:
    """A context block of already escaped mrkdwn pieces (at most 10)."""
    return {"type": "context", "elements": [bot_text(text) for text in texts[:CONTEXT_ELEMENTS] if text]}


# Answers --------------------------------------------------------------------------------------------------------


def answer_message(card: AnswerCard, *, update_note: str | None = None, dispute: bool = True) -> dict[str, Any]:
    """``text`` and ``blocks`` of an answer: verdict, clarification, statements quoted and attributed, sources, why."""
    blocks = card_blocks(card)[: MESSAGE_BLOCKS - 2]  # room for the note and the button
    if update_note:
        blocks.append(context(escape(update_note)))
    if dispute:
        button = {
            "type": "button",
            "action_id": DISPUTE_ACTION,
            "text": plain("This answer is wrong", 75),
            "value": "dispute",
        }
        blocks.append({"type": "actions", "block_id": "answer_actions", "elements": [button]})
    return {"text": fallback(card), "blocks": blocks[:MESSAGE_BLOCKS]}


def fallback(card: AnswerCard) -> str:
    """The notification text of an answer."""
    return clip(escape(f"{card.verdict_label}: {card.claim_text}"), FALLBACK_CHARS)


def card_blocks(card: AnswerCard, *, heading: str | None = None) -> list[Block]:
    """The card's blocks (a ``heading`` such as "Possibly about: …" goes above them)."""
    blocks: list[Block] = [{"type": "header", "text": plain(card.verdict_label, HEADER_CHARS)}]
    if heading:
        blocks.insert(0, section(f"*{escape(heading)}*"))
    blocks.append(section(f"*{escape(card.claim_text)}*\n{escape(card.clarification)}"))
    blocks.extend(section(_statement_text(statement)) for statement in card.statements)
    if card.rating is not None:
        blocks.append(section(_rating_text(card.rating)))
    sources = [_source_text(source) for source in card.sources]
    if sources:
        blocks.append(context("*Sources:*", *sources[: CONTEXT_ELEMENTS - 1]))
    reasons = "; ".join(card.reasons) or "the message matches this claim"
    why = escape(f"Why this answer: {reasons}") if card.current else ""
    blocks.append(context(escape(f"About: {card.incident_title}"), why))
    return blocks


def _statement_text(statement: QuotedStatement) -> str:
    quoted = "\n".join(f"> {line}" for line in escape(statement.shown).splitlines())
    lines = [quoted, f"> \u2014 {escape(statement.attribution)}"]
    if statement.context:
        lines.append(f"_{escape(statement.context)}_")
    return "\n".join(lines)


def _rating_text(rating: PublishedRating) -> str:
    """A fact-checker's rating as theirs, with its link; never quoted as anyone's words."""
    by = escape(rating.by)
    return f"*Fact-checker's rating:* {escape(rating.rating)}, by {by} ({link(rating.source.url, 'the review')})"


def _source_text(source: SourceLink) -> str:
    label = ", ".join(part for part in (source.title, source.publisher) if part) or source.url
    if source.date:
        label = f"{label}, {source.date.isoformat()}"
    return link(source.url, clip(label, 200))


# Fact-checks ----------------------------------------------------------------------------------------------------

NOTHING_KNOWN = "Nothing in the knowledge base matches this. That does not mean it is true or false."


def factcheck_message(result: FactCheckResult) -> dict[str, Any]:
    """A ``/factcheck`` (or shortcut) answer: each match's card, or that nothing known matches."""
    if not result.found:
        blocks = [section(escape(NOTHING_KNOWN))]
        text = NOTHING_KNOWN
    else:
        blocks = []
        for index, card in enumerate(result.cards):
            word = "Matches" if card.action is Action.REPLY else "Possibly about"
            if index:
                blocks.append({"type": "divider"})
            blocks.extend(card_blocks(card, heading=f"{word}: {card.incident_title}"))
        text = fallback(result.cards[0])
    if result.unknown_links:
        blocks.append(context(escape("Links not in the knowledge base: " + ", ".join(result.unknown_links))))
    return {"text": escape(text), "blocks": blocks[:MESSAGE_BLOCKS]}


# Review items ---------------------------------------------------------------------------------------------------


def review_message(item: ReviewItemView, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A review item for the review channel: what, where, the suggestion, who reported it, and its buttons.

    People are shown by ``names`` (user id -> display name), else by id: never as mentions, which would notify them.
    """
    who = _namer(names or {})
    title = f"{KIND_TITLES[item.kind]} \u2014 item #{item.id}"
    blocks: list[Block] = [{"type": "header", "text": plain(title, HEADER_CHARS)}]
    if item.excerpt:
        blocks.append(section("\n".join(f"> {line}" for line in escape(item.excerpt).splitlines() or [""])))
    blocks.append(context(_where(item, who)))
    if item.suggestion is not None:
        blocks.append(section(_candidate_text("Suggested", item.suggestion)))
    others = [c for c in item.candidates if c != item.suggestion][:3]
    if others:
        blocks.append(context(*(escape(f"Also possible: {c.incident_title} \u2014 {c.claim_text}") for c in others)))
    blocks.append(context(*_reporters(item, who)))
    if item.pending:
        blocks.append({"type": "actions", "block_id": f"review_{item.id}", "elements": _buttons(item)})
    else:
        blocks.append(section(escape(outcome_text(item, who))))
    return {"text": escape(title), "blocks": blocks[:MESSAGE_BLOCKS]}


def _namer(names: Mapping[str, str]) -> Callable[[str], str]:
    def who(user: str) -> str:
        return f"{names[user]} ({user})" if names.get(user) else user

    return who


def review_user_ids(item: ReviewItemView) -> set[str]:
    """The people a review item shows (to look their names up)."""
    numbers = {item.author_id, item.decided_by, *(report.user_id for report in item.reports)}
    return {number for number in numbers if number}


def outcome_text(item: ReviewItemView, who: Callable[[str], str] = str) -> str:
    """``Decision: approved by U… on 2026-12-05`` (or that it expired)."""
    if item.state is ReviewState.EXPIRED or item.decided_by is None:
        return f"Decision: {item.state.value} (nobody decided in time)"
    when = f" on {item.decided_at:%Y-%m-%d %H:%M} UTC" if item.decided_at else ""
    return f"Decision: {item.state.value} by {who(item.decided_by)}{when}"


def _where(item: ReviewItemView, who: Callable[[str], str]) -> str:
    channel = item.channel_id
    author = f"by {escape(who(item.author_id))} " if item.author_id else ""
    permalink = f"https://slack.com/archives/{channel}/p{item.message_id.replace('.', '')}"
    return f"{author}in <#{channel}> \u00b7 {link(permalink, 'open the message')}"


def _candidate_text(word: str, candidate: Candidate) -> str:
    score = f" \u00b7 score {candidate.score:.0f}/100" if candidate.score is not None else ""
    reasons = f"\n{escape('; '.join(candidate.reasons))}" if candidate.reasons else ""
    verdict = f" ({escape(candidate.verdict_label)})" if candidate.verdict_label else ""
    return f"*{word}:* {escape(candidate.incident_title)}{score}\n{escape(candidate.claim_text)}{verdict}{reasons}"


def _reporters(item: ReviewItemView, who: Callable[[str], str]) -> list[str]:
    people = "person" if item.reporters == 1 else "people"
    places = "channel" if item.channels == 1 else "channels"
    texts = [escape(f"{item.reporters} {people} in {item.channels} {places}")]
    for report in item.reports:
        if report.note:
            texts.append(escape(f"{who(report.user_id)}: {clip(report.note, 300)}"))
    return texts


def _buttons(item: ReviewItemView) -> list[Block]:
    buttons = []
    for action in item.actions:
        button: Block = {
            "type": "button",
            "action_id": REVIEW_ACTIONS[action],
            "text": plain(BUTTON_LABELS[action], 75),
            "value": str(item.id),
        }
        if action in (ReviewAction.APPROVE, ReviewAction.UPHOLD):
            button["style"] = "primary"
        if action in (ReviewAction.REJECT, ReviewAction.RETRACT):
            button["style"] = "danger"
            button["confirm"] = {
                "title": plain("Are you sure?", 100),
                "text": bot_text(escape(f"{BUTTON_LABELS[action]} for item #{item.id}."), 300),
                "confirm": plain("Yes", 30),
                "deny": plain("Cancel", 30),
            }
        buttons.append(button)
        if action is ReviewAction.APPROVE:
            buttons.append(
                {
                    "type": "button",
                    "action_id": PICK_ACTION,
                    "text": plain("Another incident\u2026", 75),
                    "value": str(item.id),
                }
            )
    if item.kind is not ReviewKind.DISPUTE:  # a claim the knowledge base lacks: the reviewer may draft it
        buttons.append(
            {"type": "button", "action_id": DRAFT_ACTION, "text": plain(DRAFT_LABEL, 75), "value": str(item.id)}
        )
    return buttons
