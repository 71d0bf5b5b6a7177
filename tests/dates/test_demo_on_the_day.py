"""The demo service built at a case of the matrix in each zone (one small store per zone), as
``linkdesk demo`` builds it: from the services' ``today()``. Nothing it holds happened after
today, every school has its next visit planned (even from the summer holiday), and each child's
date of birth puts them in the year group recorded for them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from linkdesk.domain.calendar import year_group_on
from linkdesk.services.demo import build_demo
from linkdesk.services.measure_records import MeasureRecords
from linkdesk.services.measure_view import age_on
from linkdesk.services.records import RecordService
from tests.conftest import PASSPHRASE, make_vault
from tests.dates.cases import CASES
from tests.dates.conftest import moment_at, registry

#: The case each zone's demo is built at: an Easter holiday after the clocks went forward, the
#: last minute of a 53-week year, a leap day and the summer holiday.
DEMO_AT = {
    "Europe/London": "spring-forward-monday",
    "UTC": "new-years-eve",
    "Pacific/Auckland": "leap-day",
    "Pacific/Kiritimati": "summer-holiday",
}
#: Fields holding the day something happened (or was decided), which cannot be after today.
HAPPENED = {
    "referral_event": ("date",),
    "consent": ("sought_on", "decided_on"),
    "referral": ("sent_on",),
    "note": ("date",),
    "measure_result": ("date",),
    "communication": ("date",),
    "training": ("date",),
    "cyp": ("opened_on", "date_of_birth"),
}


def test_the_demo_service_on_the_day(zone: str, tmp_path: Path) -> None:
    [case] = [c for c in CASES if c.name == DEMO_AT[zone]]
    moment = moment_at(case, zone)
    store, _code = make_vault(tmp_path / "home", moment.clock).create("Demo", PASSPHRASE)
    with store:
        records = RecordService(store, moment.services.today)
        today = moment.services.today()
        assert today == case.uk
        build_demo(records, "small", 1, today, MeasureRecords(records, registry()))
        visits = records.find("visit")
        for visit in visits:
            when = date.fromisoformat(visit.get("date"))
            assert (when > today) == (visit.get("status") == "planned"), visit.fields
        for school in records.find("school"):
            ahead = [v for v in visits if v.get("school_id") == school.id and v.get("status") == "planned"]
            assert ahead, f"{school.get('name')} has no visit planned after {today}"
        for type_name, fields in HAPPENED.items():
            for record in records.find(type_name):
                for name in fields:
                    value = record.get(name)
                    assert value is None or value <= today.isoformat(), (type_name, name, value)
        children = records.find("cyp")
        assert children
        for cyp in children:
            born, opened = (
                date.fromisoformat(cyp.get("date_of_birth")),
                date.fromisoformat(cyp.get("opened_on")),
            )
            assert year_group_on(born, opened) == cyp.get("year_group"), cyp.fields
            assert 4 <= (age_on(cyp.get("date_of_birth"), opened) or 0) <= 19
        assert store.verify() == []
