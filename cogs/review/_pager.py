"""Private, paginated answers (``/review queue``, ``/review log``): previous/next, and opening a queued item."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

import discord

from bot.client import AlertBot
from bot.discord_ui.errors import respond_with_error
from bot.discord_ui.escape import plain
from bot.discord_ui.limits import truncate
from bot.discord_ui.replies import NO_MENTIONS, acknowledge_click, reply_privately
from bot.services.review_types import ReviewItemView
from cogs.review._decisions import GONE, readable_by
from cogs.review._embeds import KIND_TITLES, item_embed
from cogs.review._views import item_view

Render = Callable[[int], Awaitable[tuple[discord.Embed, int, list[Any]]]]
"""Page number -> (embed, number of pages, the page's review items if any)."""
TIMEOUT_SECONDS = 600.0


class Pager(discord.ui.View):
    """Previous / next buttons and, for the queue, a menu to open an item of the page (its invoker only)."""

    def __init__(self, owner_id: int, render: Render, page: int, pages: int, items: list[Any]) -> None:
        super().__init__(timeout=TIMEOUT_SECONDS)
        self._owner_id = owner_id
        self._render = render
        self.page = page
        self.pages = pages
        self._show(items)

    @classmethod
    async def open(
        cls, interaction: discord.Interaction, render: Render, page: int, *, with_items: bool = False
    ) -> None:
        """Answer privately with the page (clamped to the last one) and its controls."""
        embed, pages, items = await render(page)
        view = cls(interaction.user.id, render, min(page, pages), pages, items if with_items else [])
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Only whoever asked turns the pages."""
        return interaction.user.id == self._owner_id

    def _show(self, items: list[Any]) -> None:
        self.clear_items()
        previous = discord.ui.Button[Pager](label="Previous", disabled=self.page <= 1)
        following = discord.ui.Button[Pager](label="Next", disabled=self.page >= self.pages)
        previous.callback = self._previous  # type: ignore[method-assign]
        following.callback = self._next  # type: ignore[method-assign]
        self.add_item(previous)
        self.add_item(following)
        reviewable = [item for item in items if isinstance(item, ReviewItemView)]
        if reviewable:
            menu = discord.ui.Select[Pager](placeholder="Open an item to decide it\u2026", options=_options(reviewable))
            menu.callback = self._open  # type: ignore[method-assign]
            self.add_item(menu)

    async def _previous(self, interaction: discord.Interaction) -> None:
        await self._turn(interaction, self.page - 1)

    async def _next(self, interaction: discord.Interaction) -> None:
        await self._turn(interaction, self.page + 1)

    async def _turn(self, interaction: discord.Interaction, page: int) -> None:
        try:
            await acknowledge_click(interaction)  # before reading the page from the database
            embed, self.pages, items = await self._render(max(1, page))
            self.page = min(max(1, page), self.pages)
            self._show(items)
            await interaction.edit_original_response(embed=embed, view=self)
        except Exception as error:
            await respond_with_error(interaction, error)

    async def _open(self, interaction: discord.Interaction) -> None:
        try:
            await acknowledge_click(interaction)  # before reading the item from the database
            values = (interaction.data or {}).get("values") or ["0"]
            review = cast(AlertBot, interaction.client).services.review
            item = await review.item(
                _item_id(values[0]), guild_id=interaction.guild_id or 0, can_read=readable_by(interaction)
            )
            if item is None:
                await reply_privately(interaction, GONE)
                return
            view = item_view(item) if item.pending else discord.utils.MISSING
            await interaction.followup.send(
                embed=item_embed(item), view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
        except Exception as error:
            await respond_with_error(interaction, error)


def _description(item: ReviewItemView) -> str:
    if item.excerpt_hidden:
        return "(in a channel you cannot read)"
    return truncate(plain(item.excerpt or "(no text)"), 100)


def _item_id(value: str) -> int:
    """The item id a menu value names (0, no item, for anything else a forged interaction may send)."""
    return int(value) if value.isascii() and value.isdigit() else 0


def _options(items: list[ReviewItemView]) -> list[discord.SelectOption]:
    return [
        discord.SelectOption(
            label=f"#{item.id} \u00b7 {KIND_TITLES[item.kind]}",
            description=_description(item),
            value=str(item.id),
        )
        for item in items[:25]
    ]
