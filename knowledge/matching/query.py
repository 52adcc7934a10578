"""A message taken apart for matching: its words, its links (canonical), their slugs and any fetched pages."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from knowledge.matching import urls
from knowledge.matching.fuzzy import TypoCorrector
from knowledge.matching.hashtags import split_tags
from knowledge.matching.pretext import say_pretext
from knowledge.matching.text import Analysis, analyze, compile_rewritings, normalize, plain_message, stem_words
from knowledge.matching.types import EvidenceKind, LinkPage
from knowledge.matching.views import Alias, View

MAX_CHARS = 8000
"""Longer messages are cut: a Discord message has at most 4,000 characters."""
MAX_LINKS = 20
"""Links beyond this many are ignored (a message with hundreds of links is spam, not a claim)."""
MIN_SLUG_WORDS = 3
_GLUED_PIC = re.compile(r"(\S)(pic\.twitter\.com/)")
_ATTRIBUTION_DATE = re.compile(r"(\(@\w{1,15}\))\s+[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\s*$")


@dataclass(frozen=True)
class Query:
    """What the matcher reads from one message.

    Attributes:
        views: The message's words first, then link slugs and pages.
        links: The canonical links that may be known links or sources, in order, without duplicates.
        word_count: Words outside links.
        read_from: For links found only in fetched pages (a page's address or canonical link): the page's address.
    """

    views: tuple[View, ...]
    links: tuple[str, ...]
    word_count: int
    read_from: Mapping[str, str] = field(default_factory=dict)
    checked: dict[tuple[int, int], Any] = field(default_factory=dict, compare=False)
    """Memo of the event checks made on this message, per incident (see the matcher)."""
    roles: dict[tuple[object, int], Any] = field(default_factory=dict, compare=False)
    """Memo of the police's part in each view, per incident's agency words."""
    read: dict[Callable[[str], Any], Any] = field(default_factory=dict, compare=False)
    """Memo of what is read of the message's own text, per reading function (see the matcher)."""
    plain: str = ""
    """The message's own text, links left out."""
    context: frozenset[str] = frozenset()
    """Incidents the conversation named just before the message."""

    @property
    def message(self) -> View:
        """The view of the message's own words."""
        return self.views[0]


def split_links(text: str) -> tuple[str, list[str]]:
    """The text without its links (each replaced by a space) and the links found, at most `MAX_LINKS`."""
    text = text[:MAX_CHARS]
    if "pic.twitter.com/" in text:
        text = _GLUED_PIC.sub(r"\1 \2", text)
    found = urls.extract_links(text)
    for link in sorted(set(found), key=len, reverse=True):
        text = text.replace(link, " ")
    text = text.strip()
    if "(@" in text:
        text = _ATTRIBUTION_DATE.sub(r"\1", text)
    return text, found[:MAX_LINKS]


def canonical_links(found: Sequence[str]) -> list[str]:
    """Canonical forms of links, in order, without duplicates or non-web links."""
    canonical = (urls.canonicalize(link) for link in found)
    return list(dict.fromkeys(link for link in canonical if link))


def corrected(analysis: Analysis, typos: TypoCorrector) -> tuple[Analysis, frozenset[int]]:
    """The analysis with unknown words one typo away from a known word replaced by it."""
    known, fixes = typos.known, {}
    for index, (word, term) in enumerate(zip(analysis.words, analysis.terms, strict=True)):
        if term and word not in known:
            fix = typos.correct(word)
            if fix:
                fixes[index] = fix
    if not fixes:
        return analysis, frozenset()
    stems = list(analysis.stems)
    for index, fix in zip(fixes, stem_words(list(fixes.values())), strict=True):
        stems[index] = fix
    return analysis.with_stems(stems), frozenset(fixes)


@dataclass(frozen=True)
class Vocabulary:
    """What the knowledge base knows about words and links: typo targets, aliases, weights, link hosts."""

    typos: TypoCorrector
    aliases: Sequence[Alias] = ()
    weigh: Mapping[str, float] | None = None
    hosts: frozenset[str] | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    """Keywords as written inside a lowercase hashtag, with their words (`hashtags.tag_keys`)."""

    def may_know(self, link: str) -> bool:
        """Whether a link's host is one of the known links' or sources' (else it cannot be one of them)."""
        if self.hosts is None:
            return True
        host = urls.host_key(link)
        return host is None or host in self.hosts

    def view(self, kind: EvidenceKind, label: str, text: str, *, normalized: bool = False) -> View:
        """Analyse a text into a view, typos corrected and aliases found; a message's killing for a pretext reads
        "for no reason" (`pretext`).
        """  # noqa: D205
        said = text if normalized else say_pretext(plain_message(normalize(text)))
        analysis, fixed = corrected(analyze(said, normalized=True), self.typos)
        return View(kind, label, analysis, fixed, self.aliases, self.weigh)


def prepare_reading() -> None:
    """Load what reading messages needs once per process (the Public Suffix List, the rewriting patterns: about
    0.1 s), so that the first messages read do not wait for it.
    """  # noqa: D205
    urls.has_public_suffix("example.com")
    compile_rewritings()


def build_query(text: str, pages: Sequence[LinkPage], vocabulary: Vocabulary, context: Collection[str] = ()) -> Query:
    """Take a message (and pages read from its links) apart into views."""
    plain, found = split_links(text)
    plain = split_tags(plain, vocabulary.tags)
    message = vocabulary.view("text", "", plain)
    views = [message]
    for link in found:
        slug = urls.slug_words(link)
        if len(slug.split()) >= MIN_SLUG_WORDS:
            said = plain_message(normalize(slug))  # slang in a headline too ("officer-guns-down-unarmed-teen")
            views.append(vocabulary.view("slug", urls.canonicalize(link) or link, said, normalized=True))
    for page in pages[:MAX_LINKS]:
        page_text = ". ".join(part for part in (page.title, page.description) if part)[:MAX_CHARS]
        if page_text:
            views.append(vocabulary.view("page", page.canonical_url or page.url, page_text))
    page_links = [link for page in pages[:MAX_LINKS] for link in (page.url, page.canonical_url) if link]
    links = canonical_links([link for link in (*found, *page_links) if vocabulary.may_know(link)])
    read_from = _read_from(found, pages[:MAX_LINKS])
    words = len(message.analysis.words)
    return Query(tuple(views), tuple(links), words, read_from, plain=plain, context=frozenset(context))


def _read_from(found: Sequence[str], pages: Sequence[LinkPage]) -> dict[str, str]:
    """Canonical links named only by fetched pages, each with the address of the page that named it."""
    if not pages:
        return {}
    posted = set(canonical_links(found))
    named: dict[str, str] = {}
    for page in pages:
        for link in canonical_links([link for link in (page.url, page.canonical_url) if link]):
            if link not in posted:
                named.setdefault(link, page.url)
    return named
