"""The words around a search's matches in a hit's text, as the search window shows them.

The search index (FTS5, ``unicode61 remove_diacritics 2``) finds the hits; this cuts the text
around them. FTS5's own ``snippet()`` does the same but has to find the hit again in the whole
index for every hit shown (about 0.6 ms a hit on the large demo under SQLCipher's memory
security), where cutting the text in Python takes microseconds. Matching follows the index: a
query word matches a word of the text that starts with it, case and accents ignored.
"""

from __future__ import annotations

import re
import unicodedata

#: A word as the index's tokenizer sees one: letters and digits of any script.
_WORD = re.compile(r"[^\W_]+")
#: Words a snippet shows, as FTS5's ``snippet(..., 12)`` did.
WORDS = 12
MARK_OPEN, MARK_CLOSE, ELLIPSIS = "[", "]", "…"


def fold(word: str) -> str:
    """``word`` as the index compares it: lower case, accents removed."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_words(query: str) -> list[str]:
    """The folded words of what a person typed."""
    return [fold(word) for word in _WORD.findall(query)]


def snippet(text: str, words: list[str], size: int = WORDS) -> str:
    """Up to ``size`` words of ``text`` around its matches of ``words`` (from ``query_words``),
    matches in [brackets], "…" where text was left out. The window shown holds the most
    different query words, the earliest such; it starts a little before its first match."""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return ""
    matched = [_which(token.group(), words) for token in tokens]
    start = _best_start(matched, size)
    end = min(len(tokens), start + size)
    parts = [ELLIPSIS] if start > 0 else []
    position = tokens[start].start()
    for index in range(start, end):
        token = tokens[index]
        parts.append(text[position : token.start()])
        word = token.group()
        parts.append(f"{MARK_OPEN}{word}{MARK_CLOSE}" if matched[index] >= 0 else word)
        position = token.end()
    if end < len(tokens):
        parts.append(ELLIPSIS)
    return "".join(parts)


def _which(token: str, words: list[str]) -> int:
    """The index of the first of ``words`` that ``token`` starts with, else -1."""
    folded = token.lower() if token.isascii() else fold(token)
    return next((n for n, word in enumerate(words) if folded.startswith(word)), -1)


def _best_start(matched: list[int], size: int) -> int:
    """Where the window of ``size`` tokens with the most distinct matched words begins."""
    best, best_count = 0, -1
    for first, word in enumerate(matched):
        if word < 0:
            continue
        count = len({w for w in matched[first : first + size] if w >= 0})
        if count > best_count:
            best, best_count = first, count
    lead = size // 4  # a few words of context before the first match
    start = max(0, best - lead)
    return max(0, min(start, len(matched) - size))
