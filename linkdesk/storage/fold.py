"""Folding ops into records: one multi-value register per field, kept lean (D3).

A field's register holds every value that no later write has replaced. Almost always that is a
single value, and the record names the op that wrote it in ``heads`` (``{op id: [fields]}``);
a record only ever touched by its create has no ``heads`` at all (the create heads every field).
Only when two writes did not see each other are all current values kept, with their HLC and
author, in ``register_values``: a conflict until someone resolves it. A write names in ``deps``
the values its author saw; those leave the register. A replaced value that has not arrived yet
is remembered in ``superseded`` until it arrives, so that it never becomes current. A delete is a
tombstone; a purged record (its ops are stubs, ``storage/purge.py``) is a tombstone with no
values. The fold is commutative and idempotent: any order of the same ops gives the same rows.

This module folds in memory; ``batch`` loads the entities an import touches, folds each once,
and writes the rows back with one statement per table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from linkdesk.domain.records import Op
from linkdesk.domain.schema import TYPES

_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(value: Any) -> str:
    """The one JSON form of a value: sorted keys, no spaces, UTF-8 text as it is."""
    return _ENCODER.encode(value)


@dataclass
class Value:
    """One current value of a register; ``hlc`` and ``author`` are looked up only when needed."""

    op: str
    value: Any
    hlc: str | None = None
    author: str | None = None


@dataclass
class Entity:
    """A record being folded: its registers and the facts the ``records`` row keeps."""

    id: str
    type: str
    rid: int | None = None
    deleted: bool = False
    registers: dict[str, list[Value]] = field(default_factory=dict)
    #: Conflict rows to remove before writing (the record had some when it was loaded).
    had_conflicts: bool = False

    @classmethod
    def from_row(
        cls,
        row: tuple[Any, ...],
        conflict_rows: Iterable[tuple[Any, ...]],
        create: tuple[str, Iterable[str]] | None,
    ) -> Entity:
        """An entity from ``ROW_COLUMNS`` of ``records``, its conflict rows (field, op, hlc, author,
        value) and, when ``heads`` is NULL, its create (op id, fields)."""
        rid, entity_id, entity_type, data_text, heads_text, conflicted, deleted = row
        data = json.loads(data_text)
        entity = cls(entity_id, entity_type, rid, bool(deleted), had_conflicts=bool(conflicted))
        heads = json.loads(heads_text) if heads_text is not None else dict([create] if create else [])
        for op, names in heads.items():
            for name in names:
                entity.registers[name] = [Value(op, data.get(name))]
        for name, op, hlc, author, value in conflict_rows:
            entity.registers.setdefault(name, []).append(Value(op, json.loads(value), hlc, author))
        return entity


#: The ``records`` columns ``Entity.from_row`` reads, in order.
ROW_COLUMNS = "rid, id, type, data, heads, conflicted, deleted"
#: References records are looked up by, each with an index on (reference, type, status).
REFERENCES = ("school_id", "cyp_id", "visit_id", "referral_id", "subject_id")
#: Fields also kept in a ``records`` column of their own name (migrations 0010 and 0011), written
#: with the data, so no index has to read them out of the JSON: the references, the date (indexed
#: with the type) and the status (in the reference indexes, so "open actions at these schools"
#: never reads a closed one from the table).
COLUMN_FIELDS = (*REFERENCES, "date", "status")
#: Every ``records`` column a fold writes, in the order of ``record_params``.
WRITE_COLUMNS = ("id", "type", "data", "heads", "conflicted", "deleted", *COLUMN_FIELDS)


def column_values(data: Mapping[str, Any]) -> tuple[str | None, ...]:
    """The ``COLUMN_FIELDS`` of a record with fields ``data``: each field's text, else NULL."""
    return tuple(value if isinstance(value := data.get(name), str) else None for name in COLUMN_FIELDS)


class FoldContext:
    """What folding needs to know beyond one record: which ops were folded, which were replaced."""

    def __init__(
        self,
        folded_before: Callable[[str], bool],
        superseded: set[tuple[str, str, str]],
        op_meta: Callable[[str], tuple[str, str]],
    ) -> None:
        self.folded_before = folded_before
        #: (op, entity id, field) of values replaced before they arrived; grows as ops are folded.
        self.superseded = superseded
        self.new_superseded: list[tuple[str, str, str]] = []
        #: Superseded rows whose op has now arrived (and was left out): no longer needed.
        self.consumed: list[tuple[str, str, str]] = []
        self.op_meta = op_meta
        self.folded: set[str] = set()

    def is_folded(self, op: str) -> bool:
        return op in self.folded or self.folded_before(op)


def fold(entity: Entity, op: Op, key: str, context: FoldContext) -> None:
    """Fold one op (whose id is ``key``) into ``entity``."""
    if op.kind == "purge" or op.purged:  # every op of a purged record is a stub: nothing is left
        entity.deleted = True
        entity.registers.clear()
        context.folded.add(key)
        return
    if op.kind == "delete":
        entity.deleted = True
    for name, value in op.fields.items():
        values = entity.registers.get(name, [])
        deps = op.deps.get(name)
        if deps:
            replaced = set(deps)
            present = {v.op for v in values}
            values = [v for v in values if v.op not in replaced]
            for dep in sorted(replaced - present):
                if not context.is_folded(dep) and (dep, entity.id, name) not in context.superseded:
                    context.superseded.add((dep, entity.id, name))
                    context.new_superseded.append((dep, entity.id, name))
        if (key, entity.id, name) in context.superseded:
            context.consumed.append((key, entity.id, name))
        else:
            values.append(Value(key, value, op.hlc, op.author))
        entity.registers[name] = values
    context.folded.add(key)


@dataclass(frozen=True)
class Folded:
    """The rows one folded entity becomes."""

    data: dict[str, Any]
    heads: dict[str, list[str]]
    conflicted: list[str]
    #: (field, op, hlc, author, value as JSON) for every value of a conflicted field.
    conflict_rows: list[tuple[str, str, str, str, str]]

    def record_params(self, entity: Entity) -> tuple[Any, ...]:
        """The ``WRITE_COLUMNS`` of the entity's row."""
        return (
            entity.id,
            entity.type,
            canonical(self.data),
            canonical(self.heads),
            ",".join(self.conflicted),
            int(entity.deleted),
            *column_values(self.data),
        )


def settle(entity: Entity, context: FoldContext) -> Folded:
    """Winning values (latest HLC, then op id), single heads and conflicts of a folded entity."""
    data: dict[str, Any] = {}
    heads: dict[str, list[str]] = {}
    conflicted: list[str] = []
    conflict_rows: list[tuple[str, str, str, str, str]] = []
    for name in sorted(entity.registers):
        values = entity.registers[name]
        if not values:
            continue
        if len(values) == 1:
            winner = values[0]
            heads.setdefault(winner.op, []).append(name)
        else:
            for v in values:
                if v.hlc is None or v.author is None:
                    v.hlc, v.author = context.op_meta(v.op)
            values.sort(key=lambda v: (v.hlc or "", v.op), reverse=True)
            winner = values[0]
            conflicted.append(name)
            conflict_rows.extend(
                (name, v.op, v.hlc or "", v.author or "", canonical(v.value)) for v in values
            )
        if winner.value is not None:
            data[name] = winner.value
    return Folded(data, heads, conflicted, conflict_rows)


#: The fields each record type is found by, in declaration order.
SEARCHABLE = {name: tuple(f.name for f in rtype.fields if f.searchable) for name, rtype in TYPES.items()}


def search_text(entity_type: str, data: dict[str, Any], deleted: bool) -> str:
    """The words a record is found by ("" when it is deleted or has none)."""
    if deleted:
        return ""
    return " ".join(str(data[name]) for name in SEARCHABLE.get(entity_type, ()) if data.get(name))


def plain_create(op: Op, fields_json: str) -> tuple[tuple[Any, ...], str]:
    """The ``records`` params and search text of a create of a record nothing else touched.

    The common case of an import or a generator, folded without building registers: the create
    is every field's single head, which a NULL ``heads`` says. ``fields_json`` is
    ``canonical(op.fields)``, which is the record's data unless a field was set to null.
    """
    fields = op.fields
    if None in fields.values():
        fields = {name: value for name, value in fields.items() if value is not None}
        fields_json = canonical(fields)
    return (op.entity_id, op.entity_type, fields_json, None, "", 0, *column_values(fields)), search_text(
        op.entity_type, fields, False
    )
