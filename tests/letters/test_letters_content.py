"""Each template from real records: the right child, recipient and content, and nothing else."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from linkdesk.errors import FileProblem, ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.letters import KINDS, LetterRequest, LetterService
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from tests.letters import sample
from tests.letters.conftest import embedded_fonts, page_count, pdf_text, squash

OTHER_NAMES = ("Oliver", "Hughes", "Łukasz", "Żółkiewski", "Zoë", "Bhriain")


def text_of(letters: LetterService, **request: str) -> str:
    return pdf_text(letters.render(LetterRequest(**request)).pdf)


def test_every_template_is_listed_and_renders(letters: LetterService, caseload: sample.Sample) -> None:
    listed = {row["id"]: row for row in letters.catalogue()}
    assert set(listed) == set(KINDS)
    assert {r["audience"] for r in listed.values()} == {"parent_carer", "cyp", "school", "worker"}
    requests = {
        "consent-request-parent": {"cyp_id": caseload.zoe},
        "consent-request-cyp": {"cyp_id": caseload.zoe},
        "school-feedback": {"cyp_id": caseload.zoe},
        "discussion-summary": {"visit_id": caseload.held_visit},
        "referral-status": {"cyp_id": caseload.zoe},
        "visit-prep-sheet": {"visit_id": caseload.planned_visit},
    }
    for template, subject in requests.items():
        letter = letters.render(LetterRequest(template, **subject))
        assert letter.pdf.startswith(b"%PDF-")
        assert letter.sha256 == hashlib.sha256(letter.pdf).hexdigest()
        text = pdf_text(letter.pdf)
        assert sample.SERVICE_NAME in text, template
        assert f"Page 1 of {page_count(letter.pdf)}" in text, template
        assert "CONFIDENTIAL" in text
        assert embedded_fonts(letter.pdf) <= {"DejaVuSans", "DejaVuSans-Bold"}, template


def test_parent_letter_names_the_child_and_no_one_else(
    letters: LetterService, caseload: sample.Sample
) -> None:
    text = text_of(letters, template="consent-request-parent", cyp_id=caseload.zoe)
    assert "Zoë Ní Bhriain" in text
    assert "Dear Parent or Carer," in text
    assert "Greenfield Primary School" in text
    assert "Our ref: CYP-7Q2K4M" in text
    assert "7 December 2026" in text  # reply by: two weeks from today
    for scope_words in (
        "talk about your child by name",
        "refer your child",
        "share information and feedback",
    ):
        assert scope_words in squash(text) or scope_words in text.replace("\n", " ")
    for name in ("Oliver", "Hughes", "Łukasz", "فاطمة"):
        assert name not in text
    assert "Stroud Child and Family Centre" in text  # letterhead address from the settings


def test_recorded_recipient_replaces_the_generic_greeting(
    letters: LetterService, caseload: sample.Sample
) -> None:
    text = text_of(
        letters, template="consent-request-parent", cyp_id=caseload.zoe, recipient="Ms Aoife Ní Bhriain"
    )
    assert "Dear Ms Aoife Ní Bhriain," in text
    assert "Dear Parent or Carer" not in text


def test_without_letterhead_settings_the_service_name_from_init_is_used(
    store: Store, records: RecordService, letters: LetterService
) -> None:
    school = records.add("school", {"name": "Plain School"}).id
    cyp = records.add("cyp", {"school_id": school, "given_name": "Amy"}).id
    text = text_of(letters, template="consent-request-parent", cyp_id=cyp)
    assert sample.SERVICE_NAME in text
    assert "Dear Parent or Carer," in text
    store.set_setting("letterhead_name", "Gloucestershire CYPMHS")
    assert "Gloucestershire CYPMHS" in text_of(letters, template="consent-request-parent", cyp_id=cyp)


def test_school_feedback_carries_the_plan_and_actions_for_that_child_only(
    letters: LetterService, caseload: sample.Sample
) -> None:
    text = text_of(letters, template="school-feedback", cyp_id=caseload.zoe)
    flat = text.replace("\n", " ")
    assert "Dear Mrs Helen Carter," in text
    assert "Zoë Ní Bhriain" in text
    assert "cognitive behavioural therapy" in flat
    assert "quiet space at break times" in flat
    assert "accepted, waiting to be seen" in flat
    for name in ("Oliver", "Hughes", "Łukasz", "فاطمة", "SENCO to meet parents", "friendship group"):
        assert name not in flat


def test_discussion_summary_names_only_children_with_consent(
    letters: LetterService, caseload: sample.Sample
) -> None:
    letter = letters.render(LetterRequest("discussion-summary", visit_id=caseload.held_visit))
    flat = pdf_text(letter.pdf).replace("\n", " ")
    assert "Zoë Ní Bhriain" in flat  # share_with_school given
    assert "Oliver" not in flat and "Hughes" not in flat  # consent withdrawn: pseudonym instead
    assert "CYP-4H6J8K" in flat
    assert "Y3 friendship group (group of 4)" in flat
    assert "85 minutes" in flat
    assert dict(letter.cyps) == {caseload.zoe: caseload.zoe_consent, caseload.oliver: None}


def test_referral_status_gives_the_reason_for_a_decline(
    letters: LetterService, caseload: sample.Sample
) -> None:
    text = text_of(letters, template="referral-status", cyp_id=caseload.fatima).replace("\n", " ")
    assert "The referral was not accepted." in text
    assert "school-based support with the Mental Health Support Team" in text
    assert "Early Help" in text


def test_referral_status_for_a_waiting_referral(letters: LetterService, caseload: sample.Sample) -> None:
    text = text_of(letters, template="referral-status", cyp_id=caseload.zoe).replace("\n", " ")
    assert "is waiting to be seen" in text
    assert "Treatment plan agreed" in text  # key dates come from the events
    assert "cognitive behavioural" not in text  # event notes other than reasons are not copied to school


def test_visit_prep_sheet_uses_pseudonyms_never_names(
    letters: LetterService, caseload: sample.Sample
) -> None:
    text = text_of(letters, template="visit-prep-sheet", visit_id=caseload.planned_visit)
    flat = text.replace("\n", " ")
    for ref in ("CYP-7Q2K4M", "CYP-3F8D1A", "CYP-9B5C2E", "CYP-4H6J8K"):
        assert ref in flat
    for name in (*OTHER_NAMES, "فاطمة"):
        assert name not in flat
    assert "Share with school" in flat and "asked, no answer yet" in flat  # Łukasz's consent to chase
    assert "specialist CAMHS" in flat and "95" in flat  # the referral waiting since 20 August
    assert "SENCO to meet parents" in flat  # an action due before the visit


def test_polish_family_gets_the_polish_letter_marked_as_a_draft_translation(
    letters: LetterService, caseload: sample.Sample
) -> None:
    letter = letters.render(LetterRequest("consent-request-parent", cyp_id=caseload.lukasz))
    text = pdf_text(letter.pdf)
    assert letter.content.language == "pl" and letter.log["language"] == "pl"
    assert "Łukasz Żółkiewski" in text
    assert "Szanowny Rodzicu lub Opiekunie," in text
    assert "23 listopada 2026" in text
    assert "DRAFT TRANSLATION" in text
    assert any("draft translation" in notice for notice in letter.notices)


def test_a_language_without_a_translation_falls_back_to_english_with_a_notice(
    letters: LetterService, caseload: sample.Sample
) -> None:
    letter = letters.render(LetterRequest("consent-request-parent", cyp_id=caseload.fatima))
    assert letter.content.language == "en"
    assert letter.notices and "no Arabic version" in letter.notices[0]
    with pytest.raises(ValidationError) as refused:
        letters.render(LetterRequest("consent-request-parent", cyp_id=caseload.fatima, language="ur"))
    assert refused.value.field == "language"


def test_save_writes_the_pdf_and_logs_it_on_the_childs_record(
    tmp_path: Path, letters: LetterService, records: RecordService, caseload: sample.Sample
) -> None:
    letter = letters.render(LetterRequest("school-feedback", cyp_id=caseload.zoe))
    out = tmp_path / "feedback.pdf"
    logged = letters.save(letter, out, "sam")
    assert out.read_bytes() == letter.pdf
    assert len(logged) == 1
    entry = records.get("letter", logged[0].id)
    assert entry.fields["pdf_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert entry.get("cyp_id") == caseload.zoe and entry.get("consent_id") == caseload.zoe_consent
    assert entry.get("recipient_contact_id") == caseload.spoc
    assert entry.get("recipient") == "Mrs Helen Carter, Greenfield Primary School"
    assert entry.get("template") == "school-feedback" and entry.get("audience") == "school"
    assert entry.get("referral_id") == caseload.zoe_referral
    assert entry.get("output") == "saved" and entry.get("rendered_by") == "sam"
    assert entry.get("rendered_on") == sample.TODAY.isoformat()
    assert [r.id for r in records.find("letter", {"cyp_id": caseload.zoe})] == [entry.id]


def test_a_failed_write_leaves_no_file_and_no_log(
    tmp_path: Path, letters: LetterService, records: RecordService, caseload: sample.Sample
) -> None:
    letter = letters.render(LetterRequest("consent-request-parent", cyp_id=caseload.zoe))
    folder = tmp_path / "a folder"
    folder.mkdir()
    with pytest.raises(FileProblem, match="is a folder or a device"):
        letters.save(letter, folder, "sam")  # a folder where the file should go
    with pytest.raises(FileProblem, match="does not exist"):
        letters.save(letter, tmp_path / "missing" / "x.pdf", "sam")
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "target.pdf")
    with pytest.raises(FileProblem, match="is a link"):
        letters.save(letter, link, "sam")
    assert not (tmp_path / "target.pdf").exists()
    assert records.find("letter") == []


def test_wrong_subject_and_unknown_template_are_refused(
    letters: LetterService, caseload: sample.Sample
) -> None:
    with pytest.raises(ValidationError, match="--cyp"):
        letters.render(LetterRequest("school-feedback", visit_id=caseload.held_visit))
    with pytest.raises(ValidationError) as unknown:
        letters.render(LetterRequest("no-such-letter", cyp_id=caseload.zoe))
    assert unknown.value.field == "template"
    with pytest.raises(ValidationError, match="held visit"):
        letters.render(LetterRequest("discussion-summary", visit_id=caseload.planned_visit))


def test_visit_prep_sheet_shows_raised_risk_and_the_schools_open_actions(
    letters: LetterService, caseload: sample.Sample, casework: Casework, records: RecordService
) -> None:
    """The printed sheet agrees with Today's: current risk high or medium (levels and dates, never
    the reason), and the school's open actions overdue or due soon, names replaced by codes."""
    casework.record_risk(
        caseload.zoe, "high", "2026-11-20", reason="REASON-CANARY", dsl_informed_on="2026-11-20"
    )
    casework.record_risk(caseload.lukasz, "medium", "2026-11-02")
    casework.record_risk(caseload.lukasz, "low", "2026-11-18")  # his latest: not raised
    school = records.get("cyp", caseload.zoe).get("school_id")
    records.add("action", {"description": "Ring Zoë's dad", "school_id": school, "due_on": "2026-11-25"})
    records.add(
        "action", {"description": "Long done", "school_id": school, "due_on": "2026-11-20", "status": "done"}
    )
    flat = " ".join(text_of(letters, template="visit-prep-sheet", visit_id=caseload.planned_visit).split())
    assert "Current risk high or medium Ref Risk Assessed DSL informed Safeguarding referral" in flat
    assert "CYP-7Q2K4M high 20 November 2026 20 November 2026" in flat
    assert "REASON-CANARY" not in flat and "CYP-3F8D1A medium" not in flat
    assert "Ring CYP-7Q2K4M's dad 25 November 2026" in flat and "Long done" not in flat
    assert "SENCO to meet parents" in flat  # an agreed action not made into an action record
