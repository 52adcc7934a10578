"""The stats chart never holds up or breaks ``/review stats``."""

import asyncio

import discord

from cogs.review._chart import FILENAME, attach_chart


class Activity:
    def __init__(self, chart):
        self.chart = chart


async def test_the_chart_becomes_the_embeds_image():
    async def chart(guild_id):
        return b"\x89PNG fake"

    embed = discord.Embed(title="Review statistics")
    file = await attach_chart(Activity(chart), 1, embed)  # type: ignore[arg-type]
    assert file is not None and file.filename == FILENAME
    assert embed.image.url == f"attachment://{FILENAME}"


async def test_a_slow_chart_is_left_out():
    async def slow(guild_id):
        await asyncio.sleep(5)

    embed = discord.Embed(title="Review statistics")
    assert await attach_chart(Activity(slow), 1, embed, seconds=0.05) is None  # type: ignore[arg-type]
    assert embed.image.url is None


async def test_no_activity_service_means_no_chart():
    embed = discord.Embed(title="Review statistics")
    assert await attach_chart(None, 1, embed) is None
    assert embed.image.url is None
