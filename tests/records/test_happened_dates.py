"""No future dates for things that happened (cli-contract.md, "Records"): a consent decision, a
referral sent, a held visit, a measure's date, a referral event, a case closed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from linkdesk.app import load_measures
from linkdesk.errors import ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.records import RecordService
from tests.conftest import init_store
from tests.records.conftest import TODAY

TOMORROW = (TODAY + timedelta(days=1)).isoformat()


def test_a_consent_decided_after_today_is_refused(
    records: RecordService, casework: Casework, cyp: str
) -> None:
    before = records.records.state_hash()
    for status in ("given", "refused", "withdrawn"):
        with pytest.raises(ValidationError, match=r"decided_on: .* after today") as refused:
            casework.record_consent(cyp, "share_with_school", status, given_by="both", decided_on=TOMORROW)
        assert refused.value.field == "decided_on"
    with pytest.raises(ValidationError, match="sought_on"):
        casework.record_consent(cyp, "referral", "sought", sought_on=TOMORROW)
    assert records.records.state_hash() == before
    consent = casework.record_consent(
        cyp,
        "share_with_school",
        "given",
        given_by="both",
        decided_on=TODAY.isoformat(),
        expires_on="2027-11-23",
    )  # today itself, and an expiry date in the future, are fine
    with pytest.raises(ValidationError, match="decided_on"):
        records.update("consent", consent.id, {"decided_on": TOMORROW})


def test_other_things_that_happened_cannot_be_dated_after_today(
    records: RecordService, casework: Casework, school: str, cyp: str, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="sent_on"):
        casework.make_referral(cyp, "specialist_camhs", sent_on=TOMORROW)
    referral = casework.make_referral(cyp, "specialist_camhs", sent_on=TODAY.isoformat())
    with pytest.raises(ValidationError, match="date"):
        casework.add_referral_event(referral.id, TOMORROW, "accepted")
    planned = casework.plan_visit(school, TOMORROW)  # a planned visit may be in the future
    with pytest.raises(ValidationError, match=r"date: .* after today"):
        records.update("visit", planned.id, {"status": "held", "duration_minutes": 60})
    with pytest.raises(ValidationError, match="date"):
        records.add("visit", {"school_id": school, "date": TOMORROW, "status": "held"})
    records.update("visit", planned.id, {"status": "cancelled_by_school"})  # cancelled in advance: fine
    with pytest.raises(ValidationError, match="closed_on"):
        records.update(
            "cyp", cyp, {"status": "closed", "closure_reason": "signposted", "closed_on": TOMORROW}
        )
    measures = MeasureRecords(records, load_measures(tmp_path))
    with pytest.raises(ValidationError, match="date"):
        measures.record(
            cyp, "ypcore", ",".join(["1"] * 10), informant="self", time_point="baseline", date=TOMORROW
        )


def test_the_cli_refuses_a_future_decision_and_changes_nothing(cli, home: Path) -> None:
    init_store(home)
    school = cli("add", "school", "name=Hillside").out.strip()
    cyp = cli("add", "cyp", f"school_id={school}").out.strip()
    later = (date.today() + timedelta(days=30)).isoformat()
    before = cli("state-hash").out
    result = cli(
        "add",
        "consent",
        f"cyp_id={cyp}",
        "scope=share_with_school",
        "status=given",
        "given_by=both",
        f"decided_on={later}",
    )
    assert result.code == 1 and result.out == ""
    assert "decided_on" in result.err and "Traceback" not in result.err
    assert cli("state-hash").out == before
