"""Checks on ops written elsewhere (an imported bundle), made before any of them is applied. Pure.

A local write is checked by the record service before its op exists; an op from another device
is checked here: a known kind and record type, known fields holding values in their stored form,
well-formed ids and clock, and no clock far ahead of this laptop's (one such op would drag every
later local write with it). A reference to a record that is already known must point at a
record of the right type; one that is not known yet may arrive in a later import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from linkdesk.domain.fields import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, coerce, plain_text
from linkdesk.domain.ids import is_uuid
from linkdesk.domain.records import Op
from linkdesk.domain.schema import TYPES
from linkdesk.errors import ValidationError

KINDS = frozenset({"create", "update", "delete", "purge"})
MAX_AHEAD_MS = 24 * 60 * 60 * 1000
_HLC = re.compile(r"^\d{15}\.\d{6}$")
_AUTHOR = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
_OP_KEY = re.compile(r"^[0-9a-f-]{36}:[1-9][0-9]{0,17}$")
_PLAIN_TEXT = {"text": SHORT_TEXT_LIMIT, "longtext": LONG_TEXT_LIMIT}
#: Each record type's fields by name, and its reference fields.
_FIELDS = {name: {f.name: f for f in rtype.fields} for name, rtype in TYPES.items()}
_REFS = {name: tuple(f for f in rtype.fields if f.kind == "ref") for name, rtype in TYPES.items()}


def check_ops(
    ops: Sequence[Op], now_millis: int, types_of: Callable[[Iterable[str]], dict[str, str]]
) -> None:
    """Raise ValidationError, naming the first bad op, unless every op in ``ops`` may be applied.

    ``types_of(ids)`` gives the record type of each of ``ids`` already in the store.
    """
    created: dict[str, str] = {}
    wanted: dict[str, tuple[Op, str]] = {}  # referenced id -> (op, the type it must have)
    for op in ops:
        problem = _problem(op, now_millis)
        if problem:
            raise refused(op, problem)
        if op.kind == "create":
            created.setdefault(op.entity_id, op.entity_type)
        for target, target_type in _references(op):
            wanted.setdefault(target, (op, target_type))
    stored = types_of(target for target in wanted if target not in created)
    for target, (op, target_type) in wanted.items():
        actual = created.get(target) or stored.get(target)
        if actual is not None and actual != target_type:
            raise refused(op, f"it links to {target} as a {target_type}, but that record is a {actual}")


def refused(op: Op, problem: str) -> ValidationError:
    return ValidationError(
        f"Change {op.op_id.seq} from device {op.op_id.device_id} cannot be applied: {problem}. "
        "Nothing was imported."
    )


def _problem(op: Op, now_millis: int) -> str | None:
    return _envelope_problem(op, now_millis) or _field_problem(op) or _deps_problem(op)


def _well_formed_id(op: Op, _now: int) -> bool:
    return is_uuid(op.op_id.device_id) and isinstance(op.op_id.seq, int) and op.op_id.seq >= 1


def _well_formed_clock(op: Op, _now: int) -> bool:
    return isinstance(op.hlc, str) and _HLC.match(op.hlc) is not None


def _not_far_ahead(op: Op, now: int) -> bool:
    return int(op.hlc[:15]) - now <= MAX_AHEAD_MS


def _well_formed_author(op: Op, _now: int) -> bool:
    return isinstance(op.author, str) and _AUTHOR.match(op.author) is not None


def _ahead(op: Op, now_millis: int) -> str:
    hours = (int(op.hlc[:15]) - now_millis) / 3_600_000
    return (
        f"it is dated {hours:.0f} hours ahead of this laptop's clock "
        "(check the date and time on the sending laptop)"
    )


#: The op's id, clock, author, kind and record, in order: each is checked once those before hold.
_ENVELOPE: tuple[tuple[Callable[[Op, int], bool], Callable[[Op, int], str]], ...] = (
    (_well_formed_id, lambda op, _: "its id is malformed"),
    (_well_formed_clock, lambda op, _: "its clock reading is malformed"),
    (_not_far_ahead, _ahead),
    (_well_formed_author, lambda op, _: "its author is malformed"),
    (lambda op, _: op.kind in KINDS, lambda op, _: f"'{op.kind}' is not a kind of change LinkDesk knows"),
    (
        lambda op, _: op.entity_type in TYPES,
        lambda op, _: f"'{op.entity_type}' is not a record type LinkDesk knows",
    ),
    (lambda op, _: is_uuid(op.entity_id), lambda op, _: "its record id is malformed"),
    (
        lambda op, _: isinstance(op.fields, dict) and isinstance(op.deps, dict),
        lambda op, _: "its fields are malformed",
    ),
    (lambda op, _: op.kind != "delete" or not op.fields, lambda op, _: "a delete cannot set fields"),
    (
        lambda op, _: not (op.purged or op.kind == "purge") or (not op.fields and not op.deps),
        lambda op, _: "a purge or a purged change cannot carry content",
    ),
    (
        lambda op, _: op.kind != "purge" or (op.entity_type == "cyp" and not op.purged),
        lambda op, _: "only a case (CYP) can be purged",
    ),
)


def _envelope_problem(op: Op, now_millis: int) -> str | None:
    for holds, message in _ENVELOPE:
        if not holds(op, now_millis):
            return message(op, now_millis)
    return None


def _field_problem(op: Op) -> str | None:
    known = _FIELDS[op.entity_type]
    for name, value in op.fields.items():
        spec = known.get(name)
        if spec is None:
            return f"a {TYPES[op.entity_type].label.lower()} has no field '{name}'"
        if value is not None and not _stored_form(spec, value):
            return f"its value for '{name}' is not valid"
    return None


def _deps_problem(op: Op) -> str | None:
    for name, deps in op.deps.items():
        named = name in op.fields or (op.kind == "delete" and name in _FIELDS[op.entity_type])
        if not named or not isinstance(deps, list):
            return f"it names earlier values of '{name}' without setting it"
        if not all(isinstance(dep, str) and _OP_KEY.match(dep) for dep in deps):
            return f"it names a malformed earlier value of '{name}'"
    return None


def _stored_form(spec: Any, value: Any) -> bool:
    if spec.kind == "ref":
        return is_uuid(value)
    if spec.kind in _PLAIN_TEXT:  # the common case, without the parsers' error messages
        return isinstance(value, str) and 0 < len(value) <= _PLAIN_TEXT[spec.kind] and plain_text(value)
    try:
        return bool(coerce(spec, value) == value)
    except ValidationError:
        return False


def _references(op: Op) -> Iterable[tuple[str, str]]:
    for spec in _REFS[op.entity_type]:
        target = op.fields.get(spec.name)
        if not isinstance(target, str):
            continue
        target_type = op.fields.get("subject_type") if spec.ref == "*" else spec.ref
        if isinstance(target_type, str):
            yield target, target_type
