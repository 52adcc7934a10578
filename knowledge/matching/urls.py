"""Links in messages: find them, reduce each to one canonical form, and read the words of article slugs.

Nothing is fetched. Canonical forms are ``https://host/path?query`` with the host lowercased and stripped of
``www.``/``m.``/``amp.``, tracking parameters and fragments dropped, AMP variants folded, and the big platforms'
many hosts reduced to one form (a tweet by its status id, a YouTube video by its id, a Reddit post by its id).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import tldextract
from yarl import URL

from knowledge.matching import _platforms as platforms
from knowledge.matching._lexicon import word_set

_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'`|\\^{}]+"
    r"|(?<![\w@.-])(?=[a-z0-9.-]+/)(?P<bare>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59}))"
    r"/[^\s<>\"'`|\\^{}]*",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"*_~"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}
_EMBEDDED_SCHEME = re.compile(r"(?<=.)(?=https?://)", re.IGNORECASE)
MAX_URL_CHARS = 2048


def _trim(link: str) -> str:
    """Drop trailing punctuation and closing brackets that are not part of the link."""
    counts = {char: link.count(char) for char in "()[]{}<>"}
    end = len(link)
    while end:
        last = link[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in _PAIRS and counts[_PAIRS[last]] < counts[last]:
            counts[last] -= 1
            end -= 1
        else:
            break
    return link[:end]


@functools.cache
def _suffixes() -> tldextract.TLDExtract:
    """The Public Suffix List snapshot bundled with tldextract: never fetched, never cached on disk."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@functools.lru_cache(maxsize=4096)
def has_public_suffix(host: str) -> bool:
    """Whether ``host`` ends in a public suffix (ICANN's part of the list) with a name before it."""
    parts = _suffixes()(host.lower())
    return bool(parts.suffix and parts.domain)


def extract_links(text: str) -> list[str]:
    """The links written in a text, in order, as written (trailing punctuation and brackets removed).

    Finds plain links, ``<...>``-wrapped links, markdown ``[text](link)``, links in parentheses and
    scheme-less ones (``www.example.com/...``, ``example.com/path``); a scheme-less one counts only when its host
    ends in a public suffix (`has_public_suffix`).
    """
    found: list[str] = []
    if "/" not in text and "www." not in text.lower():  # what every link has: the search would find nothing
        return found
    for match in _LINK.finditer(text):
        if match.group("bare") and not has_public_suffix(match.group("bare")):
            continue  # "file.txt/..." or "v1.2/...": no public suffix, not a link
        for part in _EMBEDDED_SCHEME.split(match.group(0)):
            link = _trim(part)
            if "." in link and len(link) > len("a.co/"):
                found.append(link)
    return found


_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "www-m.")
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/?#\s]*@)?([^/:?#\s]+)", re.IGNORECASE)


def host_key(url: str) -> str | None:
    """A cheap guess at the host a link's canonical form will have (no parsing), or None if only
    `canonicalize` can tell (redirect and AMP-cache wrappers). For skipping links that cannot match.
    """  # noqa: D205
    found = _HOST.match(url.strip())
    if not found:
        return ""
    host = _strip_prefixes(found.group(1).lower().rstrip("."))
    if host.endswith("ampproject.org") or host.startswith("google.") or host in ("l.facebook.com", "lm.facebook.com"):
        return None
    if platforms.is_twitter(host):
        return "x.com"
    if platforms.is_youtube(host):
        return "youtube.com"
    if platforms.is_reddit(host):
        return "reddit.com"
    return host


_VALID_HOST = re.compile(r"[a-z0-9._:-]+", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_OPAQUE = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)


def _parse(url: str) -> URL | None:
    url = url.strip()
    if not _SCHEME.match(url):
        if _OPAQUE.match(url):
            return None
        url = "https://" + url.lstrip("/")
    try:
        parsed = URL(url)
    except (ValueError, IndexError, TypeError, UnicodeError):
        return None
    host = parsed.raw_host or ""
    if parsed.scheme not in ("http", "https") or "." not in host.strip(".") or not _VALID_HOST.fullmatch(host):
        return None
    return parsed


def _host(parsed: URL) -> str:
    return _strip_prefixes((parsed.host or "").strip(".").lower())


def _strip_prefixes(host: str) -> str:
    """Drop "www.", "m.", "mobile.", "amp." (repeatedly: "www.m.") while a domain remains."""
    stripped = True
    while stripped:
        stripped = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host, stripped = host.removeprefix(prefix), True
    return host


def _plain_path(path: str) -> str:
    path = re.sub(r"/+", "/", path)
    path = re.sub(r"/amp(?:\.html)?/?$", "", path, flags=re.IGNORECASE)
    return path.rstrip("/") or "/"


def _generic(parsed: URL, host: str) -> str:
    query = [
        (key, value)
        for key, value in parsed.query.items()
        if not platforms.is_tracking(key, value) and not (key.lower() == "outputtype" and value.lower() == "amp")
    ]
    canonical = URL.build(scheme="https", host=host, path=_plain_path(parsed.path))
    if query:
        canonical = canonical.with_query(sorted(query))
    return str(canonical)


_Handler = Callable[[URL, str], "str | None"]
_HANDLERS: tuple[tuple[Callable[[str], bool], _Handler], ...] = (
    (platforms.is_twitter, platforms.twitter),
    (platforms.is_youtube, platforms.youtube),
    (platforms.is_reddit, platforms.reddit),
)


def canonicalize(url: str, _depth: int = 0) -> str | None:
    """The canonical form of a web link, or None if it is not an http(s) link with a host."""
    if len(url) > MAX_URL_CHARS:
        return None
    parsed = _parse(url)
    if parsed is None:
        return None
    host = _host(parsed)
    inner = platforms.unwrap(parsed, host)
    if inner is not None and _depth < 3:
        return canonicalize(inner, _depth + 1)
    try:
        for applies, handler in _HANDLERS:
            if applies(host):
                special = handler(parsed, host)
                if special is not None:
                    return special
        return _generic(parsed, host)
    except (ValueError, IndexError, TypeError, UnicodeError):  # yarl refuses some hosts or paths only when building
        return None


_SLUG_SPLIT = re.compile(r"[-_.+~,!:;=()\[\]]+|%20|\s+")
_SLUG_SKIP = word_set(
    """
    html htm php asp aspx jsp shtml amp index story article articles news www com comments status wiki
    """
)


_TITLED = re.compile(r"^[a-z]+(?:-[a-z0-9]+){2,}$")
"""A path segment that is a title in words ("man-shoots-at-chp-patrol-car"), not an id or a user name: lowercase
words joined by hyphens (ids mix cases and digits; user names take underscores, not hyphens)."""


def _titled_words(parsed: URL) -> str:
    """The words of a platform link's segments, query names or values written as a title ("tiktok.com/@user/video/
    man-shoots-at-chp", "x.com/user/status/1722190?text=man-fires-gun-at-chp", "instagram.com/reel/Cv9?cop-shoots-
    woman"), "" for ids and user names.
    """  # noqa: D205
    segments = [*parsed.path.split("/"), *parsed.query.keys(), *parsed.query.values()]
    titled = [segment for segment in segments if _TITLED.match(segment)]
    return " ".join(part for segment in titled for part in segment.split("-") if part.isalpha())


def slug_words(url: str) -> str:
    """The words in a link's path (an article's slug), space-separated; "" when there are none.

    Ids, long numbers and file extensions are left out; of platforms whose paths are ids, only segments written as
    a title are read.
    """
    parsed = _parse(url)
    inner = platforms.unwrap(parsed, _host(parsed)) if parsed is not None else None
    if inner is not None:
        parsed = _parse(inner)
    if parsed is None:
        return ""
    if platforms.ids_only(_host(parsed)):
        return _titled_words(parsed)
    found: list[str] = []
    for segment in parsed.path.split("/"):
        parts = [part for part in _SLUG_SPLIT.split(segment) if part]
        if len(parts) == 1 and not parts[0].isalpha():
            continue
        found.extend(
            part.lower()
            for part in parts
            if (part.isalpha() and len(part) > 1 and part.lower() not in _SLUG_SKIP)
            or (part.isdigit() and len(parts) > 2 and len(part) <= 4)
        )
    return " ".join(found)
