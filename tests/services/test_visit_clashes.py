"""A second visit to one school at an overlapping time is found before it is planned (the front
ends warn and let the user plan it anyway); other schools, days and cancelled visits never clash."""

from __future__ import annotations

import pytest

from tests.services.conftest import Open
from tests.ui.desk_data import iso


@pytest.mark.parametrize(
    ("start", "minutes", "clash"),
    [
        ("10:00", 60, True),  # the same time
        ("11:30", 60, True),  # starts inside the 10:00-12:00 visit
        ("09:00", 90, True),  # runs into it
        ("09:00", 60, False),  # ends as it starts
        ("12:00", 60, False),  # starts as it ends
        (None, None, True),  # no time given: the same day is enough to ask
    ],
)
def test_an_overlapping_visit_to_the_same_school_is_a_clash(
    opened: Open, start: str | None, minutes: int | None, clash: bool
) -> None:
    cw, desk = opened.cw, opened.desk  # the desk has Greenfield at 10:00 for 120 minutes today
    found = cw.visit_clashes(desk.school, iso(0), start_time=start, planned_minutes=minutes or 30)
    assert [v.id for v in found] == ([desk.today_visit] if clash else [])


def test_other_schools_days_and_cancelled_visits_never_clash(opened: Open) -> None:
    cw, desk = opened.cw, opened.desk
    assert cw.visit_clashes(desk.other_school, iso(0), start_time="10:00") == []
    assert cw.visit_clashes(desk.school, iso(1), start_time="10:00") == []
    cw.records.update("visit", desk.today_visit, {"status": "cancelled_by_school"})
    assert cw.visit_clashes(desk.school, iso(0), start_time="10:00") == []
