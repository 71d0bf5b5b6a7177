"""Where one consent scope stands for a child, and the plain words a front end shows for it: a
line beside a child named in a case discussion ("Consent to identifiable discussion: given
3 Oct 2026") and a letter's refusal ("No consent to share with the school is recorded for ...").
Never a vocabulary code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from linkdesk.domain import rules
from linkdesk.domain.records import Record
from linkdesk.services.school_view import day

#: Each scope as the start of a sentence.
SCOPE_WORDS = {
    "identifiable_discussion": "Consent to identifiable discussion",
    "share_with_school": "Consent to share with the school",
    "referral": "Consent to refer",
    "liaison": "Consent to liaise with other services",
    "outcome_measures": "Consent to outcome measures",
}


@dataclass(frozen=True)
class ConsentScope:
    scope: str
    state: str
    given_by: str | None
    decided_on: date | None
    sought_on: date | None
    expires_on: date | None
    method: str | None


def scope_state(consents: list[Record], scope: str, state: str) -> ConsentScope:
    own = [c for c in consents if c.get("scope") == scope]
    latest = max(own, key=lambda c: (c.get("decided_on") or c.get("sought_on") or "", c.id)) if own else None

    def field(name: str) -> str | None:
        return latest.get(name) if latest is not None else None

    return ConsentScope(
        scope=scope,
        state=state,
        given_by=field("given_by"),
        decided_on=day(field("decided_on")),
        sought_on=day(field("sought_on")),
        expires_on=day(field("expires_on")),
        method=field("method"),
    )


def consent_for(consents: list[Record], scope: str, today: date) -> ConsentScope:
    """Where ``scope`` stands today among one child's consent records."""
    return scope_state(consents, scope, rules.consent_state(consents, scope, today))


def _on(when: date | None) -> str:
    return f" {when.day} {when:%b %Y}" if when else ""


def _how(found: ConsentScope) -> str:
    """What happened last, as a phrase: "given 3 Oct 2026", "not recorded"..."""
    if found.state == "missing":
        return "not recorded"
    if found.state == "sought":
        return f"asked{_on(found.sought_on)}, no answer yet"
    if found.state == "expired":
        return f"expired{_on(found.expires_on)}"
    ends = f", until{_on(found.expires_on)}" if found.state == "given" and found.expires_on else ""
    return f"{found.state}{_on(found.decided_on)}{ends}"


def state_line(found: ConsentScope) -> str:
    """``Consent to identifiable discussion: given 3 Oct 2026``."""
    return f"{SCOPE_WORDS.get(found.scope, 'Consent')}: {_how(found)}"


def refusal(found: ConsentScope, about: str) -> str:
    """Why something that needs this consent cannot be done for ``about`` (a case label), in words."""
    words = SCOPE_WORDS.get(found.scope, "Consent")
    if found.state == "missing":
        return f"No {words[0].lower()}{words[1:]} is recorded for {about}."
    return f"{words} for {about}: {_how(found)}."
