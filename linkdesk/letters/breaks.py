"""Where a word wider than its box may break: after its own hyphens, else cut with a hyphen.

reportlab wraps at spaces; a word wider than the rest of the line it is on was cut there, letter
by letter and without a hyphen ("Fe" / "atherstonehaugh"). Here each word (a run of text between
spaces, across spans) that is wider than the *whole* box is given break opportunities before
reportlab sees it: first after its own hyphens, in pieces as long as fit the box, and only a piece
still wider than the box is cut, with a hyphen added. Pieces are separated by a space, which is
safe: two pieces of one word can never share a line, because the word did not fit in the box.
A word that fits the box is never broken; it moves to the next line whole.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

HYPHENS = "-\u2010"
#: A generous upper bound of a character's advance, in ems: shorter words are not measured.
_MAX_EM = 1.25


def break_long_words(
    parts: Sequence[tuple[str, bool]], width: float, size: float, measure: Callable[[str, bool], float]
) -> list[str]:
    """The texts of ``parts`` (text, bold) with break opportunities in every word wider than
    ``width`` points; ``measure(text, bold)`` gives the printed width of ``text`` at ``size``."""
    text = "".join(t for t, _bold in parts)
    owner = [n for n, (t, _bold) in enumerate(parts) for _ in t]
    inserts: dict[int, str] = {}  # position in text -> what to insert after the character there

    def span_width(start: int, end: int) -> float:
        total, first = 0.0, start
        for i in range(start, end + 1):
            if i == end or owner[i] != owner[first]:
                total += measure(text[first:i], parts[owner[first]][1])
                first = i
        return total

    for first, end in _words(text):
        if (end - first) * size * _MAX_EM <= width or span_width(first, end) <= width:
            continue
        hyphen = measure("-", parts[owner[end - 1]][1])
        start = first
        while start < end and span_width(start, end) > width:
            start = _next_break(text, start, end, width, hyphen, span_width, inserts)
    if not inserts:
        return [t for t, _bold in parts]
    pieces: list[list[str]] = [[] for _ in parts]
    for i, ch in enumerate(text):
        pieces[owner[i]].append(ch + inserts.get(i, ""))
    return ["".join(p) for p in pieces]


def _next_break(
    text: str,
    start: int,
    end: int,
    width: float,
    hyphen: float,
    span_width: Callable[[int, int], float],
    inserts: dict[int, str],
) -> int:
    """Break the word ``text[start:end]`` once, as late as the box allows; returns the new start."""
    fitting = [p for p in range(start + 1, end) if text[p - 1] in HYPHENS and span_width(start, p) <= width]
    if fitting:
        inserts[fitting[-1] - 1] = " "
        return fitting[-1]
    cut = _longest_cut(text, start, end, lambda e: span_width(start, e) + hyphen <= width)
    inserts[cut - 1] = "- "
    return cut


def _words(text: str) -> list[tuple[int, int]]:
    words, start = [], None
    for i, ch in enumerate(text):
        if ch.isspace():
            if start is not None:
                words.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        words.append((start, len(text)))
    return words


def _longest_cut(text: str, start: int, end: int, fits: Callable[[int], bool]) -> int:
    """The furthest position after ``start`` where the piece still fits (at least one letter),
    never in front of a combining mark or joiner, so a letter and its marks stay together."""
    low, high = start + 1, end - 1
    best = start + 1
    while low <= high:
        middle = (low + high) // 2
        if fits(middle):
            best, low = middle, middle + 1
        else:
            high = middle - 1
    while best > start + 1 and _joins_previous(text[best]):
        best -= 1
    while best < end - 1 and _joins_previous(text[best]):
        best += 1
    return best


def _joins_previous(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in "\u200c\u200d\u094d\u09cd\u0a4d"
