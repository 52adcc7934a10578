"""HTML decoding and metadata extraction."""

import pytest
from yarl import URL

from bot.links.metadata import TextLimits, clean_text, decode_html, extract_metadata
from bot.links.result import PageMetadata

BASE = URL("https://news.example/section/story?id=1")


def extract(html: str, limits: TextLimits | None = None) -> PageMetadata:
    return extract_metadata(html, BASE, limits or TextLimits())


def test_first_value_wins_and_keys_are_case_insensitive() -> None:
    html = """<head>
    <META PROPERTY="OG:TITLE" CONTENT="first">
    <meta property="og:title" content="second">
    <meta name="og:description" content="by name">
    <meta property="twitter:title" content="by property">
    <meta name="Description" content="desc">
    </head>"""

    metadata = extract(html)

    assert metadata.og_title == "first"
    assert metadata.og_description == "by name"
    assert metadata.twitter_title == "by property"
    assert metadata.description == "desc"


def test_head_title_preferred_over_svg_title() -> None:
    metadata = extract("<html><head><title>Real</title></head><body><svg><title>Icon</title></svg></body>")

    assert metadata.title == "Real"


def test_title_entities_whitespace_and_controls() -> None:
    metadata = extract("<title>\n  Fish &amp; chips\u200b\t\x07 today  </title>")

    assert metadata.title == "Fish & chips today"


def test_fields_are_capped() -> None:
    html = f'<title>{"t" * 50}</title><meta name="description" content="{"d " * 50}">'

    metadata = extract(html, TextLimits(title=10, description=7, url=100))

    assert metadata.title == "t" * 10
    assert metadata.description == "d d d d"


@pytest.mark.parametrize(
    ("link", "canonical"),
    [
        ('<link rel="canonical" href="/a/b">', "https://news.example/a/b"),
        ('<link rel="canonical" href="other?id=2#top">', "https://news.example/section/other?id=2"),
        ('<link rel="Canonical" href="https://cdn.example/x">', "https://cdn.example/x"),
        ('<link rel="alternate canonical" href="//m.example/x">', "https://m.example/x"),
        ('<link rel="canonical" href="javascript:alert(1)">', None),
        ('<link rel="alternate" href="/alt">', None),
        ('<link rel="canonical" href="/' + "x" * 300 + '">', None),  # longer than the cap
    ],
)
def test_canonical(link: str, canonical: str | None) -> None:
    metadata = extract(f"<head>{link}</head>", TextLimits(url=200))

    assert metadata.canonical_url == canonical


def test_empty_page() -> None:
    metadata = extract("<p>nothing here</p>")

    assert metadata.is_empty()
    assert metadata.best_title is None


def test_best_title_and_description() -> None:
    metadata = PageMetadata(title="t", twitter_title="tw", description="d", twitter_description="twd")

    assert metadata.best_title == "tw"
    assert metadata.best_description == "twd"


@pytest.mark.parametrize(
    ("body", "header", "text"),
    [
        ("Café".encode(), None, "Café"),
        ("Café".encode("latin-1"), "iso-8859-1", "Café"),
        (b"\x93quoted\x94", "iso-8859-1", "\u201cquoted\u201d"),  # latin-1 labels mean windows-1252
        ('<meta charset="koi8-r">Мир'.encode("koi8-r"), None, '<meta charset="koi8-r">Мир'),
        (
            "<meta http-equiv=Content-Type content='text/html; charset=shift_jis'>日本".encode("shift_jis"),
            None,
            "<meta http-equiv=Content-Type content='text/html; charset=shift_jis'>日本",
        ),
        (b'<meta charset="utf-16">ok', None, '<meta charset="utf-16">ok'),  # meta cannot say UTF-16
        (b"\xef\xbb\xbfBOM wins", "iso-8859-1", "BOM wins"),
        (b"bad \xff byte", "no-such-charset", "bad \ufffd byte"),
        (b"bad \xff byte", None, "bad \ufffd byte"),
    ],
)
def test_decode_html(body: bytes, header: str | None, text: str) -> None:
    assert decode_html(body, header) == text


@pytest.mark.parametrize(("raw", "cleaned"), [(None, None), ("", None), ("  \n\t ", None), (" a \n b ", "a b")])
def test_clean_text(raw: str | None, cleaned: str | None) -> None:
    assert clean_text(raw, 100) == cleaned
