"""The counting rules both reports share: visits, time, consent, waits, contracts, contact bands."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.calendar import DaysOff, terms_between
from linkdesk.domain.records import Record
from linkdesk.domain.reporting_periods import Period

#: A given consent that expires within this many days of the report date is "expiring".
EXPIRING_WITHIN_DAYS = 28
#: Contact-frequency bands by contacts per 30 days: (lowest rate, band).
BANDS = ((8.0, "continuous"), (3.5, "weekly"), (0.9, "monthly"), (0.0, "a few times a year"))


def held(visit: Record) -> bool:
    return bool(visit.get("status") == "held")


def cancelled(visit: Record) -> bool:
    return visit.get("status") in v.CANCELLED_STATUSES


def held_minutes(visits: Iterable[Record]) -> int:
    """Contact time: the minutes of held visits."""
    return sum(int(x.get("duration_minutes", 0)) for x in visits if held(x))


def logged_minutes(category: str, visits: Iterable[Record], entries: Iterable[Record]) -> int:
    """Admin or travel minutes: time entries of that category, plus the ``admin_minutes`` /
    ``travel_minutes`` written on a visit that has no time entry of that category for it (so the
    same time is never counted twice)."""
    logged = [e for e in entries if e.get("category") == category]
    covered = {e.get("visit_id") for e in logged if e.get("visit_id")}
    on_visits = sum(int(x.get(f"{category}_minutes", 0)) for x in visits if x.id not in covered)
    return sum(int(e.get("minutes", 0)) for e in logged) + on_visits


def per_cyp(records: Iterable[Record]) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        grouped[str(record.get("cyp_id"))].append(record)
    return grouped


def consent_states(consents: Iterable[Record], on: date) -> dict[tuple[str, str], str]:
    """The effective state of every (CYP, scope) that has a consent record: the latest decision
    wins (``rules.consent_state``), so a request later answered is no longer pending."""
    states = {}
    for cyp_id, mine in per_cyp(consents).items():
        for scope in {str(c.get("scope")) for c in mine}:
            states[(cyp_id, scope)] = rules.consent_state(mine, scope, on)
    return states


def _decided(consent: Record) -> tuple[str, str]:
    """The order ``rules.consent_state`` decides by: the most recent decision, then the id."""
    return (consent.get("decided_on") or consent.get("sought_on") or "", consent.id)


def expiring_consents(
    consents: Iterable[Record], on: date, within: int = EXPIRING_WITHIN_DAYS
) -> list[Record]:
    """Consents in force (given, not expired, not since overtaken) whose expiry date is within
    ``within`` days of ``on``, soonest first."""
    latest: dict[tuple[str, str], Record] = {}
    for consent in consents:
        key = (str(consent.get("cyp_id")), str(consent.get("scope")))
        if key not in latest or _decided(consent) > _decided(latest[key]):
            latest[key] = consent
    horizon = (on + timedelta(days=within)).isoformat()
    found = [
        c
        for c in latest.values()
        if rules.consent_active(c, on) and c.get("expires_on") and c.get("expires_on") <= horizon
    ]
    return sorted(found, key=lambda c: (c.get("expires_on"), c.id))


@dataclass(frozen=True)
class Spread:
    """Mean, median, lowest and highest of some whole numbers (days); all None when there are none.

    The lowest and highest are one child's own value each: never in a shared report."""

    n: int
    mean: float | None
    median: float | None
    low: int | None
    high: int | None


def spread(values: Sequence[int]) -> Spread:
    if not values:
        return Spread(0, None, None, None, None)
    middle = float(statistics.median(values))
    return Spread(len(values), statistics.fmean(values), middle, min(values), max(values))


def referral_wait(referral: Record, events: Sequence[Record], on: date) -> tuple[int | None, bool]:
    """Days from sending to first being seen (True), or to ``on`` while still waiting (False)."""
    days = rules.referral_waiting_days(referral, list(events), on)
    sent = referral.get("sent_on")
    seen = any(e.get("event") in v.SEEN_EVENTS and sent and e.get("date") >= sent for e in events)
    return days, seen


# -- contracts and contact ---------------------------------------------------------------------


def offer_span(offer: Record) -> Period:
    """The dates an offer covers: its own, else the academic year it names (1 Sept to 31 Aug)."""
    year = int(str(offer.get("academic_year", "2000/01"))[:4])
    start = date.fromisoformat(offer.get("starts_on", f"{year}-09-01"))
    end = date.fromisoformat(offer.get("ends_on", f"{year + 1}-08-31"))
    return Period(start, max(start, end))


def open_days(period: Period, off: DaysOff, school_id: str | None = None) -> int:
    """Weekdays in ``period`` that are neither bank holidays nor the school's holidays."""
    weeks, extra = divmod(period.days, 7)
    first = period.start.weekday()
    weekdays = weeks * 5 + sum(1 for n in range(extra) if (first + n) % 7 < 5)
    closed = sum(1 for day in off.closed_weekdays(school_id) if period.start <= day <= period.end)
    return weekdays - closed


def _overlap(first: Period, second: Period) -> Period | None:
    start, end = max(first.start, second.start), min(first.end, second.end)
    return Period(start, end) if start <= end else None


def offer_minutes(offer: Record, period: Period, off: DaysOff) -> float | None:
    """An offer's contracted minutes falling in ``period`` (None when it states no hours).

    Hours per week (or fortnight) count for every 5 (or 10) open weekdays; hours per term or year
    are shared evenly over the open weekdays of that term or year, so holidays carry none.
    """
    hours = offer.get("contracted_hours")
    if hours is None:
        return None
    span, school = offer_span(offer), str(offer.get("school_id"))
    inside = _overlap(span, period)
    if inside is None:
        return 0.0
    unit = str(offer.get("hours_period", "year"))
    if unit in ("week", "fortnight"):
        return float(hours) * 60 * open_days(inside, off, school) / (5 if unit == "week" else 10)
    parts = (
        [span]
        if unit == "year"
        else [Period(t.start, t.end) for t in terms_between(span.start, span.end, off.school)]
    )
    total = 0.0
    for part in parts:
        whole, shared = _overlap(part, span), _overlap(part, inside)
        days = open_days(whole, off, school) if whole else 0
        if days and shared:
            total += float(hours) * 60 * open_days(shared, off, school) / days
    return total


def contracted_minutes(offers: Iterable[Record], period: Period, off: DaysOff) -> float | None:
    """The contracted minutes of ``offers`` in ``period``; None when none states its hours."""
    found = [m for m in (offer_minutes(o, period, off) for o in offers) if m is not None]
    return sum(found) if found else None


def frequency_band(contacts: int, period: Period) -> str:
    """The contact-frequency band of a school over a period (domain.md §4.6 C), from contacts per
    30 days: none; a few times a year (under 0.9); monthly (under 3.5); weekly (under 8);
    continuous (8 or more, about twice a week or more)."""
    if contacts == 0:
        return "none"
    rate = contacts * 30 / period.days
    return next(band for lowest, band in BANDS if rate >= lowest)


def by_school(records: Iterable[Record]) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        grouped[str(record.get("school_id"))].append(record)
    return grouped
