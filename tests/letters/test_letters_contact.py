"""A letter never points to contact details that are not there (issue 16)."""

from __future__ import annotations

import pytest

from linkdesk.services import settings_admin
from linkdesk.services.letters import LetterRequest, LetterService
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from tests.letters import sample
from tests.letters.conftest import pdf_text

POINTER = {"en": "details at the top of this letter", "pl": "dane kontaktowe znajdują się w nagłówku"}


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


@pytest.mark.parametrize("language", ["en", "pl"])
def test_a_fresh_store_makes_the_letter_without_pointing_to_missing_details(
    language: str, records: RecordService, letters: LetterService
) -> None:
    school = records.add("school", {"name": "Plain School"}).id
    cyp = records.add("cyp", {"school_id": school, "given_name": "Amy", "family_name": "Lee"}).id
    made = letters.render(LetterRequest("consent-request-parent", cyp_id=cyp, language=language))
    text = flat(made.pdf)
    assert "Amy Lee" in text  # the letter is still made
    assert POINTER[language] not in text
    assert any("contact" in notice.lower() and "settings" in notice.lower() for notice in made.notices)


@pytest.mark.parametrize("language", ["en", "pl"])
def test_with_a_contact_line_the_letter_points_to_it(
    language: str, letters: LetterService, caseload: sample.Sample
) -> None:
    made = letters.render(LetterRequest("consent-request-parent", cyp_id=caseload.zoe, language=language))
    text = flat(made.pdf)
    assert POINTER[language] in text
    assert "stroud.linkteam@example.nhs.uk" in text
    assert not any("contact line" in notice.lower() for notice in made.notices)


def test_clearing_the_contact_line_takes_the_pointer_out_again(
    store: Store, letters: LetterService, caseload: sample.Sample
) -> None:
    store.set_setting("letterhead_contact", "")
    text = flat(letters.render(LetterRequest("consent-request-parent", cyp_id=caseload.zoe)).pdf)
    assert POINTER["en"] not in text
    assert "Zoë Ní Bhriain" in text


def test_settings_prompt_for_the_contact_line_while_it_is_empty() -> None:
    assert "letters" in settings_admin.contact_hint("").lower()
    assert "add" in settings_admin.contact_hint("  ").lower()
    assert settings_admin.contact_hint("01453 123 456") != settings_admin.contact_hint("")
