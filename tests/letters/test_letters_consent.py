"""The consent gate for every school-facing letter: refused without an active share_with_school."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from linkdesk.errors import ConsentMissing
from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.casework import Casework
from linkdesk.services.letters import LetterRequest, LetterService
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from tests.letters import sample
from tests.letters.conftest import pdf_text

GATED = ("school-feedback", "referral-status")
#: How each state is set up (a list of consents recorded in order) and the words of the refusal.
STATES = {
    "absent": ([], "has never been recorded"),
    "sought": ([{"status": "sought", "sought_on": "2026-11-01"}], "asked for but not given"),
    "refused": ([{"status": "refused", "decided_on": "2026-10-01"}], "was refused"),
    "withdrawn": (
        [
            {"status": "given", "decided_on": "2026-09-01"},
            {"status": "withdrawn", "decided_on": "2026-10-15"},
        ],
        "has been withdrawn",
    ),
    "expired": ([{"status": "given", "decided_on": "2025-06-01", "expires_on": "2026-06-01"}], "has expired"),
}


def new_child(records: RecordService, casework: Casework, school: str, consents: list[dict[str, str]]) -> str:
    cyp = records.add(
        "cyp",
        {"school_id": school, "given_name": "Tomasz", "family_name": "Nowak", "pseudonym": "CYP-T0MNOW"},
    ).id
    for fields in consents:
        extra = {k: v for k, v in fields.items() if k != "status"}
        if fields["status"] != "sought":
            extra["given_by"] = "parent_carer"
        casework.record_consent(cyp, "share_with_school", fields["status"], **extra)
    casework.make_referral(cyp, "specialist_camhs", sent_on="2026-10-01")
    return cyp


@pytest.mark.parametrize("template", GATED)
@pytest.mark.parametrize("state", sorted(STATES))
def test_school_letter_is_refused_without_active_consent(
    tmp_path: Path,
    letters: LetterService,
    records: RecordService,
    casework: Casework,
    caseload: sample.Sample,
    template: str,
    state: str,
) -> None:
    consents, words = STATES[state]
    cyp = new_child(records, casework, caseload.school, consents)
    before = records.find("letter")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "letter.pdf"
    with pytest.raises(ConsentMissing) as refused:
        letters.save(letters.render(LetterRequest(template, cyp_id=cyp)), out, "sam")
    message = str(refused.value)
    assert "share_with_school" in message and words in message
    assert "CYP-T0MNOW" in message and "Tomasz" not in message  # the refusal itself names no one
    assert refused.value.code == "consent_missing"
    assert not out.exists() and list(folder.iterdir()) == []
    assert records.find("letter") == before


@pytest.mark.parametrize("template", GATED)
def test_school_letter_with_active_consent_is_made_and_logged(
    tmp_path: Path,
    letters: LetterService,
    records: RecordService,
    casework: Casework,
    caseload: sample.Sample,
    template: str,
) -> None:
    cyp = new_child(records, casework, caseload.school, [{"status": "given", "decided_on": "2026-11-01"}])
    consent = casework.has_active_consent(cyp, "share_with_school")
    assert consent is not None
    letter = letters.render(LetterRequest(template, cyp_id=cyp))
    out = tmp_path / f"{template}.pdf"
    [logged] = letters.save(letter, out, "sam")
    assert "Tomasz Nowak" in pdf_text(out.read_bytes())
    assert logged.get("consent_id") == consent.id
    assert logged.get("pdf_sha256") == hashlib.sha256(out.read_bytes()).hexdigest()
    assert logged.get("cyp_id") == cyp and logged.get("template") == template


def test_consent_withdrawn_after_a_letter_stops_the_next_one(
    letters: LetterService, casework: Casework, caseload: sample.Sample
) -> None:
    letters.render(LetterRequest("school-feedback", cyp_id=caseload.zoe))
    casework.record_consent(
        caseload.zoe, "share_with_school", "withdrawn", given_by="parent_carer", decided_on="2026-11-20"
    )
    with pytest.raises(ConsentMissing, match="withdrawn"):
        letters.render(LetterRequest("school-feedback", cyp_id=caseload.zoe))


@pytest.mark.parametrize("state", sorted(STATES))
def test_discussion_summary_pseudonymises_without_active_consent(
    letters: LetterService, records: RecordService, casework: Casework, caseload: sample.Sample, state: str
) -> None:
    cyp = new_child(records, casework, caseload.school, STATES[state][0])
    visit = casework.plan_visit(caseload.school, "2026-11-16")
    casework.record_case_discussion(
        visit.id, [{"cyp_id": cyp, "actions": "Tomasz Nowak to see the school nurse; Tomasz's mum to call."}]
    )
    letter = letters.render(LetterRequest("discussion-summary", visit_id=visit.id))
    text = pdf_text(letter.pdf)
    assert "Tomasz" not in text and "Nowak" not in text
    assert "CYP-T0MNOW to see the school nurse" in text.replace("\n", " ")
    assert dict(letter.cyps) == {cyp: None}


def test_discussion_summary_names_a_child_with_consent_and_redacts_the_others(
    letters: LetterService, records: RecordService, casework: Casework, caseload: sample.Sample
) -> None:
    cyp = new_child(records, casework, caseload.school, [{"status": "given", "decided_on": "2026-11-01"}])
    visit = casework.plan_visit(caseload.school, "2026-11-16")
    casework.record_case_discussion(
        visit.id,
        [{"cyp_id": cyp, "actions": "Tomasz and his friend Oliver Hughes to join the lunchtime club."}],
        summary="Oliver's parents have been told.",
    )
    letter = letters.render(LetterRequest("discussion-summary", visit_id=visit.id))
    flat = pdf_text(letter.pdf).replace("\n", " ")
    assert "Tomasz Nowak" in flat
    assert "Oliver" not in flat and "Hughes" not in flat
    assert "his friend CYP-4H6J8K to join" in flat
    consent = casework.has_active_consent(cyp, "share_with_school")
    assert consent is not None and dict(letter.cyps) == {cyp: consent.id}


def later_device(store: Store, day: str) -> RecordService:
    """Records written on a laptop whose clock read ``day`` (or that came by sync from one)."""
    return RecordService(store, lambda: date.fromisoformat(day))


def test_a_consent_dated_after_the_letter_does_not_open_the_gate(
    store: Store, casework: Casework, caseload: sample.Sample
) -> None:
    """Finding: a letter dated 5 December said consent was "given on 1 June 2027"."""
    records = RecordService(store, lambda: date(2026, 12, 5))
    letters = LetterService(records, Casework(records), PdfLetterRenderer())
    cyp = new_child(records, Casework(records), caseload.school, [])
    Casework(later_device(store, "2027-06-01")).record_consent(
        cyp, "share_with_school", "given", given_by="parent_carer", decided_on="2027-06-01"
    )
    with pytest.raises(ConsentMissing, match="share_with_school"):
        letters.render(LetterRequest("school-feedback", cyp_id=cyp))


def test_a_letter_relies_on_the_decision_in_force_on_its_date(
    store: Store, letters: LetterService, casework: Casework, caseload: sample.Sample
) -> None:
    """Zoë's consent was given on 10 September 2026; a withdrawal dated next June (a wrong clock)
    has not happened yet on the letter's date."""
    Casework(later_device(store, "2027-06-01")).record_consent(
        caseload.zoe, "share_with_school", "withdrawn", given_by="parent_carer", decided_on="2027-06-01"
    )
    letter = letters.render(LetterRequest("school-feedback", cyp_id=caseload.zoe))
    flat = " ".join(pdf_text(letter.pdf).split())
    assert "10 September 2026" in flat and "2027" not in flat
    assert dict(letter.cyps) == {caseload.zoe: caseload.zoe_consent}
