"""Links: found in messages however they are written, and reduced to one canonical form per page."""

import pytest

from knowledge.matching.urls import canonicalize, extract_links, host_key, slug_words

TAPHAPS = "https://taphaps.com/law-enforcement-shoots-woman"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://a.example.com/x now", ["https://a.example.com/x"]),
        ("<https://a.example.com/x>", ["https://a.example.com/x"]),
        ("[the clip](https://a.example.com/x)", ["https://a.example.com/x"]),
        ("(https://a.example.com/x).", ["https://a.example.com/x"]),
        ("https://en.wikipedia.org/wiki/Flint_(Michigan) is", ["https://en.wikipedia.org/wiki/Flint_(Michigan)"]),
        ("wow: https://a.example.com/x?y=1!!", ["https://a.example.com/x?y=1"]),
        ('"https://a.example.com/x",', ["https://a.example.com/x"]),
        ("www.example.com/page", ["www.example.com/page"]),
        ("taphaps.com/law-enforcement-shoots-woman/", ["taphaps.com/law-enforcement-shoots-woman/"]),
        ("https://a.com/x,https://b.com/y", ["https://a.com/x", "https://b.com/y"]),
        ("#Minecrafthttps://t.co/V4Lzv97qOc", ["https://t.co/V4Lzv97qOc"]),
        ("mail me at someone@example.com", []),
        ("just example.com, no path", []),
        ("no links here", []),
        ("read policia.gob.lu/aviso-123 first", ["policia.gob.lu/aviso-123"]),  # any public suffix, not a short list
        ("xn--80ak6aa92e.xn--p1ai/news", ["xn--80ak6aa92e.xn--p1ai/news"]),
        ("open report.txt/ or notes.docx/draft", []),  # file names: no public suffix
    ],
)
def test_extract_links(text: str, expected: list[str]) -> None:
    """Links are found in every usual wrapping, without the punctuation around them."""
    assert extract_links(text) == expected


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        # scheme, host case, www., m., amp., trailing slash, fragment, tracking parameters
        ("http://taphaps.com/law-enforcement-shoots-woman/", TAPHAPS),
        ("https://WWW.TapHaps.com/law-enforcement-shoots-woman", TAPHAPS),
        ("https://m.taphaps.com/law-enforcement-shoots-woman/", TAPHAPS),
        ("https://amp.taphaps.com/law-enforcement-shoots-woman", TAPHAPS),
        ("taphaps.com/law-enforcement-shoots-woman/#comments", TAPHAPS),
        ("https://taphaps.com/law-enforcement-shoots-woman/?utm_source=fb&utm_medium=social", TAPHAPS),
        ("https://taphaps.com/law-enforcement-shoots-woman?fbclid=IwAR0x&gclid=abc&igshid=1&si=2", TAPHAPS),
        ("https://taphaps.com/law-enforcement-shoots-woman?ref=home&ref_src=twsrc", TAPHAPS),
        # AMP variants and wrappers
        ("https://taphaps.com/law-enforcement-shoots-woman/amp/", TAPHAPS),
        ("https://taphaps.com/law-enforcement-shoots-woman?amp=1", TAPHAPS),
        ("https://taphaps.com/law-enforcement-shoots-woman?outputType=amp", TAPHAPS),
        ("https://www.google.com/amp/s/taphaps.com/law-enforcement-shoots-woman/amp", TAPHAPS),
        ("https://taphaps-com.cdn.ampproject.org/c/s/taphaps.com/law-enforcement-shoots-woman", TAPHAPS),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Ftaphaps.com%2Flaw-enforcement-shoots-woman", TAPHAPS),
        # meaningful parameters stay, sorted
        ("https://thenerdstash.com/?p=720768&utm_campaign=x", "https://thenerdstash.com/?p=720768"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
    ],
)
def test_canonicalize_web_variants(variant: str, canonical: str) -> None:
    """Every variant of a page reduces to the same canonical form."""
    assert canonicalize(variant) == canonical


TWEET = "https://x.com/i/status/1234567890"


@pytest.mark.parametrize(
    "variant",
    [
        "https://twitter.com/Someone/status/1234567890",
        "https://x.com/someone/status/1234567890?s=20&t=abcdef",
        "https://mobile.twitter.com/someone/status/1234567890",
        "https://vxtwitter.com/someone/status/1234567890",
        "https://fxtwitter.com/someone/status/1234567890",
        "https://fixupx.com/someone/status/1234567890",
        "https://nitter.net/someone/status/1234567890#m",
        "https://twittpr.com/someone/status/1234567890",
        "https://x.com/someone/status/1234567890/photo/1",
        "https://twitter.com/i/web/status/1234567890",
    ],
)
def test_canonicalize_posts_on_x(variant: str) -> None:
    """A post on X is one link whatever the host, mirror or user name, and without /photo/1."""
    assert canonicalize(variant) == TWEET


VIDEO = "https://youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "variant",
    [
        "https://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?t=42&si=abc",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m2s&feature=share",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?start=3",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=PL123",
    ],
)
def test_canonicalize_youtube_videos(variant: str) -> None:
    """A YouTube video is its id; the video id keeps its case, the timestamp goes."""
    assert canonicalize(variant) == VIDEO


POST = "https://reddit.com/comments/abc123"


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.reddit.com/r/PublicFreakout/comments/abc123/man_shoots_at_chp_sergeant/",
        "https://old.reddit.com/r/PublicFreakout/comments/abc123/",
        "https://new.reddit.com/r/PublicFreakout/comments/abc123/man_shoots_at_chp_sergeant/?utm_source=share",
        "https://np.reddit.com/r/PublicFreakout/comments/abc123/x/",
        "https://m.reddit.com/r/PublicFreakout/comments/ABC123/x",
        "https://i.reddit.com/r/PublicFreakout/comments/abc123",
        "https://redd.it/abc123",
        "https://www.reddit.com/comments/abc123",
    ],
)
def test_canonicalize_reddit_posts(variant: str) -> None:
    """A Reddit post is its id, whatever the host, subreddit or slug."""
    assert canonicalize(variant) == POST


@pytest.mark.parametrize(
    "not_a_web_link",
    ["mailto:someone@example.com", "javascript:alert(1)", "ftp://example.com/file", "https://localhost/x", "", "x"],
)
def test_canonicalize_rejects_what_is_not_a_web_link(not_a_web_link: str) -> None:
    """Only http(s) links to a host with a domain have a canonical form."""
    assert canonicalize(not_a_web_link) is None


def test_canonicalize_rejects_an_overlong_link() -> None:
    """A link longer than any real one is not worth parsing."""
    assert canonicalize("https://example.com/" + "a" * 5000) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (
            "https://www.mlive.com/news/flint/2021/06/flint-woman-shot-by-police-during-juneteenth-celebration-dies.html",
            "flint flint woman shot by police during juneteenth celebration dies",
        ),
        ("https://taphaps.com/law-enforcement-shoots-woman/amp/", "law enforcement shoots woman"),
        (
            "https://www.reddit.com/r/PublicFreakout/comments/abc123/man_shoots_at_chp_sergeant/",
            "publicfreakout man shoots at chp sergeant",
        ),
        ("https://example.com/105-freeway-shooting-2023", "105 freeway shooting 2023"),
        ("https://x.com/someone/status/1234567890", ""),
        ("https://youtu.be/dQw4w9WgXcQ", ""),
        ("https://t.co/V4Lzv97qOc", ""),
        ("https://example.com/a8Fk2LmQ9z", ""),
        ("https://www.tiktok.com/@copwatch_co/video/7261934002817", ""),
        ("https://x.com/some_user_name/status/1234567890", ""),
        ("https://youtu.be/a-b_cdEF12x", ""),
        (
            "https://www.tiktok.com/@streetclipz/video/man-shoots-at-chp-patrol-car-compton-takeover",
            "man shoots at chp patrol car compton takeover",
        ),
        ("https://www.youtube.com/watch?v=police-kill-unarmed-teen-at-parade", "police kill unarmed teen at parade"),
        ("https://x.com/la/status/1722190?text=man-fires-gun-at-chp-officer", "man fires gun at chp officer"),
        ("https://www.instagram.com/reel/CQhT7bXn0aP/?igshid=MzRlODBiNWFlZA==", ""),
        ("https://www.instagram.com/reel/Cv99xLp?cop-shoots-unarmed-woman", "cop shoots unarmed woman"),
        ("https://www.tiktok.com/@a/video/6912?is_from_webapp=1&sender_device=pc", ""),
        ("not a link", ""),
    ],
)
def test_slug_words(url: str, words: str) -> None:
    """The words of an article's path, without ids or extensions; of a platform whose paths are ids, only a segment
    written as a title (words joined by hyphens).
    """
    assert slug_words(url) == words


def test_host_key_folds_hosts_like_canonicalize() -> None:
    """The cheap host guess agrees with the canonical host, and gives up on wrappers."""
    for url in ("https://mobile.twitter.com/a/status/1", "https://youtu.be/dQw4w9WgXcQ", "https://WWW.Example.com/x"):
        canonical = canonicalize(url)
        assert canonical is not None
        assert host_key(url) == canonical.split("/")[2]
    assert host_key("https://www.google.com/amp/s/example.com/x") is None


def test_public_suffixes_come_from_the_bundled_list_without_network_or_disk(monkeypatch, tmp_path):
    """tldextract is told never to fetch the list nor to cache it: the snapshot in the package is used."""
    import socket

    from knowledge.matching import urls

    def refuse(*_args, **_kwargs):
        raise AssertionError("no network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tmp_path / "cache"))
    urls._suffixes.cache_clear()

    assert urls.has_public_suffix("news.bbc.co.uk")
    assert urls.has_public_suffix("example.lu")
    assert not urls.has_public_suffix("report.txt")
    assert not urls.has_public_suffix("co.uk")  # a suffix alone names no site
    assert not (tmp_path / "cache").exists()
