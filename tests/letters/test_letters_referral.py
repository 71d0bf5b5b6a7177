"""The referral-status letter: a wait ends at the decision; each key date is listed once."""

from __future__ import annotations

from linkdesk.services.casework import Casework
from linkdesk.services.letters import LetterRequest, LetterService
from linkdesk.services.records import RecordService
from tests.letters import sample
from tests.letters.conftest import pdf_text


def flat(letters: LetterService, cyp: str, referral: str) -> str:
    made = letters.render(LetterRequest("referral-status", cyp_id=cyp, referral_id=referral))
    return " ".join(pdf_text(made.pdf).split())


def test_a_declined_referral_waited_until_the_decision_not_so_far(
    letters: LetterService, caseload: sample.Sample
) -> None:
    text = flat(letters, caseload.fatima, caseload.fatima_referral)  # sent 5 Oct, declined 20 Oct
    assert "Waiting time 15 days" in text
    assert "so far" not in text


def test_a_waiting_referral_still_says_so_far(letters: LetterService, caseload: sample.Sample) -> None:
    text = flat(letters, caseload.zoe, caseload.zoe_referral)  # sent 15 Sep, allocated: still waiting
    assert "Waiting time 69 days so far" in text


def test_referral_sent_is_listed_once_when_a_sent_event_exists(
    letters: LetterService, casework: Casework, records: RecordService, caseload: sample.Sample
) -> None:
    casework.add_referral_event(caseload.zoe_referral, "2026-09-15", "sent")
    key_dates = flat(letters, caseload.zoe, caseload.zoe_referral).split("Key dates", 1)[1]
    assert key_dates.count("Referral sent") == 1
    assert key_dates.count("15 September 2026") == 1
    assert "Received by the service" in key_dates
