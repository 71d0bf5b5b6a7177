"""The registry of record types: the single source for validation, the CLI, ``dump`` and the
subject access export. A type or field declared in ``types_*`` is known everywhere."""

from __future__ import annotations

from linkdesk.domain.record_type import RecordType
from linkdesk.domain.types_core import CORE_TYPES
from linkdesk.domain.types_service import SERVICE_TYPES
from linkdesk.errors import ValidationError

TYPES: dict[str, RecordType] = {t.name: t for t in (*CORE_TYPES, *SERVICE_TYPES)}


def record_type(name: str) -> RecordType:
    try:
        return TYPES[name]
    except KeyError:
        raise ValidationError(
            f"type: there is no record type '{name}' (types: {', '.join(sorted(TYPES))}).", "type"
        ) from None


def references_to(target: str) -> list[tuple[str, str]]:
    """(type, field) pairs whose ``ref`` fields can point at a record of type ``target``."""
    return [
        (t.name, f.name)
        for t in TYPES.values()
        for f in t.fields
        if f.kind == "ref" and f.ref in (target, "*")
    ]
