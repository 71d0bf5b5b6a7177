"""Open conflicts as a person reads them: the record, the field, and each value with who and when.

Pure: no Qt. A conflict is a field that two people changed without seeing each other's change
(D3); both values are kept until someone chooses one. Each value is shown in words (a date as a
date, yes/no, a linked record by its label), with its author, the laptop it came from and when it
was written (the HLC's physical time, in UK time). The record is named as the case lists name it:
children by initials, year group and code, never by name. Values are what the user chooses
between, so they are shown in full, except with ``show_names`` off (privacy mode): then a child's
name inside a value is replaced by their code, and a name field shows initials only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from linkdesk.domain.hlc import Hlc
from linkdesk.domain.records import Conflict, ConflictValue, Record
from linkdesk.domain.redaction import HIDDEN, NameRedactor
from linkdesk.domain.schema import TYPES
from linkdesk.domain.team import TeamDevice
from linkdesk.services.app_services import UK
from linkdesk.services.child_names import child_redactor
from linkdesk.services.records import RecordService
from linkdesk.services.search_view import SearchView

#: More than this many conflicts are counted, not drawn (they are settled a page at a time).
SHOWN = 40


@dataclass(frozen=True)
class Choice:
    """One of a conflict's values."""

    #: The value as stored: handed back unchanged to ``RecordService.resolve``.
    value: Any
    shown: str
    author: str
    laptop: str
    when: datetime


@dataclass(frozen=True)
class ConflictRow:
    id: str
    record_id: str
    record_type: str
    record: str
    field: str
    #: The page that shows the record and its id there ('' when no page shows it).
    page: str
    page_id: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Conflicts:
    rows: list[ConflictRow]
    total: int
    #: Changes made without seeing that the record was deleted: the delete stands, these are kept
    #: to read (nothing is lost), never to choose between.
    hidden: list[ConflictRow] = field(default_factory=list)


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def hlc_time(hlc: str) -> datetime:
    """When a value was written, from its HLC, in UK time."""
    return datetime.fromtimestamp(Hlc.decode(hlc).millis / 1000, UTC).astimezone(UK)


def when_words(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y} at {moment:%H:%M}"


class ConflictView:
    def __init__(
        self, records: RecordService, devices: list[TeamDevice], this_device: str, show_names: bool = False
    ) -> None:
        self.records = records
        self.show_names = show_names
        #: Records are always named without names (initials, year, code), as in the case lists.
        self.search = SearchView(records, show_names=False)
        self.laptops = {d.card.device_id: f"{d.card.name}" for d in devices}
        self.laptops[this_device] = "this laptop"

    def conflicts(self, limit: int = SHOWN) -> Conflicts:
        found = self.records.conflicts()
        rows = [self.row(c) for c in found[:limit]]
        hidden = [replace(self.row(c), page="", page_id="") for c in self.records.hidden_by_delete()[:limit]]
        return Conflicts(rows, len(found), hidden)

    def row(self, conflict: Conflict) -> ConflictRow:
        record = self.records.records.get(conflict.record_id)
        rtype = TYPES.get(conflict.type)
        hit = self.search.hit(record, "") if record is not None else None
        title = hit.title if hit is not None else self._fallback_title(record)
        spec = rtype.field(conflict.field) if rtype is not None else None
        choices = tuple(
            self.choice(conflict, v) for v in sorted(conflict.values, key=lambda v: (v.hlc, v.op))
        )
        return ConflictRow(
            id=conflict.id,
            record_id=conflict.record_id,
            record_type=rtype.label if rtype is not None else conflict.type,
            record=title,
            field=_sentence(spec.title if spec is not None else conflict.field),
            page=hit.page if hit is not None else "",
            page_id=hit.page_id if hit is not None else "",
            choices=choices,
        )

    def choice(self, conflict: Conflict, value: ConflictValue) -> Choice:
        device = value.op.rsplit(":", 1)[0]
        return Choice(
            value=value.value,
            shown=self.shown(conflict, value.value),
            author=value.author,
            laptop=self.laptops.get(device, f"a laptop this one does not know ({device[:8]})"),
            when=hlc_time(value.hlc),
        )

    def shown(self, conflict: Conflict, value: Any) -> str:  # noqa: PLR0911 - one line per kind
        rtype = TYPES.get(conflict.type)
        spec = None
        if rtype is not None and conflict.field in rtype.field_names:
            spec = rtype.field(conflict.field)
        if value is None or value in ("", []):
            return "(empty)"
        if spec is None:
            return self._safe(str(value))
        if spec.identifying and not self.show_names:
            if spec.kind != "text":
                return HIDDEN
            return "".join(part[0] for part in str(value).split() if part).upper() + " (name hidden)"
        if spec.kind == "longtext" and not self.show_names:
            return HIDDEN  # a concern, a note: what a record says about a child
        if spec.kind == "bool":
            return "Yes" if value else "No"
        if spec.kind == "date":
            day = date.fromisoformat(str(value))
            return f"{day:%a} {day.day} {day:%b %Y}"
        if spec.kind in ("enum", "enum_list"):
            items = value if isinstance(value, list) else [value]
            return ", ".join(str(v).replace("_", " ").capitalize() for v in items)
        if spec.kind == "ref":
            target = self.records.records.get(str(value))
            hit = self.search.hit(target, "") if target is not None else None
            return hit.title if hit is not None else "A record that is not on this laptop"
        return self._safe(str(value))

    def _safe(self, text: str) -> str:
        if self.show_names:
            return text
        return self._redactor(text)

    @cached_property
    def _redactor(self) -> NameRedactor:
        return child_redactor(self.records)

    def _fallback_title(self, record: Record | None) -> str:
        if record is None:
            return "A record that has since been deleted"
        return TYPES[record.type].label if record.type in TYPES else record.type
