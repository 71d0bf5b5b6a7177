"""U4: the retention date of a case under the Records Management Code of Practice 2021, by table."""

from __future__ import annotations

from datetime import date

import pytest

from linkdesk.domain.managed import parse_policy
from linkdesk.domain.retention import PURGE_REFS, age_on, assess, reachable_types, retain_until

D = date.fromisoformat

#: (class, date of birth, closed on, retain until): children's records to the 25th birthday
#: (26th if 17 when treatment ended), mental health 20 years after it ended, CAMHS the later.
TABLE = [
    ("child", "2012-03-01", "2026-11-20", "2037-03-01"),  # 14 at closure: 25th birthday
    ("child", "2009-06-15", "2026-06-14", "2034-06-15"),  # 16, the day before turning 17
    ("child", "2009-06-15", "2026-06-15", "2035-06-15"),  # 17 on the day of closure: 26th
    ("child", "2008-11-24", "2026-11-23", "2034-11-24"),  # 17 for one more day: 26th
    ("child", "2008-11-23", "2026-11-23", "2033-11-23"),  # 18 that day: 25th birthday
    ("child", "2008-02-29", "2025-03-01", "2034-03-01"),  # leap-day birth, 17: 26th, 1 March
    ("child", "2004-02-29", "2020-05-01", "2029-03-01"),  # leap-day birth, 16: 25th falls on 1 March
    ("mental_health", None, "2026-11-20", "2046-11-20"),
    ("mental_health", "2012-03-01", "2024-02-29", "2044-02-29"),  # 20 years on is a leap year too
    ("mental_health", "2012-03-01", "2023-02-28", "2043-02-28"),
    ("camhs", "2020-01-10", "2026-01-09", "2046-01-09"),  # aged 5: mental health period is later
    ("camhs", "2012-03-01", "2026-11-20", "2046-11-20"),  # aged 14: 20 years (2046) beats 2037
    ("camhs", "2009-06-15", "2026-06-15", "2046-06-15"),
    ("camhs", "1990-01-01", "2000-01-01", "2020-01-01"),  # 10 at closure: both 2015 and 2020 → 2020
    ("camhs", "2001-05-05", "2003-05-05", "2026-05-05"),  # aged 2: the 25th birthday (2026) is later
]


@pytest.mark.parametrize(("cls", "birth", "closed", "expected"), TABLE)
def test_the_retention_date_follows_the_code(cls: str, birth: str | None, closed: str, expected: str) -> None:
    assert retain_until(cls, D(birth) if birth else None, D(closed)) == D(expected)


@pytest.mark.parametrize("cls", ["child", "camhs"])
def test_a_class_that_counts_from_birth_needs_a_date_of_birth(cls: str) -> None:
    assert retain_until(cls, None, D("2026-01-01")) is None


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [("2009-06-15", "2026-06-14", 16), ("2009-06-15", "2026-06-15", 17), ("2008-02-29", "2025-02-28", 16)],
)
def test_age_in_whole_years(birth: str, day: str, age: int) -> None:
    assert age_on(D(birth), D(day)) == age


TODAY = D("2026-11-23")


@pytest.mark.parametrize(
    ("confirmed", "days", "exported", "due", "purge_on", "reason"),
    [
        (None, 30, "", False, None, "closure not yet confirmed in the EPR"),
        ("2026-10-24", 30, "", True, "2026-11-23", "due"),  # the 30th day: due that day
        ("2026-10-25", 30, "", False, "2026-11-24", "kept until 2026-11-24"),
        ("2026-11-23", 0, "", True, "2026-11-23", "due"),
        ("2026-01-01", 30, "not held", False, "2026-01-31", "not held"),
        ("2026-06-01", 200, "", False, "2026-12-18", "kept until 2026-12-18"),
    ],
)
def test_when_a_closed_case_is_due(
    confirmed: str | None, days: int, exported: str, due: bool, purge_on: str | None, reason: str
) -> None:
    verdict = assess(D(confirmed) if confirmed else None, days, TODAY, exported)
    assert (verdict.due, verdict.purge_on, verdict.reason) == (due, D(purge_on) if purge_on else None, reason)


def test_a_purge_follows_every_reference_into_a_case() -> None:
    """Every type that can refer to a case has the fields a purge follows named."""
    assert set(PURGE_REFS) == reachable_types("cyp") - {"cyp"}
    assert "cyp_id" in PURGE_REFS["discussion_item"] and "subject_id" in PURGE_REFS["note"]


def test_an_organisation_can_set_the_purge_period() -> None:
    policy = parse_policy({"format": 1, "device_purge_days": 90}, "/etc/linkdesk/managed.json")
    assert policy.device_purge_days == 90 and policy.manages("device_purge_days")
    assert "90 days after EPR confirmation" in " ".join(policy.summary())
    refused = parse_policy({"format": 1, "device_purge_days": -1}, "/etc/linkdesk/managed.json")
    assert "device_purge_days must be a whole number from 0 to 3650" in refused.problem
