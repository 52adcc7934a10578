"""Decoding an HTML page and reading the metadata it declares about itself."""

import codecs
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode
from yarl import URL

from bot.links.result import PageMetadata

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# WHATWG Encoding: these labels mean windows-1252; a <meta> naming UTF-16 or UTF-7 is ignored.
_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "utf-7": "utf-8"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_META_KEYS = {
    "og:title": "og_title",
    "og:description": "og_description",
    "twitter:title": "twitter_title",
    "twitter:description": "twitter_description",
    "description": "description",
}


@dataclass(frozen=True, slots=True)
class TextLimits:
    """Caps applied to extracted fields, in characters."""

    title: int = 300
    description: int = 1000
    url: int = 2048


def decode_html(body: bytes, header_charset: str | None) -> str:
    """Decode a page using its BOM, then the header charset, then a `<meta>` charset, then UTF-8.

    Undecodable bytes become U+FFFD; an unknown charset falls back to UTF-8.

    Hand-written rather than charset-normalizer: this follows the WHATWG encoding rules browsers use (BOM first,
    latin-1 labels meaning windows-1252, a `<meta>` never switching to UTF-16), a deterministic order, not a guess.
    Tried as the fallback for undeclared pages, charset-normalizer 3.5.2 read a 900-byte French windows-1252 page as
    cp1257 ("à" became "ą"), a wrong title being worse than a replacement character.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    declared = header_charset or _meta_charset(body[:_SNIFF_BYTES])
    from_meta = header_charset is None
    return body.decode(_codec_name(declared, from_meta=from_meta), errors="replace")


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _codec_name(label: str | None, *, from_meta: bool) -> str:
    if not label:
        return "utf-8"
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return "utf-8"
    if from_meta and name.startswith("utf-16"):
        return "utf-8"
    return _ALIASES.get(name, name)


def clean_text(text: str | None, limit: int) -> str | None:
    """Drop control characters, collapse whitespace and cap at `limit` characters; None if nothing is left."""
    if not text:
        return None
    collapsed = " ".join(_CONTROL.sub("", text).split())
    return collapsed[:limit].rstrip() or None


def extract_metadata(html: str, base_url: URL, limits: TextLimits) -> PageMetadata:
    """Read title, OpenGraph, Twitter card, description and canonical link from `html`."""
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("head > title") or tree.css_first("title")
    metas = _meta_values(tree)
    return PageMetadata(
        title=clean_text(title_node.text() if title_node else None, limits.title),
        og_title=clean_text(metas.get("og_title"), limits.title),
        og_description=clean_text(metas.get("og_description"), limits.description),
        twitter_title=clean_text(metas.get("twitter_title"), limits.title),
        twitter_description=clean_text(metas.get("twitter_description"), limits.description),
        description=clean_text(metas.get("description"), limits.description),
        canonical_url=_canonical(tree, base_url, limits.url),
    )


def _meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    """Map field names to the first matching `<meta>` content (by `property` or `name`)."""
    values: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attributes = _lower_keys(node)
        content = attributes.get("content")
        for key_attribute in ("property", "name"):
            field_name = _META_KEYS.get((attributes.get(key_attribute) or "").strip().lower())
            if field_name and content and field_name not in values:
                values[field_name] = content
    return values


def _canonical(tree: LexborHTMLParser, base_url: URL, limit: int) -> str | None:
    for node in tree.css("link[rel][href]"):
        attributes = _lower_keys(node)
        if "canonical" not in (attributes.get("rel") or "").lower().split():
            continue
        try:
            url = base_url.join(URL((attributes.get("href") or "").strip()))
        except (ValueError, TypeError):
            return None
        text = str(url.with_fragment(None))
        if url.scheme not in ("http", "https") or not url.raw_host or len(text) > limit:
            return None
        return text
    return None


def _lower_keys(node: LexborNode) -> dict[str, str | None]:
    return {key.lower(): value for key, value in node.attributes.items()}
