"""Recording outcome measures against a CYP: stored with responses, scores and provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkdesk.app import load_measures
from linkdesk.errors import ValidationError
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from tests.conftest import init_store


@pytest.fixture
def recorder(records: RecordService, tmp_path) -> MeasureRecords:
    return MeasureRecords(records, load_measures(tmp_path))


def test_a_recorded_form_keeps_responses_scores_and_provenance(recorder: MeasureRecords, cyp: str) -> None:
    record = recorder.record(
        cyp, "ypcore", "1,2,3,1,2,3,1,2,3,1", informant="self", time_point="baseline", date="2026-10-01"
    )
    document = json.loads(record.get("result"))
    assert record.get("responses") == "1,2,3,1,2,3,1,2,3,1"
    assert document["scores"] == {"mean": 1.9, "total": 19.0}
    assert document["flags"] == ["risk"]  # item 4 above 0
    assert document["provenance"]["definition_version"] == record.get("definition_version")


@pytest.mark.parametrize("missing", ["informant", "time_point", "date"])
def test_recording_without_informant_time_point_or_date_is_refused(
    recorder: MeasureRecords, store: Store, cyp: str, missing: str
) -> None:
    kwargs = {"informant": "self", "time_point": "baseline", "date": "2026-10-01", missing: None}
    before = store.records.state_hash()
    with pytest.raises(ValidationError) as caught:
        recorder.record(cyp, "ypcore", "0,0,0,0,0,0,0,0,0,0", **kwargs)
    assert caught.value.field == missing and store.records.state_hash() == before


def test_scores_cannot_be_edited(recorder: MeasureRecords, records: RecordService, cyp: str) -> None:
    record = recorder.record(
        cyp, "swemwbs", "2,2,2,2,2,2,2", informant="self", time_point="baseline", date="2026-10-01"
    )
    with pytest.raises(ValidationError, match="cannot be changed"):
        records.update("measure_result", record.id, {"result": "{}"})


def test_history_is_oldest_first_and_skips_entered_in_error(
    recorder: MeasureRecords, records: RecordService, cyp: str
) -> None:
    late = recorder.record(cyp, "gbo", "3,4", informant="self", time_point="review", date="2026-11-20")
    early = recorder.record(cyp, "gbo", "1,2", informant="self", time_point="baseline", date="2026-09-20")
    wrong = recorder.record(cyp, "gbo", "9,9", informant="self", time_point="review", date="2026-10-20")
    records.update(
        "measure_result", wrong.id, {"status": "entered_in_error", "entered_in_error_reason": "typo"}
    )
    assert [p.record.id for p in recorder.history(cyp, "gbo")] == [early.id, late.id]


def test_cli_record_and_history(cli, home: Path) -> None:
    init_store(home)
    school = cli("add", "school", "name=Hillside").out.strip()
    cyp = cli("add", "cyp", f"school_id={school}", "date_of_birth=2012-03-01", "sex=female").out.strip()
    added = cli(
        "measures",
        "record",
        cyp,
        "ypcore",
        "--responses",
        "0,1,1,0,1,1,1,1,1,0",
        "--informant",
        "self",
        "--time-point",
        "baseline",
        "--date",
        "2026-10-01",
        "--json",
    )
    assert added.code == 0, added.err
    assert json.loads(added.out)["result"]["bands"]["total"] in {"clinical range", "non-clinical range"}
    refused = cli(
        "measures",
        "record",
        cyp,
        "ypcore",
        "--responses",
        "0,1",
        "--informant",
        "self",
        "--time-point",
        "baseline",
        "--date",
        "2026-10-01",
    )
    assert refused.code == 1 and "10 responses" in refused.err
    history = json.loads(cli("measures", "history", cyp, "--json").out)
    assert [h["measure"] for h in history] == ["ypcore"]
