"""What the Letters page offers: templates, what each can be made from, the consent gate's answer
before anything is rendered, and the letters a visit day needs (the batch).

Pure: no Qt, no files. Making, logging and saving letters is ``services.letters.LetterService``;
this only prepares the choices and asks its gate. Children are offered by case label (initials,
year group, code), never by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from linkdesk.errors import ConsentMissing, LinkDeskError
from linkdesk.services.consent_view import consent_for, refusal
from linkdesk.services.letters import KINDS, SHARE_WITH_SCHOOL, LetterRequest, LetterService, RenderedLetter
from linkdesk.services.school_view import VisitRow, cyp_label
from linkdesk.services.visit_day import VisitDay

VISITS_BEHIND_DAYS = 60
VISITS_AHEAD_DAYS = 28


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    audience: str
    subjects: tuple[str, ...]
    gated: bool
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    #: For a visit: whether it was held (a discussion summary needs a held one).
    held: bool = False


@dataclass(frozen=True)
class Gate:
    """The consent gate's answer for one template and subject, before rendering."""

    allowed: bool
    words: str
    #: Refused for want of this consent scope: the front end offers to record it for ``cyp_id``.
    scope: str | None = None
    cyp_id: str | None = None
    #: The child's case label, to head the consent form.
    case: str = ""


@dataclass(frozen=True)
class PackLetter:
    label: str
    letter: RenderedLetter


@dataclass(frozen=True)
class DayPack:
    day: date
    letters: list[PackLetter]
    #: What could not be made, and why (one line each).
    skipped: list[str]


class LetterDesk:
    def __init__(self, service: LetterService) -> None:
        self.service = service
        self.records = service.records

    def templates(self) -> list[Template]:
        rows = []
        for row in self.service.catalogue():
            kind = KINDS[row["id"]]
            languages = tuple(row.get("languages") or ("en",))
            rows.append(Template(kind.id, row["title"], kind.audience, kind.subjects, kind.gated, languages))
        return rows

    def subjects(self) -> dict[str, list[Choice]]:
        """The open cases (by case label), the schools, and visits from two months back to four ahead."""
        cyps = [c for c in self.records.find("cyp") if c.get("status") == "open"]
        cases = sorted((Choice(c.id, cyp_label(c) or c.id[-6:]) for c in cyps), key=lambda c: c.label)
        schools = [
            Choice(s.id, s.get("name"))
            for s in sorted(self.records.find("school"), key=lambda s: (s.get("name").lower(), s.id))
            if s.get("status") != "left"
        ]
        today = self.records.today()
        day = VisitDay(self.service.casework)
        visits = day.visits_between(
            today - timedelta(days=VISITS_BEHIND_DAYS), today + timedelta(days=VISITS_AHEAD_DAYS)
        )
        shown = [v for v in visits if v.status in ("planned", "held")]
        shown.sort(key=lambda v: (abs((v.date - today).days), v.date, v.school))
        return {
            "cyp": cases,
            "school": schools,
            "visit": [
                Choice(
                    v.id,
                    f"{v.date:%a %d %b} · {v.school} · {'held' if v.status == 'held' else 'planned'}",
                    v.status == "held",
                )
                for v in shown
            ],
        }

    def gate(self, template: str, cyp_id: str | None) -> Gate:
        """Whether the letter may be made about this child, in words, without rendering it."""
        kind = KINDS.get(template)
        if kind is None:
            return Gate(False, "Choose a letter.")
        if not kind.gated:
            if kind.audience == "school" and "cyp" not in kind.subjects:
                return Gate(
                    True,
                    "Children are named only where sharing with school is given; others appear by their "
                    "label or code.",
                )
            return Gate(True, "No consent is needed for this letter.")
        if not cyp_id:
            return Gate(False, "Choose the child or young person the letter is about.")
        cyp = self.records.get("cyp", cyp_id)
        try:
            consent = self.service.require_share_consent(kind, cyp)
        except ConsentMissing:
            consents = self.records.find("consent", {"cyp_id": cyp.id})
            found = consent_for(consents, SHARE_WITH_SCHOOL, self.records.today())
            case = cyp_label(cyp) or cyp.id[-6:]
            why = "This letter names them to the school, so it can be made only once that consent is given."
            return Gate(False, f"{refusal(found, case)} {why}", SHARE_WITH_SCHOOL, cyp.id, case)
        decided = consent.get("decided_on")
        when = f", recorded {date.fromisoformat(decided):%d %b %Y}" if decided else ""
        return Gate(True, f"Consent to share with the school is given{when}: the letter may name this child.")

    def render(self, request: LetterRequest) -> RenderedLetter:
        return self.service.render(request)

    def pack_visits(self, day: date) -> list[VisitRow]:
        """The visits a day's pack is made for: those planned or held that day."""
        visits = VisitDay(self.service.casework).visits_between(day, day)
        return [visit for visit in visits if visit.status in ("planned", "held")]

    def day_pack(self, day: date) -> DayPack:
        """The visit-prep sheet of every visit that day, and the discussion summary of every held one."""
        letters: list[PackLetter] = []
        skipped: list[str] = []
        for visit in self.pack_visits(day):
            wanted = [("visit-prep-sheet", "Prep sheet")]
            if visit.status == "held":
                wanted.append(("discussion-summary", "Discussion summary"))
            for template, what in wanted:
                label = f"{what} · {visit.school}"
                try:
                    letters.append(
                        PackLetter(label, self.service.render(LetterRequest(template, visit_id=visit.id)))
                    )
                except LinkDeskError as exc:
                    skipped.append(f"{label}: {exc}")
        return DayPack(day, letters, skipped)


def log_letters(service: LetterService, letters: list[RenderedLetter], output: str, by: str | None) -> int:
    """Log each letter shown or printed (``output`` previewed or printed); returns the entries made."""
    return sum(len(service.record_preview(letter, by, output)) for letter in letters)
