"""Typo correction against the knowledge base's own vocabulary (symmetric deletions, edit distance 1).

Only words the knowledge base does not know are corrected, only towards longer known words, and only when the
correction is unambiguous: "Westminister", "Compten", "shoting" and "polise" are fixed, ordinary words rarely are.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA

MIN_QUERY_LENGTH = 5
MIN_TARGET_LENGTH = 6
MAX_QUERY_LENGTH = 30
"""Longer "words" are not words: no correction (and no cost quadratic in their length)."""
SEEN_LIMIT = 10_000
"""Corrections remembered (chat repeats its words); the memory is emptied when full."""


def _deletions(word: str) -> set[str]:
    return {word[:index] + word[index + 1 :] for index in range(len(word))}


class TypoCorrector:
    """Finds the known word one typo away from an unknown word."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.known = frozenset(vocabulary)
        """The words it knows (never corrected)."""
        self._seen: dict[str, str | None] = {}
        self._by_deletion: dict[str, str | tuple[str, ...]] = {}
        for word in self.known:
            if len(word) >= MIN_TARGET_LENGTH and word.isalpha():
                for key in (word, *_deletions(word)):
                    found = self._by_deletion.get(key)
                    if found is None:
                        self._by_deletion[key] = word
                    elif found != word:
                        self._by_deletion[key] = (found, word) if isinstance(found, str) else (*found, word)

    def __contains__(self, word: object) -> bool:
        return word in self.known

    def correct(self, word: str) -> str | None:
        """The known word this unknown word is a typo of, or None (known, too short, no or several candidates)."""
        if word in self.known or not MIN_QUERY_LENGTH <= len(word) <= MAX_QUERY_LENGTH or not word.isalpha():
            return None
        if word in self._seen:
            return self._seen[word]
        if len(self._seen) >= SEEN_LIMIT:
            self._seen.clear()
        fixed = self._seen[word] = self._correct(word)
        return fixed

    def _correct(self, word: str) -> str | None:
        candidates: set[str] = set()
        for key in (word, *_deletions(word)):
            found = self._by_deletion.get(key)
            if found is not None:
                candidates.update((found,) if isinstance(found, str) else found)
        found_words = [candidate for candidate in candidates if OSA.distance(word, candidate, score_cutoff=1) <= 1]
        return found_words[0] if len(found_words) == 1 else None
