"""The Tasks list: what needs doing, overdue first (domain.md §3.2-§3.4 "chase", §6.5 actions).

Four kinds, each a ``TaskRow`` saying which page opens it:

- actions: open ``action`` records (mine: owned by me, or owned by no staff member and about one
  of my cases or schools);
- follow-ups: case discussion items with a follow-up date from four weeks back to two weeks ahead
  that no action was made from (an action made from an item is listed as the action);
- consents to chase: sought and not decided (due two weeks after it was asked), or given and
  expiring within a month;
- stalled referrals: still waiting with no news for longer than the service's threshold
  (``rules.referral_stalled``, the same test as Today and the caseload).

Pure: no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from linkdesk.domain import rules
from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record, with_status
from linkdesk.services.casework import Casework
from linkdesk.services.me import Whose
from linkdesk.services.school_view import cyp_label, day

FOLLOW_UP_BACK_DAYS = 28
FOLLOW_UP_AHEAD_DAYS = 14
CHASE_CONSENT_AFTER_DAYS = 14
EXPIRING_DAYS = 30
KINDS = ("action", "follow_up", "consent", "referral")


@dataclass(frozen=True)
class TaskRow:
    kind: str
    #: The record the task is about (an action, discussion item, consent or referral).
    id: str
    #: The action's text; a consent's scope; a referral's destination (vocabulary words).
    what: str
    case: str
    school: str
    #: When it is (or was) due; None for an action with no date.
    due: date | None
    overdue: bool
    #: The page that opens it ("cyp" or "school") and the record that page shows.
    page: str
    page_id: str
    #: A consent's reason to chase: "sought" or "expiring".
    detail: str = ""


@dataclass(frozen=True)
class TaskList:
    today: date
    team: bool
    rows: list[TaskRow]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)


def task_order(row: TaskRow) -> tuple[bool, date, int, str]:
    return (not row.overdue, row.due or date.max, KINDS.index(row.kind), row.id)


class Tasks:
    def __init__(self, casework: Casework) -> None:
        self.casework = casework
        self.records = casework.records

    def gather(self, whose: Whose) -> TaskList:
        today = self.records.today()
        schools = {s.id: str(s.get("name")) for s in self.records.find("school")}
        cases = {c.id: c for c in self.records.find("cyp")}
        mine = {k: c for k, c in cases.items() if c.get("status") == "open" and whose.case(c)}
        rows = [
            *self._actions(whose, today, schools, cases),
            *self._follow_ups(whose, today, schools, cases),
            *self._consents(mine, today, schools),
            *self._referrals(mine, schools),
        ]
        return TaskList(today, whose.team, sorted(rows, key=task_order))

    def _actions(
        self, whose: Whose, today: date, schools: dict[str, str], cases: dict[str, Record]
    ) -> list[TaskRow]:
        rows = []
        for action in self.records.records.each("action", with_status("open")):
            case = cases.get(action.get("cyp_id") or "")
            if not _my_action(whose, action, case):
                continue
            due = day(action.get("due_on"))
            row = _row(
                "action",
                action,
                str(action.get("description")),
                case,
                schools,
                action.get("school_id"),
                due,
                due is not None and due < today,
            )
            item = self.records.records.get(action.get("discussion_item_id") or "") if case is None else None
            label = item.get("anon_label") if item is not None else None
            rows.append(replace(row, case=str(label)) if label else row)  # agreed for a child not named
        return rows

    def _follow_ups(
        self, whose: Whose, today: date, schools: dict[str, str], cases: dict[str, Record]
    ) -> list[TaskRow]:
        first = (today - timedelta(days=FOLLOW_UP_BACK_DAYS)).isoformat()
        last = (today + timedelta(days=FOLLOW_UP_AHEAD_DAYS)).isoformat()
        store = self.records.records  # whole types, read one record at a time (a team has tens of thousands)
        made = {a.get("discussion_item_id") for a in store.each("action") if a.get("discussion_item_id")}
        rows = []
        for item in store.each("discussion_item", lambda f: first <= (f.get("follow_up_on") or "") <= last):
            when = item.get("follow_up_on")
            if item.id in made:
                continue
            case = cases.get(item.get("cyp_id") or "")
            visit = self.records.records.get(item.get("visit_id"))
            if visit is None or (case is not None and case.get("status") != "open") or not whose.visit(visit):
                continue
            what = str(item.get("actions") or "").strip() or "Follow up the case discussion"
            due = date.fromisoformat(when)
            row = _row("follow_up", item, what, case, schools, visit.get("school_id"), due, due < today)
            rows.append(
                row if case is not None else replace(row, case=str(item.get("anon_label") or "Not named"))
            )
        return rows

    def _consents(self, mine: dict[str, Record], today: date, schools: dict[str, str]) -> list[TaskRow]:
        soon = today + timedelta(days=EXPIRING_DAYS)
        rows = []
        for case in mine.values():
            consents = self.records.find("consent", {"cyp_id": case.id})
            for scope in v.CONSENT_SCOPES:
                state = rules.consent_state(consents, scope, today)
                latest = _latest(consents, scope, today)
                if latest is None:
                    continue
                if state == "sought":
                    asked = day(latest.get("sought_on"))
                    due = asked + timedelta(days=CHASE_CONSENT_AFTER_DAYS) if asked else None
                elif state == "given" and (expires := day(latest.get("expires_on"))) and expires <= soon:
                    due, state = expires, "expiring"
                else:
                    continue
                row = _row(
                    "consent",
                    latest,
                    scope,
                    case,
                    schools,
                    case.get("school_id"),
                    due,
                    bool(due and due < today),
                )
                rows.append(replace(row, detail=state))
        return rows

    def _referrals(self, mine: dict[str, Record], schools: dict[str, str]) -> list[TaskRow]:
        rows = []
        for case in mine.values():
            for referral in self.records.find("referral", {"cyp_id": case.id}):
                if referral.get("status") not in v.WAITING_STATUSES:
                    continue
                view = self.casework.referral_view(referral.id)
                if not view.stalled:
                    continue
                news = [e.get("date") for e in view.events] + [referral.get("sent_on")]
                last = max(d for d in news if d)
                due = date.fromisoformat(last) + timedelta(days=self.casework.stalled_after_days)
                what = str(referral.get("destination"))
                rows.append(_row("referral", referral, what, case, schools, case.get("school_id"), due, True))
        return rows


def _my_action(whose: Whose, action: Record, case: Record | None) -> bool:
    if whose.team or action.get("owner_staff_id") == whose.staff_id:
        return True
    if action.get("owner_staff_id"):
        return False
    return whose.case(case) if case is not None else action.get("school_id") in whose.schools


def _latest(consents: list[Record], scope: str, today: date) -> Record | None:
    relevant = [c for c in consents if c.get("scope") == scope and rules.decided_by(c, today)]
    return max(relevant, key=lambda c: (c.get("decided_on") or c.get("sought_on") or "", c.id), default=None)


def _row(
    kind: str,
    record: Record,
    what: str,
    case: Record | None,
    schools: dict[str, str],
    school_id: str | None,
    due: date | None,
    overdue: bool,
) -> TaskRow:
    school_id = str(school_id or "")
    return TaskRow(
        kind=kind,
        id=record.id,
        what=what,
        case=cyp_label(case) if case is not None else "",
        school=schools.get(school_id, ""),
        due=due,
        overdue=overdue,
        page="cyp" if case is not None else "school",
        page_id=case.id if case is not None else school_id,
    )
