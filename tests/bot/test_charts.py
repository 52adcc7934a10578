"""Charts of counts per day, stacked by series."""

import datetime as dt
import struct

from bot.charts import MAX_SERIES, OTHER_COLOUR, Panel, _legend_columns, _ranked_series, daily_bars, day_range

DAYS = day_range(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def test_day_range_includes_both_ends():
    assert day_range(dt.date(2026, 2, 27), dt.date(2026, 3, 1)) == [
        dt.date(2026, 2, 27),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 1),
    ]


def test_a_png_of_the_asked_width():
    panel = Panel("Answers", {"a": {DAYS[0]: 2, DAYS[-1]: 5}})
    png = daily_bars([panel, panel], DAYS, {"a": "Incident A"}, title="Test")
    assert png.startswith(b"\x89PNG")
    assert struct.unpack(">II", png[16:24]) == (1000, 640)


def test_an_svg_is_self_contained():
    svg = daily_bars([Panel("Matches", {"a": {DAYS[3]: 1}})], DAYS, {"a": "Incident <A>"}, title="T", fmt="svg")
    text = svg.decode()
    assert "<svg" in text
    assert "<image" not in text and 'href="http' not in text  # nothing fetched: glyphs and bars are paths
    assert "Incident &lt;A&gt;" in text  # the label, escaped, in the glyphs' comment


def test_series_beyond_the_palette_are_added_up_as_other():
    counts = {f"s{index:02d}": {DAYS[0]: 100 - index} for index in range(MAX_SERIES + 3)}
    ranked = _ranked_series([Panel("p", counts)])
    assert len(ranked) == MAX_SERIES
    assert [key for key, _colour in ranked[:2]] == ["s00", "s01"]
    assert ranked[-1][1] == OTHER_COLOUR
    assert daily_bars([Panel("p", counts)], DAYS, {}, title="many").startswith(b"\x89PNG")


def test_empty_series_are_left_out_and_empty_panels_still_draw():
    assert _ranked_series([Panel("p", {"a": {}, "b": {DAYS[0]: 0}})]) == []
    assert daily_bars([Panel("nothing", {})], DAYS, {}, title="quiet").startswith(b"\x89PNG")


def test_long_legend_labels_take_fewer_columns():
    assert _legend_columns(["short", "short", "short"], 10.0) == 3
    assert _legend_columns(["x" * 60, "y" * 60, "z"], 10.0) == 2
    assert _legend_columns(["x" * 60], 10.0) == 1
