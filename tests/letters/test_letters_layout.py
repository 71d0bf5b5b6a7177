"""Page layout read back per page with pypdf: what keeps together, how tables split, where lines break."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from linkdesk.letters.layout import BAND_HEIGHT, BOTTOM, PAGE_HEIGHT, para, styles
from linkdesk.letters.text import Span
from linkdesk.services.letters import LetterRequest, LetterService
from linkdesk.services.records import RecordService
from tests.letters import sample
from tests.letters.conftest import MM

LONG_GIVEN = "Oluwaseun-Adebayo Chukwuemeka-Nnamdi"
LONG_FAMILY = "Featherstonehaugh-Wolfeschlegelsteinhausen"
#: Long enough to push the young person's letter onto a second page.
LONGEST_GIVEN = "Oluwaseun-Adebayo Chukwuemeka-Nnamdi Olamide-Temitope Babatunde-Adeyemi"


def page_bodies(pdf: bytes) -> list[str]:
    """The text inside the page frame of each page (no letterhead band, running header or footer)."""
    bodies: list[str] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        top = PAGE_HEIGHT - (BAND_HEIGHT if number == 0 else 15 * MM)
        parts: list[str] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            top: float = top,
            parts: list[str] = parts,
        ) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if BOTTOM - 1 <= y <= top - 1:
                parts.append(text)

        page.extract_text(visitor_text=visit)
        bodies.append(" ".join("".join(parts).split()))
    return bodies


def page_of(bodies: list[str], needle: str) -> int:
    found = [n for n, body in enumerate(bodies) if needle in body]
    assert found, f"{needle!r} is on no page"
    return found[0]


def render(letters: LetterService, **request: str) -> bytes:
    return letters.render(LetterRequest(**request)).pdf  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("template", "who", "closing"),
    [
        ("school-feedback", "zoe", "Yours sincerely,"),
        ("referral-status", "fatima", "Yours sincerely,"),
        ("consent-request-parent", "zoe", "Yours sincerely,"),
        ("consent-request-cyp", "fatima", "Best wishes,"),
    ],
)
@pytest.mark.parametrize("long_name", [False, True])
def test_the_closing_and_signature_are_never_alone_on_a_page(
    template: str,
    who: str,
    closing: str,
    long_name: bool,
    letters: LetterService,
    records: RecordService,
    caseload: sample.Sample,
) -> None:
    cyp = getattr(caseload, who)
    if long_name:
        records.update("cyp", cyp, {"given_name": LONG_GIVEN, "family_name": LONG_FAMILY})
    bodies = page_bodies(render(letters, template=template, cyp_id=cyp))
    page = page_of(bodies, closing)
    before = bodies[page].split(closing)[0]
    assert len(before.split()) >= 5, f"{closing!r} starts page {page + 1} with nothing before it"
    assert "Sam Patel" in bodies[page].split(closing)[1]


@pytest.mark.parametrize("long_name", [False, True])
def test_the_young_persons_reply_slip_is_never_split(
    long_name: bool, letters: LetterService, records: RecordService, caseload: sample.Sample
) -> None:
    if long_name:
        records.update("cyp", caseload.fatima, {"given_name": LONGEST_GIVEN, "family_name": LONG_FAMILY})
    bodies = page_bodies(render(letters, template="consent-request-cyp", cyp_id=caseload.fatima))
    assert page_of(bodies, "Your answer:") == page_of(bodies, "Your name and the date")


@pytest.mark.parametrize("extra", [12, 45])
def test_a_table_starts_under_its_heading_and_repeats_its_header_on_later_pages(
    extra: int, letters: LetterService, records: RecordService, caseload: sample.Sample
) -> None:
    """With a dozen more open cases the prep sheet moved 'Open cases' and its whole table to page 2,
    leaving half of page 1 empty; the table now starts on page 1 and its header repeats."""
    for n in range(extra):
        records.add(
            "cyp",
            {
                "school_id": caseload.school,
                "given_name": f"Child{n}",
                "family_name": "Test",
                "initials": "CT",
            },
        )
    bodies = page_bodies(render(letters, template="visit-prep-sheet", visit_id=caseload.planned_visit))
    header = r"Open cases \(\d+\) Ref Initials Year Flags Share with school Last discussed CYP-"
    assert re.search(header, bodies[0])
    pages_with_rows = [body for body in bodies if " CT " in body]
    assert len(pages_with_rows) >= 2
    for body in pages_with_rows:
        assert "Initials" in body, "a page of the open-cases table has no header row"
    if extra > 12:
        assert len(pages_with_rows) >= 3


def wrapped_lines(spans: list[Span], width: float) -> list[str]:
    paragraph = para(spans, styles()["body"], width)
    paragraph.wrap(width, 1000)
    lines = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):  # one font: (spare width, words)
            lines.append(" ".join(line[1]))
        else:
            lines.append(" ".join("".join(getattr(w, "text", "") for w in line.words).split()))
    return lines


def rejoin(lines: list[str]) -> str:
    """Lines joined as a reader would: straight on after a line that ends with a hyphen."""
    out = lines[0]
    for line in lines[1:]:
        out += line if out.endswith("-") else " " + line
    return out


@pytest.mark.parametrize("width_mm", [38, 55, 80])
def test_long_names_wrap_at_spaces_and_hyphens_never_mid_word(width_mm: float) -> None:
    width = width_mm * MM
    text = f"Feedback about {LONG_GIVEN} {LONG_FAMILY}, shared."
    name = Span(f"{LONG_GIVEN} {LONG_FAMILY}", field="child_name")
    spans = [Span("Feedback about "), name, Span(", shared.")]
    lines = wrapped_lines(spans, width)
    assert len(lines) > 1
    joined = rejoin(lines)
    # a break without a hyphen would read back as a space inside a word ("Fe atherstonehaugh")
    assert joined.replace("-", "") == text.replace("-", "")
    # a hyphen is added only where a word wider than the whole box had to be cut
    added = joined.count("-") - text.count("-")
    too_wide = [w for w in re.split(r"[ -]", text) if para([Span(w)], styles()["body"]).minWidth() > width]
    assert added == 0 if not too_wide else added >= 1


def test_a_word_wider_than_its_box_is_cut_with_a_hyphen() -> None:
    word = "Wolfeschlegelsteinhausenbergerdorff"
    lines = wrapped_lines([Span(word, field="family_name")], 30 * MM)
    assert len(lines) >= 2
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line[:-1] for line in lines[:-1]) + lines[-1] == word
