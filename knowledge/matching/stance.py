"""A message's stance towards a claim: asserting it, disputing it, or only mentioning the incident.

A message disputes a claim when it says one of the claim's contradicting facts (curated in the knowledge file
under ``contradictions``, e.g. "she fired first" against "police killed an innocent woman"), unless it says the
fact mockingly: in quotation marks, after "ah yes" or "supposedly", or calling it a lie ("the witness who said
she shot first is lying"). A message *denies* a contradicting fact, and so asserts the claim, when it says it
negated ("she never fired", "no gun was found in her car", "no way she shot first") or with the roles reversed
(the police as the one who did it: "the cop fired first" against "she fired first"). A contradicting fact
that names who did it counts when the message names the same one ("the driver fired first") or no one but
says more than the act ("was fired upon and returned fire"), and is denied when it names the other. Questions
("anyone know if someone shot at the sergeant?") only ask: they never go to review as incident-level items.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import pairwise

from knowledge.matching import _lexicon as lex
from knowledge.matching.phrases import Phrase
from knowledge.matching.roles import Role, by_whom, passive, police_role
from knowledge.matching.text import (
    analyze,
    base_term,
    is_negated,
    normalize,
    plain_message,
    repeats_as_object,
    stem,
)
from knowledge.matching.views import View, concept_of

FOUND = 0.85
"""Credit from which a word counts as said (exact or synonym, not a typo guess)."""
CONTRADICTION_COVERAGE = 0.8
"""Share of a contradicting fact's words (by count) a message must say, un-negated, to dispute the claim."""
SPREAD = 2
"""How many other words may come between the words of a contradicting fact."""
SCARE_QUOTE_WORDS = 6
"""Quoted words up to which a quotation of a contradicting fact reads as scare quotes ('she produced a handgun')."""
BESIDE_QUOTE_WORDS = 2
"""Quoted words up to which a finding quoted beside a contradicting fact doubts it ('gun "found" later')."""
BESIDE_REACH = 3
"""How many words on either side of such a quotation are read for the fact."""
BY_WINDOW = 3
"""How many words after "by" may name who did it."""
ACTOR_WINDOW = 6
"""How many words before a contradicting fact's first word may name who did it (the nearest one does)."""
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{2,120})[\"“”«»]|(?<!\w)['‘’]([^'‘’]{2,120})['‘’](?!\w)")
_SENTENCES = re.compile(r"[^.!?\n]*[?]+|[^.!?\n]+")
_DID_NOT = r"(?:didn[’']?t|did not|wasn[’']?t|was not|never did)"
"""How a short denial ends ("she didn't", "he wasn't")."""
_DENIAL_CLAUSE = r"(?:no,?\s+)?((?:he|she|they|it|nobody|no one)\s+" + _DID_NOT + r")\s*"
"""A short denial as a clause of its own, captured ("no, he didn't")."""
_DENIED_IN_PASSING = re.compile(
    r"(?:^|[.!?;:,]\s*)" + _DENIAL_CLAUSE + r"(?:[.!?;]|$)|[.!?;:,]\s*" + _DENIAL_CLAUSE + ",", re.IGNORECASE
)
"""A denial clause closing a sentence, or before a comma after something was said ("… he wasnt, its garbage")."""


_OFFICIALS = r"(?:the\s+)?(?:chp|police|pd|cops|msp|state police|officials|authorities|investigators)"
_OFFICIALS_SAY_NO = re.compile(
    r"(?:^|\bbut\s+|[^\w\s]\s*)(" + _OFFICIALS + r"\s+(?:already\s+|literally\s+|clearly\s+|even\s+)?"
    r"(?:says?|said)\s+(?:no|nope|otherwise|(?:he|she|they|it|nobody|no one)\s+(?:didn[’']?t|did not|wasn[’']?t|"
    r"was not|weren[’']?t|were not|never did)))\s*(?:tho|though)?\s*(?:[.!?;]|$)",
    re.IGNORECASE,
)
"""The officials' denial closing a message ("the angle makes it look like he's shooting at the cruiser but chp says
no", "chp says he wasnt tho"): the message reports what the claim says and defers to them."""
_NO_ACCORDING_TO_OFFICIALS = re.compile(
    r"(?:^|[^\w\s]\s*)((?:no|nope|not really)\W+(?:according to|per)\s+" + _OFFICIALS + r")\b", re.IGNORECASE
)
"""A "no" the officials back ("gunfire in the area, sure. gunfire at the sergeant, no, according to CHP")."""
_NOT_WHAT_OFFICIALS_SAY = re.compile(
    r"\b(not\s+what\s+" + _OFFICIALS + r"|not\s+what\s+the\s+sergeant)\b", re.IGNORECASE
)
"""What the message reports called not what the officials say ("'he shot at the cop' is NOT what CHP says")."""
_CAPTION_DENIED = re.compile(
    r"\b(captions?\b[^.!?]{0,40}?\b(?:is|was|are|were)\b(?:\s+\w+){0,2}?\s+"
    r"(?:wrong|fake|false|misleading|a lie|cap|bs|not true|made up|nonsense)\b"
    r"|captions?\s+(?:isn[’']?t|aren[’']?t)(?=\s*(?:[.!?;,]|$))"
    r"|(?:wrong|fake|false|misleading|bogus|lying)\s+captions?\b"
    r"|caption\s+(?:fake|false|wrong|misleading)\b)",
    re.IGNORECASE,
)
"""A caption called wrong ("the video is real, the caption isn't", "real clip, misleading caption"): the message
talks about the claim as a caption to debunk it."""
_OFFICIALS_ACCOUNT = re.compile(
    r"\b(per\s+(?:the\s+)?(?:chp|police|msp|state police|michigan state police|cops|officials|investigators"
    r"|the department|westminster pd|westminster police))\b"
    r"|\b((?:glad|good thing|at least|thank god|thankfully)\b[^.!?]{0,40}?\b(?:ok|okay|fine|unhurt|unharmed|safe"
    r"|alright|not hurt|wasn[’']?t hurt|uninjured))\b"
    r"|\b((?:ppl|people|everyone|everybody|yall|y[’']all|folks)\b(?:\W+\w+){0,2}?\W+(?:keep|keeps|still)\s+"
    r"(?:saying|posting|reposting|sharing|claiming|spreading))\b"
    r"|\b((?:seeing|saw|see)\s+(?:a lot of|alot of|lots of|so many|tons of|a bunch of|all these|all the)\s+"
    r"(?:(?:ppl|people|folks|accounts|pages)\b(?:\W+\w+){0,2}?\W+(?:saying|posting|claiming|sharing|spreading)"
    r"|(?:[\"'“‘][^\"'“”‘’]{2,80}[\"'”’])?\s*(?:takes|posts|tweets|captions|comments)\b))"
    r"|\b((?:timeline|tl|feed|fyp|for ?you ?page|group ?chat|gc)\s+(?:is\s+|are\s+|keeps\s+|been\s+)?"
    r"(?:saying|claiming|full of|posting|decided|insists|thinks))\b"
    r"|\b((?:seeing|saw|see)\s+(?:the|that|this)\s+[\"'“‘][^\"'“”‘’]{2,80}[\"'”’]\s*"
    r"(?:caption|post|headline|take|meme|tweet|thing)s?)\b"
    r"|\b((?:posts|reposts|captions|headlines|tweets|pages|accounts|comments|people|ppl|folks)\s+"
    r"(?:calling|adding|claiming)"
    r"|(?:posts|reposts|captions|headlines|tweets|comments)\s+saying)\b"
    r"|\b((?:keeps?|kept)\s+(?:forwarding|sending|reposting|sharing|spreading|posting)\s+"
    r"(?:me\s+|us\s+)?(?:the|that|this)\s+(?:[\"'“‘][^\"'“”‘’]{2,80}[\"'”’]\s*)?"
    r"(?:version|story|thing|take|caption|post|clip|video|one|rumou?r|meme)s?)\b",
    re.IGNORECASE,
)
"""The officials' account given as the message's source ("per CHP", "per MSP"), relief at the record's outcome ("glad
the chp guy got out unhurt"), or the claim put in others' mouths as something they keep spreading ("ppl keep saying
she had no gun") or that the writer keeps seeing ("seeing a lot of 'he got shot at' takes", read with the quotation
left out, "my whole timeline is saying ..."), or that posts or people add, call or say it ("the reposts adding 'MAN
SHOOTS AT COP'", "the posts calling her an innocent bystander", "posts saying the sergeant was shot at"), or that
someone keeps forwarding as a version ("my tio keeps forwarding the 'they shot the cop' version"): in the examples,
said by accurate talk about 130 times and by misinformation 3 times."""
_QUOTED_AS_OTHERS = re.compile(
    r"\b((?:captioned|headlined|titled)\s*:?\s*[\"“])"
    r"|\b((?:whoever|someone|somebody|the (?:person|guy|site|page|bot|ai) (?:who|that))\s+"
    r"(?:wrote|posted|typed|tweeted|put|made)\s+(?:that|the|this)?\s*[\"“'‘])"
    r"|\b((?:the|those|these|all the|all these)\s+[\"“][^\"“”]{2,80}[\"”]\s*"
    r"(?:posts|captions|headlines|tweets|takes|memes|videos|clips|reposts|threads))\b",
    re.IGNORECASE,
)
"""A quotation given as others' words: a clip captioned with it, posts named by it or its writer named ('the clip
captioned "man shoots at CHP."', 'the "innocent girl gunned down" posts', "whoever wrote that 'Adams was shot'
line"); read with the quotations in."""


class Stance(StrEnum):
    """What a message does with a claim."""

    ASSERT = "assert"
    DISPUTE = "dispute"
    MENTION = "mention"


class Actor(StrEnum):
    """Who a contradicting fact says did something: the police, or the person they dealt with."""

    POLICE = "police"
    CIVILIAN = "civilian"
    SOMEONE = "someone"
    """Someone the message names as neither ("and then somebody fired from the car")."""


@dataclass(frozen=True)
class StanceCheck:
    """The stance and what showed it: the contradicting fact said, and whether it was mocked or denied
    (negated, or said with the roles reversed).
    """  # noqa: D205

    stance: Stance
    said: str = ""
    mocked: bool = False
    denied: bool = False
    reported: bool = False
    """Denied in a short sentence after it is reported as someone's saying ("… claimed she had a gun. she didn't.")."""


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A contradicting fact, analysed: its words, and who it says did it (when its wording shows it)."""

    phrase: Phrase
    actor: Actor | None
    verb: int = 0
    """Index in the phrase's terms of the word saying what was done (the actor is looked for before it)."""
    pronoun: str | None = None
    """The actor's pronoun, when the fact names the actor by one ("she fired first": "she")."""

    @property
    def text(self) -> str:
        """The fact as curated."""
        return self.phrase.text


@cache
def _mockery() -> tuple[Phrase, ...]:
    return tuple(Phrase.of(cue, keep_stems=True) for cue in lex.MOCKERY_CUES)


@cache
def _disbelief() -> tuple[Phrase, ...]:
    return tuple(Phrase.of(cue, keep_stems=True) for cue in lex.DISBELIEF_CUES)


@cache
def _civilians() -> frozenset[str]:
    return frozenset(stem(word) for word in lex.CIVILIAN_WORDS)


def _actor(stems: Sequence[str], agencies: frozenset[str]) -> Actor | None:
    """The actor named among some words: the police (a police word or agency) or a civilian, if only one is."""
    police = concept_of(stem("police"))
    found = {
        Actor.POLICE if concept_of(value) == police or value in agencies else Actor.CIVILIAN
        for value in stems
        if concept_of(value) == police or value in agencies or value in _civilians()
    }
    return found.pop() if len(found) == 1 else None


@cache
def contradiction_phrases(texts: tuple[str, ...], agencies: frozenset[str] = frozenset()) -> tuple[Contradiction, ...]:
    """The contradicting facts of a claim, analysed once (with the police's part and the actor each shows)."""
    found = []
    for text in texts:
        phrase = Phrase.of(text, keep_stems=True, agencies=agencies)
        analysis = analyze(text)
        terms = analysis.terms
        first = next((i for i, term in enumerate(terms) if term and _is_verb_like(term)), None)
        actor = _actor(phrase.stems[:first], agencies) if first else None
        verb = sum(1 for term in terms[:first] if term) if first else 0
        pronoun = next((_PRONOUNS[w] for w in analysis.words[:first] if w in _PRONOUNS), None) if first else None
        found.append(Contradiction(phrase, actor, verb, pronoun))
    return tuple(found)


_PRONOUNS = {"she": "she", "he": "he", "hes": "he", "shes": "she"}
"""Subject pronouns, by the person they name (a fact's "she fired first" is not a message's "he fired first")."""
_OTHER_ACTOR = {Actor.POLICE: Actor.CIVILIAN, Actor.CIVILIAN: Actor.POLICE}


def _other_pronoun(view: View, index: int, contradiction: Contradiction) -> Actor | None:
    """The other actor than the fact's when the word just before the deed is the other pronoun ("the bodycam would
    show he shot first" against "she fired first": not her, so the police); not "he returned fire".
    """  # noqa: D205
    if contradiction.pronoun is None or contradiction.actor is None:
        return None
    words = view.analysis.words
    at = index - 1
    if at >= 1 and words[at] in _BETWEEN:  # "he literally shot first"
        at -= 1
    if at < 0 or words[at] not in _PRONOUNS or _PRONOUNS[words[at]] == contradiction.pronoun:
        return None
    doubted = any(word in lex.NEGATORS or word in _UNPROVEN for word in words[max(0, at - 3) : at])
    return None if doubted else _OTHER_ACTOR.get(contradiction.actor)  # not "no evidence he shot first"


_BETWEEN = frozenset({"just", "literally", "actually", "clearly", "obviously", "def", "definitely", "also", "then"})
"""Words that may stand between a subject pronoun and its deed."""
_UNPROVEN = frozenset({"evidence", "proof", "sign", "signs", "whether", "if"})
"""Words before a pronoun that doubt what it did ("no evidence he shot first")."""


def _is_verb_like(term: str) -> bool:
    """Whether a term says what happened (a shooting, a weapon held, an injury) rather than who."""
    group = concept_of(base_term(term))
    return group is not None and group != concept_of(stem("police")) and group not in _people_groups()


@cache
def _people_groups() -> frozenset[int | None]:
    return frozenset(concept_of(stem(word)) for word in ("man", "woman"))


def _message_actor(
    view: View, position: int, agencies: frozenset[str], people: frozenset[str] = frozenset()
) -> Actor | None:
    """Who the message says did what it says at `position`: the words just before it, within its clause (the
    incident's `people`, its names, count as the person the police dealt with: "briana never fired").
    """  # noqa: D205
    index = _word_index(view, position)
    if index is None:
        return None
    start = max(0, index - ACTOR_WINDOW)
    before = zip(view.analysis.words[start:index], view.analysis.stems[start:index], strict=True)
    for word, stemmed in reversed(list(before)):
        if word in _OTHER_SUBJECTS:
            return None  # "briana was innocent and they shot her": they did it
        if word in _SOMEONE_ELSE:
            return Actor.SOMEONE
        actor = _actor_of(stemmed, agencies, people)
        if actor is not None:
            return actor
    return None


_OTHER_SUBJECTS = frozenset({"they", "theyre", "we", "you", "u"})
"""Subjects that are neither the police named nor the person they dealt with: they end the look back."""
_SOMEONE_ELSE = frozenset({"somebody", "someone", "sombody", "someon"})
"""Someone else said to have done it: not the person the fact names ("shot her first and then somebody fired")."""


def _word_index(view: View, position: int) -> int | None:
    """The analysis word index of a view's content position."""
    seen = -1
    for index, term in enumerate(view.analysis.terms):
        if term:
            seen += 1
            if seen == position:
                return index
    return None


def says(view: View, phrase: Phrase, role: Role | None = None) -> bool:
    """Whether a view says a phrase: most of its content words, every negated one, none negated the other way,
    and the police's part the same way round when the phrase shows one.
    """  # noqa: D205
    return _said(view, phrase, role) is not None


def _said(view: View, phrase: Phrase, role: Role | None) -> list[int | None] | None:
    """Where the view says each word of the phrase (None for a word it lacks), if it says it (see `says`)."""
    if not phrase.terms or (phrase.role is not None and role is not None and role is not phrase.role):
        return None
    found: list[list[int]] = []
    negative = _negative(phrase)  # "no shots fired": its own negation
    for term in phrase.terms:
        credit, positions = view.lookup(term)
        if credit < 0 or (is_negated(term) and credit < FOUND):
            return None
        found.append(positions if credit >= FOUND else [])
    spots = _closest(found)
    if not negative and any(
        spot is not None and _under_negation(view, term, spot) is not None
        for term, spot in zip(phrase.terms, spots, strict=True)
    ):
        return None
    said = [spot for spot in spots if spot is not None]
    together = not said or max(said) - min(said) <= len(phrase.terms) + SPREAD
    return spots if together and len(said) / len(phrase.terms) >= CONTRADICTION_COVERAGE else None


def _closest(found: list[list[int]]) -> list[int | None]:
    """One position per word: the first occurrence of each, unless a word occurs once, when the others' occurrences
    nearest it on the side the phrase has them ("the cop shot her … msp says she shot at him first": the second
    "shot", before "first"). Words that each occur more than once keep their first occurrences: nearest ones would
    pair words from unrelated clauses.
    """  # noqa: D205
    anchor = next((index for index, positions in enumerate(found) if len(positions) == 1), None)
    if anchor is None:
        return [positions[0] if positions else None for positions in found]
    centre = found[anchor][0]
    spots: list[int | None] = []
    for index, positions in enumerate(found):
        side = [p for p in positions if (p <= centre if index <= anchor else p >= centre)] or positions
        spots.append(min(side, key=lambda p: abs(p - centre)) if side else None)
    return spots


def _under_negation(view: View, term: str, position: int) -> int | None:
    """Where a word negated just before `position` makes what is found there its object, if one does: the same word
    repeated ("never fired a single shot") or a weapon after a negated verb of holding it ("never pulled a gun").
    """  # noqa: D205
    if is_negated(term):
        return None
    flip = _flipped(view, term)
    if flip is not None:
        at, negated = _word_index(view, position), _word_index(view, flip)
        if at is not None and negated is not None and repeats_as_object(view.analysis.words, negated, at):
            return flip
    before = view.terms[position - 1] if position > 0 else ""
    weapon = concept_of(base_term(term)) == concept_of(stem("gun"))
    return position - 1 if weapon and is_negated(before) and base_term(before) in _handling() else None


@cache
def _handling() -> frozenset[str]:
    return frozenset(stem(word) for word in lex.WEAPON_HANDLING)


def _flipped(view: View, term: str) -> int | None:
    """The position where the view has the term (or a synonym) negated the other way, if it does."""
    base = base_term(term)
    group = concept_of(base)
    for position, other in enumerate(view.terms):
        if is_negated(other) == is_negated(term):
            continue
        other_base = base_term(other)
        if other_base == base or (group is not None and concept_of(other_base) == group):
            return position
    return None


def denies(
    view: View,
    contradiction: Contradiction,
    agencies: frozenset[str] = frozenset(),
    people: frozenset[str] = frozenset(),
) -> bool:
    """Whether a view says a contradicting fact negated: its words, some negated the other way round, with more
    than the shooting and who ("no gun was found in her car", "she never fired first") or by the same actor ("she
    never had a gun"); or all of them after a word of disbelief ("no way she shot first").
    """  # noqa: D205
    phrase = contradiction.phrase
    if not phrase.terms:
        return False
    found = 0
    flips: list[int] = []
    negative = _negative(phrase)
    for term in phrase.terms:
        credit, positions = view.lookup(term)
        negation = _under_negation(view, term, positions[0]) if credit >= FOUND and not negative else None
        plainly = credit >= FOUND and negation is None
        flip = None if plainly else (negation if negation is not None else _flipped(view, term))
        if plainly:
            found += 1
        elif flip is not None:
            flips.append(flip)
    covered = (found + len(flips)) / len(phrase.terms) >= CONTRADICTION_COVERAGE
    if flips and _disclaimed(view.analysis.words, _word_index(view, flips[0])):
        return False  # "i'm not saying she didn't have a gun, the department says she did"
    if covered and flips:
        if found and _substance(view, Contradiction(phrase, None, -1), agencies):
            return True
        actor = _message_actor(view, flips[0], agencies, people)
        if contradiction.actor is not None and actor is contradiction.actor:
            return True
    return covered and found == len(phrase.terms) and _disbelieved(view)


DISCLAIMER_REACH = 5
"""How many words after "not saying" a denial is the one disclaimed."""
_DISCLAIMING = frozenset({"saying", "claiming", "arguing", "suggesting", "implying"})


def _disclaimed(words: Sequence[str], at: int | None) -> bool:
    """Whether the denial at word `at` is what the writer says they are not saying ("i'm not saying she didn't
    have a gun"): then it is no denial of theirs.
    """  # noqa: D205
    if at is None:
        return False
    start = max(1, at - DISCLAIMER_REACH)
    return any(words[index] in _DISCLAIMING and words[index - 1] == "not" for index in range(start, at))


def _disbelieved(view: View) -> bool:
    """Whether the message says a word of disbelief ("no way …")."""
    return any(view.contains_phrase(cue.stems) for cue in _disbelief())


def _actor_said(
    view: View, contradiction: Contradiction, spots: list[int | None], agencies: frozenset[str], people: frozenset[str]
) -> Actor | None:
    """Who the message says did what the contradicting fact says was done: the words just before it, or those after
    "by" when it is said in the passive ("briana sykes shot 16 times by flint cop": the police).
    """  # noqa: D205
    spot = spots[contradiction.verb] if contradiction.verb < len(spots) else None
    if spot is None:
        return None
    index = _word_index(view, spot)
    agent = by_whom(view.analysis.words, view.analysis.stems, index) if index is not None else None
    if agent is None and index is not None and passive(view.analysis.words, view.analysis.stems, index):
        return None  # "the girl got shot 20 times": who shot her is not said, she did not
    if agent is None and index is not None and view.analysis.words[index + 1 : index + 2] == ["her"]:
        return Actor.POLICE  # "the cop shot her first": she is the one shot, by the police
    if agent is None:
        other = _other_pronoun(view, index, contradiction) if index is not None else None
        return other or _message_actor(view, spot, agencies, people)
    stems = view.analysis.stems[agent : agent + BY_WINDOW]
    return next((actor for stemmed in stems if (actor := _actor_of(stemmed, agencies, people))), None)


def _actor_of(stemmed: str, agencies: frozenset[str], people: frozenset[str]) -> Actor | None:
    return Actor.CIVILIAN if stemmed in people else _actor((stemmed,), agencies)


def _substance(view: View, contradiction: Contradiction, agencies: frozenset[str] = frozenset()) -> bool:
    """Whether the message says a word of the fact besides the shooting and who: "first" in "she fired first",
    "car" in "a gun was found in her car" (a shooting and a person alone say too little to be denied).
    """  # noqa: D205
    people = _people_groups() | {concept_of(stem(word)) for word in ("police", "shoot", "kill")}
    for index, term in enumerate(contradiction.phrase.terms):
        if index == contradiction.verb or concept_of(base_term(term)) in people or term in agencies:
            continue
        credit, _positions = view.lookup(term)
        if credit >= FOUND:
            return True
    return False


def mocked(view: View, raw: str, phrase: Phrase, actor: Actor | None = None, *, plain_shooting: bool = False) -> bool:
    """Whether the message says a contradicting fact mockingly: "ah yes …", "… is lying", in scare quotes (a few
    words quoted, unless cited as a finding: "'she fired first' is MSP's preliminary finding"), or quoted with an
    eye roll or a clown. A long quotation alone is the record quoted, not mocked;
    a quotation of something else (the claim itself: '"man shoots at CHP sergeant" lmao no') mocks that, not the fact.
    A quotation of a shooting alone quotes the fact only when the record says a shooting alone (`plain_shooting`:
    "she fired at him"); against "he only heard the shots", "'he got shot at'" quotes the claim.
    """  # noqa: D205
    if any(view.contains_phrase(cue.stems) for cue in _mockery()) and _mocks_in_own_words(raw, phrase):
        return True
    if _framed(raw, phrase, actor) or _rebutted(raw, phrase) or _said_incredulously(raw, phrase):
        return True
    if _others_laughed_at(raw, phrase):
        return True
    wanted = set(phrase.terms)
    fact = _meanings(wanted)
    shooting_is_fact = plain_shooting or _only_shooting(fact)  # else a quoted shooting alone quotes the claim
    scoffing = any(mark in raw for mark in lex.MOCKERY_MARKS)
    own = unquoted(raw)
    cited = not scoffing and bool(lex.CITING_WORDS.intersection(own.casefold().split()))
    sincere = _SINCERE.search(raw) is not None
    contrasted = _CONTRASTED.search(raw) is not None
    for match in _QUOTED.finditer(raw):
        if sincere or contrasted or _SOURCE_ASKED.search(raw[: match.start()]):
            continue  # 'source on the "no one shot at him" thing? not doubting': the fact asked for, not mocked
        quoted = match.group(1) or match.group(2) or ""
        words = analyze(quoted)
        if not scoffing and _quoted_plainly(raw[: match.start()], quoted, words.stems, own):
            continue
        quote = _meanings(words.content)
        common = fact & quote
        shared = len(common)
        quotes_it = shared and shared >= CONTRADICTION_COVERAGE * min(len(wanted), len(quote))  # the fact, or a piece
        quotes_it = quotes_it and (shooting_is_fact or not common <= _shooting())
        quotes_it = quotes_it and len(quote - common) < QUOTED_BEYOND  # much more than the fact: something else
        quotes_it = quotes_it and _negated(words.content) == _negative(phrase)  # its opposite: the claim quoted
        scoffed = scoffing or _scoffed_at(raw, match.start(), match.end())
        if quotes_it and (scoffed or (len(words.words) <= SCARE_QUOTE_WORDS and not cited)):
            return True
        finding = len(words.words) <= BESIDE_QUOTE_WORDS and not lex.FINDING_WORDS.isdisjoint(words.words)
        if finding and not cited and _beside(raw, match.start(), match.end(), wanted):
            return True
    return False


QUOTED_BEYOND = 3
"""Meanings a quotation may say beyond a contradicting fact's and still quote it: '"innocent girl gunned down at
parade"' quotes the claim, not "she fired at him"."""
_CONTRASTED = re.compile(r"[\"“][^\"“”]{2,120}[\"”]\s*(?:vs\.?|versus|or)\s*[\"“][^\"“”]{2,120}[\"”]", re.IGNORECASE)
"""Two versions quoted side by side ('"fired first" vs "shot for nothing"'): compared, neither mocked."""
_SPEAKER_BEFORE = re.compile(
    r"\b(?:words (?:were|are|was)|according to|per|(?:in|from) (?:the|its|their|his|her) (?:statement|release))\s*$",
    re.IGNORECASE,
)
"""Words giving a quotation its speaker right before it ("MSP's words were 'fired upon'"); not "said": 'they just
said "she shot first" and everybody ate it up' mocks what was said."""
_QUOTES_BEFORE = re.compile(r"(?:[\"“][^\"“”]{1,120}[\"”]\s*(?:,|and|or|&)?\s*)+$", re.IGNORECASE)
"""Quotations right before another ('"fired upon" and "returned fire"'): the speaker before the first gives both."""
_QUOTED_QUESTION = re.compile(r"^\s*(?:who|what|why|how|when|where|which|did|does|do|was|were|is|are)\b|\?\s*$", re.I)
"""A quotation that is a question ('prof asked "who fired first in Flint"'): asked, not scare-quoted."""


def _quoted_plainly(before: str, quoted: str, said: tuple[str, ...], own: str) -> bool:
    """Whether a quotation (`said`: its stems) is plainly a quotation, not scare quotes: a question quoted, words
    given their speaker right `before` them, or words the message says again in its `own` words ('"fired first" ...
    the only official account says she fired first'). The caller asks only when nothing scoffs ("lmao" still mocks).
    """  # noqa: D205
    if _QUOTED_QUESTION.search(quoted) or _SPEAKER_BEFORE.search(_QUOTES_BEFORE.sub("", before)):
        return True
    return len(said) >= 2 and _contains(analyze(own).stems, said)


_SOURCE_ASKED = re.compile(
    r"(?i)\b(?:source|sources|link|links|citation|receipts|proof)\s+(?:on|for|to|of|about)\s+(?:[\w'-]+\s+){0,3}$"
)
"""A request for the source of what is quoted next ("source for the 'gun found in car' thing?")."""
_SINCERE = re.compile(
    r"(?i)\b(?:not (?:doubting|being snarky|trolling|arguing|disputing)|(?:genuine|honest|serious) question)\b"
)
"""The writer saying they do not scoff ("not doubting, just want to link it"): their quotations are not scare quotes."""


@cache
def _shooting() -> frozenset[object]:
    return frozenset({(concept_of(stem("shoot")), False)})


def _only_shooting(meanings: set[object]) -> bool:
    """Whether meanings say only a shooting, the police aside ("she fired at him", "she shot at the officer")."""
    return meanings - {(concept_of(stem("officer")), False)} <= _shooting()


def says_only_shooting(fact: Iterable[str]) -> bool:
    """Whether a fact's words say only a shooting, the police aside."""
    return _only_shooting(_meanings(fact))


def _beside(raw: str, start: int, end: int, wanted: set[str]) -> bool:
    """Whether the fact's words are right beside a finding in scare quotes: the quotes doubt the fact ('gun "found"
    later', 'then "found" a gun in her car').
    """  # noqa: D205
    before = analyze(" ".join(raw[:start].split()[-BESIDE_REACH:])).content
    after = analyze(" ".join(raw[end:].split()[:BESIDE_REACH])).content
    return bool(_meanings(wanted) & _meanings((*before, *after)))


_INCREDULOUS_SAYING = re.compile(
    r"\b(?:(?:really|seriously|rly|srsly) (?:out here |just |gonna |tryna )?"
    r"(?:said|say|says|saying|sayin|claimed|claiming|claims|told us|telling us)"
    r"|out here (?:saying|sayin|claiming|telling (?:us|people|everyone)))\b(?: that)?"
)
"""Saying told incredulously ("they really said …", "chp out here saying …"): what follows is scoffed at."""


def _said_incredulously(raw: str, phrase: Phrase) -> bool:
    """Whether a contradicting fact is what someone is said, incredulously, to say ("they really said nobody shot at
    him lmao", "his own dept is out here saying nobody aimed at him").
    """  # noqa: D205
    own = unquoted(raw).casefold()
    clauses = _clauses(own)
    return any(
        _fact_after(_clause_rest(own, clauses, found.end()), phrase) for found in _INCREDULOUS_SAYING.finditer(own)
    )


def _scoffed_at(raw: str, start: int, end: int) -> bool:
    """Whether a quotation opens the message after a scoff or is followed by one ("sure 'a gun was found in her
    car' after ...", "'fired upon by the lone occupant' yeah ok", "'fired upon' my ass").
    """  # noqa: D205
    before = re.findall(r"[a-z']+", raw[:start].casefold())
    after = " ".join(re.findall(r"[a-z']+", raw[end:].casefold())[:2])
    opened = bool(before) and len(before) <= 2 and " ".join(before) in lex.SCOFFS
    return opened or any(after == scoff or after.startswith(f"{scoff} ") for scoff in lex.SCOFFS)


_SAYERS_LIE = re.compile(
    rf"(?i)\b(?:{'|'.join(sorted(lex.SAYERS))})\b[^.!?;]{{0,80}}?"
    r"\b(?:saying|say|says|claiming|claim|posting|spreading)\b[^.!?;]{0,80}?"
    r"\b(?:(?:is|are|was|were)\s+lying|lied|lie|liars?)\b"
)
"""Those who say something called liars: of the record that mocks it ("anyone claiming she had a gun is lying"), of
anything else it does not ("ppl saying the sergeant got hit are lying")."""


def _framed(raw: str, phrase: Phrase, actor: Actor | None) -> bool:
    """Whether a contradicting fact is what a framing cue frames, in the message's own words: in the clause right
    after it, by the fact's own actor, the cue not denied ("the news is spinning it like she was the shooter"; not
    "nobody is spinning it, she fired first", nor "making it look like the cop shot first but msp says ...").
    """  # noqa: D205
    own = unquoted(raw).casefold()
    for cue in lex.FRAMING_CUES:
        for found in re.finditer(rf"\b{re.escape(cue)}\b([^.,;!?]*)", own):
            before = own[: found.start()].split()[-3:]
            if lex.NEGATORS.intersection(before):
                continue
            clause = _FRAMED_BREAK.split(found.group(1), maxsplit=1)[0]
            said = analyze(" ".join(clause.split()[: lex.FRAMING_REACH]))
            role = police_role(said.words, said.stems)
            if _says_fact(" ".join(said.words), phrase) and not (actor is Actor.CIVILIAN and role is Role.AGENT):
                return True
    return False


_REBUTTAL = re.compile(
    r"\b(?:when|but|yet|even though|tho|though|while)\b(?:\W+\w+){0,3}?\W+(?:"
    r"(?:video|vid|clip|footage|bodycam)\W+(?:\w+\W+)?(?:shows?|showing|has|had|literally|clearly|of)"
    r"|(?:you|u|we|i) (?:can |could )?(?:literally |clearly )?(?:see|saw|hear|heard)|we all saw)\b"
    r"([^.!?]{0,80})"
)
_SHOWN_SHOOTING = re.compile(r"\b(?:shoot\w*|shot|fir(?:e|ed|es|ing)|gun\w*|bullets?|blast\w*|muzzle|flash)\b")
_SAID_BEFORE = re.compile(r"\b(?:say|says|said|saying|claim|claims|claiming|insists?|story|statement)\b")


def _rebutted(raw: str, phrase: Phrase) -> bool:
    """Whether a contradicting fact is said as someone's word, then answered with what a video shows of a shooting
    ("how can chp say no one shot at him when the video shows a man firing at his car"): the fact is rejected,
    the claim asserted; not when others say what the video shows ("but the video went viral with people saying").
    """  # noqa: D205
    lowered = raw.casefold()
    for found in _REBUTTAL.finditer(lowered):
        shown = found.group(1)
        if not _SHOWN_SHOOTING.search(shown) or attributes(shown):
            continue
        before = lowered[: found.start()]
        if _says_fact(before, phrase) or _SAID_BEFORE.search(before):
            return True
    return False


_FRAMED_BREAK = re.compile(r"\b(?:but|though|although|while|whereas|when in fact|yet)\b")
_CLAUSES = re.compile(r"[.,;:!?]+|\s+(?:but|then|and then|while|though|tho)\s+")
_DISCREDITING = tuple(re.compile(rf"\b{re.escape(cue)}\b") for cue in lex.DISCREDITING_CUES)
"""Each discrediting cue as a pattern, compiled once (`_discredited` finds every place of each)."""
_ATTRIBUTING = frozenset(
    ("say", "says", "said", "saying", "claim", "claims", "claimed", "claiming", "story", "about", "proof", "evidence")
)


def _discredited(raw: str, phrase: Phrase) -> bool:
    """Whether the message calls a contradicting fact unfounded: the fact right after a discrediting cue ("no proof
    she shot", "invented a story about her shooting first"), or said as someone's word ("then said she shot first")
    and a cue later, on nothing of a shooting ("..., zero evidence"): the record is rejected, the claim asserted.
    Reported alone ("State police say she fired first") or with the claim denied ("CHP says no one shot at the
    sergeant, there is no evidence anyone fired at him") it is not.
    """  # noqa: D205
    lowered = unquoted(raw).casefold()
    cues = [found for cue in _DISCREDITING for found in cue.finditer(lowered)]
    if not cues:
        return False
    clauses = _clauses(lowered)
    if not _negative(phrase) and any(_fact_after(_clause_rest(lowered, clauses, cue.end()), phrase) for cue in cues):
        return True
    for start, end in clauses:
        words = lowered[start:end].split()
        if any(word in _ATTRIBUTING and _fact_after(words[at + 1 :], phrase) for at, word in enumerate(words)):
            later = [cue for cue in cues if cue.start() >= end]
            return any(not _SHOWN_SHOOTING.search(" ".join(_clause_rest(lowered, clauses, cue.end()))) for cue in later)
    return False


def _clauses(text: str) -> list[tuple[int, int]]:
    """The spans of a text's clauses (split at punctuation and at "but", "then", "while", "though")."""
    spans, start = [], 0
    for found in _CLAUSES.finditer(text):
        spans.append((start, found.start()))
        start = found.end()
    return [*spans, (start, len(text))]


def _clause_rest(text: str, clauses: list[tuple[int, int]], at: int) -> list[str]:
    """The words of `text` from `at` to the end of its clause."""
    end = next((end for start, end in clauses if start <= at <= end), at)
    return text[at:end].split()


def _fact_after(words: list[str], phrase: Phrase) -> bool:
    """Whether a contradicting fact begins within `ATTRIBUTION_REACH` words of the start of `words`, said of the
    same one ("no evidence he shot first" is not the fact "she fired first").
    """  # noqa: D205
    said = words[: lex.ATTRIBUTION_REACH + len(phrase.terms)]
    return _says_fact(" ".join(said), phrase) and not _other_one(said, phrase)


_HE, _SHE = frozenset({"he", "him", "his", "hes"}), frozenset({"she", "her", "shes"})


def _other_one(words: Sequence[str], phrase: Phrase) -> bool:
    """Whether some words' first "he" or "she" is not the one a fact begins with ("he shot first", "she fired at
    him").
    """  # noqa: D205
    said = next((word for word in words if word in _HE or word in _SHE), None)
    subject = next((word for word in phrase.stems if word in _HE or word in _SHE), None)
    return said is not None and subject is not None and (said in _HE) != (subject in _HE)


def _negative(phrase: Phrase) -> bool:
    """Whether a contradicting fact is said negatively ("no one shot at the sergeant")."""
    return _negated(phrase.terms)


def _negated(terms: Iterable[str]) -> bool:
    return any(is_negated(term) for term in terms)


def _says_fact(text: str, phrase: Phrase) -> bool:
    """Whether a piece of a message says most of a contradicting fact (by meaning: "no one shot at him")."""
    wanted = set(phrase.terms)
    shared = len(_meanings(wanted) & _meanings(analyze(text).content))
    return bool(shared) and shared >= CONTRADICTION_COVERAGE * len(wanted)


def _mocks_in_own_words(raw: str, phrase: Phrase) -> bool:
    """Whether a mockery cue is in the message's own words, not only in what it quotes ("people keep saying 'CHP
    covering up' but the sergeant himself said nobody shot at him") nor said of those who say the claim ("ppl saying
    he got hit are lying").
    """  # noqa: D205
    own = _left_out_unless_fact(_SAYERS_LIE, unquoted(raw), phrase)
    own = _left_out_unless_fact(_OTHERS_CLAUSE, own, phrase)
    own = _ADMITTED.sub(lambda found: " . " if _says_fact(found[1], phrase) else found[0], own)
    own = analyze(_EXPECTED.sub("meant to", own))
    return any(_contains(own.stems, cue.stems) for cue in _mockery())


def _left_out_unless_fact(pattern: re.Pattern[str], text: str, phrase: Phrase) -> str:
    """The text with what `pattern` finds (others' words) put as a sentence break, unless it says the fact."""
    return pattern.sub(lambda found: found[0] if _says_fact(found[0], phrase) else " . ", text)


_ADMITTED = re.compile(r"(?i)\badmit\b([^.!?;]*)")
"""What someone will not admit: the claim mocks the record ("CHP says nobody shot at him bc they dont wanna admit
their sergeant got shot at"); the record itself does not ("the caption guys wont admit nobody shot at him")."""


_EXPECTED = re.compile(r"(?i)\bsupposed to\b")
"""What was expected ("juneteenth was supposed to be a celebration"), not "supposedly" (their stems are one)."""


def _contains(stems: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    size = len(wanted)
    return any(stems[start : start + size] == wanted for start in range(len(stems) - size + 1))


_OTHERS_SAY = (
    r"\b(?:ppl|people|everyone|everybody|yall|folks|some|they|haters)\b(?:\W+\w+){0,2}?\W+"
    r"(?:saying|say|says|claim|claiming|calling|call|acting like)\b(?:\W+\w+){0,3}?\W+"
)


def _others_laughed_at(raw: str, phrase: Phrase) -> bool:
    """Whether others are said to say the fact and laughed at right after, the message not saying it again."""
    return any(
        _says_fact(found[1], phrase) and not _says_fact(raw[found.end() :], phrase)
        for found in _OTHERS_SCOFFED.finditer(raw)
    )


_OTHERS_SCOFFED = re.compile(r"(?i)" + _OTHERS_SAY + r"([^.!?;]{3,80}?)\s*(?:lmao|lmfao|lol|😂|🤣|🤡|🙄|💀)")
"""What others say, laughed at right after ("ppl saying duran had a gun lmao she had a PHONE"): mocked."""
_OTHERS_CLAUSE = re.compile(r"(?i)" + _OTHERS_SAY + r"[^.!?;]*(?=[.!?;]\s*but\b)")
"""What others say, in a sentence the next one answers with "but" ("People saying CHP is covering up. But the KTLA
reporter said …"): their words, not the message's."""


_ATTRIBUTED = re.compile(
    r"\b(?:ppl|people|pages?|articles?|posts?|headlines?|sites?|some|they|tiktok|twitter|reddit)\b(?:\W+\w+){0,2}?\W+"
    r"(?:saying|say|says|claim|claims|claiming|makes? it sound like|making it sound like|acting like)\b"
)


_SUPPOSED = re.compile(
    r"\bif\b[^.?!;]{0,80}?\b(?:would|wouldve|wouldnt|wudve|woulda)\b|(?<!debating )(?<!arguing )\bwhether\b"
)


_IF_CLAUSE = re.compile(r"(?<!even )\bif\b([^,.;!?]{1,80})")
"""A supposition ("even if" concedes the fact instead: "even if nobody shot at the chp guy")."""


_REPORTED_THEN_CONTESTED = re.compile(
    r"\b(?:they|theyre|msp|police|cops|pd|chp|officials|the department|news|media|the report|investigators|the chief)"
    r"\s+(?:\w+\s+)?(?:say|says|said|saying|sayin|claim|claims|claimed|claiming)\s+(?:that\s+)?"
    r"((?:[\w']+\s+){1,9}?[\w']+)\s*(?:,?\s*(?:but|yet|even though|when|while)\b|\?+)(.*)$",
    re.DOTALL,
)
_CALLED_FALSE = re.compile(
    r"\b(?:lie|lies|lying|lied|cover|covering|bs|cap|fake|planted|staged|made that up|made it up|only one shooting"
    r"|(?:no|zero|any|not any) (?:proof|evidence))\b"
)
_OTHERS_CONTEST = re.compile(
    r"\b(?:ppl|people|everyone|everybody|yall|folks|tiktok|twitter|online|comments|the caption|captions|posts)\b"
    r"\W+(?:\w+\W+){0,2}?(?:say|says|saying|claim|claims|keep|post|posting|spreading|think)"
)


def _contested(raw: str, phrase: Phrase) -> bool:
    """Whether a contradicting fact is said as the officials' word and then contested in the message's own words
    ("they said briana fired first but the officer was the only one shooting", "State police say she shot first?
    People at the parade say she never even had a gun"); not when the rest is what others say, or the fact itself.
    """  # noqa: D205
    found = _REPORTED_THEN_CONTESTED.search(unquoted(raw).casefold().replace("'", ""))
    if found is None or not _says_fact(found.group(1), phrase):
        return False
    rest = found.group(2)
    if _OTHERS_CONTEST.search(rest) or _says_fact(rest, phrase):
        return False
    return _CALLED_FALSE.search(rest) is not None or _denies_the_deed(rest, phrase)


def _pretended_fact(view: View, spots: Sequence[int | None]) -> bool:
    """Whether a contradicting fact is said to be pretended ("they were just pretending to hold phones"): the record
    is mocked, the claim asserted.
    """  # noqa: D205
    said = [spot for spot in spots if spot is not None]
    if not said:
        return False
    within = view.words[max(0, min(said) - PRETENDING_REACH) : max(said)]  # "the spectators were pretending to hold"
    return not lex.PRETENDING_WORDS.isdisjoint(within) or "faking" in within


_TOLD_THEN_ASKED = re.compile(
    r"^(.+?)\b(?:and|but|yet|now|then|n)\s+(?:they|theyre|chp|police|cops|pd|officials|the department|the news|news"
    r"|media)\s+(?:\w+\s+)?(?:say|says|said|saying|sayin|claim|claims|claiming|tell us|telling us|tellin us)\s+"
    r"(?:that\s+)?((?:[\w']+\s+){0,9}[\w']+)\s*\?+",
    re.DOTALL,
)


def _asked_back(raw: str, phrase: Phrase) -> bool:
    """Whether the message tells the deed, then asks back the officials' word against it ("bro ran up and unloaded
    on the chp unit ON CAMERA and they say nobody shot at him??"): the record is mocked, the claim asserted.
    """  # noqa: D205
    found = _TOLD_THEN_ASKED.search(unquoted(raw).casefold().replace("'", ""))
    if found is None or not _says_fact(found.group(2), phrase) or _says_fact(found.group(1), phrase):
        return False
    deeds = _shooting_deeds()
    return any(not is_negated(term) and concept_of(term) in deeds for term in analyze(found.group(1)).content)


@cache
def _shooting_deeds() -> frozenset[int]:
    """The synonym groups of shooting and of a gun."""
    return frozenset({concept_of(stem("shoot")), concept_of(stem("gun"))} - {None})


def _denies_the_deed(text: str, phrase: Phrase) -> bool:
    """Whether a text denies what a fact says was done, or a shooting or weapon at all ("she never even had a gun")."""
    deeds = _shooting_deeds() | ({concept_of(base_term(term)) for term in phrase.terms} - {None})
    return any(is_negated(term) and concept_of(base_term(term)) in deeds for term in analyze(text).terms)


def _supposed(raw: str, phrase: Phrase) -> bool:
    """Whether a contradicting fact is said in an "if" clause only ("if she had a gun the bodycam would show it")."""
    clauses = [found.group(1) for found in _IF_CLAUSE.finditer(raw.casefold())]
    if not any(_says_fact(clause, phrase) for clause in clauses):
        return False
    rest = _IF_CLAUSE.sub(" . ", raw.casefold())
    return not _says_fact(rest, phrase)


_HER_WORDS = re.compile(
    r"\b(?:she|the driver|the woman|the lady|the girl)\s+(?:\w+\s+)?(?:said|says|claimed|claims|told \w+)\s+"
    r"(?:that\s+)?((?:\w+(?:\W+|$)){1,8})"
)


def _in_her_words(raw: str, phrase: Phrase) -> bool:
    """Whether a contradicting fact is said only as what the person the police dealt with said ("he shot her
    because she said she had a gun", the circulated story's "after she claimed she had reached for a gun").
    """  # noqa: D205
    lowered = raw.casefold()
    reported = [found.group(1) for found in _HER_WORDS.finditer(lowered)]
    if not any(_says_fact(clause, phrase) for clause in reported):
        return False
    return not _says_fact(_HER_WORDS.sub(" . ", lowered), phrase)


def supposes(raw: str) -> bool:
    """Whether the message supposes rather than says ("if someone had shot at him he wouldve said so")."""
    return _SUPPOSED.search(raw.casefold().replace("'", "")) is not None


def attributes(raw: str) -> bool:
    """Whether the message puts what it tells in others' mouths ("some pages claim …", "the article says …")."""
    return _ATTRIBUTED.search(raw.casefold()) is not None


def others_say(raw: str, cue: str) -> bool:
    """Whether a dispute word is put in others' mouths ("idk why ppl keep saying it's fake"), not said."""
    words = r"\W+".join(re.escape(word) for word in cue.split())
    return re.search(_OTHERS_SAY + words, raw.casefold()) is not None


_WONDERING_WHY = re.compile(
    r"\b(?:idk|not sure|no idea|dunno|don'?t know|wonder)\s+why\b|\bwhy\s+(?:is|are|do|does|tf)\b"
)


def others_dispute_rejected(raw: str, cue: str) -> bool:
    """Whether a dispute word is what others say, and the message wonders why ("ktla reported shots fired at the
    chp officer, idk why yall saying it was fake"): it rejects the dispute.
    """  # noqa: D205
    own = raw.casefold()
    return others_say(own, cue) and _WONDERING_WHY.search(own) is not None


def scoffs(raw: str) -> bool:
    """Whether a text laughs at or rolls its eyes at something ("lmao", "lol", 🙄, 🤡)."""
    lowered = f" {raw.casefold()}"
    return any(mark in lowered for mark in lex.MOCKERY_MARKS)


@cache
def _dispute_cues() -> tuple[Phrase, ...]:
    return tuple(Phrase.of(cue, keep_stems=True) for cue in lex.DISPUTE_CUES)


def disputing(view: View, vocabulary: Iterable[str]) -> str | None:
    """The dispute cue a view says ("misleading", "debunked", "fake"), unless the claim's own words (`vocabulary`)
    hold it ("fake" in a claim of a fake video) or, for "fake", it is said of a feeling ("the tears are fake").
    """  # noqa: D205
    if _belief_corrected(view.analysis.words):
        return "thought so until"
    if _others_shown_record(view.analysis.words):
        return "showed them the record"
    if _claim_pretended(view):
        return "pretending"
    own: set[str] | None = None  # read once a cue is said (most messages say none)
    for cue in _dispute_cues():
        if not view.contains_phrase(cue.stems):
            continue
        own = set(vocabulary) if own is None else own
        if set(cue.terms) <= own or _feigned(view, cue) or _anyone_otherwise(view, cue) or _denied_cue(view, cue):
            continue
        if _scorned(view, cue) or _pretended(view, cue) or _officials_saying_called(view, cue):
            continue
        if not _officials_word_rejected(view, cue):
            return cue.text
    return None


_RECORD_WORDS = frozenset({"statement", "report", "release", "update", "record", "article", "chp", "msp", "police"})
"""What a belief is given up for after "then" ("then read the chp statement"); "then i watched the clip" is not."""


def _belief_corrected(words: Sequence[str]) -> bool:
    """Whether the message tells a belief it gave up ("i thought the sergeant got shot at too until i read the
    statement", "... i thought dude shot at the chp car too. then read the chp statement"): it tells the claim to
    correct it. Not a doubt given up ("i didnt believe it until i saw the video").
    """  # noqa: D205
    if lex.UNTIL_WORDS.isdisjoint(words) and "then" not in words:
        return False
    for at, word in enumerate(words):
        record_read = word == "then" and not _RECORD_WORDS.isdisjoint(words[at + 1 : at + 7])
        if (word in lex.UNTIL_WORDS or record_read) and not lex.LEARNING_WORDS.isdisjoint(words[at + 1 : at + 4]):
            believed = [index for index, said in enumerate(words[:at]) if said in lex.BELIEF_WORDS]
            return any(lex.NEGATORS.isdisjoint(words[max(0, index - 2) : index]) for index in believed)
    return False


SHOWN_REACH = 6
"""How many words after "showed him" may name the record shown ("showed him the ktla report")."""


def _others_shown_record(words: Sequence[str]) -> bool:
    """Whether someone else's belief is told to say they were shown the record ("my roommate swears the guy was
    shooting at the cop. showed him the ktla report and he still won't believe it"): the message corrects them.
    """  # noqa: D205
    believed = next((at for at, word in enumerate(words) if word in lex.OTHERS_BELIEF_WORDS), None)
    if believed is None:
        return False
    for at in range(believed + 1, len(words) - 1):
        if words[at] in lex.SHOWING_WORDS and words[at + 1] in lex.OBJECT_PRONOUNS:
            return not _RECORD_WORDS.isdisjoint(words[at + 2 : at + 2 + SHOWN_REACH])
    return False


PRETENDED_CLAIM_REACH = 4
"""How many words after "pretending" are read for a denial (then the record is what is pretended): "pretending the
sergeant wasnt shot at", not "pretending a cop got shot at doesnt help"."""
_OFFICIAL_WORDS = frozenset({"chp", "police", "pd", "cops", "msp", "department", "officials", "authorities"})
_DENYING = lex.NEGATORS | {"nothing", "noone"}


def _claim_pretended(view: View) -> bool:
    """Whether the message says others pretend what follows, not a denial and not by the officials ("stop pretending
    the sergeant got shot at", "pretending a cop got shot at doesn't help"): it disputes the claim. The officials
    pretending a denial ("the pd is pretending nobody shot at him") mocks the record instead (`_pretended`).
    """  # noqa: D205
    words, terms = view.analysis.words, view.analysis.terms
    for at, word in enumerate(words):
        if word not in lex.PRETENDING_WORDS or not _OFFICIAL_WORDS.isdisjoint(words[max(0, at - 3) : at]):
            continue
        if words[at + 1 : at + 2] == ("to",):
            continue  # "pretending to hold phones": what someone is said to act out, not a claim
        after = range(at + 1, min(len(words), at + 1 + PRETENDED_CLAIM_REACH))
        denied = any(words[index] in _DENYING or is_negated(terms[index]) for index in after)
        if not denied and any(terms[index] for index in after):
            return True
    return False


OFFICIALS_REACH = 5
"""How many words before a dispute cue may say whose word it is ("chp only calls it misleading")."""


def _officials_word_rejected(view: View, cue: Phrase) -> bool:
    """Whether a dispute cue is what the officials say ("chp calling it misleading", "chp says nah didnt happen")
    and the message rejects them ("... is cope", "who u gonna believe"): the dispute is theirs, not the message's.
    """  # noqa: D205
    at = view.position(cue.stems)
    if at is None:
        return False
    before = set(view.analysis.words[max(0, at - OFFICIALS_REACH) : at])
    denial = view.analysis.words[at] in lex.DENYING_WORDS  # "chp only denies it so ...": the cue is their saying
    if not (before & lex.OFFICIAL_SAYERS and (denial or before & lex.SAYING_WORDS)):
        return False
    return any(view.contains_phrase(phrase.stems) for phrase in _rejections())


@cache
def _rejections() -> tuple[Phrase, ...]:
    return tuple(Phrase.of(cue, keep_stems=True) for cue in lex.REJECTING_CUES)


def _denied_cue(view: View, cue: Phrase) -> bool:
    """Whether a one-word dispute cue is negated ("it's NOT misleading, the man ran up and shot at it"): that
    disputes the debunk, not the claim.
    """  # noqa: D205
    at = view.position(cue.stems)
    return len(cue.stems) == 1 and at is not None and is_negated(view.analysis.terms[at])


_SCORN = (("my", "ass"), ("my", "butt"), ("my", "foot"), ("my", "arse"), ("my", "a"))


def _scorned(view: View, cue: Phrase) -> bool:
    """Whether a dispute cue is scorned the way English scorns a word ("misleading my ass"): that rejects the
    dispute, it does not make one.
    """  # noqa: D205
    at = view.position(cue.stems)
    if at is None:
        return False
    after = tuple(view.analysis.words[at + len(cue.stems) : at + len(cue.stems) + 2])
    return after in _SCORN


def _anyone_otherwise(view: View, cue: Phrase) -> bool:
    """Whether "says otherwise" is said of anyone who would ("anyone saying otherwise is coping"): that mocks a
    dispute, it does not make one ("chp says otherwise").
    """  # noqa: D205
    if cue.stems[-1:] != (stem("otherwise"),):
        return False
    at = view.position(cue.stems)
    return at is not None and bool((lex.SAYERS | {"who"}).intersection(view.analysis.words[max(0, at - 2) : at]))


PRETENDING_REACH = 3
"""How many words before a dispute cue may say it is pretended ("pretending it didnt happen")."""


def _pretended(view: View, cue: Phrase) -> bool:
    """Whether a dispute cue is what someone is said to pretend ("the department is pretending it didn't happen",
    "acting like it never happened") or told to stop saying ("stop saying its fake"): the message mocks the
    denial, it does not make it.
    """  # noqa: D205
    at = view.position(cue.stems)
    if at is None:
        return False
    before = view.analysis.words[max(0, at - PRETENDING_REACH) : at]
    said = " ".join(before)
    return not lex.PRETENDING_WORDS.isdisjoint(before) or any(words in said for words in lex.DISMISSING_WORDS)


def _officials_saying_called(view: View, cue: Phrase) -> bool:
    """Whether what a dispute cue calls false is the officials' saying ("westminster PD sayin theres a gun is cap",
    "cops claiming she shot first is a lie"): the message rejects the record, not the claim.
    """  # noqa: D205
    at = view.position(cue.stems)
    words = view.analysis.words
    if at is None or words[at] not in lex.COPULAS:
        return False
    before = words[max(0, at - OFFICIALS_REACH - 4) : at]
    sayer = next((index for index, word in enumerate(before) if word in lex.OFFICIAL_SAYERS), None)
    return sayer is not None and not lex.SAYING_GERUNDS.isdisjoint(before[sayer + 1 :])


FEIGNED_SPAN = 3
"""How near "fake" a word of feeling makes it about the feeling ("the tears are fake"), not the claim."""


def _feigned(view: View, cue: Phrase) -> bool:
    """Whether every "fake" of the message is said of a feeling ("fake tears", "the crying is fake"): a word of
    disbelief in someone's grief, not a dispute of the claim.
    """  # noqa: D205
    stems = view.analysis.stems
    if cue.stems != (stem("fake"),):
        return False
    spots = [index for index, value in enumerate(stems) if value == cue.stems[0]]
    feelings = _feelings()
    near = (stems[max(0, spot - FEIGNED_SPAN) : spot + FEIGNED_SPAN + 1] for spot in spots)
    return bool(spots) and all(feelings & set(window) for window in near)


@cache
def _feelings() -> frozenset[str]:
    return frozenset(stem(word) for word in lex.FEELINGS)


def denied_in_passing(raw: str) -> str | None:
    """A short denial after what the message just reported ("pages saying the cop got shot. he didn't.", "... he
    wasnt, its machine garbage", "... but chp says no"), or what it reports called not what the officials say or a
    wrong caption, if any: the message reports the claim to deny it.
    """  # noqa: D205
    patterns = (
        _DENIED_IN_PASSING,
        _OFFICIALS_SAY_NO,
        _NO_ACCORDING_TO_OFFICIALS,
        _NOT_WHAT_OFFICIALS_SAY,
        _CAPTION_DENIED,
    )
    found = next(filter(None, (pattern.search(raw) for pattern in patterns)), None)
    return _first_group(found)


def _first_group(found: re.Match[str] | None) -> str | None:
    """The first group a pattern's alternatives matched, spaces tidied (None when nothing matched)."""
    return " ".join(next(group for group in found.groups() if group).split()) if found else None


def tells_the_record(raw: str) -> str | None:
    """The words by which a message tells the officials' account or others' spreading (`_OFFICIALS_ACCOUNT`), if
    any: an automatic answer would lecture accurate talk; a moderator decides.
    """  # noqa: D205
    found = _OFFICIALS_ACCOUNT.search(raw)
    return _first_group(found)


def quotes_others(raw: str) -> str | None:
    """The words by which a message gives a quotation as others' words (`_QUOTED_AS_OTHERS`), if any."""
    found = _QUOTED_AS_OTHERS.search(raw)
    return _first_group(found)


def quotations(raw: str) -> list[str]:
    """What a text quotes, in order."""
    return [match.group(1) or match.group(2) or "" for match in _QUOTED.finditer(raw)]


def quotes_fact(raw: str, fact: str, agencies: frozenset[str] = frozenset()) -> bool:
    """Whether a text quotes most of a contradicting fact ('"no one shot at him" is wild when ...')."""
    phrase = contradiction_phrases((fact,), agencies)[0].phrase
    return any(_says_fact(quoted, phrase) for quoted in quotations(raw))


def quoted_words(raw: str) -> set[str]:
    """The short quotations of a text, normalised ("chp calling it 'misleading'" has "misleading")."""
    return {" ".join(analyze(span).words) for span in quotations(raw) if len(span.split()) <= SCARE_QUOTE_WORDS}


def unquoted(raw: str) -> str:
    """The text with its quotations left out: what the message says in its own words."""
    return _QUOTED.sub(" ", raw)


def _meanings(terms: Iterable[str]) -> set[object]:
    """Terms as what they mean: a synonym group ("shot" and "fired" alike), negation kept."""
    found: set[object] = set()
    for term in terms:
        group = concept_of(base_term(term))
        found.add(term if group is None else (group, is_negated(term)))
    return found


def is_question(raw: str) -> bool:
    """Whether the message asks (a sentence ending in "?" that opens like a question, or "is it true …"), rather
    than asserting: "is it true someone shot at the sergeant?", "anyone know what happened in flint?".
    """  # noqa: D205
    lowered = raw.casefold()
    if any(cue in lowered for cue in lex.ASKING_CUES):
        return True
    for sentence in _SENTENCES.findall(lowered):
        found = re.findall(r"[a-z']+", sentence)
        if _tagged(found, asked=sentence.rstrip().endswith("?")):
            return True
        if not sentence.rstrip().endswith("?"):
            continue
        opening = [word for word in found if word not in lex.QUESTION_LEAD_INS]
        if opening and opening[0] in lex.QUESTION_OPENERS:
            return True
    return False


def _tagged(found: list[str], *, asked: bool) -> bool:
    """Whether a sentence closes with a question tag: "..., right?", "... or nah" (that one needs no "?")."""
    tail = " ".join(found[-2:])
    return any(tail.endswith(tag) and (asked or tag.startswith("or ")) for tag in _tags()) and len(found) > 2


@cache
def _tags() -> tuple[str, ...]:
    return tuple(f" {tag}" if " " not in tag else tag for tag in lex.QUESTION_TAGS)


def wishes(view: View, terms: frozenset[str]) -> bool:
    """Whether the message wishes for what the claim says ("i hope the westminster cop gets charged") rather than
    saying it: a term of `terms` a few words after a wish cue.
    """  # noqa: D205
    if not _WISH_WORDS.intersection(view.analysis.words):
        return False  # most messages wish nothing: no scan
    stems = view.analysis.stems
    for cue in _wish_cues():
        size = len(cue.stems)
        for start in range(len(stems) - size + 1):
            if stems[start : start + size] == cue.stems:
                after = view.analysis.terms[start + size : start + size + lex.WISH_REACH]
                if any(base_term(term) in terms for term in after if term):
                    return True
    return False


_WISH_WORDS = frozenset(word for cue in lex.WISH_CUES for word in cue.split()) - {"i", "he", "they", "be", "to", "get"}


@cache
def _wish_cues() -> tuple[Phrase, ...]:
    return tuple(Phrase.of(cue, keep_stems=True) for cue in lex.WISH_CUES)


def only_asks(raw: str) -> bool:
    """Whether the message does nothing but ask: a question (see `is_question`) whose every sentence ends in "?",
    or that says it is asking ("genuinely asking"); "did you see the bodycam? she pulled a gun" also asserts.
    """  # noqa: D205
    lowered = raw.casefold()
    if any(cue in lowered for cue in lex.ASKING_CUES):
        return True
    sentences = [sentence for sentence in _SENTENCES.findall(lowered) if re.search(r"[a-z]", sentence)]
    if not is_question(raw):
        return False
    asked = [_asks(sentence) for sentence in sentences]
    return any(asked) and all(ask or _aside(sentence) for ask, sentence in zip(asked, sentences, strict=True))


def _asks(sentence: str) -> bool:
    """Whether a sentence is a question: it ends in "?" or closes with "or nah", "or no"."""
    return sentence.rstrip().endswith("?") or _tagged(re.findall(r"[a-z']+", sentence), asked=False)


_HEARSAY = re.compile(
    r"\b(?:some(?:one|body)|ppl|people|my \w+|a friend|a guy|this guy)\b(?:\W+\w+){0,5}?\W+"
    r"(?:says?|said|swears?|swore|claims?|claimed|told me|keeps? saying|sent)\b"
)


def _aside(sentence: str) -> bool:
    """Whether a sentence beside a question only says why it is asked or what about: confusion ("genuinely
    confused by that video"), hearsay ("someone in my gc swears a guy shot at the cop"), which one ("the one where
    it looks like dude shoots at the chp car").
    """  # noqa: D205
    if re.match(r"\s*(?:the|that) one (?:where|that|with|w)\b", sentence):  # which one it asks about
        return True
    if _LOOKED.match(sentence) and len(re.findall(r"[a-z']+", sentence)) <= LOOKED_WORDS:
        return True  # what the asker saw or could not find ("seeing both takes", "haven't seen an update")
    return any(cue in sentence for cue in lex.CONFUSION_CUES) or bool(_HEARSAY.search(sentence))


_LOOKED = re.compile(
    r"\s*(?:i |ive |i've |im |i'm )?(?:keep |been |am )?(?:seeing|seen|havent seen|haven't seen"
    r"|cant find|can't find|couldnt find|couldn't find|didnt see|didn't see|found nothing|no update)\b"
)
LOOKED_WORDS = 5
"""The most words an aside of what the asker saw may have: "saw the clip he shot at the cop" says more."""


_SENTENCE_END = re.compile(r"(?<=\w\w)[.;](?:\s+|$)|\n+")
"""Where a statement ends: a stop after a word ("N. Adams" goes on), a new line (a question runs on into its answer:
"where did the shots come from? CHP said somewhere east")."""


_SENTENCE_MARK = "zzsentencezz"
"""A word standing for a sentence's end while the message is rewritten as its view is ("ngl" says "not gonna lie"):
the sentences' content words then count as the view's do."""


def _sentence_ends(raw: str) -> list[int]:
    """After how many of the view's content words each sentence of the message ends."""
    marked = f" {_SENTENCE_MARK} ".join(_SENTENCE_END.split(raw))
    content = analyze(plain_message(normalize(marked)), normalized=True).content
    ends = [at - index for index, at in enumerate(i for i, word in enumerate(content) if word == _SENTENCE_MARK)]
    return [*ends, len(content) - len(ends)]


def _across_sentences(raw: str, spots: list[int | None]) -> bool:
    """Whether the words found for a fact (content positions) lie in different sentences of the message."""
    said = [spot for spot in spots if spot is not None]
    if len(said) < 2 or not _SENTENCE_END.search(raw):
        return False
    ends = _sentence_ends(raw)
    sentence = [bisect.bisect_right(ends, spot) for spot in said]
    return min(sentence) != max(sentence)


_SHORT_DENIAL = re.compile(
    r"^\s*(?:no,?\s+)?(?:he|she|they|it)\s+(?:" + _DID_NOT + r"|never had one)\W*$", re.IGNORECASE
)
_REPORTING = lex.SAYING_WORDS | {"claimed", "posted", "swore", "swears", "insisted", "insists", "wrote", "tweeted"}


def _reported_then_denied(raw: str, phrase: Phrase) -> bool:
    """Whether the message reports a fact as someone's saying and denies it in the next sentence ("someone in here
    claimed alysha duran had a gun. she didn't."): the record reported to be denied.
    """  # noqa: D205
    sentences = [found.group(0) for found in _SENTENCES.finditer(raw)]
    for said, after in pairwise(sentences):
        if not _SHORT_DENIAL.match(after):
            continue  # the regex first: most sentences are no short denial, and reading one's words costs more
        if not _REPORTING.isdisjoint(analyze(said).words) and _says_fact(said, phrase):
            return True
    return False


def _denied_wider(
    view: View,
    phrase: Phrase,
    contradictions: Sequence[Contradiction],
    agencies: frozenset[str],
    people: frozenset[str],
) -> Contradiction | None:
    """A fact the message denies whose words hold all of the fact it seems to say ("gun was never found" holds the
    "gun" of "she had a gun"): then those words are the denial's, not the fact said.
    """  # noqa: D205
    said = _meanings(phrase.terms)
    for other in contradictions:
        if _negative(other.phrase):
            continue  # a fact worded negatively ("no shots fired at ...") is said or not, never denied here
        wider = other.phrase is not phrase and said < _meanings(other.phrase.terms)
        if wider and denies(view, other, agencies, people):
            return other
    return None


def stance_of(
    view: View,
    raw: str,
    contradictions: Sequence[Contradiction],
    *,
    asserted: bool,
    role: Role | None = None,
    agencies: frozenset[str] = frozenset(),
    people: frozenset[str] = frozenset(),
    own: View | None = None,
) -> StanceCheck:
    """The message's stance towards one claim; `asserted` says whether its words fit the claim well, `role`
    is the police's part in the message, `agencies` the words naming the police in this incident, `people` the
    incident's other names (its people and places: who the police dealt with), `own` its words outside quotation
    marks (a fact denied only inside them is others' denial: "the 'innocent girl, no gun' posts").
    """  # noqa: D205
    denial: Contradiction | None = None
    shooting: bool | None = None  # whether some fact says only a shooting: read once, when a fact is found
    for contradiction in contradictions:
        phrase = contradiction.phrase
        spots = _said(view, phrase, role)
        actor = _actor_said(view, contradiction, spots, agencies, people) if spots is not None else None
        if actor is Actor.SOMEONE:
            continue  # "and then somebody fired": neither the fact said nor denied
        unsure = actor is None and not _substance(view, contradiction, agencies)
        if (
            spots is not None
            and contradiction.actor is not None
            and (unsure or actor not in (None, contradiction.actor))
        ):
            if actor is not None and _substance(view, contradiction, agencies):
                denial = denial or contradiction
        elif spots is not None:
            if _supposed(raw, phrase):
                continue  # "if she had a gun the bodycam would show it": supposed, not said
            if _in_her_words(raw, phrase):
                continue  # "he shot her bc she SAID she had a gun": her words, reported, not the record said
            if shooting is None:
                shooting = any(says_only_shooting(other.phrase.terms) for other in contradictions)
            if (
                mocked(view, raw, phrase, contradiction.actor, plain_shooting=shooting)
                or _discredited(raw, phrase)
                or _contested(raw, phrase)
            ):
                return StanceCheck(Stance.ASSERT, phrase.text, mocked=True)
            if _asked_back(raw, phrase) or _pretended_fact(view, spots):
                return StanceCheck(Stance.ASSERT, phrase.text, mocked=True)
            if _disbelieved(view):
                denial = denial or contradiction
                continue
            if _across_sentences(raw, spots):
                continue  # "no proof she shot. the flint cop killed …": its words, from two sentences
            if _reported_then_denied(raw, phrase):
                return StanceCheck(Stance.ASSERT, phrase.text, denied=True, reported=True)
            wider = _denied_wider(view, phrase, contradictions, agencies, people)
            if wider is not None:
                denial = denial or wider  # "her necklace not a gun … gun was never found": the gun is denied
                continue
            return StanceCheck(Stance.DISPUTE, phrase.text)
        elif denial is None and denies(own or view, contradiction, agencies, people):
            denial = contradiction
    if denial is not None:
        return StanceCheck(Stance.ASSERT, denial.text, denied=True)
    return StanceCheck(Stance.ASSERT if asserted else Stance.MENTION)
