"""Search across every record, grouped by kind, each hit with the page that shows it.

Pure: no Qt. The store's full-text search finds the records (every word, as a prefix, newest
first); this turns each into a hit a person can read: what it is, one line naming it, the words
around the match, and where it opens (a school's page, a CYP's page, a case discussion, the
Service page). Children are named by case label (initials, year, code), never by name unless
names are asked for; when they are not, any child's name in a snippet is replaced by that
child's code, as in letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from linkdesk.domain.records import Record
from linkdesk.domain.redaction import HIDDEN, NameRedactor
from linkdesk.services.child_names import child_redactor
from linkdesk.services.records import RecordService
from linkdesk.services.school_view import cyp_label

MIN_QUERY = 2
FETCH_LIMIT = 200
PER_GROUP = 8
_MARKS = re.compile(r"[\[\]]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    #: What the hit is called when there is nothing better.
    noun: str


#: The order groups are shown in; every record type with searchable text has one.
KINDS = (
    Kind("school", "Schools", "School"),
    Kind("cyp", "Children and young people", "Case"),
    Kind("note", "Notes", "Note"),
    Kind("discussion", "Case discussions", "Case discussion"),
    Kind("referral", "Referrals", "Referral"),
    Kind("action", "Actions", "Action"),
    Kind("communication", "Duty line and calls", "Call"),
    Kind("training", "Training", "Training"),
    Kind("agency", "Agencies", "Agency"),
    Kind("contact", "School contacts", "Contact"),
    Kind("staff", "Staff", "Staff member"),
    Kind("grouping", "Groupings", "Grouping"),
)
KIND_OF_TYPE = {
    "visit": "discussion",
    "discussion_item": "discussion",
    "referral_event": "referral",
    **{k.key: k.key for k in KINDS},
}
#: Types shown on the Service page (opened at their tab).
SERVICE_TYPES = ("action", "communication", "training", "agency", "service_offer", "info_sharing_agreement")


#: Records whose matching text is what a record says about a child (a concern, a note, a
#: referral's reason): hidden whole in privacy mode, not only its names.
PRIVATE_TYPES = ("discussion_item", "note", "referral", "referral_event", "measure")


@dataclass(frozen=True)
class Hit:
    kind: str
    record_id: str
    record_type: str
    title: str
    snippet: str
    #: The page that shows it and the record to open there ("" when no page shows it).
    page: str = ""
    page_id: str = ""


@dataclass(frozen=True)
class Group:
    kind: str
    title: str
    hits: list[Hit]
    #: Hits left off to keep the list short.
    more: int = 0


@dataclass
class Results:
    query: str
    groups: list[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(g.hits) + g.more for g in self.groups)

    def hits(self) -> list[Hit]:
        return [hit for group in self.groups for hit in group.hits]


def clean_snippet(snippet: str) -> str:
    """The store's snippet as one plain line: match marks and runs of white space dropped."""
    return _SPACE.sub(" ", _MARKS.sub("", snippet)).strip()


class SearchView:
    def __init__(self, records: RecordService, show_names: bool = False) -> None:
        self.records = records
        self.show_names = show_names
        self._cache: dict[str, Record | None] = {}
        self._names: NameRedactor | None = None  # for one search
        self._changes: dict[str, str] = {}

    def prepare(self) -> None:
        """Index the children's names now (a search window does it after unlock, in the
        background), so the first search that needs the redactor does not wait for it."""
        child_redactor(self.records)

    def search(self, query: str, limit: int = FETCH_LIMIT, per_group: int = PER_GROUP) -> Results:
        results = Results(query.strip())
        if len(results.query) < MIN_QUERY:
            return results
        changes = self.records.records.change_tokens()
        if changes != self._changes:  # the records named in hits changed since the last search
            self._cache.clear()
            self._changes = changes
        self._names = None
        counts: dict[str, int] = {}
        makers = self._makers()
        shown: list[tuple[int, str]] = []
        for rid, record_type, deleted in self.records.records.search_matches(results.query, limit):
            kind = KIND_OF_TYPE.get(record_type)
            if deleted or kind is None or record_type not in makers:
                continue
            counts[kind] = counts.get(kind, 0) + 1
            if counts[kind] <= per_group:  # only the hits shown are read, worded and redacted
                shown.append((rid, kind))
        records = self.records.records.records_by_rid(rid for rid, _kind in shown)
        snippets = self.records.records.snippets(results.query, (rid for rid, _kind in shown))
        found: dict[str, list[Hit]] = {}
        for rid, kind in shown:
            record = records[rid]
            hit = self._hit(record, snippets.get(rid, ""), kind, makers[record.type])
            found.setdefault(kind, []).append(hit)
        for group in KINDS:
            hits = found.get(group.key, [])
            if hits:
                results.groups.append(Group(group.key, group.title, hits, counts[group.key] - len(hits)))
        return results

    # -- one hit ----------------------------------------------------------------------------------

    def hit(self, record: Record, snippet: str) -> Hit | None:
        kind = KIND_OF_TYPE.get(record.type)
        maker = self._makers().get(record.type)
        if kind is None or maker is None:
            return None
        return self._hit(record, snippet, kind, maker)

    def _hit(
        self, record: Record, snippet: str, kind: str, maker: Callable[[Record], tuple[str, str, str]]
    ) -> Hit:
        title, page, page_id = maker(record)
        if record.type in ("cyp", "school", "staff", "grouping"):
            text = ""
        elif record.type in PRIVATE_TYPES and not self.show_names:
            text = HIDDEN
        else:
            text = self._safe(clean_snippet(snippet))
        return Hit(kind, record.id, record.type, title, text, page, page_id)

    def _makers(self) -> dict[str, Callable[[Record], tuple[str, str, str]]]:
        return {
            "school": lambda r: (r.get("name"), "school", r.id),
            "cyp": self._cyp,
            "contact": lambda r: (
                f"{r.get('name')} · {self._school_name(r.get('school_id'))}",
                "school",
                r.get("school_id"),
            ),
            "staff": lambda r: (r.get("name"), "", ""),
            "grouping": lambda r: (r.get("name"), "", ""),
            "visit": self._visit,
            "discussion_item": self._item,
            "referral": self._referral,
            "referral_event": self._referral_event,
            "note": self._note,
            "action": lambda r: (self._safe(r.get("description") or ""), "service", r.id),
            "communication": self._communication,
            "training": lambda r: (f"{r.get('title')} · {r.get('date')}", "service", r.id),
            "agency": lambda r: (r.get("name"), "service", r.id),
        }

    def _cyp(self, cyp: Record) -> tuple[str, str, str]:
        label = cyp_label(cyp) or "Case"
        if self.show_names:
            name = " ".join(p for p in (cyp.get("given_name"), cyp.get("family_name")) if p)
            label = f"{name} · {label}" if name else label
        school = self._school_name(cyp.get("school_id"))
        closed = " (closed)" if cyp.get("status") == "closed" else ""
        return f"{label}{closed} · {school}", "cyp", cyp.id

    def _visit(self, visit: Record) -> tuple[str, str, str]:
        school = self._school_name(visit.get("school_id"))
        return f"Visit {visit.get('date')} · {school}", "discussion", visit.id

    def _item(self, item: Record) -> tuple[str, str, str]:
        visit = self._get(item.get("visit_id"))
        who = self._who(item.get("cyp_id")) or self._safe(item.get("anon_label") or "") or "Item"
        when = f" · {visit.get('date')}" if visit else ""
        school = f" · {self._school_name(visit.get('school_id'))}" if visit else ""
        return f"{who}{when}{school}", "discussion", item.get("visit_id")

    def _referral(self, referral: Record) -> tuple[str, str, str]:
        who = self._who(referral.get("cyp_id"))
        destination = str(referral.get("destination") or "").replace("_", " ")
        return f"{who} · to {destination}", "cyp", referral.get("cyp_id")

    def _referral_event(self, event: Record) -> tuple[str, str, str]:
        referral = self._get(event.get("referral_id"))
        cyp_id = referral.get("cyp_id") if referral else ""
        what = str(event.get("event") or "").replace("_", " ")
        return f"{self._who(cyp_id)} · {what} {event.get('date')}", "cyp" if cyp_id else "", cyp_id or ""

    def _note(self, note: Record) -> tuple[str, str, str]:
        subject_type, subject_id = note.get("subject_type"), note.get("subject_id")
        flag = " (entered in error)" if note.get("status") == "entered_in_error" else ""
        when = f" · {note.get('date')}" if note.get("date") else ""
        if subject_type == "cyp":
            return f"Note on {self._who(subject_id)}{when}{flag}", "cyp", subject_id
        if subject_type == "school":
            return f"Note on {self._school_name(subject_id)}{when}{flag}", "school", subject_id
        if subject_type == "visit":
            visit = self._get(subject_id)
            school = self._school_name(visit.get("school_id")) if visit else "a visit"
            return f"Note on the visit to {school}{when}{flag}", "discussion", subject_id
        referral = self._get(subject_id)
        cyp_id = referral.get("cyp_id") if referral else ""
        return (
            f"Note on a referral for {self._who(cyp_id)}{when}{flag}",
            "cyp" if cyp_id else "",
            cyp_id or "",
        )

    def _communication(self, comm: Record) -> tuple[str, str, str]:
        channel = str(comm.get("channel") or "").replace("_", " ").capitalize()
        school = f" · {self._school_name(comm.get('school_id'))}" if comm.get("school_id") else ""
        return f"{channel} {comm.get('date')}{school}", "service", comm.id

    # -- helpers ----------------------------------------------------------------------------------

    def _get(self, record_id: str | None) -> Record | None:
        if not record_id:
            return None
        if record_id not in self._cache:
            record = self.records.records.get(record_id)
            self._cache[record_id] = None if record is None or record.deleted else record
        return self._cache[record_id]

    def _school_name(self, school_id: str | None) -> str:
        school = self._get(school_id)
        return str(school.get("name")) if school is not None else "Unknown school"

    def _who(self, cyp_id: str | None) -> str:
        cyp = self._get(cyp_id)
        return self._cyp(cyp)[0].rsplit(" · ", 1)[0] if cyp is not None else ""

    def _safe(self, text: str) -> str:
        """Free text with every child's name replaced by their code (unless names are shown)."""
        if self.show_names or not text:
            return text
        if self._names is None:
            self._names = child_redactor(self.records)
        return self._names(text)
