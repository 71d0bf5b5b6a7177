"""Free text in the weekly summary: every spelling of a child's name becomes that child's code,
and a code is never cut.

Finding from issue 16: the weekly report, which used a different redactor from the letters,
printed "Call Lukasiewicz-CYP-AA237D family" and cut a code mid-way ("CYP-AA2…").
"""

from __future__ import annotations

import itertools
import re

from linkdesk.domain.reporting import display
from linkdesk.domain.reporting_disclosure import suppress
from linkdesk.domain.reporting_periods import iso_week
from linkdesk.services.records import RecordService
from linkdesk.services.report_weekly import weekly_report
from tests.reports.world import World

CODE = "CYP-AA237D"


def action_cells(records: RecordService, world: World, *descriptions: str) -> list[str]:
    records.add(
        "cyp",
        {
            "school_id": world["S1"],
            "given_name": "Zuzanna",
            "family_name": "Łukasiewicz-Nowak",
            "pseudonym": CODE,
        },
    )
    for n, description in enumerate(descriptions):
        records.add(
            "action",
            {
                "description": description,
                "due_on": f"2026-11-2{5 + n}",
                "status": "open",
                "owner_staff_id": world["A"],
                "school_id": world["S1"],
            },
        )
    report = weekly_report(records, iso_week("2026-W47"), world["A"])
    cells = [display(row.cells[2]) for row in report.table("actions_due").rows]
    return [c for c in cells if "Action a" not in c]


def test_a_hyphenated_family_name_without_its_diacritics_becomes_one_code(
    records: RecordService, world: World
) -> None:
    assert action_cells(records, world, "Call Lukasiewicz-Nowak family") == [f"Call {CODE} family"]


def test_a_child_at_a_school_outside_the_workers_scope_is_redacted_too(
    records: RecordService, world: World
) -> None:
    """Worker A's summary covers Alder and Birch; a brother at Cedar (worker B's school) named in an
    action at Alder is a child of this laptop all the same."""
    records.add(
        "cyp",
        {
            "school_id": world["S3"],
            "given_name": "Jolyon",
            "family_name": "Quartermain",
            "pseudonym": "CYP-JQ0009",
        },
    )
    assert action_cells(records, world, "Ring Jolyon Quartermain's dad") == ["Ring CYP-JQ0009's dad"]


def test_a_long_action_is_shortened_without_cutting_a_code(records: RecordService, world: World) -> None:
    lead = "Agree a quiet space at lunch with the SENCO and class teacher, then ring "
    start = 84  # the name, then its code, begins here; a cut after 89 characters falls inside the code
    description = lead + "x" * (start - len(lead) - 1) + " Zuzanna's mum about the plan for next term."
    assert description.index("Zuzanna") == start
    [cell] = action_cells(records, world, description)
    assert cell.endswith("…") and len(cell) <= 90
    assert "Zuzanna" not in cell
    assert all(found == CODE for found in re.findall(r"CYP[-\w]*", cell)), cell


def test_a_shared_weekly_summary_lists_no_child_and_gives_no_count_away(
    records: RecordService, world: World
) -> None:
    """The GUI's "export for sharing" suppresses the weekly summary too: lists of children, visits
    and actions are left out, the longest wait (one child's) is withheld, and the visit counts
    that add up to visits planned cannot be worked out one by one."""
    report = suppress(weekly_report(records, iso_week("2026-W47"), world["A"]), 3)
    assert {t.key for t in report.tables()} == {"outcomes", "closure_reasons", "contact_type", "with_whom"}
    shown = {m.key: display(m.cell) for m in report.metrics()}
    assert shown["referral_wait_longest_days"] == "[c]"
    assert not [v for v in shown.values() if v.startswith("<") or v == "*"]
    parts = ("visits_held", "visits_cancelled", "visits_nothing_planned", "visits_not_yet_recorded")
    cancelled = ("visits_cancelled_by_school", "visits_cancelled_by_service")
    withheld = [k for k in (*parts, *cancelled, "visits_planned") if shown[k] == "[c]"]
    assert withheld, "the week has small visit counts"
    fits = []
    for values in itertools.product(range(8), repeat=len(withheld)):
        v = {
            **{k: int(x) for k, x in shown.items() if x.isdigit()},
            **dict(zip(withheld, values, strict=True)),
        }
        if (
            sum(v[k] for k in parts) == v["visits_planned"]
            and sum(v[k] for k in cancelled) == v["visits_cancelled"]
        ):
            fits.append(v)
    for key in withheld:
        assert len({v[key] for v in fits}) > 1, key
