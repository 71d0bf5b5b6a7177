"""The measure helpers behind the entry form, the charts and the Measures page."""

from __future__ import annotations

import pytest

from linkdesk.errors import ValidationError
from linkdesk.measures import MeasureRegistry, ScoringContext
from linkdesk.measures.change import RELIABLE_IMPROVEMENT
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.measure_view import (
    catalogue,
    fit_responses,
    informants,
    preview,
    recent_results,
    responses_text,
    trajectories,
)
from tests.services.conftest import Open
from tests.ui.desk_data import iso


def test_preview_scores_a_half_entered_form_and_raises_the_risk_item(registry: MeasureRegistry) -> None:
    partial = preview(registry, "ypcore", ["0", "1", "2", "3"] + [None] * 6)
    assert partial.answered == 4 and partial.scores[0].value == "—" and partial.warnings
    assert [r.item for r in partial.risks] == [4] and "hurting myself" in partial.risks[0].message
    full = preview(registry, "ypcore", list("1111111111"), ScoringContext(age=14, sex="female"))
    main = next(s for s in full.scores if s.main)
    assert (main.value, main.band) == ("16", "clinical range") and full.risks[0].item == 4
    with pytest.raises(ValidationError):
        preview(registry, "ypcore", ["7"] + [None] * 9)


def test_licensed_wording_never_reaches_a_risk_line_it_may_not_show(registry: MeasureRegistry) -> None:
    lines = preview(registry, "rcads25-c", ["0"] * 17 + ["3"] + ["0"] * 7).risks
    assert [r.item for r in lines] == [18]
    assert registry.get("rcads25-c").item(18).text is None or "(" not in lines[0].message


def test_fit_responses_picks_the_shortest_form_that_holds_the_answers(registry: MeasureRegistry) -> None:
    sdq = registry.get("sdq-p4-17")
    assert len(fit_responses(sdq, ["1"] * 25 + [None] * 8)) == 25
    assert len(fit_responses(sdq, ["1"] * 25 + ["0"] + [None] * 7)) == 33
    gbo = registry.get("gbo")
    assert fit_responses(gbo, ["4", "6", None]) == ["4", "6"]
    assert responses_text(["1", None, "2"]) == "1,,2"
    assert informants(registry.get("rcads25-c")) == ("self",) and "clinician" in informants(gbo)


def test_reliable_change_marks_where_an_rci_is_recorded(opened: Open, registry: MeasureRegistry) -> None:
    recorder = MeasureRecords(opened.cw.records, registry)
    ab = opened.desk.case_ab
    recorder.record(ab, "ors", "2,2,2,2", informant="self", time_point="baseline", date=iso(-60))
    recorder.record(ab, "ors", "5,5,5,5", informant="self", time_point="review", date=iso(-30))
    recorder.record(ab, "ors", "5.5,5,5,5", informant="self", time_point="review", date=iso(-1))
    [ors] = trajectories(registry, recorder.history(ab))
    assert [p.value for p in ors.points] == [8.0, 20.0, 20.5]
    assert [(m.index, m.reliable) for m in ors.marks] == [
        (0, RELIABLE_IMPROVEMENT),
        (1, "no reliable change"),
    ]
    assert "indicative" in ors.note


def test_recent_results_and_catalogue(opened: Open, registry: MeasureRegistry) -> None:
    recorder = MeasureRecords(opened.cw.records, registry)
    recorder.record(
        opened.desk.case_cd,
        "ypcore",
        "1,1,1,3,1,1,1,1,1,1",
        informant="self",
        time_point="baseline",
        date=iso(-3),
    )
    [row] = recent_results(opened.cw.records, registry)
    assert (
        row.case == "CD · Year 5 · CYP-CD0002"
        and row.risk
        and row.short_name == "YP-CORE"
        and row.score == "18"
    )
    names = {m.id: m for m in catalogue(registry)}
    assert names["ypcore"].item_text and not names["sdq-p4-17"].item_text and names["ors"].has_rci


# "(unverified)" beside a band: the ORS default (adolescent) cut-off 28 and the ORS RCI 5 were
# not found in any source read (docs/measures.md 2.5); the ORS adult cut-off 25 and YP-CORE
# cut-offs were (OpenFIT KA-01031; CST CECPfuns lookupCSC2.R).


def test_preview_says_unverified_beside_an_unverified_band_only(registry: MeasureRegistry) -> None:
    ors = next(s for s in preview(registry, "ors", ["5", "5", "5", "5"]).scores if s.main)
    assert (ors.band, ors.band_text) == ("clinical range", "clinical range (unverified)")
    adult = preview(registry, "ors", ["5"] * 4, ScoringContext(cutoff_set="adult"))
    assert next(s for s in adult.scores if s.main).band_text == "clinical range"
    ypcore = preview(registry, "ypcore", list("1111111111"), ScoringContext(age=14, sex="female"))
    assert next(s for s in ypcore.scores if s.main).band_text == "clinical range"
    swemwbs = preview(registry, "swemwbs", ["2"] * 7)
    assert swemwbs.unverified_rules == [
        "Not checked against a published source: No prorating: any missing item leaves raw and "
        "metric missing."
    ]


def test_results_and_charts_say_unverified_beside_the_band(opened: Open, registry: MeasureRegistry) -> None:
    recorder = MeasureRecords(opened.cw.records, registry)
    ab = opened.desk.case_ab
    recorder.record(ab, "ors", "2,2,2,2", informant="self", time_point="baseline", date=iso(-60))
    recorder.record(ab, "ors", "8,8,8,8", informant="self", time_point="review", date=iso(-1))
    rows = recent_results(opened.cw.records, registry)
    assert [r.band_text for r in rows] == ["non-clinical range (unverified)", "clinical range (unverified)"]
    [ors] = trajectories(registry, recorder.history(ab))
    assert [p.band_text for p in ors.points] == [
        "clinical range (unverified)",
        "non-clinical range (unverified)",
    ]
    assert {r.label for r in ors.regions} == {
        "clinical range (unverified)",
        "non-clinical range (unverified)",
    }
    assert "unverified" in ors.note


def test_a_result_stored_before_verification_was_recorded_is_shown_as_unverified(
    opened: Open, registry: MeasureRegistry
) -> None:
    # Stored by definition 1.0.0, without an "unverified" list: its bands came from tables that
    # were then all unverified, so every band is marked; a current result is not.
    import json

    recorder = MeasureRecords(opened.cw.records, registry)
    ab = opened.desk.case_ab
    record = recorder.record(
        ab, "sdq-p4-17", ",".join(["0"] * 25), informant="parent", time_point="baseline", date=iso(-5)
    )
    document = json.loads(record.get("result"))
    assert document["unverified"] == [] and document["provenance"]["definition_version"] == "1.1.0"
    legacy = {k: v for k, v in document.items() if k != "unverified"}
    legacy["provenance"] = {**document["provenance"], "definition_version": "1.0.0"}
    from linkdesk.services.measure_view import band_unverified, result_row

    definition = registry.get("sdq-p4-17")
    assert band_unverified(legacy, definition, "total_difficulties") is True
    assert band_unverified(document, definition, "total_difficulties") is False
    assert result_row(registry, record, "AB").band_text == "close to average"
