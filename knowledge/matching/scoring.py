"""Fine scoring of one candidate claim against a message, on a 0-100 scale, with the reasons.

The score is mostly *coverage*: how much of the best-matching wording of the claim (its text or a phrasing)
the message contains. Each word is weighted by how much it tells: rarer words more once there are enough
claims for frequencies to mean something, low-information words half, words most wordings of the claim share
(its core) and words only this claim of its incident uses more. Synonyms and typo fixes count slightly less, a
word negated the other way ("no one shot") counts against. Words found close together add a little; a message
matching few of the claim's words in all, or mostly about other matters, loses some. Then the event: no name
or place of the incident (when it has some), a documented near miss, or the police's part reversed (shooting
rather than shot at) lower the score; among many claims, so does a BM25 score far below the best candidate's.
The raw value is mapped onto 0-100 by calibration knots set on the labelled messages.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from knowledge.matching.catalog import ClaimEntry
from knowledge.matching.index import Bm25Index
from knowledge.matching.keywords import Anchor
from knowledge.matching.phrases import Phrase
from knowledge.matching.roles import Role
from knowledge.matching.text import base_term, is_negated
from knowledge.matching.types import Evidence
from knowledge.matching.views import View


@dataclass(frozen=True)
class ScoreParams:
    """The weights of the score; defaults tuned on the labelled messages and CheckThat train/dev.

    Attributes:
        min_weight: Wordings with less weight than this (in plain term weights) cannot be fully covered.
        pair_share: Share of the fit given to consecutive words of the wording found close together.
        explained_share: Share of the score that depends on how much of the message the claim accounts for.
        bm25_power: Exponent of the BM25 ratio to the best candidate, scaled down for small knowledge bases.
        negligible: Candidates whose BM25 ratio alone keeps them under this factor are not scored.
        trust: Claims needed before term frequencies (IDF, BM25) get half their say.
        unanchored: Factor when the message names none of the incident's names or places.
        near_miss: Factor when the message uses words pointing to a documented near miss.
        pair_distance: Words at most this far apart count as close.
        distinctive: Weight multiplier of words only this claim of its incident uses.
        anchor_swap: Credit for a place word of the wording when the message names another place of the incident.
        consensus: Extra weight of a word all wordings of a claim share (see `phrases.emphasize`).
        role_swap: Factor when the message has the police's part reversed.
        evidence_weight: Plain weight of matched words under which the fit is scaled down.
        evidence_share: How much of the fit that scaling can take away.
        calibration: Raw value -> score knots.
    """

    min_weight: float = 4.0
    pair_share: float = 0.1
    explained_share: float = 0.25
    bm25_power: float = 8.0
    negligible: float = 0.05
    trust: float = 200.0
    unanchored: float = 0.75
    near_miss: float = 0.6
    pair_distance: int = 3
    distinctive: float = 1.8
    anchor_swap: float = 0.8
    consensus: float = 1.0
    role_swap: float = 0.6
    evidence_weight: float = 4.0
    evidence_share: float = 0.5
    calibration: tuple[tuple[float, float], ...] = ((0.0, 0.0), (0.40, 40.0), (0.62, 80.0), (0.80, 95.0), (1.0, 100.0))
    """Raw fit -> score knots, tuned so that 80 (the default reply threshold) sits above every labelled negative."""


@dataclass(slots=True)
class TextFit:
    """How well one view fits one wording of the claim."""

    value: float
    phrase: Phrase
    view: View
    matched: tuple[int, ...]
    covered: set[int]


Weigh = Mapping[str, float]


@dataclass(slots=True)
class FitContext:
    """What fitting a claim's wordings needs besides the wording and the view.

    Attributes:
        weigh: The weight of each term.
        params: The score's weights.
        places: Terms naming the incident's place (city, streets); another of them may stand in for one.
        placed: Whether the message names the incident's place.
        distinctive: Terms only this claim of its incident uses; they count more.
        names: For each word of a person's full name, its other words (a message naming the person by one).
    """

    weigh: Weigh
    params: ScoreParams
    places: frozenset[str] = frozenset()
    placed: bool = False
    distinctive: frozenset[str] = frozenset()
    names: Mapping[str, frozenset[str]] = field(default_factory=dict)


class Totals(NamedTuple):
    """What fitting a wording needs of all its terms, worked out once per claim.

    A fit then only reads the terms the view has.

    Attributes:
        total: The sum of its terms' weights: plain, times their emphasis, more when only this claim uses them.
        enough: How much of `ScoreParams.min_weight` its terms' plain weights reach (at most 1).
        standins: Its terms that another of the incident's places or names may stand in for.
    """

    total: float
    enough: float
    standins: frozenset[str]


def wording_totals(
    texts: Sequence[Phrase], weigh: Weigh, params: ScoreParams, distinctive: frozenset[str], standins: Collection[str]
) -> tuple[Totals, ...]:
    """The totals of a claim's wordings: `distinctive` are the terms only this claim of its incident uses,
    `standins` its incident's places and people's names.
    """  # noqa: D205
    return tuple(_totals(phrase, weigh, params, distinctive, standins) for phrase in texts)


def _totals(
    phrase: Phrase, weigh: Weigh, params: ScoreParams, distinctive: frozenset[str], standins: Collection[str]
) -> Totals:
    total = base_total = 0.0
    for term, extra in zip(phrase.terms, phrase.emphasis or _ONES * len(phrase.terms), strict=True):
        base = weigh[term]
        total += base * extra * (params.distinctive if term in distinctive else 1.0)
        base_total += base
    standing = frozenset(term for term in phrase.terms if term in standins) or _NONE
    return Totals(total, min(1.0, base_total / params.min_weight), standing)


_NONE: frozenset[str] = frozenset()


def context_totals(texts: Sequence[Phrase], context: FitContext) -> tuple[Totals, ...]:
    """The wordings' totals for a fit context (`wording_totals`)."""
    standins = context.places | context.names.keys()
    return wording_totals(texts, context.weigh, context.params, context.distinctive, standins)


def fit(
    phrase: Phrase, totals: Totals, view: View, context: FitContext, evidence: dict[str, float], covered: set[int]
) -> TextFit:
    """Coverage of one wording by one view, with a share for words found close together.

    Each matched term's plain weight (times its credit) goes into `evidence`, keeping the best per term, and
    the view positions it matched into `covered`. Terms the view does not have add nothing but to `totals`.
    """
    params, standins, distinctive = context.params, totals.standins, context.distinctive
    weigh, known, lookup = context.weigh.__getitem__, view.credits.get, view.lookup
    anchor_swap, near = params.anchor_swap, params.pair_distance
    swap = anchor_swap if context.placed else 0.0
    limit = max(swap, anchor_swap)
    matched_weight = 0.0
    first: list[int] = []
    close = 0
    previous: int | None = None
    for term, extra in zip(phrase.terms, phrase.emphasis or _ONES * len(phrase.terms), strict=True):
        credit, found = known(term) or lookup(term)
        if standins and credit < limit and term in standins:
            credit = _stand_in(term, credit, view, context, swap)
        if not credit:  # adds nothing, and nothing close to the next term
            previous = None
            continue
        base = weigh(term)
        matched_weight += base * extra * (params.distinctive if term in distinctive else 1.0) * credit
        position = None
        if credit >= 0.5:
            if found:
                position = found[0]
                first.append(position)
                covered.update(found)
            if base * credit > evidence.get(term, 0.0):
                evidence[term] = base * credit
        if previous is not None and position is not None and abs(previous - position) <= near:
            close += 1
        previous = position
    pairs = len(phrase.terms) - 1
    total = totals.total
    coverage = matched_weight / total * totals.enough if total else 0.0
    together = close / pairs if pairs else coverage
    value = (1.0 - params.pair_share) * coverage + params.pair_share * together
    return TextFit(value, phrase, view, tuple(first), covered)


def _stand_in(term: str, credit: float, view: View, context: FitContext, swap: float) -> float:
    """A term's credit when another place of the incident (named in the message) or another word of a person's
    name said in the view stands in for it.
    """  # noqa: D205
    anchor_swap = context.params.anchor_swap
    if credit < swap and term in context.places:
        return swap
    if credit < anchor_swap and term in context.names and _named(view, context.names[term]):
        return anchor_swap
    return credit


_ONES = (1.0,)


def _named(view: View, others: frozenset[str]) -> bool:
    """Whether the view says another word of the same person's name."""
    return any(view.lookup(other)[0] >= 0.85 for other in others)


def best_fit(
    texts: Sequence[Phrase], view: View, context: FitContext, totals: Sequence[Totals] | None = None
) -> TextFit:
    """The best wording for one view, scaled down when the view matches little of the claim's words in all.

    `totals`: the wordings' totals (`wording_totals`), when kept from before.
    """
    totals = totals if totals is not None else context_totals(texts, context)
    evidence: dict[str, float] = {}
    covered: set[int] = set()
    keys = view.keys
    open_ended = context.placed or not keys.isdisjoint(context.names)
    useful = [
        (phrase, each)
        for phrase, each in zip(texts, totals, strict=True)
        if open_ended or not phrase.keys or not keys.isdisjoint(phrase.keys)
    ]
    (phrase, each), *others = useful or [(texts[0], totals[0])]
    best = fit(phrase, each, view, context, evidence, covered)
    for phrase, each in others:
        fitted = fit(phrase, each, view, context, evidence, covered)
        if fitted.value > best.value:  # the first best
            best = fitted
    params = context.params
    enough = min(1.0, sum(evidence.values()) / params.evidence_weight)
    value = best.value * (1.0 - params.evidence_share + params.evidence_share * enough)
    return TextFit(value, best.phrase, best.view, best.matched, covered)


def calibrate(raw: float, knots: Sequence[tuple[float, float]]) -> float:
    """Map a raw fit (0-1) onto the 0-100 score by linear interpolation between knots."""
    raw = min(1.0, max(0.0, raw))
    for (x0, y0), (x1, y1) in itertools.pairwise(knots):
        if raw <= x1:
            return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1
    return knots[-1][1]


def _close(first: int | None, second: int | None, distance: int) -> bool:
    return first is not None and second is not None and abs(first - second) <= distance


def explained(fitted: TextFit, extra_terms: Sequence[str]) -> float:
    """The share of the view's words (by weight) that the claim accounts for: those any of its wordings
    matched, and the incident's title and keywords.
    """  # noqa: D205
    view = fitted.view
    if not view.total_weight:
        return 0.0
    positions, exact = set(fitted.covered), view.exact
    for term in extra_terms:
        if term in exact:  # most are not: no update to call
            positions.update(exact[term])
    weights = view.weights
    size = len(weights)
    return sum(weights[p] for p in positions if p < size) / view.total_weight


@dataclass(slots=True)
class EventCheck:
    """Whether the message names the incident, and which near misses it points to."""

    anchored: bool | None
    placed: bool
    anchors: tuple[str, ...]
    near_misses: tuple[tuple[str, str], ...]
    thin: str = ""
    """When one keyword anchors the message, with what else ("has the police shot at, as the claim does")."""
    answerable: bool = True
    """Whether that is enough for an automatic answer (the claim's own words are; the police's part or the
    conversation is not: what meaning or stance adds then reaches review at most)."""
    scored_as_named: bool = False
    """Whether the words are scored as for a named incident (the police's part: then never answered on them)."""
    conversation: bool = False
    """Whether only the conversation (messages just before) names the incident."""


def check_event(entry: ClaimEntry, views: Sequence[View], starts: frozenset[str] | None = None) -> EventCheck:
    """Look for the incident's keywords and its near misses' terms in any view of the message; `starts`, their
    first stems (`event_starts`), tell a message with none of them at once (most chat).
    """  # noqa: D205
    if not entry.anchors and not entry.near_misses:
        return _NO_EVENT
    stems = views[0].stem_set.union(*(view.stem_set for view in views[1:]))
    if starts is not None and starts.isdisjoint(stems):
        return _UNNAMED if entry.anchors else _NO_EVENT
    found = _widest([anchor for anchor in entry.anchors if _said(anchor.phrase.stems, views, stems)])
    anchored = None if not entry.anchors else any(anchor.strong for anchor in found) or len(found) >= 2
    placed = any(term in entry.places for anchor in found for term in anchor.phrase.terms)
    misses: list[tuple[str, str]] = []
    for near_miss in entry.near_misses:
        for term in near_miss.terms:
            if _said_outright(term.stems, views, stems):
                misses.append((term.text, near_miss.description))
                break
    return EventCheck(anchored, placed, tuple(a.phrase.text for a in found), tuple(misses))


_NO_EVENT = EventCheck(None, False, (), ())
_UNNAMED = EventCheck(False, False, (), ())


def event_starts(entry: ClaimEntry) -> frozenset[str]:
    """The first stems of the incident's keywords and near misses' terms: a message with none says none of them."""
    phrases = [anchor.phrase.stems for anchor in entry.anchors]
    phrases += [term.stems for near_miss in entry.near_misses for term in near_miss.terms]
    return frozenset(stems[0] for stems in phrases if stems)


def _said_outright(phrase: Sequence[str], views: Sequence[View], stems: frozenset[str]) -> bool:
    """Whether a phrase occurs in a view not negated: "it was CHP, not the sheriffs" names no sheriffs' event."""
    if not phrase or phrase[0] not in stems:
        return False
    for view in views:
        start = view.position(phrase)
        if start is not None and not any(map(is_negated, view.analysis.terms[start : start + len(phrase)])):
            return True
    return False


def _said(phrase: Sequence[str], views: Sequence[View], stems: frozenset[str]) -> bool:
    """Whether a phrase (as stems) occurs in a view; `stems`, all the views' stems, rule out most phrases at once."""
    return bool(phrase) and phrase[0] in stems and any(view.contains_phrase(phrase) for view in views)


def _widest(found: list[Anchor]) -> list[Anchor]:
    """The keywords found, less the common words only found as part of a longer keyword ("takeover" in "street
    takeover", "necklace" in "pendant necklace"): the same words name the incident once. A name stays ("Duran" in
    "Alysha Duran"): a person's full name names an incident as well as two keywords do.
    """  # noqa: D205
    return [
        anchor
        for anchor in found
        if anchor.strong or not any(_inside(anchor.phrase.stems, other.phrase.stems) for other in found)
    ]


def _inside(part: Sequence[str], whole: Sequence[str]) -> bool:
    """Whether `part` is a shorter run of words within `whole`."""
    size = len(part)
    return size < len(whole) and any(tuple(whole[i : i + size]) == tuple(part) for i in range(len(whole) - size + 1))


_LINKED = {"slug": "link", "page": "page"}


def text_evidence(best: TextFit) -> Evidence:
    """The reason for a text, slug or page match, naming the words and the wording they match."""
    view = best.view
    said = " ".join(view.words[position] for position in sorted(set(best.matched)) if position < len(view.words))
    where = f"the {_LINKED[view.kind]} {view.label}" if view.kind in _LINKED else "the message"
    detail = f'{where} says "{said}", like the claim wording "{best.phrase.text}" ({round(best.value * 100)}% fit)'
    return Evidence(view.kind, said, detail)


def event_evidence(check: EventCheck) -> list[Evidence]:
    """Reasons from the event check: near misses found, or no name or place of the incident."""
    reasons = [
        Evidence("near-miss", term, f'mentions "{term}", which points to another event: {description}')
        for term, description in check.near_misses
    ]
    if check.anchored is False:
        reasons.append(Evidence("context", "", "names no place, person or agency of this incident"))
    elif check.thin and check.anchors:
        named = check.anchors[0]
        reasons.append(Evidence("context", named, f'names "{named}" and {check.thin}'))
    elif check.thin:
        reasons.append(Evidence("context", "", f"names nothing of the incident but {check.thin}"))
    return reasons


class TermWeights(dict[str, float]):
    """How much a term counts: low-information words half; rarer terms more once there are enough claims.

    With few claims document frequencies say little, so weights stay flat; with thousands they follow the
    index's IDF relative to a typical term's (`trust` claims give half the IDF's say). A dict filled on
    demand: look weights up with ``weights[term]``; terms the index does not know are not kept in it (the last
    `UNKNOWN_LIMIT` of them are, aside).
    """

    def __init__(self, index: Bm25Index, low_information: frozenset[str], trust: float = 200.0) -> None:
        super().__init__()
        self._index = index
        self._low = low_information
        self._unknown: dict[str, float] = {}
        self._say = index.size / (index.size + trust)
        frequencies = index.document_frequency
        occurrences = sum(frequencies.values())
        typical = sum(df * index.idf(term) for term, df in frequencies.items()) / occurrences if occurrences else 1.0
        self._typical = typical or 1.0
        for term in index.vocabulary:
            self.__missing__(term)

    def __missing__(self, term: str) -> float:
        unknown = self._unknown.get(term)
        if unknown is not None:
            return unknown
        base = base_term(term)
        ratio = min(3.0, max(0.25, self._index.idf(base) / self._typical))
        weight = (0.5 if base in self._low else 1.0) * (self._say * ratio + 1.0 - self._say)
        if base in self._index:
            self[term] = weight
        else:
            if len(self._unknown) >= UNKNOWN_LIMIT:
                self._unknown.clear()
            self._unknown[term] = weight
        return weight


UNKNOWN_LIMIT = 10_000
"""Weights of terms the index does not know remembered at once (messages repeat their words); emptied when full."""


def role_evidence(message: Role, claim: Role) -> Evidence:
    """The reason for a lower score when the message has the police's part reversed."""
    parts = {
        Role.AGENT: "the police shooting",
        Role.TARGET: "the police being shot at",
        Role.OTHER: "someone else shooting",
    }
    return Evidence("context", message.value, f"the message has {parts[message]}, the claim has {parts[claim]}")
