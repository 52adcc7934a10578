"""Drafting a claim on Discord: the modal, its replies, the "Answer the message with it" button, edit and remove.

A modal holds five text inputs, so who said the statement and its source link share one ("Millbrook Water
Department https://…"), and the verdict is typed (checked against the schema's verdicts). Answering the item's
message is the moderator's choice after the draft is saved: a button on the private reply, which approves the item
with the new claim (the decision, learning and answer of any approval).
"""

from __future__ import annotations

import re
from typing import Any, cast

import discord

from bot.client import AlertBot
from bot.discord_ui.errors import respond_with_error
from bot.discord_ui.escape import neutralise
from bot.discord_ui.limits import truncate
from bot.discord_ui.replies import NO_MENTIONS, acknowledge_click, reply_privately
from bot.services.drafts import NO_SUCH_DRAFT, Draft, DraftedClaims, DraftOutcome
from bot.services.review_types import ReviewAction, ReviewItemView
from cogs.review._decisions import apply_decision, is_reviewer, readable_by, refuse
from knowledge.drafts import DraftForm
from knowledge.schema import Verdict

PREFIX = "misinfo:draft"
DRAFT_LABEL = "Draft a claim\u2026"
ANSWER_LABEL = "Answer the message with it"
RETRY_LABEL = "Fix the draft\u2026"
NEW_TITLE = "Draft a claim"
EDIT_TITLE = "Edit this server's claim"
VERDICTS = ", ".join(verdict.value for verdict in Verdict)
NOT_SAVED = "Not saved \u2014 please fix:"
DRAFTS_OFF = "Drafting claims is not available on this bot."

LABELS = {
    "claim": "The claim, as it circulates",
    "verdict": "Verdict",
    "clarification": "What the record says instead (one line)",
    "statement": "The statement that answers it (exact words)",
    "attribution": "Who said it, then the source link",
}
PLACEHOLDERS = {
    "claim": "In people's words, e.g. the water tower in Millbrook was poisoned",
    "verdict": "false, misleading, contradicted, missing-context, unproven or accurate",
    "clarification": "One line, e.g. The water department says the water is safe.",
    "statement": "The official's exact words, without quotation marks",
    "attribution": "e.g. Millbrook Water Department https://millbrook.example/notice",
}
LIMITS = {"claim": 300, "verdict": 40, "clarification": 200, "statement": 1000, "attribution": 300}
PARAGRAPHS = {"claim", "statement"}


def drafts_of(interaction: discord.Interaction) -> DraftedClaims | None:
    """The bot's drafted-claims service (None when it runs without one)."""
    return cast(AlertBot, interaction.client).services.drafts


class DraftModal(discord.ui.Modal):
    """The five fields of a draft: new (from a review item) or an edit of one of the server's claims."""

    def __init__(
        self, form: DraftForm | None = None, *, item_id: int | None = None, draft_number: int | None = None
    ) -> None:
        target = f"edit:{draft_number}" if draft_number is not None else f"new:{item_id or 0}"
        super().__init__(title=EDIT_TITLE if draft_number else NEW_TITLE, timeout=900, custom_id=f"{PREFIX}:{target}")
        self.item_id = item_id
        self.draft_number = draft_number
        self.inputs: dict[str, discord.ui.TextInput[DraftModal]] = {}
        for name, label in LABELS.items():
            default = getattr(form, name) if form is not None else None
            field: discord.ui.TextInput[DraftModal] = discord.ui.TextInput(
                label=label,
                custom_id=name,
                style=discord.TextStyle.paragraph if name in PARAGRAPHS else discord.TextStyle.short,
                placeholder=PLACEHOLDERS[name],
                default=truncate(default, LIMITS[name]) if default else None,
                max_length=LIMITS[name],
                required=True,
            )
            self.inputs[name] = field
            self.add_item(field)

    def form(self) -> DraftForm:
        """What the moderator typed."""
        return DraftForm(**{name: field.value for name, field in self.inputs.items()})

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Moderators only (checked again on submit: roles may have changed)."""
        return await is_reviewer(interaction) or await refuse(interaction)

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Save the draft (or the edit) and say so privately; or list what to fix, with a button to fix it."""
        drafts = drafts_of(interaction)
        if drafts is None:
            await reply_privately(interaction, DRAFTS_OFF)
            return
        form, guild, moderator = self.form(), str(interaction.guild_id or 0), str(interaction.user.id)
        if self.draft_number is not None:
            outcome = await drafts.edit(guild, self.draft_number, form, moderator_id=moderator)
        else:
            outcome = await drafts.create(guild, form, moderator_id=moderator, review_item_id=self.item_id)
        if outcome.draft is None:
            await _refused(interaction, outcome, form, self.item_id, self.draft_number)
        elif self.draft_number is not None:
            await reply_privately(interaction, edited_text(outcome.draft))
        else:
            view = answer_view(self.item_id, outcome.draft) if self.item_id else None
            await _reply(interaction, saved_text(outcome.draft, answer=view is not None), view)

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:
        """The one error path."""
        await respond_with_error(interaction, error)


def _summary(draft: Draft) -> str:
    claim = draft.incident.claims[0]
    return f"#{draft.id} \u201c{neutralise(truncate(claim.text, 200))}\u201d ({claim.verdict.label})"


def saved_text(draft: Draft, *, answer: bool) -> str:
    """The private reply to a saved draft."""
    statement = draft.incident.statements[0]
    lines = [
        f"Saved as this server's claim {_summary(draft)}.",
        f"From now on I answer posts of it in this server, quoting {neutralise(truncate(statement.speaker, 100))} "
        "with the source link. Other servers do not see it.",
    ]
    if answer:
        lines.append(f"To answer the reported message with it now, click **{ANSWER_LABEL}**.")
    lines.append(
        "Change it with `/review claim-edit`, remove it with `/review claim-remove`; `/incident list` lists it."
    )
    return "\n".join(lines)


def edited_text(draft: Draft) -> str:
    """The private reply to an edit."""
    return f"Saved: this server's claim {_summary(draft)} now reads as you wrote it."


def removed_text(draft: Draft) -> str:
    """The private reply to a removal."""
    return f"Removed this server's claim {_summary(draft)}: I no longer answer it here."


def refused_text(problems: tuple[str, ...]) -> str:
    """The private reply to a draft that does not validate: every problem, nothing saved."""
    lines = [NOT_SAVED, *(f"- {neutralise(truncate(problem, 300))}" for problem in problems)]
    lines.append(f"Nothing was saved. Click **{RETRY_LABEL}** to correct what you typed.")
    return "\n".join(lines)


async def _refused(
    interaction: discord.Interaction,
    outcome: DraftOutcome,
    form: DraftForm,
    item_id: int | None,
    draft_number: int | None,
) -> None:
    if outcome.problems == (NO_SUCH_DRAFT,):
        await reply_privately(interaction, NO_SUCH_DRAFT)
        return
    await _reply(interaction, refused_text(outcome.problems), RetryView(form, item_id, draft_number))


async def _reply(interaction: discord.Interaction, content: str, view: discord.ui.View | None) -> None:
    if view is None:
        await reply_privately(interaction, content)
        return
    await interaction.response.send_message(content, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS)


class RetryView(discord.ui.View):
    """One button reopening the modal with what the moderator typed (kept in this process for 15 minutes)."""

    def __init__(self, form: DraftForm, item_id: int | None, draft_number: int | None) -> None:
        super().__init__(timeout=900)
        self.form, self.item_id, self.draft_number = form, item_id, draft_number

    @discord.ui.button(label=RETRY_LABEL, style=discord.ButtonStyle.primary)
    async def retry(self, interaction: discord.Interaction, _button: discord.ui.Button[RetryView]) -> None:
        """Open the modal again, filled in."""
        modal = DraftModal(self.form, item_id=self.item_id, draft_number=self.draft_number)
        await interaction.response.send_modal(modal)


def answer_view(item_id: int | None, draft: Draft) -> discord.ui.View | None:
    """The saved reply's button (persistent: it works after a restart)."""
    if not item_id:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(AnswerButton(item_id, draft.id))
    view.stop()
    return view


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(rf"{PREFIX}:(?P<item>[0-9]{{1,19}}):(?P<draft>[0-9]{{1,19}}):answer"),
):
    """Approve the review item with the server's new claim: its message is answered, like any approval."""

    def __init__(self, item_id: int, draft_number: int) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=ANSWER_LABEL,
            style=discord.ButtonStyle.success,
            custom_id=f"{PREFIX}:{item_id}:{draft_number}:answer",
        )
        super().__init__(button)
        self.item_id, self.draft_number = item_id, draft_number

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> AnswerButton:
        """Rebuild from a click."""
        return cls(int(match["item"]), int(match["draft"]))

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Moderators only."""
        return await is_reviewer(interaction) or await refuse(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Approve the item with the drafted claim (told privately when it was removed meanwhile)."""
        try:
            await acknowledge_click(interaction)
            drafts = drafts_of(interaction)
            guild = str(interaction.guild_id or 0)
            draft = await drafts.get(guild, self.draft_number) if drafts is not None else None
            if draft is None:
                await reply_privately(interaction, NO_SUCH_DRAFT)
                return
            await apply_decision(
                interaction,
                self.item_id,
                ReviewAction.APPROVE,
                incident_id=draft.incident.id,
                claim_id=draft.claim_id,
            )
        except Exception as error:
            await respond_with_error(interaction, error)


async def open_new(interaction: discord.Interaction, item: ReviewItemView) -> None:
    """The modal for a new draft from a review item, the claim prefilled with the message when the moderator can
    read its channel.
    """  # noqa: D205
    if drafts_of(interaction) is None:
        await reply_privately(interaction, DRAFTS_OFF)
        return
    shown = item.seen_by(readable_by(interaction))
    form = DraftForm(shown.excerpt or "", "", "", "", "") if shown.excerpt else None
    await interaction.response.send_modal(DraftModal(form, item_id=item.id))


async def open_edit(interaction: discord.Interaction, draft_number: int) -> None:
    """The modal to edit one of the server's claims, prefilled."""
    drafts = drafts_of(interaction)
    draft = await drafts.get(str(interaction.guild_id or 0), draft_number) if drafts is not None else None
    if draft is None:
        await reply_privately(interaction, NO_SUCH_DRAFT)
        return
    await interaction.response.send_modal(DraftModal(draft.form, draft_number=draft.id))


async def remove(interaction: discord.Interaction, draft_number: int) -> None:
    """Remove one of the server's claims, and say which."""
    drafts = drafts_of(interaction)
    guild, moderator = str(interaction.guild_id or 0), str(interaction.user.id)
    removed = await drafts.remove(guild, draft_number, moderator_id=moderator) if drafts is not None else None
    await reply_privately(interaction, removed_text(removed) if removed is not None else NO_SUCH_DRAFT)


async def draft_choices(interaction: discord.Interaction, current: str) -> list[discord.app_commands.Choice[int]]:
    """The server's claims whose text contains what was typed (for autocomplete)."""
    drafts = drafts_of(interaction)
    if drafts is None or interaction.guild_id is None:
        return []
    found = (await drafts.of_guild(str(interaction.guild_id))).drafts
    words = current.casefold().split()
    hits = [d for d in found if all(w in f"{d.id} {d.incident.claims[0].text}".casefold() for w in words)]
    return [
        discord.app_commands.Choice(name=truncate(f"#{d.id} {d.incident.claims[0].text}", 100), value=d.id)
        for d in hits[:25]
    ]
