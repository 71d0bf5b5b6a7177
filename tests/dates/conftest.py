"""Fixtures for the date matrix: the process in a time zone, the service clock at an instant,
and one small store (built once per test process) holding a school for every case.

Only the clock is faked (and the keychain is off): the store is a real SQLCipher file and the
process really runs in the zone (``TZ`` and ``tzset``), so code reading the machine's local date
or time instead of the service clock comes out wrong somewhere in the matrix.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from linkdesk import config
from linkdesk.measures import MeasureRegistry
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock, make_vault
from tests.dates.cases import BORN, CASES, ZONES, Case

#: The day the matrix store's records are written on: after every case, so none is refused.
BUILT_ON = date(2028, 12, 1)


@contextmanager
def process_in(zone: str) -> Iterator[None]:
    """Run the process in ``zone``, as if the machine's time zone were set to it."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        probe = CASES[0].instant
        want = probe.astimezone(ZoneInfo(zone)).utcoffset()
        got = timedelta(seconds=time.localtime(probe.timestamp()).tm_gmtoff)
        assert got == want, f"the system has no time zone data for {zone} (install the tzdata package)"
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@functools.cache
def registry() -> MeasureRegistry:
    return MeasureRegistry.load(config.resources_dir() / "measures")


def services_at(clock: FrozenClock, vault: Vault | None = None, home: Path | None = None) -> Services:
    """The services a front end gets, on ``clock`` (no store needed to ask for today's date)."""
    return Services(
        home=home or Path("unused"),
        vault=vault,  # type: ignore[arg-type]
        secrets=KeychainSecrets(enabled=False),
        clock=clock,
        pdf_probe=None,  # type: ignore[arg-type]  # nothing here prints
        scratch_vault=lambda path: vault,  # type: ignore[arg-type,return-value]
        measure_registry=registry,
    )


@dataclass(frozen=True)
class Moment:
    """One cell of the matrix: the case's instant, read by a clock in ``zone``, with the
    process in ``zone`` too."""

    case: Case
    zone: str
    clock: FrozenClock
    services: Services


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    with process_in(request.param):
        yield request.param


def moment_at(case: Case, zone: str, vault: Vault | None = None, home: Path | None = None) -> Moment:
    clock = FrozenClock(case.instant.astimezone(ZoneInfo(zone)))
    return Moment(case, zone, clock, services_at(clock, vault, home))


# -- one school per case, in one store ------------------------------------------------------------


@dataclass(frozen=True)
class CaseSchool:
    """The records of one case's school, dated around the case's UK day ``D``."""

    school: str
    staff: str
    children: dict[str, str]
    today_visit: str  # planned on D at 10:00
    yesterday_visit: str  # planned on D-1 and never written up
    tomorrow_visit: str  # planned on D+1
    #: Held visits on the ISO week's Monday and Sunday, and on the Sunday before it.
    held_in_week: tuple[str, str]
    held_week_before: str
    #: action description -> due date
    actions: dict[str, date]


@dataclass(frozen=True)
class Matrix:
    store: Store
    vault: Vault
    home: Path
    schools: dict[str, CaseSchool]


def _days(day: date, n: int) -> str:
    return (day + timedelta(days=n)).isoformat()


def build_case_school(cw: Casework, case: Case) -> CaseSchool:
    r, d = cw.records, case.uk
    school = r.add("school", {"name": f"School {case.name}", "setting_type": "secondary"}).id
    staff = r.add("staff", {"name": f"Worker {case.name}", "role": "link_worker"}).id
    r.add("assignment", {"staff_id": staff, "school_id": school, "starts_on": "2025-09-01"})
    children = {
        name: r.add(
            "cyp",
            {
                "school_id": school,
                "initials": name[:2].upper(),
                "date_of_birth": born.isoformat(),
                "opened_on": "2025-09-01",
            },
        ).id
        for name, born in BORN.items()
    }
    # consent to share with the school: Ava's runs out today, Ben's ran out yesterday,
    # Cal's was asked for three days ago, Dee's never
    cw.record_consent(
        children["ava"], "share_with_school", "given", given_by="parent_carer",
        decided_on=_days(d, -100), expires_on=d.isoformat(),
    )  # fmt: skip
    cw.record_consent(
        children["ben"], "share_with_school", "given", given_by="parent_carer",
        decided_on=_days(d, -100), expires_on=_days(d, -1),
    )  # fmt: skip
    cw.record_consent(children["cal"], "share_with_school", "sought", sought_on=_days(d, -3))
    # referrals waiting 30, 43 (stalled: more than 42 days with nothing happening) and 42 days
    for name, days in (("ava", 30), ("ben", 43), ("cal", 42)):
        cw.make_referral(children[name], "specialist_camhs", sent_on=_days(d, -days))
    actions = {"overdue": -1, "due today": 0, "last day ahead": 14, "too far ahead": 15}
    for description, offset in actions.items():
        r.add("action", {"description": description, "school_id": school, "due_on": _days(d, offset)})
    visit = {"school_id": school, "staff_id": staff}
    today = cw.plan_visit(school, d.isoformat(), staff_id=staff, start_time="10:00", planned_minutes=120).id
    yesterday = cw.plan_visit(school, _days(d, -1), staff_id=staff).id
    tomorrow = cw.plan_visit(school, _days(d, 1), staff_id=staff).id
    monday, sunday = case.week
    held = tuple(
        r.add("visit", {**visit, "date": day.isoformat(), "status": "held", "duration_minutes": 60}).id
        for day in (monday, sunday)
    )
    before = r.add("visit", {**visit, "date": _days(monday, -1), "status": "held", "duration_minutes": 60}).id
    return CaseSchool(
        school,
        staff,
        children,
        today,
        yesterday,
        tomorrow,
        (held[0], held[1]),
        before,
        {k: d + timedelta(days=v) for k, v in actions.items()},
    )


@pytest.fixture(scope="session")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    home = tmp_path_factory.mktemp("dates") / "home"
    vault = make_vault(home)
    store, _code = vault.create("Date Matrix Team", PASSPHRASE)
    with store:
        cw = Casework(RecordService(store, lambda: BUILT_ON))
        with store.transaction():
            schools = {case.name: build_case_school(cw, case) for case in CASES}
        yield Matrix(store, vault, home, schools)
