"""The columns of the caseload, CYP and measures lists (over ``services.caseload_view`` / ``cyp_view``
/ ``measure_view`` rows). A child's name only ever reaches a cell through ``Privacy.name``."""

from __future__ import annotations

from datetime import date

from linkdesk.services.caseload_view import CaseloadRow
from linkdesk.services.cyp_view import ConsentEntry, LetterEntry
from linkdesk.services.measure_view import MeasureInfo, ResultRow
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui.models.table import ALERT, GOOD, MUTED, Column
from linkdesk.ui.privacy import LABEL, NAMES, WHOLE, Privacy

NEVER = date.max


def short_school(name: str) -> str:
    """``Farley Hill Primary`` for ``Farley Hill Primary School`` (the full name is the tooltip)."""
    return name.removesuffix(" School") if name.endswith(" School") and len(name) > 7 else name


def short_year(year_group: int | None) -> str:
    if year_group is None:
        return ""
    return "R" if year_group == 0 else f"Y{year_group}"


def case_text(r: CaseloadRow) -> str:
    """``KT · Y10 · CYP-169F78``: initials, year group and code, never the name."""
    return " · ".join(p for p in (r.initials, short_year(r.year_group), r.pseudonym) if p)


def referral_text(r: CaseloadRow) -> str:
    ref = r.referral
    if ref is None:
        return "—"
    parts = [L.word(C.SHORT_DESTINATIONS, ref.destination)]
    if ref.waiting_days is not None:
        parts.append(f"{ref.waiting_days} d")
    if ref.stalled:
        parts.append("stalled")
    more = f"  (+{r.open_referrals - 1})" if r.open_referrals > 1 else ""
    return " · ".join(parts) + more


def referral_tip(r: CaseloadRow) -> str:
    ref = r.referral
    if ref is None:
        return "No referral waiting"
    words = f"{L.word(C.DESTINATIONS, ref.destination)}: {L.word(C.REFERRAL_STATUSES, ref.status)}"
    days = f", {ref.waiting_days} days since it was sent" if ref.waiting_days is not None else ""
    stalled = "; stalled: no news for over six weeks, chase it" if ref.stalled else ""
    return words + days + stalled


def referral_sort(r: CaseloadRow) -> tuple[bool, int]:
    ref = r.referral
    return (ref is not None and ref.stalled, (ref.waiting_days or 0) if ref is not None else -1)


def flags_text(r: CaseloadRow) -> str:
    words = [L.word(C.CYP_FLAGS, f) for f in r.flags]
    return ", ".join((["Risk"] if r.risk else []) + words)


def action_text(r: CaseloadRow, today: date) -> str:
    action = r.next_action
    if action is None:
        return ""
    when = L.relative_day(action.due_on, today) if action.due_on else "no date"
    return f"{when}{' · overdue' if action.overdue else ''} — {action.description}"


def caseload(today: date, privacy: Privacy) -> list[Column]:
    def consent_tip(r: CaseloadRow) -> str:
        missing = [L.word(C.CONSENT_SCOPES, s) for s in r.missing_consents]
        state = f"Sharing with school: {L.word(L.CONSENT_STATES, r.share_consent)}. "
        return state + (
            "No active consent for: " + ", ".join(missing) if missing else "Every consent is in place"
        )

    return [
        Column("Case", case_text, sort=lambda r: f"{r.initials} {r.pseudonym}"),
        Column(
            "Name",
            lambda r: privacy.name(r.name, r.initials) if r.name else "—",
            tone=lambda r: MUTED if not r.name else None,
        ),
        Column("School", lambda r: short_school(r.school), tip=lambda r: r.school),
        Column(
            "Opened",
            lambda r: L.short_date(r.opened_on, today, weekday=False),
            sort=lambda r: r.opened_on or NEVER,
            tone=lambda r: MUTED if r.status != "open" else None,
            tip=lambda r: f"Closed {L.short_date(r.closed_on, today)}" if r.closed_on else "",
        ),
        Column(
            "Discussed",
            lambda r: L.short_date(r.last_discussed, today, weekday=False) if r.last_discussed else "Not yet",
            sort=lambda r: r.last_discussed or date.min,
            tone=lambda r: None if r.last_discussed else MUTED,
        ),
        Column(
            "Sharing",
            lambda r: L.word(C.SHORT_CONSENT_STATES, r.share_consent, "—"),
            tone=lambda r: GOOD if r.share_consent == "given" else ALERT,
            tip=consent_tip,
        ),
        Column(
            "Referral",
            referral_text,
            sort=referral_sort,
            tone=lambda r: (
                ALERT if r.referral and r.referral.stalled else (MUTED if r.referral is None else None)
            ),
            bold=lambda r: bool(r.referral and r.referral.stalled),
            tip=referral_tip,
        ),
        Column(
            "Flags",
            flags_text,
            tone=lambda r: ALERT if r.risk else None,
            bold=lambda r: r.risk,
            tip=flags_text,
            private=LABEL,  # "Looked after", "Child in need": not for onlookers at school
        ),
        Column(
            "Next action",
            lambda r: action_text(r, today),
            sort=lambda r: r.next_action.due_on or NEVER if r.next_action else NEVER,
            tone=lambda r: ALERT if r.next_action and r.next_action.overdue else None,
            tip=lambda r: action_text(r, today),
            private=NAMES,
        ),
    ]


def consent_history(today: date) -> list[Column]:
    def when(r: ConsentEntry) -> str:
        day = r.decided_on or r.sought_on
        return L.short_date(day, today, weekday=False) if day else ""

    def expires(r: ConsentEntry) -> str:
        return f"until {L.short_date(r.expires_on, today, weekday=False)}" if r.expires_on else ""

    return [
        Column("Date", when, sort=lambda r: r.decided_on or r.sought_on or NEVER),
        Column("Consent for", lambda r: L.word(C.CONSENT_SCOPES, r.scope)),
        Column(
            "Recorded as",
            lambda r: L.word(C.CONSENT_STATUSES, r.status),
            tone=lambda r: GOOD if r.status == "given" else (ALERT if r.status != "sought" else None),
        ),
        Column("By", lambda r: L.word(C.CONSENT_GIVERS, r.given_by)),
        Column("How", lambda r: L.word(C.CONSENT_METHODS, r.method)),
        Column("Expires", expires, tip=lambda r: r.notes, private_tip=WHOLE),
    ]


def referral_events(today: date) -> list[Column]:
    return [
        Column("Date", lambda r: L.short_date(r.date, today, weekday=False), sort=lambda r: r.date),
        Column("What happened", lambda r: L.word(C.REFERRAL_EVENTS, r.event)),
        Column("Note", lambda r: r.note, tip=lambda r: r.note, private=WHOLE),
    ]


def letters(today: date) -> list[Column]:
    def recipient(r: LetterEntry) -> str:
        return r.recipient or L.word(C.LETTER_AUDIENCES, r.audience)

    return [
        Column(
            "Date", lambda r: L.short_date(r.rendered_on, today, weekday=False), sort=lambda r: r.rendered_on
        ),
        Column("Letter", lambda r: L.word({}, r.template)),
        Column("To", recipient, tip=recipient),
        Column("Output", lambda r: L.word(C.LETTER_OUTPUTS, r.output)),
    ]


def _score(r: ResultRow) -> str:
    return f"{r.score} · {r.band_text}" if r.band else r.score


def _risk(r: ResultRow) -> str:
    return "Risk item" if r.risk else ""


def results(today: date, with_case: bool = False) -> list[Column]:
    cols = [
        Column("Date", lambda r: L.short_date(r.date, today, weekday=False), sort=lambda r: r.date),
        Column("Measure", lambda r: r.short_name, tip=lambda r: r.short_name),
        Column("Completed by", lambda r: L.word(C.INFORMANTS, r.informant)),
        Column("When", lambda r: L.word(C.TIME_POINTS, r.time_point)),
        Column(
            "Score", _score, sort=lambda r: float(r.score) if r.score[:1].isdigit() else -1.0, private=WHOLE
        ),
        Column("Risk", _risk, tone=lambda r: ALERT if r.risk else None, bold=lambda r: r.risk, private=WHOLE),
    ]
    if with_case:
        cols.insert(1, Column("Case", lambda r: L.short_case(r.case) or "—", tip=lambda r: r.case))
    return cols


def catalogue() -> list[Column]:
    return [
        Column("Measure", lambda r: r.short_name, tip=lambda r: r.title, bold=lambda r: True),
        Column(
            "Completed by",
            lambda r: (
                "Anyone"
                if len(r.informants) > 2
                else ", ".join(L.word(C.INFORMANTS, i) for i in r.informants)
            ),
        ),
        Column("Items", lambda r: str(r.items), sort=lambda r: r.items, right=True),
        Column("Main score", lambda r: r.main_score, tip=lambda r: r.main_score),
        Column(
            "Item wording",
            lambda r: "Shown" if r.item_text else "Numbers only (licence)",
            tone=lambda r: None if r.item_text else MUTED,
        ),
        Column("Reliable change", lambda r: "Marked" if r.has_rci else "No RCI", tone=_rci_tone),
    ]


def _rci_tone(r: MeasureInfo) -> str | None:
    return None if r.has_rci else MUTED
