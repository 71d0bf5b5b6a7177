"""Adding, changing, deleting and reading records, with every rule checked first.

A refused change raises ValidationError (naming the field) or NotFoundError before anything is
written; a change that passes is one transaction.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from linkdesk.domain import rules
from linkdesk.domain.fields import coerce
from linkdesk.domain.ids import is_uuid
from linkdesk.domain.names import derive_initials
from linkdesk.domain.ports import StoreSession
from linkdesk.domain.record_type import RecordType
from linkdesk.domain.records import Conflict, Record
from linkdesk.domain.schema import record_type
from linkdesk.errors import NotFoundError, ValidationError

#: Records held back by ``batch()`` before they are written together.
BATCH_SIZE = 5000


class RecordService:
    def __init__(self, session: StoreSession, today: Callable[[], date]) -> None:
        self.session = session
        self.records = session.records
        self.today = today
        #: Checked records waiting to be written (type, fields, id) while a batch is open.
        self._pending: list[tuple[str, dict[str, Any], str]] | None = None
        self._pending_types: dict[str, str] = {}

    # -- the generic operations (CLI add/update/delete/show/list) --------------------------------

    def add(self, type_name: str, fields: dict[str, Any], record_id: str | None = None) -> Record:
        """Validate and add a record; ``record_id`` (a UUID) is for deterministic generators only."""
        rtype = record_type(type_name)
        if record_id is not None and (
            not is_uuid(record_id)
            or record_id in self._pending_types
            or self.records.get(record_id) is not None
        ):
            raise ValidationError(f"id: {record_id!r} is not a new UUID.", "id")
        cleaned = rules.check_changes(rtype, None, fields, self.today())
        self._fill_defaults(rtype, cleaned)
        self._check_references(rtype, cleaned)
        if self._pending is None:
            return self.records.create(rtype.name, cleaned, record_id)
        new_id = record_id or self.records.new_id()
        stored = {name: value for name, value in cleaned.items() if value is not None}
        self._pending.append((rtype.name, stored, new_id))
        self._pending_types[new_id] = rtype.name
        if len(self._pending) >= BATCH_SIZE:
            self._flush()
        return Record(new_id, rtype.name, stored)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Add many records in one transaction through the store's fast batch path.

        Every ``add`` inside is checked exactly as usual and may refer to records added earlier in
        the batch; they are written in groups, so they are not readable until their group is.
        """
        if self._pending is not None:
            yield
            return
        self._pending = []
        try:
            with self.session.transaction():
                yield
                self._flush()
        finally:
            self._pending = None
            self._pending_types = {}

    def _flush(self) -> None:
        if self._pending:
            self.records.create_many(self._pending)
            self._pending = []
            self._pending_types = {}

    def update(
        self, type_name: str, record_id: str, fields: dict[str, Any], *, as_seen: Record | None = None
    ) -> Record:
        """Change fields; ``as_seen`` is the copy the person edited (a form loaded earlier), so a
        value that arrived after it was loaded is kept beside theirs as a visible conflict."""
        rtype = record_type(type_name)
        current = self.get(type_name, record_id)
        if not fields:
            raise ValidationError("Nothing to change: give at least one FIELD=VALUE.")
        cleaned = rules.check_changes(rtype, current, fields, self.today())
        self._check_references(rtype, {**current.fields, **cleaned} if "subject_type" in cleaned else cleaned)
        if rtype.name == "cyp" and cleaned.get("status") == "closed" and not current.get("closed_on"):
            cleaned.setdefault("closed_on", self.today().isoformat())
        naming = {"given_name", "family_name"} & cleaned.keys()
        if rtype.name == "cyp" and naming and not current.get("initials") and "initials" not in cleaned:
            names = {**current.fields, **cleaned}
            made = derive_initials(names.get("given_name"), names.get("family_name"))
            if made:
                cleaned["initials"] = made  # a child recorded without initials gets them now
        return self.records.update(
            as_seen if as_seen is not None and as_seen.id == record_id else current, cleaned
        )

    def update_many(self, type_name: str, changes: list[tuple[str, dict[str, Any]]]) -> int:
        """Check every change first, then write them all through the batch path (one transaction).

        For imports: each change is checked exactly as ``update`` checks it; one refusal writes
        nothing. Returns the number of records changed.
        """
        rtype = record_type(type_name)
        checked: list[tuple[Record, dict[str, Any]]] = []
        for record_id, fields in changes:
            current = self.get(type_name, record_id)
            if not fields:
                continue
            cleaned = rules.check_changes(rtype, current, fields, self.today())
            self._check_references(rtype, cleaned)
            checked.append((current, cleaned))
        with self.session.transaction():
            self._flush()
            return self.records.update_many(checked)

    def delete(self, type_name: str, record_id: str, *, as_seen: Record | None = None) -> None:
        record = self.get(type_name, record_id)
        if record.type == "note":
            raise ValidationError(
                "A note cannot be deleted: mark it entered in error (it stays on record) or add an addendum."
            )
        self.records.delete(as_seen if as_seen is not None and as_seen.id == record_id else record)

    def get(self, type_name: str, record_id: str) -> Record:
        rtype = record_type(type_name)
        record = self.records.get(record_id)
        if record is None or record.deleted or record.type != rtype.name:
            raise NotFoundError(f"There is no {rtype.label.lower()} with id {record_id}.")
        return record

    def find(self, type_name: str, where: dict[str, Any] | None = None) -> list[Record]:
        rtype = record_type(type_name)
        cleaned = {}
        for name, raw in (where or {}).items():
            cleaned[name] = coerce(rtype.field(name), raw)
        return self.records.find(rtype.name, cleaned)

    def check_value(self, type_name: str, field: str, value: Any) -> Any:
        """The stored form of one value, or ValidationError naming the field."""
        return coerce(record_type(type_name).field(field), value)

    def find_dated(self, type_name: str, first: str, last: str) -> list[Record]:
        """Records of a type dated between ``first`` and ``last`` inclusive (ISO dates)."""
        rtype = record_type(type_name)
        return self.records.find_dated(
            rtype.name, coerce(rtype.field("date"), first), coerce(rtype.field("date"), last)
        )

    def conflicts(self) -> list[Conflict]:
        return self.records.conflicts()

    def hidden_by_delete(self) -> list[Conflict]:
        """Changes to records someone deleted without having seen them (the delete stands)."""
        return self.records.hidden_by_delete()

    def resolve(self, conflict_id: str, raw_value: Any) -> Record:
        """Settle a conflict: the chosen value replaces every concurrent one."""
        record_id, _, field = conflict_id.partition(":")
        record = self.records.get(record_id)
        if record is None or field not in record.conflicted:
            raise NotFoundError(f"There is no open conflict {conflict_id}.")
        return self.update(record.type, record.id, {field: raw_value})

    # -- helpers --------------------------------------------------------------------------------

    def _fill_defaults(self, rtype: RecordType, cleaned: dict[str, Any]) -> None:
        if rtype.name == "note":
            cleaned.setdefault("date", self.today().isoformat())
        if rtype.name == "cyp":
            cleaned.setdefault("pseudonym", f"CYP-{secrets.token_hex(3).upper()}")
            if not cleaned.get("initials"):
                made = derive_initials(cleaned.get("given_name"), cleaned.get("family_name"))
                if made:
                    cleaned["initials"] = made
            cleaned.setdefault("opened_on", self.today().isoformat())
            if cleaned.get("status") == "closed":
                cleaned.setdefault("closed_on", self.today().isoformat())

    def _check_references(self, rtype: RecordType, values: dict[str, Any]) -> None:
        for spec in rtype.fields:
            target_id = values.get(spec.name)
            if spec.kind != "ref" or target_id is None:
                continue
            target_type = values.get("subject_type") if spec.ref == "*" else spec.ref
            if self._pending_types.get(target_id) == target_type:
                continue
            target = self.records.get(target_id)
            if target is None or target.deleted or target.type != target_type:
                what = record_type(str(target_type)).label.lower() if target_type else "record"
                raise ValidationError(f"{spec.name}: there is no {what} with id {target_id}.", spec.name)
