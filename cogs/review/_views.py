"""The review item's persistent buttons and incident picker (`DynamicItem`s: they survive restarts), and modals.

Custom ids are ``misinfo:review:<item id>:<action>``; the item is reloaded from the database on every click, and
only moderators (Manage Messages, or the server's reviewer role) get past `interaction_check`.
"""

from __future__ import annotations

import re
from typing import Any, cast

import discord

from bot.client import AlertBot
from bot.db.errors import is_database_unavailable
from bot.discord_ui.errors import respond_with_error
from bot.discord_ui.escape import neutralise, plain
from bot.discord_ui.limits import truncate
from bot.discord_ui.replies import NO_MENTIONS, acknowledge_click, reply_privately
from bot.services.container import Services
from bot.services.review_types import Candidate, ReportedMessage, ReviewAction, ReviewItemView, ReviewKind
from cogs.review._decisions import GONE, apply_decision, is_reviewer, refuse
from cogs.review._drafts import DRAFT_LABEL, open_new

PREFIX = "misinfo:review"
OTHER = "other"  # show the incident picker
SEARCH = "search"  # open the search modal
PICK = "pick"  # the picker's select
DRAFT = "draft"  # open the modal drafting a claim of this server's own
BUTTON_ACTIONS = "|".join([*(action.value for action in ReviewAction), OTHER, SEARCH, DRAFT])
MAX_OPTIONS = 25

BUTTONS: dict[str, tuple[str, discord.ButtonStyle]] = {
    ReviewAction.APPROVE.value: ("Approve and answer", discord.ButtonStyle.success),
    OTHER: ("Another incident\u2026", discord.ButtonStyle.primary),
    ReviewAction.REJECT.value: ("Reject: false match", discord.ButtonStyle.danger),
    ReviewAction.DISMISS.value: ("Dismiss: not misinformation", discord.ButtonStyle.secondary),
    ReviewAction.UPHOLD.value: ("Uphold the answer", discord.ButtonStyle.success),
    ReviewAction.RETRACT.value: ("Retract the answer", discord.ButtonStyle.danger),
    SEARCH: ("Search the knowledge base\u2026", discord.ButtonStyle.secondary),
    DRAFT: (DRAFT_LABEL, discord.ButtonStyle.primary),
}
DECISIONS = frozenset(action.value for action in ReviewAction)
DATABASE_UNAVAILABLE = "The database is unavailable right now: try again in a few minutes."
REPORT_THANKS = "Thanks \u2014 moderators will look at it."
REPORT_AGAIN = "You already reported this; moderators have it."
NOTHING_FOUND = "Nothing in the knowledge base matches \u201c{query}\u201d."
PICK_PROMPT = "Choose the claim this message repeats, or search the knowledge base."


def nothing_found_text(query: str) -> str:
    """What a moderator whose search found nothing is told (their words, shown as written)."""
    return NOTHING_FOUND.format(query=neutralise(truncate(query, 100)))


def custom_id(item_id: int, action: str) -> str:
    """``misinfo:review:<item id>:<action>`` (at most 44 characters)."""
    return f"{PREFIX}:{item_id}:{action}"


def item_actions(item: ReviewItemView) -> list[str]:
    """The buttons a pending item shows: approve needs a suggestion; another incident is for matches and reports.

    An item the bot could not place (nothing suggested) offers to draft the claim; one with a suggestion offers it
    in the "Another incident…" picker (the moderator first sees what the knowledge base has).
    """
    if item.kind is ReviewKind.DISPUTE:
        return [ReviewAction.UPHOLD.value, ReviewAction.RETRACT.value]
    if item.suggestion is None:
        return [OTHER, DRAFT, ReviewAction.DISMISS.value]
    return [ReviewAction.APPROVE.value, OTHER, ReviewAction.REJECT.value, ReviewAction.DISMISS.value]


def item_view(item: ReviewItemView) -> discord.ui.View:
    """The decision buttons of a pending item (a stopped view: clicks reach `ReviewButton`)."""
    view = discord.ui.View(timeout=None)
    for action in item_actions(item):
        view.add_item(ReviewButton(item.id, action))
    view.stop()
    return view


def picker_view(item_id: int, candidates: list[Candidate]) -> discord.ui.View:
    """A select of claims to approve instead of the suggestion, a search button and one to draft a claim."""
    view = discord.ui.View(timeout=None)
    if candidates:
        view.add_item(ReviewPick(item_id, candidates[:MAX_OPTIONS]))
    view.add_item(ReviewButton(item_id, SEARCH))
    view.add_item(ReviewButton(item_id, DRAFT))
    view.stop()
    return view


def _services(interaction: discord.Interaction) -> Services:
    return cast(AlertBot, interaction.client).services


class ReviewButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(rf"{PREFIX}:(?P<item>[0-9]{{1,19}}):(?P<action>{BUTTON_ACTIONS})"),
):
    """One decision button of one review item."""

    def __init__(
        self, item_id: int, action: str, item: ReviewItemView | None = None, *, unreadable: bool = False
    ) -> None:
        label, style = BUTTONS[action]
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=custom_id(item_id, action)))
        self.item_id = item_id
        self.action = action
        self.review_item = item
        self.unreadable = unreadable  # the database was unavailable: the item could not be read

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewButton:
        """Rebuild the button from a click, with the item read afresh from the database (if it is available)."""
        item_id = int(match["item"])
        try:
            review = _services(interaction).review
            return cls(item_id, match["action"], await review.item(item_id, guild_id=interaction.guild_id or 0))
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            return cls(item_id, match["action"], unreadable=True)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Moderators only; others are told privately."""
        return await is_reviewer(interaction) or await refuse(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Decide, show the picker, or open the search."""
        try:
            await self._act(interaction)
        except Exception as error:  # the one error path answers and logs
            await respond_with_error(interaction, error)

    async def _act(self, interaction: discord.Interaction) -> None:
        item = self.review_item
        if item is None and self.unreadable and self.action in DECISIONS:
            await apply_decision(interaction, self.item_id, ReviewAction(self.action))  # queued for later
        elif item is None and self.unreadable and self.action == SEARCH:
            await interaction.response.send_modal(SearchModal(self.item_id))
        elif item is None:
            await reply_privately(interaction, DATABASE_UNAVAILABLE if self.unreadable else GONE)
        elif self.action == OTHER:
            await reply_privately_with_view(interaction, PICK_PROMPT, picker_view(item.id, _choices(item)))
        elif self.action == SEARCH:
            await interaction.response.send_modal(SearchModal(item.id))
        elif self.action == DRAFT:
            await open_new(interaction, item)
        else:
            await apply_decision(interaction, item.id, ReviewAction(self.action))


class ReviewPick(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=re.compile(rf"{PREFIX}:(?P<item>[0-9]{{1,19}}):{PICK}"),
):
    """The select of claims: picking one approves the item with it."""

    def __init__(self, item_id: int, candidates: list[Candidate] | None = None) -> None:
        options = [_option(candidate) for candidate in candidates or []]
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=custom_id(item_id, PICK), placeholder="Choose a claim\u2026", options=options or [_NO_OPTION]
        )
        super().__init__(select)
        self.item_id = item_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewPick:
        """Rebuild the select from a pick (the chosen value arrives with the interaction)."""
        return cls(int(match["item"]))

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Moderators only."""
        return await is_reviewer(interaction) or await refuse(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        """Approve the item with the chosen claim."""
        try:
            await acknowledge_click(interaction)
            review, guild = _services(interaction).review, str(interaction.guild_id or 0)
            chosen = await review.resolve_in(guild, self.item.values[0]) if self.item.values else None
            if chosen is None:
                await reply_privately(interaction, "That claim is no longer in the knowledge base.")
                return
            await apply_decision(
                interaction,
                self.item_id,
                ReviewAction.APPROVE,
                incident_id=chosen.incident_id,
                claim_id=chosen.claim_id,
            )
        except Exception as error:
            await respond_with_error(interaction, error)


_NO_OPTION = discord.SelectOption(label="No candidates", value="none")


def _option(candidate: Candidate) -> discord.SelectOption:
    score = f" ({candidate.score:.0f})" if candidate.score is not None else ""
    return discord.SelectOption(
        label=truncate(plain(candidate.claim_text), 100 - len(score)) + score,
        description=truncate(plain(candidate.incident_title), 100),
        value=candidate.ref,
    )


def _choices(item: ReviewItemView) -> list[Candidate]:
    found = {(c.incident_id, c.claim_id): c for c in (*filter(None, [item.suggestion]), *item.candidates)}
    return list(found.values())


async def reply_privately_with_view(interaction: discord.Interaction, content: str, view: discord.ui.View) -> None:
    """An ephemeral answer with components: the response, or a follow-up when it was already acknowledged."""
    if interaction.response.is_done():
        await interaction.followup.send(content, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(content, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS)


class SearchModal(discord.ui.Modal, title="Search the knowledge base"):
    """Words of an incident or claim; the results come back as a picker."""

    query: discord.ui.TextInput[SearchModal] = discord.ui.TextInput(
        label="Words of the incident or claim", max_length=200, custom_id="query"
    )

    def __init__(self, item_id: int) -> None:
        super().__init__(timeout=600, custom_id=f"{PREFIX}:{item_id}:find")
        self.item_id = item_id

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Show what matched, as a picker (the submission acknowledged before searching)."""
        await acknowledge_click(interaction)  # the modal was opened from a button: a deferred update
        query = self.query.value.strip()
        found = await _services(interaction).review.search_in(str(interaction.guild_id or 0), query)
        if not found:
            await reply_privately(interaction, nothing_found_text(query))
            return
        await reply_privately_with_view(interaction, PICK_PROMPT, picker_view(self.item_id, found))

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:
        """The one error path."""
        await respond_with_error(interaction, error)


class ReportModal(discord.ui.Modal, title="Report misinformation"):
    """The optional note of a member reporting a message."""

    note: discord.ui.TextInput[ReportModal] = discord.ui.TextInput(
        label="Anything moderators should know? (optional)",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=300,
        custom_id="note",
    )

    def __init__(self, message: ReportedMessage) -> None:
        super().__init__(timeout=900, custom_id=f"{PREFIX}:report:{message.message_id}")
        self.message = message

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Queue the report and thank the member privately."""
        intake = await _services(interaction).review.report(self.message, str(interaction.user.id), self.note.value)
        await reply_privately(interaction, REPORT_AGAIN if intake.item_id and not intake.changed else REPORT_THANKS)

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:
        """The one error path."""
        await respond_with_error(interaction, error)
