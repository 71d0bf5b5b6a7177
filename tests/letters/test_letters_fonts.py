"""Names in UK community languages print with embedded fonts; a name no font can print is refused."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest

from linkdesk.errors import ValidationError
from linkdesk.letters import fonts
from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.letters.text import Span, check_printable, clean, font_runs, paragraph_markup, wrap_logical
from linkdesk.services.letters import LetterContent, LetterRequest, LetterService
from linkdesk.services.records import RecordService
from tests.letters import sample
from tests.letters.conftest import embedded_fonts, pdf_text, squash

LTR_NAMES = [
    ("Zoë", "Ní Bhriain"),
    ("Łukasz", "Żółkiewski"),
    ("Đặng Thị", "Hương"),
    ("Şükrü", "Yılmaz"),
    ("Antonín", "Dvořák"),
    ("Siân", "Ó Súilleabháin"),
    ("Αλέξανδρος", "Παπαδόπουλος"),
    ("Дмитрий", "Иванов"),
    ("Олександр", "Шевченко"),
]
RTL_NAMES = [("فاطمة", "الزهراء"), ("عائشہ", "صدیقی"), ("محمد علی", "چودھری")]
INDIC_NAMES = [("রহিম", "শিকদার"), ("ਹਰਪ੍ਰੀਤ", "ਕੌਰ")]
UNPRINTABLE = [("Zoë 🦄", "U+1F984"), ("བཀྲ་ཤིས", "U+0F56"), ("Ada\ue000", "U+E000"), ("👩\u200d👧", "U+1F469")]


@pytest.fixture
def parent_letter(letters: LetterService, caseload: sample.Sample) -> LetterContent:
    return letters.render(LetterRequest("consent-request-parent", cyp_id=caseload.zoe)).content


def named(content: LetterContent, given: str, family: str) -> LetterContent:
    values = dict(content.values)
    values.update(child_given_name=given, child_family_name=family, child_name=f"{given} {family}")
    return dataclasses.replace(content, values=values)


@pytest.mark.parametrize(("given", "family"), LTR_NAMES)
def test_latin_greek_cyrillic_names_print_and_read_back(
    given: str, family: str, parent_letter: LetterContent, renderer: PdfLetterRenderer
) -> None:
    pdf = renderer.render(named(parent_letter, given, family))
    assert squash(f"{given} {family}") in squash(pdf_text(pdf))
    assert embedded_fonts(pdf) <= {"DejaVuSans", "DejaVuSans-Bold"}


@pytest.mark.parametrize(("given", "family"), RTL_NAMES)
def test_arabic_and_urdu_names_are_shaped_and_embedded(
    given: str, family: str, parent_letter: LetterContent, renderer: PdfLetterRenderer
) -> None:
    pdf = renderer.render(named(parent_letter, given, family))
    text = squash(pdf_text(pdf))
    for word in f"{given} {family}".split():
        assert unicodedata.normalize("NFKC", word) in text  # presentation forms map back to the letters
    assert "NotoNaskhArabic-Regular" in embedded_fonts(pdf)


def test_rtl_text_is_joined_and_in_visual_order() -> None:
    markup = paragraph_markup(
        [Span("Child: "), Span("فاطمة الزهراء", field="given_name")], width=400, size=10
    )
    visual = markup.text
    assert "\ufed3" in visual and "\ufed1" not in visual  # FEH in its initial (joined) form, not isolated
    # in visual order the word typed second is printed first: its alef comes before the first word's FEH
    assert visual.index("\ufe8d") < visual.index("\ufed3")


def test_long_rtl_text_wraps_in_logical_order() -> None:
    words = [f"كلمة{n}" for n in range(40)]
    lines = wrap_logical(" ".join(words), 120, lambda t: 6.0 * len(t))
    assert len(lines) > 5
    assert " ".join(lines).split() == words  # wrapping keeps every word, in the order typed
    markup = paragraph_markup([Span(" ".join(words), field="visit.summary")], width=120, size=10)
    lines = markup.text.split("<br/>")
    numbers = [sorted(int(n) for n in re.findall(r"\d+", re.sub(r"<[^>]*>", "", line))) for line in lines]
    assert len(lines) > 5
    assert [n for line in numbers for n in line] == list(range(40))  # lines in reading order, none lost


@pytest.mark.parametrize(("given", "family"), INDIC_NAMES)
def test_bengali_and_gurmukhi_without_a_shaping_engine_are_refused(
    given: str,
    family: str,
    parent_letter: LetterContent,
    renderer: PdfLetterRenderer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "shaping_available", lambda: False)
    with pytest.raises(ValidationError) as refused:
        renderer.render(named(parent_letter, given, family))
    assert refused.value.field == "given_name"
    assert "shaping" in str(refused.value)


@pytest.mark.parametrize(("given", "family"), INDIC_NAMES)
def test_bengali_and_gurmukhi_with_a_shaping_engine_print(
    given: str, family: str, parent_letter: LetterContent, renderer: PdfLetterRenderer
) -> None:
    pytest.importorskip("uharfbuzz", reason="complex-script shaping needs uharfbuzz (reportlab[shaping])")
    pdf = renderer.render(named(parent_letter, given, family))
    expected = "NotoSansBengali-Regular" if "\u0980" <= given[0] <= "\u09ff" else "NotoSansGurmukhi-Regular"
    assert expected in embedded_fonts(pdf)


@pytest.mark.parametrize(("name", "code"), UNPRINTABLE)
def test_a_name_no_font_can_print_is_refused_naming_the_field(
    name: str, code: str, parent_letter: LetterContent, renderer: PdfLetterRenderer
) -> None:
    with pytest.raises(ValidationError) as refused:
        renderer.render(named(parent_letter, name, "Smith"))
    assert refused.value.field == "given_name"
    assert str(refused.value).startswith("given_name:") and code in str(refused.value)


def test_unprintable_family_name_through_the_service_names_family_name(
    letters: LetterService, records: RecordService, caseload: sample.Sample
) -> None:
    records.update("cyp", caseload.oliver, {"family_name": "Hughes 🦄"})
    with pytest.raises(ValidationError) as refused:
        letters.render(LetterRequest("consent-request-parent", cyp_id=caseload.oliver))
    assert refused.value.field == "family_name"
    assert records.find("letter") == []


def test_the_name_corpus_is_fully_covered() -> None:
    """security.md F4: every name in the corpus has a glyph in an embedded font."""
    corpus = [f"{g} {f}" for g, f in LTR_NAMES + RTL_NAMES] + [
        "שרה כהן",
        "Ærøskøbing",
        "Ngozi Okonkwo-Adébáyọ̀",
    ]
    if fonts.shaping_available():
        corpus += [f"{g} {f}" for g, f in INDIC_NAMES]
    for name in corpus:
        check_printable(clean(name), "name")
        assert all(font in fonts.FONT_FILES for font, _ in font_runs(clean(name), False))


def test_bidi_overrides_are_dropped_so_text_prints_in_the_order_typed(
    parent_letter: LetterContent, renderer: PdfLetterRenderer
) -> None:
    pdf = renderer.render(named(parent_letter, "Ann\u202eexe.txt", "Lee"))
    text = pdf_text(pdf)
    assert "Annexe.txt Lee" in text and "\u202e" not in text


def test_every_bundled_font_file_is_present_with_its_licence() -> None:
    assert fonts.missing_fonts() == []
    assert (fonts.font_dir() / "Noto-LICENSE.txt").is_file()
    assert (fonts.font_dir() / "DejaVu-LICENSE.txt").is_file()
    assert (fonts.font_dir() / "Droid-LICENSE.txt").is_file()
    total = sum(
        (fonts.font_dir() / f).stat().st_size for f in fonts.FONT_FILES.values() if f.startswith("Noto")
    )
    assert total < 3_000_000
