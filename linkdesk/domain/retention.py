"""Retention of a case (security.md §7, issue #22): its class, the master record's date, and when
this laptop's working copy is purged. Pure: no I/O.

LinkDesk is a working copy; the master record is the trust's electronic patient record (EPR).
Each case carries a ``retention_class`` so the period the trust keeps the master record for can
be traced, and that date is shown (``retain_until``). The laptop's copy goes much sooner: a set
number of days (the trust's setting, 30 by default) after the worker confirms the closure is in
the EPR (``epr_closure_confirmed_on``), once its content has left this laptop (see
``services/retention.py``).

Periods, from the Records Management Code of Practice 2021 (NHSX, August 2021), Appendix II,
as summarised by the MDU ("Updated guidance on medical records management",
https://themdu.com/guidance-and-advice/latest-updates-and-advice/updated-guidance-on-medical-records-management-and-retention)
and Appendix II's own notes (https://digital.nhs.uk/data-and-information/information-governance/
guidance/records-management-code-of-practice/appendix-ii):

* children's records: until the 25th birthday, or the 26th if the young person was 17 when
  treatment ended;
* mental health records: 20 years after treatment ended (or 10 years after death: LinkDesk
  holds no date of death);
* a period runs from when the record stops being used (discharge: the case's ``closed_on``); a
  record back in use starts again (a reopened case clears its closure).

A CAMHS record is both, so the ``camhs`` class keeps the later of the two dates. The trust's IG
lead confirms the class (security.md §12, item 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from linkdesk.domain.schema import TYPES

RETENTION_CLASSES: dict[str, str] = {
    "camhs": "children's mental health record: the later of the two periods below",
    "child": "children's record: until the 25th birthday (26th if 17 when treatment ended)",
    "mental_health": "mental health record: 20 years after treatment ended",
}
DEFAULT_CLASS = "camhs"
#: Days after the closure is confirmed in the EPR before this laptop's copy is purged.
DEFAULT_PURGE_DAYS = 30
PURGE_DAYS_RANGE = (0, 3650)
PURGE_DAYS_SETTING = "device_purge_days"
MENTAL_HEALTH_YEARS = 20


def anniversary(day: date, years: int) -> date:
    """``day`` moved on ``years`` years; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def age_on(birth: date, day: date) -> int:
    """Whole years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def retain_until(retention_class: str, birth: date | None, ended: date) -> date | None:
    """The first day the trust's master record may be destroyed; None without a needed birth date.

    ``ended`` is when treatment ended (the case's closure).
    """
    mental_health = anniversary(ended, MENTAL_HEALTH_YEARS)
    if retention_class == "mental_health":
        return mental_health
    if birth is None:
        return None
    child = anniversary(birth, 26 if age_on(birth, ended) == 17 else 25)
    return child if retention_class == "child" else max(child, mental_health)


@dataclass(frozen=True)
class Assessment:
    """Whether a closed case's copy on this laptop may be purged today, and if not, why."""

    purge_on: date | None
    due: bool
    reason: str


def assess(confirmed_on: date | None, days: int, today: date, exported: str) -> Assessment:
    """A closed case: closure confirmed in the EPR on ``confirmed_on``, kept ``days`` days after.

    ``exported`` is "" when the content has left this laptop as the service requires, else why not.
    """
    if confirmed_on is None:
        return Assessment(None, False, "closure not yet confirmed in the EPR")
    purge_on = confirmed_on + timedelta(days=days)
    if today < purge_on:
        return Assessment(purge_on, False, f"kept until {purge_on.isoformat()}")
    if exported:
        return Assessment(purge_on, False, exported)
    return Assessment(purge_on, True, "due")


@dataclass(frozen=True)
class Footprint:
    """What a case's records amount to in the log: what a purge would remove."""

    records: int
    #: {device id: highest seq} of the ops of the case's records, by the device that made them.
    highest: dict[str, int]
    #: The HLC of the latest change to any of them.
    last_hlc: str

    def held_by(self, vector: dict[str, int]) -> bool:
        """A device known to hold ``vector`` holds every change to these records."""
        return all(vector.get(device, 0) >= seq for device, seq in self.highest.items())


def reachable_types(target: str = "cyp") -> set[str]:
    """Types whose records can refer to a ``target`` record directly or through others."""
    found = {target}
    changed = True
    while changed:
        changed = False
        for rtype in TYPES.values():
            if rtype.name in found:
                continue
            if any(f.kind == "ref" and (f.ref in found or f.ref == "*") for f in rtype.fields):
                found.add(rtype.name)
                changed = True
    return found


def _purge_refs() -> dict[str, tuple[str, ...]]:
    reachable = reachable_types()
    return {
        name: refs
        for name in sorted(reachable)
        if (
            refs := tuple(
                f.name for f in TYPES[name].fields if f.kind == "ref" and f.ref in {*reachable, "*"}
            )
        )
    }


#: For each type a purge can reach, the reference fields through which it can: a record is purged
#: with a case when any change to it ever pointed one of these at the case or at a purged record.
PURGE_REFS: dict[str, tuple[str, ...]] = _purge_refs()
