"""Hypothesis strategies for hostile message text: what members (or attackers) can paste into Discord.

Shared by the property tests (tests/knowledge/test_hostile_matcher.py, tests/bot/services/test_hostile_pipeline.py)
and the benchmark (benchmarks/hostile_input.py). Every message is at most `MAX_CHARS` characters, Discord's
limit for a message (Nitro); pieces are mixed with the words of a known claim so that the scoring paths run too.
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

MAX_CHARS = 4000

CLAIM_WORDS = (
    "man shoots at a CHP sergeant at the Compton takeover",
    "Compton street takeover",
    "CHP sergeant shot",
    "Flint Juneteenth parade shooting",
    "Alysha Duran Westminster police",
    "https://www.spamchronicles.com/alysha-duran-is-shot-and-killed-by-a-police-officer-in-westminster-colorado/",
)
INVISIBLE = (
    [chr(c) for c in range(0x00, 0x20)]
    + ["\x7f", "\u00ad", "\u034f", "\u061c", "\u180e", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2070)]
    + ["\ufeff", "\ufe0f", "\ufff9", "\ufffa", "\ufffb", "\U000e0001", "\U000e0041", "\U000e007f"]
)
EMOJI = (
    "👨\u200d👩\u200d👧\u200d👦",
    "🏳️\u200d🌈",
    "🧑🏿\u200d🚀",
    "👍🏽",
    "🇺🇸🇫🇷",
    "1️⃣",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "<:custom:123456789012345678>",
    "<a:dance:123456789012345678>",
)
RTL = (
    "رجل يطلق النار على رقيب",
    "שוטר נורה בקומפטון",
    "\u202eman shoots at CHP sergeant\u202c",
    "\u2067Compton\u2069 takeover",
)
DISCORD_MARKUP = (
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "<#123456789012345678>",
    "@everyone",
    "@here",
    "<t:1700000000:R>",
    "</alerts status:123456789012345678>",
)
_URL_CHARS = string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%"

hosts = st.one_of(
    st.sampled_from(
        [
            "example.com",
            "www.spamchronicles.com",
            "x.com",
            "youtu.be",
            "m.youtube.com",
            "пример.рф",
            "xn--e1afmkfd.xn--p1ai",
            "例え.テスト",
            "bücher.de",
            "[::1]",
            "[2001:db8::1]:8443",
            "[::ffff:127.0.0.1]",
            "[fe80::1%25eth0]",
            "127.0.0.1:99999",
            "user:pass@example.com",
            "a" * 300 + ".com",
            "",
            ".",
            "-.-",
        ]
    ),
    st.from_regex(r"[a-z0-9-]{1,20}(\.[a-z0-9-]{1,20}){0,3}", fullmatch=True),
)
links = st.one_of(
    st.builds(
        lambda scheme, host, path: f"{scheme}{host}{path}",
        st.sampled_from(["https://", "http://", "HTTPS://www.", "hxxp://", "https:/", "//", "ftp://", ""]),
        hosts,
        st.text(alphabet=_URL_CHARS, max_size=80).map(lambda p: "/" + p if p else p),
    ),
    st.sampled_from(
        [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(document.cookie)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "mailto:someone@example.com",
            "https://",
            "http://[::1",
            "https://exa mple.com/x",
            "https://%%%/%%",
            "https://example.com/" + "%E2%80%AE" * 20,
            "https://example.com/?" + "&".join(f"utm_{i}=x" for i in range(60)),
            "<https://example.com/suppressed-embed>",
        ]
    ),
)
markdown = st.recursive(
    st.one_of(st.sampled_from(CLAIM_WORDS), st.text(max_size=40), links),
    lambda inner: st.one_of(
        st.builds(
            lambda t, depth: "\n".join(">" * depth + " " + line for line in t.split("\n")), inner, st.integers(1, 30)
        ),
        inner.map(lambda t: f"||{t}||"),
        inner.map(lambda t: f"**{t}**"),
        inner.map(lambda t: f"~~__*{t}*__~~"),
        inner.map(lambda t: f"`{t}`"),
        st.builds(lambda lang, t: f"```{lang}\n{t}\n```", st.sampled_from(["", "py", "```", "md"]), inner),
        st.builds(lambda t, url: f"[{t}]({url})", inner, links),
        st.builds(lambda t: f"[[{t}](https://a.example)](https://b.example)", inner),
        inner.map(lambda t: f"# {t}\n- {t}\n  - {t}"),
    ),
    max_leaves=12,
)
zalgo = st.builds(
    lambda base, marks: "".join(ch + "".join(marks) for ch in base),
    st.sampled_from(["Compton", "CHP", "sergeant", "takeover"]),
    st.lists(st.characters(min_codepoint=0x300, max_codepoint=0x36F), min_size=1, max_size=15),
)
pieces = st.one_of(
    st.sampled_from(CLAIM_WORDS),
    st.text(alphabet=st.characters(codec=None), max_size=200),
    links,
    markdown,
    st.sampled_from(INVISIBLE),
    st.text(alphabet=st.sampled_from(INVISIBLE), max_size=50),
    st.sampled_from(EMOJI),
    st.sampled_from(RTL),
    st.sampled_from(DISCORD_MARKUP),
    zalgo,
)


def _fit(parts: list[str], separators: list[str]) -> str:
    text = "".join(part + separator for part, separator in zip(parts, separators, strict=False))
    return text[:MAX_CHARS]


mixed_messages = st.builds(
    _fit,
    st.lists(pieces, max_size=40),
    st.lists(st.sampled_from([" ", "\n", "", "\u200b", "\t", "\u3000", ", "]), min_size=40, max_size=40),
)
short_links = st.builds(
    lambda scheme, host, path: f"{scheme}{host}/{path}",
    st.sampled_from(["https://", "http://", "", "javascript:", "https://[::1]:", "//"]),
    st.sampled_from(["x.co", "t.co", "bit.ly", "пр.рф", "xn--p1ai", "[::1]", "[2001:db8::1]", "1.2.3.4", "a.b"]),
    st.text(alphabet=_URL_CHARS, max_size=4),
)
link_floods = st.builds(
    lambda found, times: " ".join(f"{link}/{n}" for n, link in enumerate(found * times))[:MAX_CHARS],
    st.lists(short_links, min_size=10, max_size=40).flatmap(
        lambda short: st.lists(links, max_size=3).map(lambda long: short + long)
    ),
    st.integers(min_value=10, max_value=30),
)
"""Hundreds of distinct links in 4,000 characters (numbered copies of a few dozen short ones, and a few long ones)."""
walls = st.builds(
    lambda piece, times: (piece * times)[:MAX_CHARS],
    st.one_of(st.sampled_from(CLAIM_WORDS), st.sampled_from(EMOJI), st.sampled_from(RTL), zalgo),
    st.integers(min_value=50, max_value=2000),
)
messages = st.one_of(
    mixed_messages, link_floods, walls, st.text(alphabet=st.characters(codec=None), max_size=MAX_CHARS)
)
"""Every kind of hostile message, at most `MAX_CHARS` characters."""
