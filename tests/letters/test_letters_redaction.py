"""Names of children who may not be named never reach a school letter, however they are spelt.

Findings from issue 16: with share_with_school refused for Zuzanna Łukasiewicz-Nowak the
discussion summary printed "Lukasiewicz-Nowak family"; a feedback letter let through "Nowak",
"Łukasiewicz", "Lukasiewicz", "LUKASIEWICZ-NOWAK", "O’Sullivan" (curly) and "OSullivan".
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from linkdesk.services.casework import Casework
from linkdesk.services.letters import LetterRequest, LetterService
from linkdesk.services.records import RecordService
from tests.letters import sample
from tests.letters.conftest import pdf_text

ZUZANNA_CODE = "CYP-AA237D"
SIOBHAN_CODE = "CYP-5B0C1D"


@pytest.fixture
def unnamed(records: RecordService, casework: Casework, caseload: sample.Sample) -> dict[str, str]:
    """Two more children at Greenfield whom no letter to the school may name."""
    zuzanna = records.add(
        "cyp",
        {
            "school_id": caseload.school,
            "given_name": "Zuzanna",
            "family_name": "Łukasiewicz-Nowak",
            "pseudonym": ZUZANNA_CODE,
        },
    ).id
    casework.record_consent(
        zuzanna, "share_with_school", "refused", given_by="parent_carer", decided_on="2026-10-01"
    )
    siobhan = records.add(
        "cyp",
        {
            "school_id": caseload.school,
            "given_name": "Siobhán",
            "family_name": "O'Sullivan",
            "pseudonym": SIOBHAN_CODE,
        },
    ).id
    return {"zuzanna": zuzanna, "siobhan": siobhan}


def fold(text: str) -> str:
    """Case and diacritics folded (Ł has no decomposition, so it is mapped by hand)."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("ł", "l"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def test_discussion_summary_redacts_a_refused_childs_family_name_typed_without_diacritics(
    letters: LetterService, casework: Casework, caseload: sample.Sample, unnamed: dict[str, str]
) -> None:
    visit = casework.plan_visit(caseload.school, "2026-11-16")
    casework.record_case_discussion(
        visit.id,
        [{"cyp_id": unnamed["zuzanna"], "actions": "Pastoral lead to meet the Lukasiewicz-Nowak family."}],
        summary="The Lukasiewicz-Nowak family will come to the next meeting.",
    )
    letter = letters.render(LetterRequest("discussion-summary", visit_id=visit.id))
    text = " ".join(pdf_text(letter.pdf).split())
    assert "lukasiewicz" not in fold(text) and "nowak" not in fold(text)
    assert f"the {ZUZANNA_CODE} family" in text
    assert dict(letter.cyps) == {unnamed["zuzanna"]: None}


SPELLINGS = (
    "Nowak",
    "Łukasiewicz",
    "Lukasiewicz",
    "LUKASIEWICZ-NOWAK",
    "O’Sullivan",
    "OSullivan",
    "O Sullivan",
    "Oʼ Sullivan",
    "Nowak's",
    "the Nowaks",
    "Siobhan",
    "SIOBHÁN",
)


def test_feedback_letter_lets_no_spelling_of_another_childs_name_through(
    letters: LetterService, casework: Casework, caseload: sample.Sample, unnamed: dict[str, str]
) -> None:
    plan = "Zoë to sit with " + ", ".join(SPELLINGS) + " in the quiet room."
    casework.add_referral_event(caseload.zoe_referral, "2026-11-20", "treatment_plan", note=plan)
    flat = " ".join(
        pdf_text(letters.render(LetterRequest("school-feedback", cyp_id=caseload.zoe)).pdf).split()
    )
    for part in ("nowak", "lukasiewicz", "sullivan", "siobhan"):
        assert part not in fold(flat), part
    assert "Zoë to sit with" in flat  # the child the letter is about keeps her name
    assert "Zoë Ní Bhriain" in flat
    for code in re.findall(r"CYP-\w+", flat):  # every code whole
        assert code in (ZUZANNA_CODE, SIOBHAN_CODE, "CYP-7Q2K4M"), code
