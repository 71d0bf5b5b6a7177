"""Hostile text in every user-text field prints literally: no markup, no code, no crash (security F4)."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkdesk.errors import ValidationError
from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.letters.text import clean
from linkdesk.services.casework import Casework
from linkdesk.services.letters import LetterContent, LetterRequest, LetterService
from linkdesk.services.records import RecordService
from tests.conftest import PASSPHRASE, make_vault
from tests.letters import sample
from tests.letters.conftest import body_text, pdf_text, squash

#: Made only if a payload ran: one per test process, so parallel runs and other checkouts on the
#: machine never share it.
SENTINEL = Path(tempfile.gettempdir()) / f"linkdesk-letters-sentinel-f4-{os.getpid()}"
CVE_PAYLOAD = (
    "<para><font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch "
    f"{SENTINEL}') for Word in [ orgTypeFun( 'Word', (str,), {{ 'mutated': 1, 'startswith': "
    "lambda self, x: 1 == 0, '__eq__': lambda self, x: self.mutated and self.mutated - 1 "
    "}} ) ] ] and 'red'\">exploit</font></para>"
)
PAYLOADS = [
    CVE_PAYLOAD,
    "<font color=\"[[[getattr(pow, Word('__globals__'))]]]\">",
    "<b>bold?</b>",
    "&amp; &lt; &#60; &nbsp;",
    "</para><br/><img src='file:///etc/passwd'/>",
    "<a href='https://example.org'>link</a> ]]> <!-- x -->",
    "\u202eevil.exe\u202c",
    "Zoë Ní Bhriain & Łukasz <Żółkiewski>",
]
#: Free text a user can type, as it reaches the renderer (values and table cells of each template).
USER_VALUES = (
    "child_given_name", "child_family_name", "child_initials", "recipient_name", "recipient_role",
    "school_name", "school_address", "signatory_name", "treatment_plan", "outcome_note", "status_reason",
    "visit_summary", "spoc_line", "child_name",
)  # fmt: skip
USER_CELLS = (("items", "who"), ("items", "actions"), ("school_actions", "text"), ("actions_due", "actions"))
LETTERHEAD = ("name", "address", "contact", "signature")

TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ019 <>&;:\"'/=[]()#%{}!?.,-_") + list("éñüßøłżĐđΩλЖщ\u0301\u0308\u00a0\t\n\u202e\u200b")
    ),
    min_size=1,
    max_size=40,
)
HOSTILE = st.one_of(st.sampled_from(PAYLOADS), st.builds(lambda p, t: p + t, st.sampled_from(PAYLOADS), TEXT))


@pytest.fixture(scope="module")
def contents(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, LetterContent]]:
    """The real content of every template, from the sample caseload (built once)."""
    store, _ = make_vault(tmp_path_factory.mktemp("hostile") / "home").create(sample.SERVICE_NAME, PASSPHRASE)
    with store:
        records = RecordService(store, lambda: sample.TODAY)
        casework = Casework(records)
        s = sample.build(store, records, casework)
        service = LetterService(records, casework, PdfLetterRenderer())
        requests = {
            "consent-request-parent": LetterRequest("consent-request-parent", cyp_id=s.zoe),
            "consent-request-cyp": LetterRequest("consent-request-cyp", cyp_id=s.zoe),
            "school-feedback": LetterRequest("school-feedback", cyp_id=s.zoe),
            "discussion-summary": LetterRequest("discussion-summary", visit_id=s.held_visit),
            "referral-status": LetterRequest("referral-status", cyp_id=s.fatima),
            "visit-prep-sheet": LetterRequest("visit-prep-sheet", visit_id=s.planned_visit),
        }
        yield {name: service.render(request).content for name, request in requests.items()}


@pytest.fixture(scope="module")
def shown(contents: dict[str, LetterContent]) -> list[tuple[str, str, str]]:
    """Every (template, kind, key) of user text that the template prints, found with markers."""
    renderer = PdfLetterRenderer()
    found = []
    for name, content in sorted(contents.items()):
        candidates = [("value", key) for key in USER_VALUES if key in content.values]
        candidates += [("cell", f"{t}.{k}") for t, k in USER_CELLS if content.tables.get(t)]
        candidates += [("head", key) for key in LETTERHEAD]
        marked = content
        for n, (kind, key) in enumerate(candidates):
            marked = with_text(marked, kind, key, f"MARK{n}X")
        text = squash(pdf_text(renderer.render(marked)))
        found += [(name, kind, key) for n, (kind, key) in enumerate(candidates) if f"MARK{n}X" in text]
    assert len({t for t, _, _ in found}) == len(contents)
    return found


def with_text(content: LetterContent, kind: str, key: str, text: str) -> LetterContent:
    if kind == "value":
        return dataclasses.replace(content, values={**content.values, key: text})
    if kind == "head":
        return dataclasses.replace(content, letterhead={**content.letterhead, key: text})
    table, column = key.split(".")
    rows = [dict(row) for row in content.tables[table]]
    rows[0][column] = text
    return dataclasses.replace(content, tables={**content.tables, table: rows})


def printed(text: str) -> str:
    """What should come back out: the cleaned text (no bidi overrides, no zero-width characters)."""
    return squash(clean(text))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), hostile=HOSTILE)
def test_hostile_text_in_any_field_prints_literally(
    data: st.DataObject,
    hostile: str,
    contents: dict[str, LetterContent],
    shown: list[tuple[str, str, str]],
    renderer: PdfLetterRenderer,
) -> None:
    template, kind, key = data.draw(st.sampled_from(shown))
    content = with_text(contents[template], kind, key, hostile)
    pdf = renderer.render(content)
    read = pdf_text if kind == "head" else body_text
    # a word wider than its box is cut across lines with a hyphen: compare without hyphens
    assert printed(hostile).replace("-", "") in squash(read(pdf)).replace("-", ""), (template, key)
    assert not SENTINEL.exists()


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_refused_naming_the_field(
    control: str, contents: dict[str, LetterContent], renderer: PdfLetterRenderer
) -> None:
    content = with_text(contents["school-feedback"], "value", "child_family_name", f"Ní{control}Bhriain")
    with pytest.raises(ValidationError) as refused:
        renderer.render(content)
    assert refused.value.field == "family_name"


def test_every_field_hostile_at_once_and_ten_thousand_character_text(
    contents: dict[str, LetterContent], shown: list[tuple[str, str, str]], renderer: PdfLetterRenderer
) -> None:
    long_texts = {
        "treatment_plan": "Ω" + "x" * 9_998 + "Ω",  # one 10,000-character word
        "visit_summary": " ".join(f"<b>word{n}</b> &amp;" for n in range(1_000))[:10_000],
        "items.actions": "&" * 10_000,
    }
    for name, content in contents.items():
        wanted = [(kind, key) for template, kind, key in shown if template == name]
        hostile = content
        expected = []
        for n, (kind, key) in enumerate(wanted):
            value = long_texts.get(key, f"{PAYLOADS[n % len(PAYLOADS)]}#{n}")
            hostile = with_text(hostile, kind, key, value)
            expected.append(value)
        pdf = renderer.render(hostile)
        text, body = squash(pdf_text(pdf)), squash(body_text(pdf))
        for (kind, key), value in zip(wanted, expected, strict=True):
            if key == "items.actions":  # a cell taller than a page splits, row by row, with the other cells
                assert body.count("&") >= len(value), name
            elif key == "treatment_plan":  # one word wider than a line: cut across lines, with hyphens
                assert printed(value) in body.replace("-", ""), name
            else:
                assert printed(value) in (text if kind == "head" else body), (name, value[:60])
    assert not SENTINEL.exists()


def test_hostile_records_through_the_service(
    tmp_path: Path,
    letters: LetterService,
    records: RecordService,
    casework: Casework,
    caseload: sample.Sample,
) -> None:
    records.update("school", caseload.school, {"name": "Tom & Jerry's <Academy> &amp; Co"})
    records.update(
        "cyp", caseload.zoe, {"given_name": CVE_PAYLOAD[:400], "family_name": "<b>O'Brien</b> \u202eRLO"}
    )
    records.update("contact", caseload.spoc, {"name": "Ms <i>Carter</i> & Sons"})
    letter = letters.render(LetterRequest("school-feedback", cyp_id=caseload.zoe))
    text = squash(pdf_text(letter.pdf))
    for value in (
        "Tom & Jerry's <Academy> &amp; Co",
        CVE_PAYLOAD[:400],
        "<b>O'Brien</b> RLO",
        "Ms <i>Carter</i> & Sons",
    ):
        assert squash(value) in text
    assert not SENTINEL.exists()
