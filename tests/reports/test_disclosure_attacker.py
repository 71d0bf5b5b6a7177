"""The attacker test: in a shared service report, no withheld count has a single possible value.

Small random services (seeded, so a failure can be replayed) are recorded in a real store, the
service report is made with and without ``--suppress-under``, and the attacker of
``tests/reports/attacker.py`` turns everything the shared report publishes into linear constraints
and solves for the smallest and largest value of each withheld count.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from linkdesk.domain import vocab as v
from linkdesk.domain.reporting_periods import date_range
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.services.report_service import service_report
from tests.conftest import PASSPHRASE, make_vault
from tests.reports.attacker import attack, feasible_range

TODAY = date(2026, 11, 23)
PERIOD = ("2026-09-01", "2026-10-31")
SETTINGS = ("primary", "secondary", "special")
ETHNICITY = ("White British", "Pakistani", "Black African", "")


def random_service(records: RecordService, rng: random.Random) -> None:
    """2 to 4 schools, 1 or 2 workers, a term's visits, items, cases, referrals and consents."""
    casework = Casework(records)
    staff = [
        records.add("staff", {"name": f"Worker {n}", "role": "link_worker"}).id
        for n in range(rng.randint(1, 2))
    ]
    start = date.fromisoformat(PERIOD[0])
    for n in range(rng.randint(2, 4)):
        school = records.add("school", {"name": f"School {n}", "setting_type": rng.choice(SETTINGS)}).id
        worker = rng.choice(staff)
        records.add("assignment", {"staff_id": worker, "school_id": school, "starts_on": "2026-09-01"})
        cyps: list[str] = []
        for _ in range(rng.randint(0, 7)):
            day = (start + timedelta(days=rng.randint(0, 60))).isoformat()
            status = rng.choices(
                ["held", "cancelled_by_school", "cancelled_by_service", "nothing_planned"], [8, 1, 1, 1]
            )[0]
            kind = rng.choices(["case_discussion", "drop_in", "direct_work"], [6, 1, 1])[0]
            visit = casework.plan_visit(
                school, day, staff_id=rng.choice(staff), kind=kind, planned_minutes=60
            )
            if status != "held":
                records.update("visit", visit.id, {"status": status})
                continue
            items = []
            for _ in range(rng.randint(0, 4)):
                if rng.random() < 0.25:
                    items.append({"anon_label": "Y7 pupil", "outcome": rng.choice(v.OUTCOMES)})
                    continue
                if not cyps or rng.random() < 0.6:
                    cyps.append(new_cyp(records, casework, rng, school, worker, day))
                outcome = rng.choice([*v.OUTCOMES, None])
                items.append({"cyp_id": rng.choice(cyps), **({"outcome": outcome} if outcome else {})})
            if items:
                casework.record_case_discussion(visit.id, items, duration_minutes=60)
            else:
                records.update("visit", visit.id, {"status": "held", "duration_minutes": 60})


def new_cyp(
    records: RecordService, casework: Casework, rng: random.Random, school: str, worker: str, day: str
) -> str:
    closed = rng.random() < 0.3
    fields = {
        "school_id": school,
        "worker_id": worker,
        "opened_on": day,
        "ethnicity": rng.choice(ETHNICITY),
        "flags": rng.sample(["send", "young_carer", "looked_after"], rng.randint(0, 2)),
    }
    if closed:
        fields |= {"status": "closed", "closed_on": day, "closure_reason": rng.choice(v.CLOSURE_REASONS)}
    cyp = records.add("cyp", {k: x for k, x in fields.items() if x}).id
    if rng.random() < 0.7:
        casework.record_consent(cyp, "share_with_school", "given", given_by="parent_carer", decided_on=day)
    if rng.random() < 0.5:
        referral = casework.make_referral(cyp, rng.choice(["specialist_camhs", "early_help"]), sent_on=day)
        if rng.random() < 0.5:
            seen = date.fromisoformat(day) + timedelta(days=rng.randint(5, 40))
            casework.add_referral_event(referral.id, min(seen, TODAY).isoformat(), "appointment_attended")
    return cyp


@pytest.mark.parametrize("seed", range(6))
def test_no_withheld_count_has_a_single_possible_value(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    store, _ = make_vault(tmp_path).create("Attacked", PASSPHRASE)
    with store:
        records = RecordService(store, lambda: TODAY)
        random_service(records, rng)
        group_by = rng.choice(["school", "setting_type", "staff"])
        under = rng.choice([3, 3, 5, 10])
        period = date_range(*PERIOD)
        truth = service_report(records, period, group_by)
        shared = service_report(records, period, group_by, suppress_under=under, pseudonymise=True)
    found = attack(shared, truth)
    assert any(1 <= x < under for x in found.truth.values()), (
        "a service with nothing to withhold tests nothing"
    )
    for key, value in found.truth.items():
        if 1 <= value < under:
            assert key in found.withheld, f"{key} = {value} is under {under} and was published"
    disclosed = {}
    for key in sorted(found.withheld):
        low, high = feasible_range(found, key)
        assert low <= found.truth[key] <= high, (key, low, high)  # the attacker's model is right
        if low == high:
            disclosed[key] = low
    assert disclosed == {}, f"withheld counts worked out from the published ones (seed {seed}, N={under})"
