"""Creating and editing a child's record from the desktop app, and making an anonymous case
discussion item into a case.

``save_cyp`` checks the new or changed record against every child already held (same NHS number,
or same name and date of birth) and, unless told to go ahead, returns the possible duplicates
instead of writing. Saving a child made from an anonymous item links the item in the same
transaction (``Casework.link_item_to_cyp``), so its history shows on the new child's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from linkdesk.domain.identity import IdentityMatch, format_nhs_number, identity_matches, year_from_label
from linkdesk.domain.names import derive_initials
from linkdesk.domain.records import Record
from linkdesk.services.caseload_view import full_name
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.services.school_view import day

#: The fields a check for duplicates compares (their stored forms).
_COMPARED = ("given_name", "family_name", "date_of_birth", "nhs_number")


@dataclass(frozen=True)
class Carer:
    name: str
    relationship: str | None
    phone: str
    email: str


@dataclass(frozen=True)
class Identity:
    """What a clinician checks to be sure of who a child is."""

    nhs_number: str  # 3-3-4, or empty
    date_of_birth: date | None
    carers: tuple[Carer, ...]
    gp_practice: str
    gp_practice_code: str
    gp_phone: str


@dataclass(frozen=True)
class Duplicate:
    """An existing child the one being saved may be, as the warning shows them."""

    id: str
    name: str
    initials: str
    pseudonym: str
    date_of_birth: date | None
    nhs_number: str
    school: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Saved:
    """The outcome of ``save_cyp``: the record written, or the duplicates that held it back."""

    record: Record | None
    duplicates: tuple[Duplicate, ...] = ()
    linked_item: str | None = None


@dataclass(frozen=True)
class AnonymousItem:
    """A case discussion item about one child not yet named (only an anonymous label)."""

    id: str
    visit_date: date | None
    label: str
    concern: str
    outcome: str | None


def identity_of(cyp: Record) -> Identity:
    carers = tuple(
        Carer(
            cyp.get(f"{p}_name", ""),
            cyp.get(f"{p}_relationship"),
            cyp.get(f"{p}_phone", ""),
            cyp.get(f"{p}_email", ""),
        )
        for p in ("carer", "carer2")
        if any(cyp.get(f"{p}_{part}") for part in ("name", "phone", "email"))
    )
    return Identity(
        nhs_number=format_nhs_number(cyp.get("nhs_number")),
        date_of_birth=day(cyp.get("date_of_birth")),
        carers=carers,
        gp_practice=cyp.get("gp_practice", ""),
        gp_practice_code=cyp.get("gp_practice_code", ""),
        gp_phone=cyp.get("gp_phone", ""),
    )


def possible_duplicates(
    records: RecordService, fields: dict[str, Any], exclude_id: str | None = None
) -> list[Duplicate]:
    """Children already held who may be the one in ``fields`` (as typed; checked here).
    ``exclude_id``: the child being edited."""
    stored = {name: records.check_value("cyp", name, fields.get(name)) for name in _COMPARED}
    candidates = records.find("cyp")
    return [_duplicate(records, match) for match in identity_matches(stored, candidates, exclude_id)]


def _duplicate(records: RecordService, match: IdentityMatch) -> Duplicate:
    cyp = match.record
    school = records.records.get(cyp.get("school_id") or "")
    return Duplicate(
        id=cyp.id,
        name=full_name(cyp),
        initials=cyp.get("initials", ""),
        pseudonym=cyp.get("pseudonym", ""),
        date_of_birth=day(cyp.get("date_of_birth")),
        nhs_number=format_nhs_number(cyp.get("nhs_number")),
        school=school.get("name", "") if school else "",
        reasons=match.reasons,
    )


def save_cyp(
    casework: Casework,
    fields: dict[str, Any],
    *,
    record_id: str | None = None,
    item_id: str | None = None,
    allow_duplicate: bool = False,
) -> Saved:
    """Add a child (``record_id`` None) or change one, all or nothing.

    ``fields``: every field the form holds (None for empty; on an edit, None clears). ``item_id``:
    an anonymous discussion item to link to the new child. Without ``allow_duplicate``, a possible
    duplicate holds the write back and is returned instead.
    """
    records = casework.records
    if not allow_duplicate:
        found = possible_duplicates(records, fields, record_id)
        if found:
            return Saved(None, tuple(found))
    with records.session.transaction():
        if record_id is None:
            record = records.add("cyp", {k: v for k, v in fields.items() if v is not None})
        else:
            current = records.get("cyp", record_id)
            changes = {k: v for k, v in fields.items() if v != current.get(k)}
            _follow_initials(current, changes)
            record = records.update("cyp", record_id, changes) if changes else current
        if item_id is not None:
            casework.link_item_to_cyp(item_id, record.id)
    return Saved(record, linked_item=item_id)


def _follow_initials(current: Record, changes: dict[str, Any]) -> None:
    """Initials made from the names follow a change of name; initials typed in by hand stay."""
    if not {"given_name", "family_name"} & set(changes):
        return
    made = derive_initials(current.get("given_name"), current.get("family_name"))
    if current.get("initials") in (None, "", made):
        merged = {**current.fields, **changes}
        changes["initials"] = derive_initials(merged.get("given_name"), merged.get("family_name")) or None


def anonymous_items(records: RecordService, school_id: str) -> list[AnonymousItem]:
    """Items about one unnamed child discussed at the school, newest first."""
    found = []
    for visit in records.find("visit", {"school_id": school_id}):
        for item in records.find("discussion_item", {"visit_id": visit.id}):
            if item.get("cyp_id") or item.get("subject") == "group" or not item.get("anon_label"):
                continue
            found.append(
                AnonymousItem(
                    id=item.id,
                    visit_date=day(visit.get("date")),
                    label=item.get("anon_label", ""),
                    concern=item.get("concern", ""),
                    outcome=item.get("outcome"),
                )
            )
    return sorted(found, key=lambda i: (i.visit_date or date.min, i.id), reverse=True)


def prefill_from_item(records: RecordService, item_id: str) -> dict[str, Any]:
    """A new child's fields as an anonymous item gives them: the school, and the year group
    where the label names one plainly ("anonymous Y8 girl" -> 8)."""
    item = records.get("discussion_item", item_id)
    visit = records.get("visit", item.get("visit_id"))
    values: dict[str, Any] = {"school_id": visit.get("school_id")}
    year = year_from_label(item.get("anon_label"))
    if year is not None:
        values["year_group"] = year
    return values
