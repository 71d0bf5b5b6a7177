"""What the visit letters say: the discussion summary for the school and the worker's prep sheet."""

from __future__ import annotations

from datetime import date, timedelta

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.names import derive_initials
from linkdesk.domain.records import Record
from linkdesk.services.letter_data import (
    ACTIONS_AHEAD_DAYS,
    ACTIONS_BEHIND_DAYS,
    Gathered,
    LetterData,
    child_name,
    pseudonymous,
    year_label,
)
from linkdesk.services.visit_day import RAISED_RISK


class VisitLetterData(LetterData):
    def discussion_summary(
        self, visit: Record, named: dict[str, str | None], recipient: str | None
    ) -> Gathered:
        """``named`` maps each item's CYP to the share_with_school consent that lets us name them."""
        got = Gathered()
        school = self.records.get("school", visit.get("school_id"))
        self.school_recipient(got, school, recipient)
        got.put("school_name", school.get("name"), "school.name")
        self.signatory(got, visit.get("staff_id"))
        self.common(got, _visit_reference(school, visit))
        got.put("visit_date", visit.get("date"), "visit.date")
        got.put("visit_kind", visit.get("kind") or "case_discussion", "visit.kind")
        minutes = visit.get("duration_minutes")
        got.put(
            "duration",
            f"{minutes} minutes" if minutes is not None else "not recorded",
            "visit.duration_minutes",
        )
        redact = self.redactor([cid for cid, consent in named.items() if consent])
        got.put("visit_summary", redact(visit.get("summary")), "visit.summary")
        items = sorted(self.records.find("discussion_item", {"visit_id": visit.id}), key=lambda i: i.id)
        got.put("item_count", len(items), "discussion_item")
        rows = []
        for n, item in enumerate(items, start=1):
            cyp_id = item.get("cyp_id")
            cyp = self.records.get("cyp", cyp_id) if cyp_id else None
            if cyp is not None and named.get(cyp.id):
                who = child_name(cyp)
            else:
                label = redact(item.get("anon_label"))
                who = label or (cyp.get("pseudonym") if cyp else None) or f"Item {n}"
            if item.get("subject") == "group" and item.get("group_size"):
                who = f"{who} (group of {item.get('group_size')})"
            rows.append(
                {
                    "who": who,
                    "outcome": item.get("outcome") or "",
                    "actions": redact(item.get("actions")),
                    "follow_up_on": item.get("follow_up_on") or "",
                }
            )
            if cyp is not None:
                got.cyps[cyp.id] = named.get(cyp.id)
        got.tables["items"] = rows
        got.fields.update(
            {
                "items.who": "given_name/family_name or discussion_item.anon_label",
                "items.actions": "discussion_item.actions",
                "items.outcome": "discussion_item.outcome",
                "items.follow_up_on": "discussion_item.follow_up_on",
            }
        )
        nxt = self.next_visit(school.id, visit.get("date"))
        got.put("next_visit_date", nxt.get("date") if nxt else "", "visit.date")
        got.log.update(school_id=school.id, visit_id=visit.id)
        return got

    def next_visit(self, school_id: str, after: str) -> Record | None:
        later = [
            vis
            for vis in self.records.find("visit", {"school_id": school_id})
            if vis.get("date") > after and vis.get("status") == "planned"
        ]
        return min(later, key=lambda vis: (vis.get("date"), vis.id)) if later else None

    def visit_prep(self, school: Record, visit: Record | None) -> Gathered:
        got = Gathered()
        when = visit.get("date") if visit else self.today.isoformat()
        got.put("school_name", school.get("name"), "school.name")
        self.signatory(got, visit.get("staff_id") if visit else None)
        self.common(got, _visit_reference(school, visit))
        got.put("recipient_name", "", "recipient")
        got.log["recipient"] = "Link worker (internal)"
        got.put("visit_date", when, "visit.date")
        got.put("visit_kind", (visit.get("kind") if visit else None) or "other", "visit.kind")
        got.put(
            "visit_time",
            f"at {visit.get('start_time')}" if visit and visit.get("start_time") else "",
            "visit.start_time",
        )
        contact = self.spoc(school.id)
        spoc_line = ", ".join(p for p in (contact.get("name"), contact.get("phone")) if p) if contact else ""
        got.put("spoc_line", spoc_line or "not recorded", "contact.name")
        agenda = visit.get("agenda_received") if visit else None
        got.put(
            "agenda_received", "" if agenda is None else ("yes" if agenda else "no"), "visit.agenda_received"
        )
        visits = self.records.find("visit", {"school_id": school.id})
        held = [vis for vis in visits if vis.get("status") == "held" and vis.get("date") < when]
        last = max(held, key=lambda vis: (vis.get("date"), vis.id)) if held else None
        got.put("last_visit_date", last.get("date") if last else "", "visit.date")
        self._prep_tables(got, school, {vis.id: vis for vis in visits}, when)
        got.log.update(school_id=school.id, visit_id=visit.id if visit else None)
        return got

    def _prep_tables(self, got: Gathered, school: Record, visits: dict[str, Record], when: str) -> None:
        cyps = sorted(self.records.find("cyp", {"school_id": school.id}), key=pseudonymous)
        items = [i for vid in visits for i in self.records.find("discussion_item", {"visit_id": vid})]
        last_seen: dict[str, str] = {}
        for item in items:
            cid, day = item.get("cyp_id"), visits[item.get("visit_id")].get("date")
            if cid and day <= when:
                last_seen[cid] = max(last_seen.get(cid, ""), day)
        open_rows, consent_rows, referral_rows = [], [], []
        for cyp in cyps:
            if cyp.get("status") != "open":
                continue
            states = self.casework.consent_state(cyp.id)
            open_rows.append(
                {
                    "ref": pseudonymous(cyp),
                    "initials": cyp.get("initials")
                    or derive_initials(cyp.get("given_name"), cyp.get("family_name")),
                    "year": year_label(cyp).replace("Year ", "Y"),
                    "flags": ",".join(cyp.get("flags") or []),
                    "share": states["share_with_school"],
                    "last_discussed": last_seen.get(cyp.id, ""),
                }
            )
            consents = self.records.find("consent", {"cyp_id": cyp.id})
            for scope, state in states.items():
                if state == "sought":
                    asked = [c.get("sought_on") or "" for c in consents if c.get("scope") == scope]
                    consent_rows.append(
                        {
                            "ref": pseudonymous(cyp),
                            "scope": scope,
                            "state": state,
                            "since": max(asked, default=""),
                        }
                    )
            for referral in self.records.find("referral", {"cyp_id": cyp.id}):
                if referral.get("status") in v.WAITING_STATUSES:
                    view = self.casework.referral_view(referral.id)
                    referral_rows.append(
                        {
                            "ref": pseudonymous(cyp),
                            "destination": referral.get("destination"),
                            "sent": referral.get("sent_on") or "",
                            "days": "" if view.waiting_days is None else str(view.waiting_days),
                            "stalled": "yes" if view.stalled else "no",
                        }
                    )
        got.put("open_count", len(open_rows), "cyp")
        got.tables.update(
            open_cases=open_rows,
            pending_consents=consent_rows,
            waiting_referrals=referral_rows,
            risks=self._risks([c for c in cyps if c.get("status") == "open"]),
            actions_due=self._actions_due(school.id, items, cyps, when),
        )
        got.fields.update(
            {
                "open_cases.ref": "pseudonym",
                "open_cases.initials": "initials",
                "risks.ref": "pseudonym",
                "actions_due.who": "pseudonym or discussion_item.anon_label",
                "actions_due.actions": "action.description or discussion_item.actions",
            }
        )

    def _risks(self, cases: list[Record]) -> list[dict[str, str]]:
        """Open cases whose current risk (their latest assessment) is high or medium, high first.
        Levels and dates only: the reason and the safety plan stay off a sheet that can be left behind."""
        found = [r for c in cases for r in self.records.find("risk", {"cyp_id": c.id})]
        refs = {c.id: pseudonymous(c) for c in cases}
        raised = [r for r in rules.current_risks(found, self.today).values() if r.get("level") in RAISED_RISK]
        raised.sort(key=lambda r: (r.get("level") != "high", refs[r.get("cyp_id")]))
        return [
            {
                "ref": refs[r.get("cyp_id")],
                "level": r.get("level"),
                "assessed_on": r.get("assessed_on"),
                "dsl_informed_on": r.get("dsl_informed_on") or "",
                "referral_on": r.get("safeguarding_referral_on") or "",
            }
            for r in raised
        ]

    def _actions_due(
        self, school_id: str, items: list[Record], cyps: list[Record], when: str
    ) -> list[dict[str, str]]:
        """The school's open actions overdue or due soon, as Today's prep sheet lists them, and the
        actions agreed in a discussion that were not made into an action record."""
        day = date.fromisoformat(when)
        low = (day - timedelta(days=ACTIONS_BEHIND_DAYS)).isoformat()
        high = (day + timedelta(days=ACTIONS_AHEAD_DAYS)).isoformat()
        refs = {c.id: pseudonymous(c) for c in cyps}
        labels = {i.id: i.get("anon_label") for i in items}
        redact = self.redactor()
        actions = self.records.find("action", {"school_id": school_id})
        made = {a.get("discussion_item_id") for a in actions}
        due = [
            (
                a.get("due_on"),
                a.id,
                a.get("cyp_id"),
                labels.get(a.get("discussion_item_id")),
                a.get("description"),
            )
            for a in actions
            if a.get("status") == "open" and a.get("due_on") and a.get("due_on") <= high
        ]
        due += [
            (i.get("follow_up_on"), i.id, i.get("cyp_id"), i.get("anon_label"), i.get("actions"))
            for i in items
            if i.get("actions") and i.id not in made and low <= (i.get("follow_up_on") or "") <= high
        ]
        return [
            {
                "who": refs.get(cyp_id or "", "") or redact(label) or "-",
                "actions": redact(what),
                "follow_up_on": on,
            }
            for on, _id, cyp_id, label, what in sorted(due, key=lambda row: (row[0], row[1]))
        ]


def _visit_reference(school: Record, visit: Record | None) -> str:
    day = visit.get("date") if visit else ""
    urn = school.get("urn")
    return " / ".join(p for p in (f"URN {urn}" if urn else "", f"visit {day}" if day else "") if p) or "visit"
