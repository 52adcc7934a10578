"""BERT's uncased word pieces for plain ASCII text, in Python with a cache per word (the static encoder's input).

The tokenizers library costs a few hundred microseconds per call on a busy core, more than the whole static
embedding; most chat is plain ASCII, where BERT's basic tokenizer only lowercases and splits on whitespace and
punctuation (every printable ASCII character that is not a letter or digit). Each word is then cut into word
pieces by the real tokenizer once and remembered. Other text goes to the tokenizer whole. Same ids either way.
"""

from __future__ import annotations

import re

from tokenizers import Tokenizer

MAX_PIECES = 254
"""Word pieces kept per text: the model's 256 tokens less [CLS] and [SEP] (the full model's cut)."""
_WORDS = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CACHE_LIMIT = 200_000


class WordPieces:
    """Word piece ids of texts, without [CLS] and [SEP], cut at `MAX_PIECES`."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        self._pieces: dict[str, list[int]] = {}

    def ids(self, text: str) -> list[int]:
        """The text's word piece ids (through the tokenizer whole when it is not plain ASCII)."""
        if not text.isascii():
            return self._tokenizer.encode(text, add_special_tokens=False).ids[:MAX_PIECES]
        ids: list[int] = []
        pieces = self._pieces
        for word in _WORDS.findall(_CONTROL.sub("", text).lower()):
            found = pieces.get(word)
            if found is None:
                if len(pieces) >= _CACHE_LIMIT:
                    pieces.clear()
                found = pieces[word] = self._tokenizer.encode(word, add_special_tokens=False).ids
            ids += found
            if len(ids) >= MAX_PIECES:
                return ids[:MAX_PIECES]
        return ids
