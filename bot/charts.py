"""Charts of counts per day, stacked by series (incidents), drawn with matplotlib's Agg renderer (no display).

matplotlib is imported on first use, not at import time: it costs about half a second and most processes
never draw. Only its object-oriented API is used (no pyplot), so charts can be drawn in worker threads.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes

LABEL_CHARS = 60
"""Longest series label in the legend; longer ones are cut with an ellipsis."""
COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
OTHER_COLOUR = "#bab0ac"
MAX_SERIES = len(COLOURS)
"""Series drawn on their own; the rest are added up as "Other"."""
OTHER = "\u0000other"

DATE_FORMATS = ["%Y", "%b %Y", "%b %d", "%H:%M", "%H:%M", "%S.%f"]
"""Tick labels by tick spacing (years, months, days, hours...): days read "Nov 09", not just "09"."""
ZERO_FORMATS = ["", "%Y", "%b", "%b %d", "%H:%M", "%H:%M"]
"""Tick labels where the next unit up starts (a month's first day reads "Dec")."""

Format = Literal["png", "svg"]


@dataclass(frozen=True)
class Panel:
    """One stacked bar chart: per series (e.g. incident id), the count on each day."""

    title: str
    counts: Mapping[str, Mapping[dt.date, int]]


def day_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every day from ``first`` to ``last``, both included."""
    return [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]


def daily_bars(
    panels: Sequence[Panel],
    days: Sequence[dt.date],
    labels: Mapping[str, str],
    *,
    title: str,
    fmt: Format = "png",
    width: float = 10.0,
) -> bytes:
    """The panels one above the other, sharing the day axis and the series' colours; PNG or SVG bytes.

    ``labels`` names the series in the legend (the key itself when absent). The series with the most counts over
    all panels come first; beyond `MAX_SERIES` they are added up as "Other".
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    series = _ranked_series(panels)
    with rc_context({"svg.hashsalt": "charts", "font.size": 9}):
        figure = Figure(figsize=(width, 1.2 + 2.6 * len(panels)), dpi=100, layout="constrained")
        axes = figure.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
        for ax, panel in zip(axes, panels, strict=True):
            _draw_panel(ax, panel, days, series)
        figure.suptitle(title, fontsize=12, fontweight="bold")
        handles = [_patch(colour) for _key, colour in series]
        names = [_label(key, labels) for key, _colour in series]
        if handles:
            columns = _legend_columns(names, width)
            figure.legend(handles, names, loc="outside lower center", ncols=columns, frameon=False)
        output = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(output, format=fmt, metadata=metadata)
    return output.getvalue()


def _legend_columns(names: list[str], width: float) -> int:
    """As many columns as fit the figure's width (about 6 px a character at 9 pt, 40 px for the swatch)."""
    longest = max(len(name) for name in names)
    fitting = int(width * 100 * 0.95 // (longest * 6 + 40))
    return max(1, min(3, len(names), fitting))


def _ranked_series(panels: Sequence[Panel]) -> list[tuple[str, str]]:
    totals: dict[str, int] = {}
    for panel in panels:
        for key, per_day in panel.counts.items():
            totals[key] = totals.get(key, 0) + sum(per_day.values())
    ranked = sorted((key for key, total in totals.items() if total > 0), key=lambda key: (-totals[key], key))
    shown = ranked if len(ranked) <= MAX_SERIES else ranked[: MAX_SERIES - 1]
    pairs = [(key, COLOURS[index]) for index, key in enumerate(shown)]
    return [*pairs, (OTHER, OTHER_COLOUR)] if len(shown) < len(ranked) else pairs


def _draw_panel(ax: Axes, panel: Panel, days: Sequence[dt.date], series: list[tuple[str, str]]) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.ticker import MaxNLocator

    shown = {key for key, _colour in series if key != OTHER}
    bottom = [0] * len(days)
    for key, colour in series:
        heights = [_count(panel, key, day, shown) for day in days]
        ax.bar(days, heights, bottom=bottom, color=colour, width=0.8, linewidth=0)
        bottom = [low + height for low, height in zip(bottom, heights, strict=True)]
    ax.set_title(panel.title, loc="left", fontsize=10)
    ax.set_ylabel("per day")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    ax.set_ylim(0, max([*bottom, 1]) * 1.1)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    formatter = ConciseDateFormatter(locator, formats=DATE_FORMATS, zero_formats=ZERO_FORMATS, show_offset=False)
    ax.xaxis.set_major_formatter(formatter)
    if days:  # half a day of margin, so that the first and last bars show whole
        half = dt.timedelta(hours=12)
        ax.set_xlim(_midnight(days[0]) - half, _midnight(days[-1]) + half)
    if not any(bottom):
        ax.text(0.5, 0.5, "none", transform=ax.transAxes, ha="center", va="center", color="#888")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def _count(panel: Panel, key: str, day: dt.date, shown: set[str]) -> int:
    if key != OTHER:
        return panel.counts.get(key, {}).get(day, 0)
    return sum(per_day.get(day, 0) for other, per_day in panel.counts.items() if other not in shown)


def _patch(colour: str) -> Artist:
    from matplotlib.patches import Patch

    return Patch(color=colour)


def _label(key: str, labels: Mapping[str, str]) -> str:
    text = "Other" if key == OTHER else labels.get(key, key)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "\u2026"
