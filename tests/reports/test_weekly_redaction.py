"""Free text in the weekly summary: every spelling of a child's name becomes that child's code,
and a code is never cut.

Finding from issue 16: the weekly report, which used a different redactor from the letters,
printed "Call Lukasiewicz-CYP-AA237D family" and cut a code mid-way ("CYP-AA2…").
"""

from __future__ import annotations

import re

from linkdesk.domain.reporting import display
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


def test_a_long_action_is_shortened_without_cutting_a_code(records: RecordService, world: World) -> None:
    lead = "Agree a quiet space at lunch with the SENCO and class teacher, then ring "
    start = 84  # the name, then its code, begins here; a cut after 89 characters falls inside the code
    description = lead + "x" * (start - len(lead) - 1) + " Zuzanna's mum about the plan for next term."
    assert description.index("Zuzanna") == start
    [cell] = action_cells(records, world, description)
    assert cell.endswith("…") and len(cell) <= 90
    assert "Zuzanna" not in cell
    assert all(found == CODE for found in re.findall(r"CYP[-\w]*", cell)), cell
