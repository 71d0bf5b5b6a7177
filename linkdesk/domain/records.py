"""Records, operations and conflicts as the rest of LinkDesk sees them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

#: Which records a lookup keeps, judged by their fields (as stored, before a ``Record`` is made).
Keep = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True)
class WithStatus:
    """Keeps the records whose ``status`` is one of ``statuses``: a ``Keep`` that the store can
    also answer from its indexes, without reading the records it would refuse."""

    statuses: tuple[str, ...]

    def __call__(self, fields: dict[str, Any]) -> bool:
        return fields.get("status") in self.statuses


def with_status(*statuses: str) -> WithStatus:
    return WithStatus(statuses)


@dataclass(frozen=True)
class Record:
    id: str
    type: str
    fields: dict[str, Any]
    deleted: bool = False
    #: Fields that hold more than one concurrent value (shown as conflicts until resolved).
    conflicted: tuple[str, ...] = ()
    #: Which writes' values this copy shows (the store's own token; None when not read from it).
    #: An edit of this copy replaces those, never a value that arrived after it was read.
    seen: str | None = field(default=None, compare=False, repr=False)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.fields.get(name)
        return default if value is None else value

    def to_json(self) -> dict[str, Any]:
        """The contract's shape: ``id``, ``type`` and the set fields at the top level."""
        return {"id": self.id, "type": self.type, **{k: v for k, v in self.fields.items() if v is not None}}


def grouped(records: Iterable[Record], field: str) -> dict[str, list[Record]]:
    """``records`` by the value of ``field`` (those without one are left out), in their order."""
    found: dict[str, list[Record]] = {}
    for record in records:
        value = record.get(field)
        if value:
            found.setdefault(str(value), []).append(record)
    return found


@dataclass(frozen=True)
class OpId:
    device_id: str
    seq: int

    def __str__(self) -> str:
        return f"{self.device_id}:{self.seq}"

    @classmethod
    def parse(cls, text: str) -> OpId:
        device, seq = text.rsplit(":", 1)
        return cls(device, int(seq))


@dataclass(frozen=True)
class Op:
    """One change: create a record, set some of its fields, delete it (a tombstone), or purge a case.

    A purge (``kind`` "purge", on a CYP) removes the content of the case and of every record that
    refers to it; their ops stay in the log as stubs (``purged``: id, clock, author, kind and
    record kept, no fields or deps), so version vectors and sync still work.
    """

    op_id: OpId
    hlc: str
    author: str
    kind: str  # "create", "update", "delete", "purge"
    entity_type: str
    entity_id: str
    fields: dict[str, Any] = field(default_factory=dict)
    #: For each field set, the op ids of the values the author saw and replaced.
    deps: dict[str, list[str]] = field(default_factory=dict)
    #: A stub: this op's content was removed by a purge.
    purged: bool = False


@dataclass(frozen=True)
class AccessEvent:
    """One audited look at or change to a record: who, when, what they did (never its content)."""

    at: str
    actor: str
    action: str
    entity_type: str
    entity_id: str


@dataclass(frozen=True)
class Applied:
    """What applying a teammate's changes did here."""

    new: int  # changes that were not here before
    #: Records that were here before and changed: where two laptops' work met.
    merged: tuple[str, ...] = ()
    #: Records here whose content a purge in the import removed.
    purged: int = 0


@dataclass(frozen=True)
class ConflictValue:
    value: Any
    op: str
    hlc: str
    author: str


@dataclass(frozen=True)
class Conflict:
    record_id: str
    type: str
    field: str
    values: tuple[ConflictValue, ...]

    @property
    def id(self) -> str:
        return f"{self.record_id}:{self.field}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "record_id": self.record_id,
            "type": self.type,
            "field": self.field,
            "values": [
                {"value": v.value, "op": v.op, "hlc": v.hlc, "author": v.author}
                for v in sorted(self.values, key=lambda v: v.op)
            ],
        }
