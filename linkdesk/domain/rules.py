"""Validation of a whole change and the rules that span fields: consent, referral, closure, notes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from linkdesk.domain import vocab as v
from linkdesk.domain.fields import coerce
from linkdesk.domain.record_type import RecordType
from linkdesk.domain.records import Record
from linkdesk.errors import ValidationError

DEFAULT_STALLED_DAYS = 42


def check_changes(
    rtype: RecordType, current: Record | None, changes: dict[str, Any], today: date
) -> dict[str, Any]:
    """Check and normalise ``changes`` to a new (``current`` None) or existing record.

    Returns the stored form of each changed field. Raises ValidationError naming the field.
    """
    cleaned: dict[str, Any] = {}
    for name, raw in changes.items():
        spec = rtype.field(name)
        if current is not None and spec.immutable:
            raise ValidationError(
                f"{name}: a {rtype.label.lower()}'s {spec.title} cannot be changed once written; "
                "add an addendum or mark it entered in error instead.",
                name,
            )
        cleaned[name] = coerce(spec, raw)
    merged = dict(current.fields) if current else {}
    merged.update(cleaned)
    if current is None:
        for spec in rtype.fields:
            if merged.get(spec.name) is None and spec.default is not None:
                merged[spec.name] = cleaned[spec.name] = spec.default
    for spec in rtype.fields:
        if spec.required and merged.get(spec.name) is None:
            raise ValidationError(f"{spec.name}: a {rtype.label.lower()} needs a {spec.title}.", spec.name)
    _not_after_today(rtype.name, merged, cleaned, today)
    check = _TYPE_RULES.get(rtype.name)
    if check:
        check(merged, cleaned, today)
    return cleaned


#: Dates that record something that has happened (cli-contract.md, "Records"): they cannot lie
#: after today on the device's clock. A visit's date counts once the visit is held.
HAPPENED: dict[str, tuple[str, ...]] = {
    "consent": ("sought_on", "decided_on"),
    "referral": ("sent_on",),
    "referral_event": ("date",),
    "measure_result": ("date",),
    "cyp": ("opened_on", "closed_on", "epr_closure_confirmed_on"),
    "risk": ("assessed_on", "dsl_informed_on", "safeguarding_referral_on"),
}
_HAPPENED_WORDS = {
    "consent": "a consent that was asked for or decided",
    "referral": "a referral that was sent",
    "referral_event": "something that happened to a referral",
    "measure_result": "a measure that was completed",
    "cyp": "a case that was opened, closed or confirmed closed",
    "visit": "a visit that was held",
    "risk": "a risk assessment, telling the DSL or a safeguarding referral",
}


def _not_after_today(type_name: str, merged: dict[str, Any], cleaned: dict[str, Any], today: date) -> None:
    names = [n for n in HAPPENED.get(type_name, ()) if n in cleaned]
    if type_name == "visit" and merged.get("status") == "held" and {"status", "date"} & set(cleaned):
        names.append("date")
    iso = today.isoformat()
    for name in names:
        value = merged.get(name)
        if value and value > iso:
            raise ValidationError(
                f"{name}: {value} is after today ({iso}); {_HAPPENED_WORDS[type_name]} cannot be "
                "dated in the future. Check the date, and the computer's clock.",
                name,
            )


def _cyp(merged: dict[str, Any], cleaned: dict[str, Any], today: date) -> None:
    status, reason = merged.get("status"), merged.get("closure_reason")
    if status == "closed" and not reason:
        raise ValidationError("closure_reason: closing a case needs a closure reason.", "closure_reason")
    if status == "open" and reason and "closure_reason" in cleaned and "status" not in cleaned:
        raise ValidationError("closure_reason: only a closed case has a closure reason.", "closure_reason")
    if status == "open" and "status" in cleaned and merged.get("closure_reason"):
        cleaned["closure_reason"] = None  # reopening clears the reason; the history keeps it
        cleaned["closed_on"] = merged["closed_on"] = None
        if merged.get("epr_closure_confirmed_on"):  # a reopened case starts its retention again
            cleaned["epr_closure_confirmed_on"] = merged["epr_closure_confirmed_on"] = None
    if status != "closed" and merged.get("epr_closure_confirmed_on"):
        raise ValidationError(
            "epr_closure_confirmed_on: only a closed case's closure can be confirmed in the EPR.",
            "epr_closure_confirmed_on",
        )
    _ordered(merged, "opened_on", "closed_on")
    _ordered(merged, "closed_on", "epr_closure_confirmed_on")
    dob = merged.get("date_of_birth")
    if dob and dob > today.isoformat():
        raise ValidationError("date_of_birth: a date of birth cannot be in the future.", "date_of_birth")


def _item(merged: dict[str, Any], cleaned: dict[str, Any], today: date) -> None:
    if not merged.get("cyp_id") and not merged.get("anon_label"):
        raise ValidationError(
            "anon_label: an item needs either a CYP record (cyp_id) or an anonymous label such as 'Y8 girl'.",
            "anon_label",
        )
    if merged.get("subject") == "group" and not merged.get("group_size"):
        raise ValidationError("group_size: a discussion about a group needs the group's size.", "group_size")


def _consent(merged: dict[str, Any], cleaned: dict[str, Any], today: date) -> None:
    status = merged.get("status")
    if status in ("given", "refused", "withdrawn") and not merged.get("given_by"):
        raise ValidationError(f"given_by: say who {status} consent (parent_carer, cyp or both).", "given_by")
    if status in ("given", "refused", "withdrawn") and not merged.get("decided_on"):
        raise ValidationError(
            f"decided_on: a consent that was {status} needs the date it was decided.", "decided_on"
        )
    _ordered(merged, "sought_on", "decided_on")
    _ordered(merged, "decided_on", "expires_on")


def _referral(merged: dict[str, Any], cleaned: dict[str, Any], today: date) -> None:
    if merged.get("status") not in (None, "draft") and not merged.get("sent_on"):
        raise ValidationError("sent_on: a referral that has gone needs the date it was sent.", "sent_on")


def _visit(merged: dict[str, Any], cleaned: dict[str, Any], today: date) -> None:
    if merged.get("status") == "held" and merged.get("duration_minutes") is None:
        planned = merged.get("planned_minutes")
        if planned is not None:
            cleaned["duration_minutes"] = merged["duration_minutes"] = planned


def _note(merged: dict[str, Any], cleaned: dict[str, Any], today: date) -> None:
    if merged.get("status") == "entered_in_error" and not merged.get("entered_in_error_reason"):
        raise ValidationError(
            "entered_in_error_reason: say why the note was entered in error (it stays on record).",
            "entered_in_error_reason",
        )


def _ordered(merged: dict[str, Any], first: str, second: str) -> None:
    a, b = merged.get(first), merged.get(second)
    if a and b and b < a:
        raise ValidationError(f"{second}: {b} is before {first} {a}.", second)


_TYPE_RULES: dict[str, Callable[[dict[str, Any], dict[str, Any], date], None]] = {
    "cyp": _cyp,
    "discussion_item": _item,
    "consent": _consent,
    "referral": _referral,
    "visit": _visit,
    "note": _note,
}


def broken_rule(rtype: RecordType, fields: dict[str, Any], today: date) -> str | None:
    """The first rule a record's current fields break, in words, or None.

    For records merged from several laptops: each change was checked where it was made, but two
    changes made without seeing each other can together break a rule that spans fields (a consent
    "given" whose decision date a colleague cleared, say). Checks what holds whatever changed.
    """
    merged = dict(fields)
    try:
        for spec in rtype.fields:
            if spec.required and merged.get(spec.name) is None:
                raise ValidationError(
                    f"{spec.name}: a {rtype.label.lower()} needs a {spec.title}.", spec.name
                )
        check = _TYPE_RULES.get(rtype.name)
        if check:
            check(merged, {}, today)
    except ValidationError as exc:
        return str(exc)
    return None


# -- derived facts --------------------------------------------------------------------------------


def decided_by(consent: Record, day: date) -> bool:
    """Whether the consent record had happened by ``day``: decided (or, while only asked for,
    sought) on or before it. A date after ``day`` has not happened yet on that day, whatever a
    wrong clock or another device wrote; a "given" with no decision date is never relied on."""
    status = consent.get("status")
    when = consent.get("decided_on")
    if status not in ("given", "refused", "withdrawn"):
        when = when or consent.get("sought_on")
    if not when:
        return bool(status != "given")
    return str(when) <= day.isoformat()


def consent_active(consent: Record, today: date) -> bool:
    """Given on or before ``today``, and not past its expiry date."""
    if consent.get("status") != "given" or not decided_by(consent, today):
        return False
    expires = consent.get("expires_on")
    return expires is None or date.fromisoformat(expires) >= today


def consent_state(consents: list[Record], scope: str, today: date) -> str:
    """The effective state of one scope for a CYP on ``today``: the most recent decision made on
    or before that day wins (a decision dated later has not happened yet).

    Returns "given", "expired", "refused", "withdrawn", "sought" or "missing".
    """
    relevant = [c for c in consents if c.get("scope") == scope and decided_by(c, today)]
    if not relevant:
        return "missing"
    latest = max(relevant, key=lambda c: (c.get("decided_on") or c.get("sought_on") or "", c.id))
    status = str(latest.get("status"))
    if status == "given" and not consent_active(latest, today):
        return "expired"
    return status


def missing_consents(consents: list[Record], today: date) -> list[str]:
    """Scopes with no active consent (what the GUI shows as missing)."""
    return [s for s in v.CONSENT_SCOPES if consent_state(consents, s, today) != "given"]


#: Events that end a referral's wait without the child being seen: the decision not to see them.
DECISION_EVENTS = ("declined", "discharged", "closed")


def referral_waiting_days(referral: Record, events: list[Record], today: date) -> int | None:
    """Days from sending to first being seen, or to the decision when it was declined or closed
    first, or to today while still waiting; None if not sent."""
    sent = referral.get("sent_on")
    if not sent:
        return None
    ending = (*v.SEEN_EVENTS, *DECISION_EVENTS)
    ends = sorted(e.get("date") for e in events if e.get("event") in ending and e.get("date") >= sent)
    end = date.fromisoformat(ends[0]) if ends else today
    return (end - date.fromisoformat(sent)).days


def referral_stalled(
    referral: Record, events: list[Record], today: date, days: int = DEFAULT_STALLED_DAYS
) -> bool:
    """Still waiting and nothing has happened for ``days`` days."""
    if referral.get("status") not in v.WAITING_STATUSES:
        return False
    dates = [e.get("date") for e in events] + [referral.get("sent_on")]
    last = max(d for d in dates if d)
    return today - date.fromisoformat(last) > timedelta(days=days)


def risk_order(risk: Record) -> tuple[str, str]:
    """Newest assessment last: by the date assessed, then by id (the later record wins a tie)."""
    return str(risk.get("assessed_on") or ""), risk.id


def current_risks(risks: Iterable[Record], on: date | None = None) -> dict[str, Record]:
    """Each CYP's current risk: their latest assessment (on or before ``on``, when given)."""
    latest: dict[str, Record] = {}
    for risk in risks:
        if on is not None and str(risk.get("assessed_on") or "") > on.isoformat():
            continue
        cyp_id = str(risk.get("cyp_id"))
        if cyp_id not in latest or risk_order(risk) > risk_order(latest[cyp_id]):
            latest[cyp_id] = risk
    return latest


def _minute(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def visits_clash(a: Record, b: Record) -> bool:
    """Two visits (planned or held) that would have the worker at one school at the same time:
    the same day, and times that overlap (a visit with no start time clashes with any that day;
    one with no length, with any that covers its start)."""
    if a.get("school_id") != b.get("school_id") or a.get("date") != b.get("date"):
        return False
    if any(visit.get("status", "planned") not in ("planned", "held") for visit in (a, b)):
        return False
    if not a.get("start_time") or not b.get("start_time"):
        return True
    spans = [
        (start := _minute(visit.get("start_time")), start + max(1, visit.get("planned_minutes") or 1))
        for visit in (a, b)
    ]
    return spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1]
