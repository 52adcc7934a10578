from hypothesis import given
from hypothesis import strategies as st

from bot.platform.refs import ChannelRef, MessageRef, Platform
from slackfront.ids import service_channel, service_ref
from slackfront.text import clip, escape, link, plain_text, unescape
from tests.fakeslack import pings_in


def test_refs_keep_slacks_own_ids() -> None:
    assert service_ref("T0TEST001", "C024BE91L", "1712345678.000200") == MessageRef(
        Platform.SLACK, "T0TEST001", "C024BE91L", "1712345678.000200"
    )
    reply = service_ref("T0TEST001", "C024BE91L", "1712345678.000300", "1712345678.000200")
    assert reply.thread == "1712345678.000200"
    assert service_ref("T1", "C1", "1.000001", "1.000001").thread is None
    assert service_channel("T0TEST001", "C024BE91L") == ChannelRef(Platform.SLACK, "T0TEST001", "C024BE91L")


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
