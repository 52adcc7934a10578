"""Text normalisation: undo Unicode tricks and leetspeak, fold to lowercase ASCII words, stem, mark negation.

`normalize` gives the cleaned text; `analyze` gives the words with one stem and one content term per word, which
is what the index and the scorer work on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import Stemmer
from anyascii import anyascii

from knowledge.matching import _lexicon as lex
from knowledge.matching import spanish
from knowledge.matching.needs import needed

_PUNCTUATION = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
}
_EXTRA_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u034f\u180e\u2800")
_CAMEL_TAG = re.compile(r"([#@])(?<!\w[#@])([A-Za-z0-9_]+)")  # "#" or "@" first: found by a quick scan
_CAMEL_SPLIT = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|_+")
_POSSESSIVE = re.compile(r"'s\b")
_WORDISH = re.compile(r"(?<![a-z0-9@$!|])(?=[a-z0-9@$!|]*[a-z])(?=[a-z0-9@$!|]*[0-9@$!|])[a-z0-9@$!|]+")
_LEET_CHARS = re.compile(r"[0-9@$!|]")
_NUMBER_WITH_UNIT = re.compile(r"^\d+([a-z]+)$")
_TRAILING_NUMBER = re.compile(r"^[a-z]+\d+$")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_SPACED = re.compile(r"(?<![a-z0-9])(?:[a-z][^a-z0-9]){3,}[a-z](?![a-z0-9])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ANSWERING_NO = re.compile(r"n(?<![a-z0-9']n)(?:o+|ope)\s*[.,!?;:]+(?=\s|$)")
"""A "no" answering what came before ("… no. there was a gun"): it negates nothing after it."""


def _clean_char(char: str) -> str:
    code = ord(char)
    if char in _EXTRA_INVISIBLE or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return ""
    category = unicodedata.category(char)
    if category in ("Cf", "Mn", "Me", "Cs", "Co", "Cn"):
        return ""
    if category in ("Cc", "So", "Sk") or category.startswith("Z"):
        return " "
    return _PUNCTUATION.get(char, char)


class _CleanTable(dict[int, str]):
    """A `str.translate` table computed one character at a time, the first time each is seen."""

    def __missing__(self, code: int) -> str:
        value = _clean_char(chr(code))
        if len(self) < _CLEAN_LIMIT:  # a stream of every code point must not grow it without bound
            self[code] = value
        return value


_CLEAN_LIMIT = 20_000
_CLEAN = _CleanTable()
_MAY_CHANGE = re.compile(r"[^\x20-\x5d\x5f\x61-\x7e]+")
"""Runs of the characters `_clean_char` may change: all but printable ASCII other than "^" and "`"."""


def _cleaned(run: re.Match[str]) -> str:
    """A run of characters cleaned (`_CLEAN`): translating only these is faster than the whole text."""
    return run.group(0).translate(_CLEAN)


_LOOKALIKE_SCRIPTS = re.compile(r"[\u0370-\u052f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_word(word: str) -> str:
    """Map look-alike letters to Latin when the word is written in them (not in a real foreign word)."""
    foreign = [char for char in word if char.isalpha() and not char.isascii()]
    if foreign and all(char in lex.CONFUSABLES for char in foreign):
        return "".join(lex.CONFUSABLES.get(char, char) for char in word)
    return word


def _fold_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", _MAY_CHANGE.sub(_cleaned, text))
    if _LOOKALIKE_SCRIPTS.search(text):
        text = " ".join(_fold_word(word) if not word.isascii() else word for word in text.split(" "))
    return text if text.isascii() else _NON_ASCII.sub(lambda match: anyascii(match.group(0)), text)


def _split_tag(match: re.Match[str]) -> str:
    return " " + " ".join(_CAMEL_SPLIT.split(match.group(2))) + " "


def _unleet(run: str) -> str:
    core = run.strip("!|")
    if core.startswith("@") or core.isalpha() or core.isdigit() or not any(c.isalpha() for c in core):
        return run
    unit = _NUMBER_WITH_UNIT.match(core)
    if (unit and unit.group(1) in lex.NUMBER_SUFFIXES) or _TRAILING_NUMBER.match(core):
        return run
    return "".join("i" if c in "!|" else lex.LEET.get(c, c) for c in core)


def normalize(text: str) -> str:
    """Fold a message to lowercase ASCII words separated by single spaces.

    Removes invisible characters (zero-width, bidi controls, soft hyphens, variation selectors), folds
    fullwidth and mathematical letters (NFKC), look-alike Cyrillic and Greek letters and other scripts
    (anyascii), splits hashtags written in camel case, undoes leetspeak ("sh00ts", "5hot") and long letter
    runs ("sooooo"), joins spaced-out letters ("d u r a n"), and drops punctuation, emoji, possessive "'s" and a
    "no" that answers what came before ("no. there was a gun"); then slang for shooting is put in plain words.
    """
    if not text.isascii():
        text = _fold_unicode(text)
    if "#" in text or "@" in text:
        text = _CAMEL_TAG.sub(_split_tag, text)
    text = text.casefold()
    if "no" in text:
        text = _ANSWERING_NO.sub(" ", text)
    if "'" in text or "`" in text:
        text = _POSSESSIVE.sub("", text.replace("`", "'")).replace("'", "")
    text = _SPACED.sub(lambda m: m.group(0)[::2], text)
    if _LEET_CHARS.search(text):
        text = _WORDISH.sub(lambda m: _unleet(m.group(0)), text)
    text = _REPEATS.sub(r"\1\1", text)
    text = _NON_WORD.sub(" ", text).strip()
    if _SPACED.search(text):  # letters the first pass left spaced out ("a:a:#aa" is now "a a a a")
        text = _REPEATS.sub(r"\1\1", _SPACED.sub(lambda m: m.group(0)[::2], text))
    return _plain_slang(text)


@cache
def _compiled(patterns: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]:
    """Each pattern of a rewriting list, compiled to match whole words, with its replacement and what it needs."""
    compiled = [re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])") for pattern, _plain in patterns]
    return tuple((found, plain, needed(found)) for found, (_pattern, plain) in zip(compiled, patterns, strict=True))


def compile_rewritings() -> None:
    """Compile the rewriting patterns now (tens of milliseconds) rather than when a first message needs them."""
    _compiled(lex.SLANG)
    _compiled(lex.MESSAGE_SLANG)


def _rewritten(text: str, patterns: tuple[tuple[str, str], ...]) -> str:
    for pattern, plain, parts in _compiled(patterns):
        if not parts or any(map(text.__contains__, parts)):  # a text holding none of them cannot match
            text = pattern.sub(plain, text)
    return text


def _plain_slang(text: str) -> str:
    """Slang for shooting in plain words ("emptied a mag" -> "fired"), see `lex.SLANG`; patterns are searched one
    by one, only in a message holding one of `lex.SLANG_WORDS`.
    """  # noqa: D205
    return text if lex.SLANG_WORDS.isdisjoint(text.split()) else _rewritten(text, lex.SLANG)


def plain_message(text: str) -> str:
    """A normalised message with what messages say in other words put in the claims' (see `lex.MESSAGE_SLANG`),
    and a denied "one" read as the thing it stands for ("asked for the bodycam, there isn't one"); Spanish is put
    in English words first (`spanish.gloss`).
    """  # noqa: D205
    text = spanish.gloss(text)
    found = text.split()
    if not lex.MESSAGE_SLANG_WORDS.isdisjoint(found) or any(map(str.isdigit, found)):
        text = _rewritten(text, lex.MESSAGE_SLANG)
    return _denied_one(text) if " one" in text else text


def _after_negator(found: list[str], index: int) -> bool:
    return bool(lex.NEGATORS.intersection(found[max(0, index - 3) : index]))


def _denied_one(text: str) -> str:
    """A "one" after a negator read as the object named last before it ("she never had one" after "a gun")."""
    found = text.split()
    named = ""
    for index, word in enumerate(found):
        if word in lex.STANDING_FOR:
            named = word
        elif word == "one" and named and found[index - 1] != "no" and _after_negator(found, index):
            found[index] = named
    return " ".join(found)


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalize(text).split()


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english", 50_000)


def stem_words(items: list[str]) -> list[str]:
    """Snowball stems of words, one per word (a few kept apart, see `lex.STEM_APART`)."""
    stems = _stemmer().stemWords(items)
    if lex.STEM_APART.keys() & set(items):
        return [lex.STEM_APART.get(word, stemmed) for word, stemmed in zip(items, stems, strict=True)]
    return stems


def stem(word: str) -> str:
    """The Snowball stem of one normalised word (a negation mark is kept)."""
    if word.startswith(lex.NEGATION_PREFIX):
        return lex.NEGATION_PREFIX + stem(word.removeprefix(lex.NEGATION_PREFIX))
    return lex.STEM_APART.get(word) or _stemmer().stemWord(word)


def base_term(term: str) -> str:
    """A content term without its negation mark."""
    return term.removeprefix(lex.NEGATION_PREFIX)


def is_negated(term: str) -> bool:
    """Whether a content term carries a negation mark."""
    return term.startswith(lex.NEGATION_PREFIX)


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text as the matcher sees it: aligned words, stems and content terms.

    Attributes:
        words: The normalised words, in order.
        stems: One stem per word, stopwords included (for phrase matching).
        terms: One content term per word: its stem, prefixed ``not_`` after a negator, or "" for stopwords.
    """

    words: tuple[str, ...]
    stems: tuple[str, ...]
    terms: tuple[str, ...]

    @property
    def content(self) -> list[str]:
        """The content terms in order, without the empty slots."""
        return [term for term in self.terms if term]

    def with_stems(self, stems: list[str]) -> Analysis:
        """The same words with corrected stems (the content terms follow the stems)."""
        return Analysis(self.words, tuple(stems), tuple(_terms(list(self.words), stems)))


def _terms(items: list[str], stems: list[str]) -> list[str]:
    """One content term per word (see `Analysis.terms`)."""
    terms: list[str] = []
    negators, stopwords, scope, prefix = lex.NEGATORS, lex.STOPWORDS, lex.NEGATION_SCOPE, lex.NEGATION_PREFIX
    negated_until = subject_until = -1
    for index, (word, stemmed) in enumerate(zip(items, stems, strict=True)):
        if index <= subject_until and word in lex.AUXILIARIES:  # "nobody in the crowd *got* hit"
            negated_until, subject_until = index + scope, -1
            terms.append("" if word in stopwords else stemmed)
        elif index <= subject_until:  # where the negated subject was: "nobody in the *crowd*"
            terms.append("" if word in stopwords or (len(word) < 2 and not word.isdigit()) else stemmed)
        elif _negated_subject_placed(items, index):
            subject_until = index + lex.PLACED_SUBJECT_REACH
            terms.append("")
        elif word in negators or (word == "nothing" and items[index + 1 : index + 2] in lex.NOTHING_NEGATES):
            negated_until = index + scope
            terms.append("")
        elif word in stopwords or (len(word) < 2 and not word.isdigit()):
            terms.append("")
        elif index <= negated_until:
            terms.append(prefix + stemmed)
            negated_until = -1
            if word in lex.NO_ONE_OF and items[index - 1 : index] == ["no"]:
                negated_until = index + 2  # "no bystanders (were) *hurt*": their verb is negated too
        else:
            terms.append(stemmed)
    return terms


def _negated_subject_placed(items: list[str], index: int) -> bool:
    """Whether the word is a negated subject placed somewhere ("nobody in the crowd", "no one at the parade"): the
    negation is then the verb's, after the place, not the place's.
    """  # noqa: D205
    word = items[index]
    if word == "no" and items[index + 1 : index + 2] == ["one"]:
        index += 1
    elif word not in lex.NEGATED_SUBJECTS:
        return False
    return items[index + 1 : index + 2] != [] and items[index + 1] in lex.PLACING_WORDS


def negated_words(items: Sequence[str], stems: Sequence[str]) -> list[bool]:
    """Whether each word is said negated ("never *fired*")."""
    return [is_negated(term) for term in _terms(list(items), list(stems))]


def repeats_as_object(items: Sequence[str], negated: int, index: int) -> bool:
    """Whether the word at `index` is the object of the negated word at `negated`, only fillers between ("never
    fired a single shot", "didn't fire one round"): it is denied with it.
    """  # noqa: D205
    return index - negated > 0 and all(word in lex.OBJECT_FILLERS for word in items[negated + 1 : index])


def analyze(text: str, *, normalized: bool = False) -> Analysis:
    """Normalise (unless already done), stem and mark the content terms of a text."""
    items = text.split() if normalized else words(text)
    stems = stem_words(items)
    return Analysis(tuple(items), tuple(stems), tuple(_terms(items, stems)))
