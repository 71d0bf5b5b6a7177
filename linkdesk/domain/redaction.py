"""The one name redactor: every output that can carry free text (letters, reports, the SAR, the
search window in privacy mode) replaces the recorded names of children who may not be named with
their LinkDesk code (architecture.md D7).

What counts as a match, so that a name is caught however it was typed:

- every name recorded on the CYP record (``NAME_FIELDS``: given, family and preferred names), and
  each part of a hyphenated or multi-part name ("Łukasiewicz-Nowak", "Dafydd ap Gwilym") on its
  own; name particles ("ap", "Ó", "Ní", "van", "al"...) are taken along when they stand next to
  a name part but are never redacted alone;
- case folded, diacritics removed, and letters that have no decomposition mapped by hand
  (Ł→l, Ø→o, ß→ss, Đ→d, Æ→ae, Œ→oe, ı→i...), invisible format characters ignored, so
  "LUKASIEWICZ", "Lukasiewicz" and "Łukasiewicz" are the same word;
- any apostrophe or none: O'Sullivan, O’Sullivan, O‘Sullivan, Oʼ Sullivan, O Sullivan, OSullivan;
- possessives and plurals: "Nowak's" (the 's is kept), "Nowaks", "the Nowaks'".

A run of name words (with spaces, hyphens or apostrophes between them) becomes one code: "Call
Lukasiewicz-Nowak family" -> "Call CYP-AA237D family". A word that belongs to two children (two
siblings' family name) becomes "[name]" unless the words around it say which child it is; a word
that is also a name of a child the text may name (``keeping``) is left, since it is printed anyway. Codes
(``CYP-1A2B3C``) are never cut or partly replaced. Names of one letter are not redacted (they
would take every "a" and "I" with them); nicknames and misspellings are not caught, so a person
still reads what leaves the laptop.

The lookup is built once (a dictionary from folded word to children) and each text costs one
pass over its characters and one dictionary lookup per word, whatever the number of children.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from linkdesk.domain.records import Record

#: The fields of a CYP record that hold a name.
NAME_FIELDS = ("given_name", "family_name", "preferred_name")
#: What replaces a name part shared by several children when the text does not say which.
AMBIGUOUS = "[name]"
#: What privacy mode shows instead of a whole concern, note or risk text (names alone become codes).
HIDDEN = "Hidden in privacy mode"
#: Words that join the parts of a name but are no name on their own (folded).
PARTICLES = frozenset(
    {
        *("ap", "ab", "ferch", "verch", "ni", "nic", "ui", "ua", "o", "mac", "mc", "mhic", "van", "von"),
        *("der", "den", "de", "da", "di", "del", "della", "des", "du", "la", "le", "st", "y", "d"),
        *("bin", "bint", "ibn", "al", "el", "ben", "bat"),
    }
)
#: Letters that Unicode does not decompose, and their plain Latin spelling (after casefold).
_PLAIN = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "ŋ": "n",
        "ħ": "h",
        "ŧ": "t",
        "ĸ": "k",
        "ƀ": "b",
        "ɓ": "b",
        "ɗ": "d",
        "ɖ": "d",
        "ƙ": "k",
        "ƴ": "y",
        "ə": "e",
        "ɛ": "e",
        "ɔ": "o",
        "ſ": "s",
        # Arabic: spelling variants of one letter, and the elongation stroke
        "ة": "ه",
        "ى": "ي",
        "ـ": "",
    }
)
_APOSTROPHES = frozenset("'’‘ʼʻ`´′＇ʹ")
_HYPHENS = frozenset("-‐‑‒–—―⁃﹣－")
#: A code as LinkDesk makes it (``records.py``): never looked into, even for a child not listed.
_MADE_CODE = re.compile(r"CYP-[0-9A-F]{6}")
#: Anything that may be a code, for shortening text: never cut inside one.
_CODE_LIKE = re.compile(r"CYP[-‐‑ ]?[0-9A-Za-z]{4,12}\b", re.IGNORECASE)
_ARABIC_ARTICLE = "ال"


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """A word as names are compared: case, diacritics, apostrophes and format characters removed."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    kept = (
        ch
        for ch in decomposed
        if ch not in _APOSTROPHES and unicodedata.category(ch) not in ("Mn", "Me", "Cf")
    )
    return "".join(kept).translate(_PLAIN)


@lru_cache(maxsize=4096)
def _kind(ch: str) -> int:
    """0: ends a word and a name; 1: part of a word; 2: inside a word, ignored (format character);
    3: between the words of one name (space, hyphen, apostrophe)."""
    if ch in _APOSTROPHES or ch in _HYPHENS or ch.isspace():
        return 3
    category = unicodedata.category(ch)
    if category[0] in "LMN":
        return 1
    return 2 if category == "Cf" else 0


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    key: str
    #: Only spaces, hyphens and apostrophes lie between this word and the one before it.
    joined: bool


def _words(text: str, start: int, end: int) -> list[_Word]:
    """The words of ``text[start:end]``."""
    found: list[_Word] = []
    joined = False
    i = start
    while i < end:
        kind = _kind(text[i])
        if kind in (1, 2):
            j = i
            while j < end and _kind(text[j]) in (1, 2):
                j += 1
            key = fold(text[i:j])
            if key:
                found.append(_Word(i, j, key, joined and bool(found)))
                joined = True
            i = j
            continue
        if kind == 0:
            joined = False
        i += 1
    return found


def name_parts(name: str) -> list[str]:
    """The folded words of a recorded name, with "McDonald" also giving "Mc" and "Donald"."""
    return _parts(name, _words(name, 0, len(name)))


def _parts(name: str, words: list[_Word]) -> list[str]:
    """``name_parts`` of a name already split into ``words``."""
    parts: list[str] = []
    for word in words:
        raw = name[word.start : word.end]
        inner = [n for n in range(1, len(raw)) if raw[n].isupper() and raw[n - 1].islower()]
        if inner and len(raw) - inner[-1] >= 2:  # "McDonald", "MacNeil", "DeSouza"
            parts += [fold(raw[: inner[-1]]), fold(raw[inner[-1] :])]
        parts.append(word.key)
    return parts


def cyp_code(cyp: Record) -> str:
    """How a child appears where their name may not: the pseudonymous code, never a name."""
    return str(cyp.get("pseudonym") or f"CYP {cyp.id[:8]}")


class NameRedactor:
    """Replaces the names of the children in ``cyps`` (except those in ``keep``) with their codes.

    Build it once for a window, a letter or a report; calling it is cheap.
    """

    def __init__(self, cyps: Iterable[Record], keep: Iterable[str] = ()) -> None:
        self._codes: list[str] = []
        self._index: dict[str, int] = {}
        self._lookup: dict[str, set[int]] = {}
        self._particles: dict[str, set[int]] = {}
        for cyp in cyps:
            index = self._index[cyp.id] = len(self._codes)
            self._codes.append(cyp_code(cyp))
            for field in NAME_FIELDS:
                value = cyp.get(field)
                if isinstance(value, str) and value.strip():
                    self._add_name(index, value)
        self._known_codes = frozenset(self._codes)
        self._kept = frozenset(self._index[i] for i in keep if i in self._index)

    def keeping(self, keep: Iterable[str]) -> NameRedactor:
        """The same redactor, leaving the names of the children in ``keep`` as they are (a letter
        may name the child whose consent it relies on). Cheap: the lookup is shared."""
        other = copy.copy(self)
        other._kept = frozenset(self._index[i] for i in keep if i in self._index)
        return other

    def _add_name(self, index: int, name: str) -> None:
        found = _words(name, 0, len(name))
        parts = _parts(name, found)
        several = len(parts) > 1
        for part in parts:
            if several and (part in PARTICLES or len(part) < 2):
                self._particles.setdefault(part, set()).add(index)
            elif len(part) >= 2:
                self._lookup.setdefault(part, set()).add(index)
                if part.startswith(_ARABIC_ARTICLE) and len(part) > 3:
                    self._lookup.setdefault(part[2:], set()).add(index)
        words = [w.key for w in found]
        for first in range(len(words)):  # "OSullivan", "LukasiewiczNowak": parts written together
            for last in range(first + 2, len(words) + 1):
                self._lookup.setdefault("".join(words[first:last]), set()).add(index)

    def _owners(self, key: str) -> set[int] | None:
        found = self._lookup.get(key)
        if found is None and len(key) > 3 and key.endswith("s"):  # plural: "Nowaks", "Joneses"
            found = self._lookup.get(key[:-1]) or (self._lookup.get(key[:-2]) if key.endswith("es") else None)
        return found

    def _is_code(self, raw: str) -> bool:
        return raw in self._known_codes or bool(_MADE_CODE.fullmatch(raw))

    def _protected(self, text: str, words: list[_Word]) -> set[int]:
        """The words that make up a code ("CYP-AA237D" is two words): never looked into."""
        found: set[int] = set()
        for n, word in enumerate(words):
            if self._is_code(text[word.start : word.end]):
                found.add(n)
            after = words[n + 1] if n + 1 < len(words) else None
            if after and after.start - word.end == 1 and self._is_code(text[word.start : after.end]):
                found.update((n, n + 1))
        return found

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        if not self._lookup:
            return text
        words = _words(text, 0, len(text))
        protected = self._protected(text, words)
        owners = [None if n in protected else self._owners(w.key) for n, w in enumerate(words)]
        out: list[str] = []
        done = n = 0
        while n < len(words):
            if owners[n] is None:
                n += 1
                continue
            first, last, who = self._run(words, owners, protected, n)
            replacement = self._replacement(who)
            if replacement is not None:
                out += [text[done : words[first].start], replacement]
                done = words[last].end
            n = last + 1
        out.append(text[done:])
        return "".join(out)

    def _run(
        self, words: list[_Word], owners: list[set[int] | None], protected: set[int], n: int
    ) -> tuple[int, int, set[int]]:
        """The run of name words from ``words[n]``, the particles around it, and who it can be."""
        who = set(owners[n] or ())
        last = probe = n
        while probe + 1 < len(words) and words[probe + 1].joined and probe + 1 not in protected:
            probe += 1
            found = owners[probe]
            if found is not None and who & found:
                who &= found
                last = probe
            elif not who & self._particles.get(words[probe].key, set()):
                break  # a particle inside a name ("ap" in "Dafydd ap Gwilym") is taken if a name follows
        first = n
        while (
            first > 0
            and words[first].joined
            and first - 1 not in protected
            and who & self._particles.get(words[first - 1].key, set())
        ):
            first -= 1  # "O Sullivan", "Ní Bhriain", "al Zahra"
        return first, last, who

    def _replacement(self, who: set[int]) -> str | None:
        """A child's code; None to leave a name that may be printed; AMBIGUOUS when unclear."""
        if who & self._kept:  # a name the letter may print anyway (its child's), whoever else shares it
            return None
        if len(who) == 1:
            return self._codes[next(iter(who))]
        return AMBIGUOUS


def clip(text: object, limit: int) -> str:
    """One line of at most ``limit`` characters, shortened with "…" at a word boundary and never
    inside a code."""
    value = " ".join(str(text or "").split())
    if len(value) <= limit:
        return value
    cut = limit - 1
    space = value.rfind(" ", 0, cut + 1)
    if space > limit // 2:
        cut = space
    for code in _CODE_LIKE.finditer(value):
        if code.start() < cut < code.end():
            cut = code.start()
    return value[:cut].rstrip() + "…"
