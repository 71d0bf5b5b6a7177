"""User text to safe reportlab paragraph markup.

Every character that reaches reportlab goes through here. Text is normalised (NFC, line breaks,
invisible format characters dropped, bidi overrides such as U+202E removed so nothing is printed
in a spoofed order), checked against the embedded fonts (a character no font has is refused,
naming the field, never printed as a box), split into runs that each use one font, and escaped
with ``xml.sax.saxutils.escape`` so ``<``, ``>`` and ``&`` print literally (CVE-2023-33733 class).
The only markup in the result is ``<font name="...">`` with our own font names and ``<br/>``.

Right-to-left text (Arabic, Urdu, Hebrew) is wrapped into lines here, in logical order, and each
line is then reshaped and put into visual order (python-bidi + arabic-reshaper): reportlab's own
bidi support is not available, and reordering a paragraph before wrapping puts lines in the wrong
order (stack.md §4.1).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display

from linkdesk.errors import ValidationError
from linkdesk.letters import fonts, shaping
from linkdesk.letters.breaks import break_long_words

#: Bidi embedding, override and isolate controls and marks: dropped (the logical order is printed).
BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
JOINERS = frozenset([0x200C, 0x200D])
LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\t": " "}


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph: template wording, or a value from a record (``field`` names it)."""

    text: str
    bold: bool = False
    field: str | None = None


def clean(text: str) -> str:
    """NFC, one kind of line break, no invisible format characters and no bidi overrides."""
    for old, new in LINE_BREAKS.items():
        text = text.replace(old, new)
    if text.isascii():  # already NFC, with no format character and no space but the plain one
        return text
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        cp = ord(ch)
        if cp in BIDI_CONTROLS:
            continue
        category = unicodedata.category(ch)
        if category == "Cf" and cp not in JOINERS:
            continue  # soft hyphen, zero-width space, BOM...: nothing to print
        out.append(" " if category == "Zs" and ch != "\u00a0" else ch)
    return "".join(out)


#: Code point ranges of the scripts with a font of their own (fonts.FAMILIES keys).
SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0600, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0xA8E0, 0xA8FF, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0A80, 0x0AFF, "gujarati"),
    (0x0B80, 0x0BFF, "tamil"),
    (0x2E80, 0x2FDF, "han"),
    (0x3000, 0x31FF, "han"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xF900, 0xFAFF, "han"),
    (0xFF00, 0xFFEF, "han"),
    (0x20000, 0x3134F, "han"),
)
SHAPED_SCRIPTS = frozenset(f.key for f in fonts.SHAPED)


def _script(cp: int) -> str | None:
    if cp < 0x0600:
        return None
    for first, last, script in SCRIPT_RANGES:
        if first <= cp <= last:
            return script
    return None


def _candidates(cp: int, bold: bool) -> tuple[str, ...]:
    return _candidates_for(_script(cp), bold)


@lru_cache(maxsize=16)
def _candidates_for(script: str | None, bold: bool) -> tuple[str, ...]:
    order = sorted(fonts.FAMILIES, key=lambda f: f.key != script)
    names = [f.bold if bold else f.regular for f in order]
    if bold:
        names += [f.regular for f in order]  # a glyph only the regular weight has
    return tuple(names)


def _is_neutral(ch: str) -> bool:
    return ch == "\n" or unicodedata.category(ch)[0] in "ZPNSC" or ord(ch) in JOINERS


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def needs_shaping(ch: str) -> bool:
    """An Indic vowel sign, virama or other mark: printed wrong without a shaping engine."""
    return _script(ord(ch)) in SHAPED_SCRIPTS and _is_mark(ch)


def describe(ch: str) -> str:
    name = unicodedata.name(ch, "unnamed character")
    return f"U+{ord(ch):04X} ({name.lower()})"


def check_printable(text: str, field: str | None, where: str = "") -> None:
    """Raise ValidationError naming ``field`` if any character cannot be printed correctly."""
    if _plain(text):
        return
    label = field or "template"
    for ch in text:
        if ch in " \n" or ord(ch) in JOINERS:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            raise ValidationError(
                f"{label}: {describe(ch)}{where} is a control, private-use or unassigned character, "
                "which cannot be printed. Nothing was made.",
                field,
            )
        if not any(ord(ch) in fonts.coverage(f) for f in fonts.FONT_FILES):
            raise ValidationError(
                f"{label}: {describe(ch)}{where} cannot be printed: none of the fonts LinkDesk embeds "
                "has it. Nothing was made; correct the text or write that part another way.",
                field,
            )
        if needs_shaping(ch) and not fonts.shaping_available():
            raise ValidationError(
                f"{label}: {describe(ch)}{where} needs complex-script shaping (the uharfbuzz package), "
                "which this installation lacks; printing it would put letters in the wrong order. "
                "Nothing was made.",
                field,
            )


def _plain(text: str) -> bool:
    """Printable ASCII (and line breaks) only: every character is in DejaVu Sans, nothing to decide."""
    return text.isascii() and all(" " <= ch < "\x7f" or ch == "\n" for ch in text)


@lru_cache(maxsize=8192)
def font_runs(text: str, bold: bool) -> list[tuple[str, str]]:
    """Split checked text into (font name, text) runs, each printable in one font.

    Letters and marks take the first font that has them (their script's font first); spaces,
    digits and punctuation stay with the neighbouring letter of the same word where that font
    has them, so a word is never split between fonts without need.
    """
    default = fonts.BOLD if bold else fonts.BODY
    if _plain(text):
        return [(default, text)] if text else []
    chosen: list[str | None] = [None] * len(text)
    for i, ch in enumerate(text):
        if _is_neutral(ch):
            continue
        cp = ord(ch)
        previous = chosen[i - 1] if i and _is_mark(ch) else None
        if previous and cp in fonts.coverage(previous):
            chosen[i] = previous
            continue
        chosen[i] = next((f for f in _candidates(cp, bold) if cp in fonts.coverage(f)), None)
    left, right = _word_neighbours(text, chosen)
    for i, ch in enumerate(text):
        if chosen[i] is not None:
            continue
        if ch.isspace():
            chosen[i] = default  # spaces keep the text's own width, whatever the words around them
            continue
        options = [left[i], right[i], chosen[i - 1] if i else None, default, *_candidates(ord(ch), bold)]
        chosen[i] = next((f for f in options if f and ord(ch) in fonts.coverage(f)), default)
    runs: list[tuple[str, list[str]]] = []
    for ch, font in zip(text, chosen, strict=True):
        assert font is not None
        if runs and runs[-1][0] == font:
            runs[-1][1].append(ch)
        else:
            runs.append((font, [ch]))
    return [(font, "".join(chars)) for font, chars in runs]


def _word_neighbours(text: str, chosen: list[str | None]) -> tuple[list[str | None], list[str | None]]:
    """For each position, the font of the nearest letter before and after it in the same word."""
    n = len(text)
    left: list[str | None] = [None] * n
    right: list[str | None] = [None] * n
    current: str | None = None
    for i in range(n):
        if text[i].isspace():
            current = None
            continue
        left[i] = current
        if chosen[i] is not None:
            current = chosen[i]
    current = None
    for i in range(n - 1, -1, -1):
        if text[i].isspace():
            current = None
            continue
        right[i] = current
        if chosen[i] is not None:
            current = chosen[i]
    return left, right


def runs_markup(runs: Sequence[tuple[str, str]], size: float) -> str:
    """Each run escaped inside a ``<font>`` tag naming one of our fonts (never anything of the user's).

    A run in an Indic font is shaped first, alone (``shaping.shape``); a glyph that HarfBuzz moves
    up or down is wrapped in a ``<sup>`` of the same size with that rise.
    """
    parts = []
    for font, run in runs:
        scale = fonts.family_of(font).scale
        sized = f' size="{size * scale:.2f}"' if scale != 1 else ""
        if shaping.needs_shaping(font):
            body = "".join(_piece_markup(piece, size * scale) for piece in shaping.shape(font, run))
        else:
            body = "<br/>".join(escape(line) for line in run.split("\n"))
        parts.append(f'<font name="{font}"{sized}>{body}</font>')
    return "".join(parts)


def _piece_markup(piece: shaping.Piece, size: float) -> str:
    if not piece.rise:
        return escape(piece.text)
    return f'<sup rise="{piece.rise * size:.2f}" size="{size:.2f}">{escape(piece.text)}</sup>'


def is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def width_of(text: str, bold: bool, size: float) -> float:
    runs = font_runs(text, bold)
    return sum(shaping.width(font, run, size * fonts.family_of(font).scale) for font, run in runs)


@dataclass(frozen=True)
class Markup:
    """Paragraph markup ready for reportlab (complex-script runs already shaped)."""

    text: str


def paragraph_markup(spans: Sequence[Span], *, width: float, size: float, rtl_base: bool = False) -> Markup:
    """Safe markup for one paragraph made of ``spans``; ``width`` is used to wrap right-to-left text."""
    return _paragraph_markup(tuple(spans), width, size, rtl_base, fonts.shaping_available())


@lru_cache(maxsize=4096)
def _paragraph_markup(
    spans: tuple[Span, ...], width: float, size: float, rtl_base: bool, _shaping: bool
) -> Markup:
    """The work of ``paragraph_markup``; letters repeat the same wording, so results are kept."""
    cleaned = [Span(clean(s.text), s.bold, s.field) for s in spans]
    for span in cleaned:
        check_printable(span.text, span.field)
    if not any(is_rtl(s.text) for s in cleaned):
        texts = break_long_words(
            [(s.text, s.bold) for s in cleaned], width, size, lambda t, bold: width_of(t, bold, size)
        )
        pairs = zip(texts, cleaned, strict=True)
        return Markup("".join(runs_markup(font_runs(t, span.bold), size) for t, span in pairs))
    # Right to left: one weight for the paragraph, wrapped here, each line reordered for display.
    logical = "".join(s.text for s in cleaned)
    bold = all(s.bold for s in cleaned if s.text.strip())
    if any(fonts.family_of(f).shaped for f, _ in font_runs(logical, bold)):
        field = next((s.field for s in cleaned if is_rtl(s.text) and s.field), None)
        raise ValidationError(
            f"{field or 'template'}: one line mixes right-to-left script with an Indic script, "
            "which LinkDesk cannot print reliably. Nothing was made.",
            field,
        )
    lines = wrap_logical(logical, width, lambda t: width_of(arabic_reshaper.reshape(t), bold, size))
    base = "R" if rtl_base else "L"
    visual = [get_display(arabic_reshaper.reshape(line), base_dir=base) for line in lines]
    return Markup("<br/>".join(runs_markup(font_runs(line, bold), size) for line in visual))


def wrap_logical(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap in logical order; a word wider than a line is cut where it must be."""
    lines: list[str] = []
    for source_line in text.split("\n"):
        current = ""
        for word in source_line.split(" "):
            candidate = f"{current} {word}" if current else word
            if measure(candidate) <= width or not candidate:
                current = candidate
                continue
            if current:
                lines.append(current)
            rest = word
            while len(rest) > 1 and measure(rest) > width:
                cut = _longest_fit(rest, width, measure)
                lines.append(rest[:cut])
                rest = rest[cut:]
            current = rest
        lines.append(current)
    return lines


def _longest_fit(word: str, width: float, measure: Callable[[str], float]) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low
