"""The columns of each list, over the row dataclasses of ``services.visit_day`` / ``school_view``.

Cases are always shown by initials, year group and pseudonymous code: never by name, because a
teacher or parent may be in the room (security.md privacy mode is the default here).
"""

from __future__ import annotations

from datetime import date

from linkdesk.services.school_view import CaseRow, ContactRow, SchoolRow, VisitRow
from linkdesk.services.visit_day import ActionRow, ConsentRow, ItemRow, ReferralRow, RiskRow
from linkdesk.ui import labels as L
from linkdesk.ui.models.table import ALERT, GOOD, MUTED, Column
from linkdesk.ui.privacy import NAMES, WHOLE, Privacy

NEVER = date.max


def _case(title: str = "Case") -> Column:
    return Column(title, lambda r: L.short_case(r.case) or "—", tip=lambda r: r.case)


def agenda(today: date) -> list[Column]:
    return [
        Column(
            "Day",
            lambda r: L.relative_day(r.date, today),
            sort=lambda r: r.date,
            bold=lambda r: r.date == today,
        ),
        Column("Time", lambda r: r.start_time or "", sort=lambda r: r.start_time or ""),
        Column("School", _school_and_kind, tip=_school_and_kind),
    ]


def _school_and_kind(r: VisitRow) -> str:
    """The school, and the kind of visit when it is not the usual case discussion."""
    kind = "" if r.kind == "case_discussion" else f" · {L.word(L.VISIT_KINDS, r.kind)}"
    status = "" if r.status in ("planned", "held") else f" · {L.word(L.VISIT_STATUSES, r.status)}"
    return f"{r.school}{kind}{status}"


def _school_and_gias(r: SchoolRow) -> str:
    """The school's name, flagged when GIAS lists it as closed or proposed to open or close."""
    flag = L.GIAS_FLAGS.get(r.gias_status or "")
    return f"{r.name} · {flag}" if flag else r.name


def schools(today: date) -> list[Column]:
    def agreement_tone(r: SchoolRow) -> str | None:
        return GOOD if r.agreement == "active" else ALERT

    return [
        Column(
            "School",
            _school_and_gias,
            bold=lambda r: True,
            tip=_school_and_gias,
            tone=lambda r: ALERT if r.gias_status == "closed" else None,
        ),
        Column("Setting", lambda r: L.word(L.SETTING_TYPES, r.setting_type)),
        Column("Postcode", lambda r: r.postcode),
        Column("Link worker", lambda r: r.workers or "Not assigned"),
        Column(
            "Next visit",
            lambda r: L.relative_day(r.next_visit, today) if r.next_visit else "None planned",
            sort=lambda r: r.next_visit or NEVER,
            tone=lambda r: None if r.next_visit else MUTED,
        ),
        Column("Open cases", lambda r: str(r.open_cases), sort=lambda r: r.open_cases, right=True),
        Column("Info sharing", lambda r: L.word(L.AGREEMENTS, r.agreement), tone=agreement_tone),
    ]


def open_cases(today: date) -> list[Column]:
    def consent_tone(r: CaseRow) -> str | None:
        return GOOD if r.share_consent == "given" else ALERT

    return [
        Column("Case", lambda r: L.short_case(r.label) or "—", tip=lambda r: r.label),
        Column("Code", lambda r: r.pseudonym),
        Column(
            "Opened",
            lambda r: L.short_date(r.opened_on, today, weekday=False),
            sort=lambda r: r.opened_on or NEVER,
        ),
        Column(
            "Sharing with school",
            lambda r: L.word(L.CONSENT_STATES, r.share_consent, "—"),
            tone=consent_tone,
        ),
    ]


def school_cases(today: date) -> list[Column]:
    return [
        *open_cases(today)[:3],
        Column("Status", lambda r: "Open" if r.status == "open" else "Closed", tone=_closed_tone),
        open_cases(today)[3],
    ]


def _closed_tone(r: CaseRow) -> str | None:
    return MUTED if r.status != "open" else None


def consents(today: date) -> list[Column]:
    def state(r: ConsentRow) -> str:
        if r.state == "sought" and r.sought_on:
            return f"Asked {L.short_date(r.sought_on, today)}, no answer"
        return L.word(L.CONSENT_STATES, r.state)

    return [
        _case(),
        Column("Consent for", lambda r: L.word(L.CONSENT_SCOPES, r.scope)),
        Column("Where it stands", state),
    ]


def referrals(today: date) -> list[Column]:
    def waiting(r: ReferralRow) -> str:
        if r.waiting_days is None:
            return ""
        return f"{r.waiting_days} days" + (" · stalled" if r.stalled else "")

    return [
        _case(),
        Column("To", lambda r: L.word(L.DESTINATIONS, r.destination)),
        Column("Status", lambda r: L.word(L.REFERRAL_STATUSES, r.status)),
        Column(
            "Waiting",
            waiting,
            sort=lambda r: r.waiting_days or 0,
            tone=lambda r: ALERT if r.stalled else None,
            bold=lambda r: r.stalled,
            tip=lambda r: "No news for over six weeks: chase it" if r.stalled else "",
            right=True,
        ),
    ]


def actions(today: date) -> list[Column]:
    def due(r: ActionRow) -> str:
        text = L.relative_day(r.due_on, today) if r.due_on else ""
        return f"{text} · overdue" if r.overdue else text

    return [
        Column("Due", due, sort=lambda r: r.due_on or NEVER, tone=lambda r: ALERT if r.overdue else None),
        Column("Action", lambda r: r.description, tip=lambda r: r.description, private=NAMES),
        Column("Owner", lambda r: r.owner),
        Column("Case", lambda r: L.short_case(r.case) if r.case else "Whole school", tip=lambda r: r.case),
    ]


def risks(today: date) -> list[Column]:
    def told(r: RiskRow) -> str:
        parts = [f"DSL {L.short_date(r.dsl_informed_on, today, weekday=False)}" if r.dsl_informed_on else ""]
        if r.safeguarding_referral_on:
            parts.append(f"referred {L.short_date(r.safeguarding_referral_on, today, weekday=False)}")
        return " · ".join(p for p in parts if p) or "DSL not recorded as informed"

    return [
        _case(),
        Column(
            "Risk",
            lambda r: "High" if r.level == "high" else "Medium",
            tone=lambda r: ALERT,
            bold=lambda r: r.level == "high",
        ),
        Column(
            "Assessed",
            lambda r: L.short_date(r.assessed_on, today, weekday=False),
            sort=lambda r: r.assessed_on,
        ),
        Column("Safeguarding", told),
    ]


def last_items(today: date) -> list[Column]:
    def who(r: ItemRow) -> str:
        return L.short_case(r.who) if r.linked else f"{r.who} (anonymous)"

    return [
        Column("Discussed", who, tip=lambda r: r.concern, private=NAMES, private_tip=WHOLE),
        Column("Outcome", lambda r: L.word(L.OUTCOMES, r.outcome, "Not recorded")),
        Column("Agreed", lambda r: r.actions, tip=lambda r: r.actions, private=NAMES),
    ]


def school_visits(today: date) -> list[Column]:
    def status_tone(r: VisitRow) -> str | None:
        if r.status in ("cancelled_by_school", "cancelled_by_service", "nothing_planned"):
            return ALERT
        return MUTED if r.status == "planned" else None

    return [
        Column("Date", lambda r: L.short_date(r.date, today, weekday=False), sort=lambda r: r.date),
        Column("Kind", lambda r: L.word(L.VISIT_KINDS, r.kind)),
        Column("Status", lambda r: L.word(L.VISIT_STATUSES, r.status), tone=status_tone),
        Column(
            "Held",
            lambda r: L.duration(r.held_minutes) if r.status == "held" else "",
            sort=lambda r: r.held_minutes or 0,
            right=True,
        ),
    ]


def contacts(today: date, privacy: Privacy | None = None) -> list[Column]:
    def role(r: ContactRow) -> str:
        words = L.word(L.CONTACT_ROLES, r.role, r.job_title)
        return words + (" · main contact" if r.primary and r.role != "spoc" else "")

    return [
        Column("Name", lambda r: privacy.name(r.name) if privacy else r.name, bold=lambda r: r.primary),
        Column("Role", role, tip=lambda r: r.job_title),
        Column("Email", lambda r: r.email, tip=lambda r: r.email),
        Column("Phone", lambda r: r.phone),
    ]
