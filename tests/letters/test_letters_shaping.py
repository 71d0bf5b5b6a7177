"""Shaping by script run, read back from the real PDF: text with pypdf, glyph boxes with PDFium.

Each run of a script gets a font that covers it and only its own script's shaping: a Bengali name
must not change the full stop and space after it, and English "st" must never become a ligature.
"""

from __future__ import annotations

import io
import unicodedata

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.letters import LetterRequest, LetterService
from linkdesk.services.records import RecordService
from tests.letters import sample
from tests.letters.conftest import embedded_fonts, pdf_text

#: Latin ligatures (ff, fi, fl, ffi, ffl, long s t, st) that must never reach a letter.
LIGATURES = {chr(cp) for cp in range(0xFB00, 0xFB07)}

NAMES = {
    "bengali": ("রবীন্দ্রনাথ", "শিকদার", "NotoSansBengali-Regular"),
    "gurmukhi": ("ਹਰਪ੍ਰੀਤ", "ਕੌਰ", "NotoSansGurmukhi-Regular"),
    "devanagari": ("प्रिया", "शर्मा", "NotoSansDevanagari-Regular"),
    "gujarati": ("પ્રિયા", "પટેલ", "NotoSansGujarati-Regular"),
    "tamil": ("கார்த்திக்", "லக்ஷ்மி", "NotoSansTamil-Regular"),
    "chinese": ("伟", "张", "DroidSansFallback"),
    "hebrew": ("שרה", "כהן", "DejaVuSans"),
    "urdu": ("عائشہ", "صدیقی", "NotoNaskhArabic-Regular"),
}


def feedback_for(
    letters: LetterService, records: RecordService, caseload: sample.Sample, given: str, family: str
) -> bytes:
    """School feedback for Zoë, renamed: its callout reads '... share it only with staff who need it
    to support NAME. If the family withdraws consent, we will stop sharing from that day.'"""
    records.update("cyp", caseload.zoe, {"given_name": given, "family_name": family})
    return letters.render(LetterRequest("school-feedback", cyp_id=caseload.zoe)).pdf


def chars_of(pdf: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every character PDFium finds on every page, with its glyph box (left, bottom, right, top)."""
    out: list[tuple[str, tuple[float, float, float, float]]] = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        text = page.get_textpage()
        for index in range(text.count_chars()):
            out.append((text.get_text_range(index, 1), text.get_charbox(index)))
    return out


def find(chars: list[tuple[str, tuple[float, float, float, float]]], needle: str) -> int:
    joined = "".join(c for c, _ in chars)
    position = joined.find(needle)
    assert position >= 0, f"{needle!r} not found in the PDF's text"
    return position


@pytest.mark.parametrize("script", ["bengali", "gurmukhi", "devanagari"])
def test_punctuation_and_space_after_an_indic_name_are_kept_and_latin_is_not_ligated(
    script: str,
    letters: LetterService,
    records: RecordService,
    caseload: sample.Sample,
) -> None:
    given, family, _font = NAMES[script]
    pdf = feedback_for(letters, records, caseload, given, family)
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    assert not LIGATURES & set(text), "a Latin ligature was drawn"
    assert "share it only with staff who need it" in flat
    assert ". If the family withdraws consent, we will stop sharing" in flat

    chars = chars_of(pdf)
    stop = find(chars, ". If the family")
    name_end = chars[stop - 1][1]
    full_stop = chars[stop][1]
    capital_i = chars[stop + 2][1]
    # the full stop is drawn after the name, not on top of it
    assert full_stop[0] >= name_end[2] - 0.5
    # and a word space separates it from the next sentence, as wide as the other spaces around it
    after = find(chars, "If the family")
    word_gap = chars[after + 3][1][0] - chars[after + 1][1][2]
    assert word_gap > 0
    assert capital_i[0] - full_stop[2] >= 0.6 * word_gap


@pytest.mark.parametrize("script", sorted(NAMES))
def test_each_script_is_printed_in_a_font_that_covers_it(
    script: str,
    letters: LetterService,
    records: RecordService,
    caseload: sample.Sample,
) -> None:
    given, family, font = NAMES[script]
    pdf = feedback_for(letters, records, caseload, given, family)
    assert font in embedded_fonts(pdf)
    text = pdf_text(pdf)
    assert not LIGATURES & set(text)
    assert "staff who need it" in " ".join(text.split())


def test_a_shaped_name_is_drawn_as_clusters_between_its_neighbours(
    letters: LetterService, records: RecordService, caseload: sample.Sample
) -> None:
    """রবীন্দ্রনাথ শিকদার: the conjunct ন্দ্র is drawn as fewer glyphs than letters, and every glyph
    of the name lies between the word before it and the full stop after it."""
    pdf = feedback_for(letters, records, caseload, *NAMES["bengali"][:2])
    chars = chars_of(pdf)
    stop = find(chars, ". If the family")
    support = "".join(c for c, _ in chars[:stop]).rfind("support")
    assert support > 0
    before = chars[support + len("support") - 1][1]
    name = [box for c, box in chars[support + len("support ") : stop] if c.strip()]
    assert 0 < len(name) < len("রবীন্দ্রনাথশিকদার")  # conjuncts and vowel signs drawn as clusters
    same_line = [box for box in name if abs(box[1] - chars[stop][1][1]) < 4]
    assert same_line, "the name is not on the line of its full stop"
    assert min(box[0] for box in same_line) >= before[0]
    assert max(box[2] for box in same_line) <= chars[stop][1][0] + 0.5


def test_latin_text_is_never_shaped_into_ligatures(
    letters: LetterService, records: RecordService, caseload: sample.Sample, renderer: PdfLetterRenderer
) -> None:
    records.update("cyp", caseload.zoe, {"given_name": "Stefania", "family_name": "Ffitch-Waffle"})
    pdf = letters.render(LetterRequest("school-feedback", cyp_id=caseload.zoe)).pdf
    text = pdf_text(pdf)
    assert not LIGATURES & set(text)
    assert "Stefania Ffitch-Waffle" in " ".join(text.split())
    reader = PdfReader(io.BytesIO(pdf))
    assert all(unicodedata.normalize("NFKC", p.extract_text()) == p.extract_text() for p in reader.pages)
