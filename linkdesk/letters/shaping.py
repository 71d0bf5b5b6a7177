"""Complex-script runs shaped with HarfBuzz, one script run at a time, as text reportlab can draw.

reportlab's own shaping (``Paragraph`` with ``shaping=1``) shapes a whole word in the font of its
first letter, so the full stop after a Bengali name was looked up in the Bengali font and printed
as a wrong glyph, and it always turns on discretionary ligatures, so English "st" became "ﬆ".
LinkDesk never uses it (every font is registered unshapable). Instead ``text.font_runs`` splits a
paragraph into runs of one font each, and each run in an Indic font is shaped here, alone, with its
own font and script and no discretionary or historical ligatures; Latin, Greek, Cyrillic, Hebrew
and Chinese runs are not shaped at all.

A shaped glyph becomes one character of its font: the character it stands for, when it is that
character's own glyph at its own width (so the text can still be read back), else a private-use
code point that LinkDesk adds to the font's character map for that glyph at that advance. A
glyph's horizontal offset is folded into the advances around it; a vertical offset becomes a
rise. reportlab then lays the paragraph out and embeds the glyphs like any other text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from reportlab.pdfbase import pdfmetrics

from linkdesk.letters import fonts

try:  # a runtime dependency; without it, text.check_printable refuses text that needs shaping
    import uharfbuzz as hb
except ImportError:  # pragma: no cover
    hb = None

#: Never on: decorative ligatures a font may offer ("st" as ﬆ, "ct"); HarfBuzz adds the features
#: each script needs (conjuncts, reph, vowel-sign reordering, mark positioning) by itself.
FEATURES = {"dlig": False, "hlig": False, "salt": False, "swsh": False}
PRIVATE_FIRST, PRIVATE_LAST = 0xE000, 0xF8FF

_lock = threading.Lock()


@dataclass(frozen=True)
class Piece:
    """Characters drawn at one height: ``rise`` is a fraction of the font size."""

    text: str
    rise: float = 0.0


@cache
def _hb_font(font_name: str) -> Any:
    face = hb.Face(hb.Blob.from_file_path(str(fonts.font_path(font_name))))
    return hb.Font(face)


class _Glyphs:
    """The private-use characters added to one registered font, by (glyph, advance)."""

    def __init__(self, font_name: str) -> None:
        self.face = pdfmetrics.getFont(font_name).face
        self.added: dict[tuple[int, float], int] = {}
        self.next_free = PRIVATE_FIRST

    def char_for(self, glyph: int, width: float, cluster: str, used: set[int]) -> str:
        """A character that draws ``glyph`` with advance ``width`` (1000 units per em)."""
        for index, ch in enumerate(cluster):
            cp = ord(ch)
            if (
                index not in used
                and self.face.charToGlyph.get(cp) == glyph
                and abs(self.face.charWidths.get(cp, -1e9) - width) < 0.05
            ):
                used.add(index)
                return ch
        key = (glyph, round(width, 2))
        found = self.added.get(key)
        if found is not None:
            return chr(found)
        while self.next_free in self.face.charToGlyph:
            self.next_free += 1
        if self.next_free > PRIVATE_LAST:
            raise RuntimeError("too many shaped glyph forms for one font")
        self.added[key] = self.next_free
        self.face.charToGlyph[self.next_free] = glyph
        self.face.glyphToChar.setdefault(glyph, []).append(self.next_free)
        self.face.charWidths[self.next_free] = width
        return chr(self.next_free)


@cache
def _glyphs(font_name: str) -> _Glyphs:
    return _Glyphs(font_name)


def needs_shaping(font_name: str) -> bool:
    return fonts.family_of(font_name).shaped


@lru_cache(maxsize=4096)
def shape(font_name: str, text: str) -> tuple[Piece, ...]:
    """``text`` (one run, one font, no spaces or line breaks) shaped into pieces of characters."""
    family = fonts.family_of(font_name)
    if not family.shaped or not text:
        return (Piece(text),)
    fonts.register_fonts()
    font = _hb_font(font_name)
    upem = font.face.upem
    buffer = hb.Buffer()
    buffer.add_codepoints([ord(ch) for ch in text])
    buffer.direction = "ltr"
    buffer.script = family.hb_script
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES
    hb.shape(font, buffer, FEATURES)
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = [*sorted({info.cluster for info in infos}), len(text)]
    offsets = [*(p.x_offset for p in positions), 0]
    pieces: list[Piece] = []
    used: dict[int, set[int]] = {}
    with _lock:
        glyphs = _glyphs(font_name)
        for i, (info, position) in enumerate(zip(infos, positions, strict=True)):
            start = info.cluster
            end = starts[starts.index(start) + 1]
            # drawn at the pen plus its own x offset: fold the offsets into the advances around it
            advance = position.x_advance + offsets[i + 1] - (offsets[i] if i else 0)
            width = advance * 1000 / upem
            ch = glyphs.char_for(info.codepoint, width, text[start:end], used.setdefault(start, set()))
            rise = position.y_offset / upem
            if pieces and pieces[-1].rise == rise:
                pieces[-1] = Piece(pieces[-1].text + ch, rise)
            else:
                pieces.append(Piece(ch, rise))
    return tuple(pieces)


def width(font_name: str, text: str, size: float) -> float:
    """The printed width of one run at ``size`` points, shaped where its script needs it."""
    drawn = "".join(piece.text for piece in shape(font_name, text)) if needs_shaping(font_name) else text
    return float(pdfmetrics.stringWidth(drawn, font_name, size))
