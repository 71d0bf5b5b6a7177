"""Making the weekly caseload summary: gathering one worker's (or the team's) records for a week.

Records are fetched through the store's indexes (visits by date, CYP by school, consents and
referrals by CYP), and only those the week's figures need (open actions; consents of open cases;
referrals waiting or sent in the week), so one worker's summary on a large store is read in a few tens of
milliseconds.
"""

from __future__ import annotations

from datetime import timedelta

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.calendar import Closure
from linkdesk.domain.records import Keep, grouped, with_status
from linkdesk.domain.reporting import Report
from linkdesk.domain.reporting_periods import Period
from linkdesk.domain.reporting_weekly import WeeklyData, build_weekly, weekly_scope
from linkdesk.services.child_names import child_redactor
from linkdesk.services.records import RecordService
from linkdesk.services.report_gather import by_field, dated, index, linked


def _in_summary(week: Period) -> Keep:
    """The referrals a weekly summary counts: those waiting today and those sent in the week."""
    return lambda fields: fields.get("status") in v.WAITING_STATUSES or week.holds(fields.get("sent_on"))


def gather_weekly(
    records: RecordService,
    week: Period,
    staff_id: str | None = None,
    *,
    closures: tuple[Closure, ...] = (),
    stalled_days: int = rules.DEFAULT_STALLED_DAYS,
    service_name: str = "",
) -> WeeklyData:
    worker = records.get("staff", staff_id) if staff_id else None
    following = Period(week.end + timedelta(days=1), week.end + timedelta(days=7))
    visits = dated(records, "visit", week)
    next_visits = dated(records, "visit", following)
    entries = dated(records, "time_entry", week)
    schools = index(records.find("school"))
    if staff_id:
        scope = weekly_scope(staff_id, records.find("assignment", {"staff_id": staff_id}), visits, week)
        visits = [x for x in visits if x.get("staff_id") == staff_id]
        next_visits = [x for x in next_visits if x.get("staff_id") == staff_id]
        entries = [e for e in entries if e.get("staff_id") == staff_id]
        at_schools = linked(
            records, ("cyp", "action", "service_offer"), "school_id", scope, {"action": with_status("open")}
        )
        cyps, actions, offers = at_schools["cyp"], at_schools["action"], at_schools["service_offer"]
        about = linked(
            records, ("referral", "risk"), "cyp_id", [c.id for c in cyps], {"referral": _in_summary(week)}
        )
        referrals, risks = about["referral"], about["risk"]
    else:
        scope = {k for k, s in schools.items() if s.get("status") != "left"}
        scope.update(str(x.get("school_id")) for x in visits)
        cyps = records.find("cyp")
        referrals = sorted(records.records.each("referral", _in_summary(week)), key=lambda r: r.id)
        risks = records.find("risk")
        actions = records.find("action", {"status": "open"})
        offers = [o for o in records.find("service_offer") if o.get("school_id") in scope]
    # consents and measures as the summary counts them: of open cases, and measures of the week
    open_ids = [c.id for c in cyps if c.get("status") == "open"]
    in_scope = {c.id for c in cyps}
    this_week = [m for m in dated(records, "measure_result", week) if m.get("cyp_id") in in_scope]
    measures = list(index([*by_field(records, "measure_result", "cyp_id", open_ids), *this_week]).values())
    waiting = [r.id for r in referrals if r.get("status") in v.WAITING_STATUSES]
    staff = records.find("staff")
    return WeeklyData(
        week=week,
        today=records.today(),
        worker=worker,
        schools=schools,
        scope_schools=tuple(sorted(scope, key=lambda k: str(schools[k].get("name")) if k in schools else k)),
        visits=visits,
        next_visits=next_visits,
        items=by_field(
            records, "discussion_item", "visit_id", [x.id for x in visits if x.get("status") == "held"]
        ),
        cyps=cyps,
        consents=by_field(records, "consent", "cyp_id", open_ids),
        referrals=referrals,
        events=grouped(by_field(records, "referral_event", "referral_id", waiting), "referral_id"),
        time_entries=entries,
        actions=actions,
        offers=offers,
        measures=measures,
        staff_names={s.id: str(s.get("name")) for s in staff},
        redactor=child_redactor(records),
        closures=closures,
        stalled_days=stalled_days,
        service_name=service_name,
        risks=risks,
    )


def weekly_report(
    records: RecordService,
    week: Period,
    staff_id: str | None = None,
    *,
    closures: tuple[Closure, ...] = (),
    stalled_days: int = rules.DEFAULT_STALLED_DAYS,
    service_name: str = "",
) -> Report:
    data = gather_weekly(
        records, week, staff_id, closures=closures, stalled_days=stalled_days, service_name=service_name
    )
    return build_weekly(data)
