import pytest
from hypothesis import given
from hypothesis import strategies as st

from slackfront.ids import id_to_int, int_to_id, int_to_ts, ts_to_int
from slackfront.text import clip, escape, link, plain_text, unescape
from tests.fakeslack import pings_in

SLACK_IDS = st.from_regex(r"[A-Z][A-Z0-9]{0,11}", fullmatch=True)
TIMESTAMPS = st.from_regex(r"[1-9][0-9]{9}\.[0-9]{6}", fullmatch=True)


@given(SLACK_IDS)
def test_ids_convert_both_ways_within_64_bits(slack_id: str) -> None:
    number = id_to_int(slack_id)
    assert 0 < number < 2**63
    assert int_to_id(number) == slack_id


@given(TIMESTAMPS)
def test_timestamps_convert_both_ways(ts: str) -> None:
    assert int_to_ts(ts_to_int(ts)) == ts


def test_ids_and_timestamps_keep_their_order() -> None:
    assert ts_to_int("1712345678.000200") > ts_to_int("1712345678.000199")
    assert id_to_int("C024BE91L") == int("C024BE91L", 36)


@pytest.mark.parametrize("bad", ["", "c024", "C-1", "0ABC", "C" * 13, "1712345678.000200"])
def test_anything_but_a_slack_id_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        id_to_int(bad)


@pytest.mark.parametrize("bad", ["", "1712345678", "1712345678.2", "abc.000001"])
def test_anything_but_a_ts_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        ts_to_int(bad)


def test_members_text_reads_as_typed() -> None:
    text = (
        "&lt;b&gt; &amp; <https://example.com/a?b=1&amp;c=2|example.com/a> <@U123|ann> <#C1|general> "
        "<!channel> <!subteam^S1|@mods> <https://x.org>"
    )
    assert plain_text(text) == ("<b> & https://example.com/a?b=1&c=2 @ann #general @channel @mods https://x.org")


@given(st.text())
def test_escaped_text_never_holds_a_mention_and_comes_back(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert pings_in({"text": escaped}) == []
    assert unescape(escaped) == text


def test_links_cannot_break_out() -> None:
    made = link("https://e.com/?a=1&b=<!channel>|x", "title | <@U1>")
    assert made.startswith("<https://e.com/?a=1&amp;b=&lt;!channel&gt;%7Cx|")
    assert made.count("<") == 1 and made.count(">") == 1
    assert pings_in({"text": made}) == []


def test_clip_never_cuts_an_escape() -> None:
    assert clip("abc &amp; def", 7) == "abc\u2026"
    assert clip("short", 10) == "short"
