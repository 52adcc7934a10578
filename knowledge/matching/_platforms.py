"""Per-platform link rules for `urls.canonicalize`: tracking parameters, redirect wrappers, X, YouTube, Reddit."""

from __future__ import annotations

import re

from yarl import URL

from knowledge.matching._lexicon import word_set

_TRACKING_KEYS = word_set(
    """
    fbclid gclid dclid gbraid wbraid msclkid yclid twclid ttclid li_fat_id mc_cid mc_eid igshid igsh si ref
    ref_src ref_url refsrc referrer src_ref share_id mibextid __tn__ __cft__ _ga _gl _hsenc _hsmi spm
    feature amp cmpid cmp ncid ocid sr_share smid partner xtor at_medium at_campaign rdt share_source
    """
)
_TRACKING_PREFIXES = ("utm_", "__cft__", "at_", "pk_", "mtm_", "hsa_", "oly_")


def is_tracking(key: str, value: str) -> bool:
    """Whether a query parameter only tracks the click (utm_*, fbclid, gclid, si, ref, ...).

    Hand-written on purpose: the list decides which links count as the same page, so it must change only with the
    matcher's tests. Maintained lists (ClearURLs' per-site rules, courlan's tracker pattern) change with their
    releases, and each change would re-key learned links and cached previews on an upgrade; several parameters
    here (``si``, ``feature``, ``smid``) are chosen for the platforms this bot sees.
    """
    key = key.lower()
    if key == "amp" and value.lower() not in ("", "1", "true", "yes"):
        return False
    return key in _TRACKING_KEYS or key.startswith(_TRACKING_PREFIXES)


_TWITTER_HOSTS = word_set(
    """
    twitter.com x.com mobile.twitter.com mobile.x.com vxtwitter.com fxtwitter.com fixupx.com fixvx.com
    twittpr.com fxtwitter.org nitter.net nitter.poast.org nitter.privacydev.net xcancel.com twstalker.com
    d.fxtwitter.com d.vxtwitter.com
    """
)
_YOUTUBE_HOSTS = word_set(
    """
    youtube.com youtu.be youtube-nocookie.com music.youtube.com gaming.youtube.com m.youtube.com
    """
)
_REDDIT_HOSTS = word_set(
    """
    reddit.com old.reddit.com new.reddit.com np.reddit.com i.reddit.com redd.it
    """
)
_IDS_ONLY_HOSTS = (
    _TWITTER_HOSTS
    | _YOUTUBE_HOSTS
    | word_set(
        """
    tiktok.com vm.tiktok.com instagram.com facebook.com fb.watch t.co bit.ly tinyurl.com rumble.com
    pic.twitter.com x.com youtube.com
    """
    )
)


def is_twitter(host: str) -> bool:
    """Whether the host serves X (Twitter) posts, directly or as a mirror/embed fixer."""
    return host in _TWITTER_HOSTS or host.startswith("nitter.")


def is_youtube(host: str) -> bool:
    """Whether the host serves YouTube videos."""
    return host in _YOUTUBE_HOSTS


def is_reddit(host: str) -> bool:
    """Whether the host serves Reddit posts."""
    return host in _REDDIT_HOSTS


def ids_only(host: str) -> bool:
    """Whether the platform's paths are ids or user names rather than words worth matching."""
    return host in _IDS_ONLY_HOSTS or host == "redd.it" or is_twitter(host)


_STATUS = re.compile(r"^/(?:i/web/|i/)?(?:[A-Za-z0-9_]+/)?status(?:es)?/(\d+)", re.IGNORECASE)


def twitter(parsed: URL, host: str) -> str | None:
    """``https://x.com/i/status/<id>`` for a post, ``https://x.com/<user>`` for a profile."""
    status = _STATUS.match(parsed.path)
    if status:
        return f"https://x.com/i/status/{status.group(1)}"
    parts = [part for part in parsed.path.split("/") if part]
    if len(parts) == 1 and re.fullmatch(r"[A-Za-z0-9_]{1,15}", parts[0]):
        return f"https://x.com/{parts[0].lower()}"
    return None


_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_YOUTUBE_PATH = re.compile(r"^/(?:shorts|embed|live|v|e)/([A-Za-z0-9_-]{6,20})", re.IGNORECASE)


def youtube(parsed: URL, host: str) -> str | None:
    """``https://youtube.com/watch?v=<id>`` for a video (timestamps and playlists dropped)."""
    video: str | None = None
    if host == "youtu.be":
        video = parsed.path.strip("/").split("/")[0]
    elif parsed.path.rstrip("/") in ("/watch", "/attribution_link"):
        video = parsed.query.get("v")
    else:
        found = _YOUTUBE_PATH.match(parsed.path)
        video = found.group(1) if found else None
    if video and _VIDEO_ID.match(video):
        return f"https://youtube.com/watch?v={video}"
    return None


_REDDIT_POST = re.compile(r"^/(?:r/[^/]+/|user/[^/]+/|u/[^/]+/)?comments/([a-z0-9]+)", re.IGNORECASE)


def reddit(parsed: URL, host: str) -> str | None:
    """``https://reddit.com/comments/<id>`` for a post, whatever the host, subreddit or slug."""
    if host == "redd.it":
        post = parsed.path.strip("/").split("/")[0]
        return f"https://reddit.com/comments/{post.lower()}" if post.isalnum() else None
    found = _REDDIT_POST.match(parsed.path)
    if found:
        return f"https://reddit.com/comments/{found.group(1).lower()}"
    return None


_AMP_CACHE = re.compile(r"^/(?:[a-z]/)*s/(.+)$", re.IGNORECASE)


def unwrap(parsed: URL, host: str) -> str | None:
    """The link inside a redirect or AMP-cache wrapper (Google, Facebook, AMP cache), else None."""
    if host.endswith("cdn.ampproject.org"):
        found = _AMP_CACHE.match(parsed.path)
        return "https://" + found.group(1) if found else None
    if host.startswith("google.") and parsed.path.startswith("/amp/s/"):
        return "https://" + parsed.path.removeprefix("/amp/s/")
    if (host.startswith("google.") and parsed.path == "/url") or host in ("l.facebook.com", "lm.facebook.com"):
        target = parsed.query.get("q") or parsed.query.get("url") or parsed.query.get("u")
        return target if target and target.startswith(("http://", "https://")) else None
    return None
