"""Subject access export: everything LinkDesk holds about one child or young person.

Records are collected by following references: the CYP record, every record that points at
it, every record that points at those, and so on (a referral's events, a note about a referral,
a letter about a referral, an action from a discussion item). ``SECTIONS`` must name every type
that can be reached this way; a test fails when a new type refers to a CYP and is not listed.
Each record is shown with its full history of changes, entries marked "entered in error"
included, since those are held too, and with the audit log's account of who opened, changed,
printed or exported it and when (never what it said). ``STORE_TABLES`` says how the export covers
each table of the store; a test fails when the store gains a table it does not name.
Other children are third parties: their names in free text
(a note, an agreed action, an event's note) are replaced by their LinkDesk codes with the one
name redactor, in the current values and in the history.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from linkdesk.domain.records import AccessEvent, Op, Record
from linkdesk.domain.redaction import NameRedactor
from linkdesk.domain.schema import TYPES, record_type
from linkdesk.errors import NotFoundError
from linkdesk.services.child_names import child_redactor
from linkdesk.services.records import RecordService

#: Every type that can refer (directly or through other records) to a CYP, in reading order.
SECTIONS: dict[str, str] = {
    "cyp": "The record",
    "consent": "Consent",
    "discussion_item": "Case discussions",
    "referral": "Referrals",
    "referral_event": "Referral events",
    "risk": "Risk and safeguarding",
    "note": "Notes",
    "measure_result": "Outcome measures",
    "action": "Actions",
    "communication": "Contacts by phone, email or duty line",
    "letter": "Letters",
}

#: Each table of the store and how a subject access export covers it (or why it holds nothing
#: about a child that is not already covered).
STORE_TABLES: dict[str, str] = {
    "records": "every record that refers to the child, directly or through another record",
    "search_index": "derived from the records (their searchable words)",
    "ops": "each record's full history of changes",
    "register_values": "values kept side by side in a conflict: each is one of the changes in the history",
    "superseded": "which change replaced which: the history shows them all",
    "type_changes": "the newest change of each record type: no content",
    "audit_log": "who opened, changed, printed or exported each record and when",
    "drafts": "unsaved form contents put back on the same person's screen at the next unlock, then "
    "discarded: work in progress, not yet held; they stay on one laptop",
    "store_meta": "the store's own identity: nothing about a child",
    "settings": "the service's and this laptop's settings: nothing about a child",
    "device_clock": "this laptop's clock for ordering changes: nothing about a child",
    "devices": "the laptops whose changes are held: nothing about a child",
    "identity": "this laptop's sync keys: nothing about a child",
    "team_devices": "teammates' laptops and their public keys: nothing about a child",
    "bundle_ledger": "which sync bundles were received: counts only",
    "purge_gate": "open only inside a purge, empty otherwise: nothing about a child",
}

REVIEW_CHECKLIST = (
    "Third-party information (other children, family members, school staff) identified and redacted or kept",
    "Serious-harm test: opinion of an appropriate health professional obtained within the last 6 months",
    "Information provided in confidence by the young person and not to be shared with a parent checked",
    "Identity of the requester and their right of access confirmed",
    "Response sent within one calendar month of the request",
)


def _referrers(records: RecordService, record: Record) -> Iterable[Record]:
    for rtype in TYPES.values():
        for spec in rtype.fields:
            if spec.kind != "ref" or spec.ref not in (record.type, "*"):
                continue
            where: dict[str, Any] = {spec.name: record.id}
            if spec.ref == "*":
                where["subject_type"] = record.type
            yield from records.records.find(rtype.name, where, include_deleted=True)


@dataclass(frozen=True)
class SubjectAccessExport:
    cyp: Record
    records: dict[str, list[Record]]
    history: dict[str, list[Op]]
    generated_at: str
    service_name: str
    #: Who opened, changed, printed or exported any of these records, and when (oldest first).
    access: list[AccessEvent] = field(default_factory=list)


def collect(records: RecordService, cyp_id: str, service_name: str, now: datetime) -> SubjectAccessExport:
    """Everything held about one case: a deleted case too, since its tombstone still holds it."""
    cyp = records.records.get(cyp_id)
    if cyp is None or cyp.type != "cyp" or not cyp.fields:  # (a purged case has nothing left)
        raise NotFoundError(f"There is no {record_type('cyp').label.lower()} with id {cyp_id}.")
    held: dict[str, Record] = {cyp.id: cyp}
    frontier = [cyp]
    while frontier:
        nxt = []
        for record in frontier:
            for referrer in _referrers(records, record):
                if referrer.id not in held:
                    held[referrer.id] = referrer
                    nxt.append(referrer)
        frontier = nxt
    grouped: dict[str, list[Record]] = {name: [] for name in SECTIONS}
    for record in held.values():
        grouped.setdefault(record.type, []).append(record)
    for items in grouped.values():
        items.sort(key=lambda r: r.id)
    history = {rid: records.records.history(rid) for rid in held}
    redact = child_redactor(records).keeping([cyp.id])
    grouped = {
        t: [replace(r, fields=_free_text(redact, t, r.fields)) for r in rs] for t, rs in grouped.items()
    }
    history = {
        rid: [replace(op, fields=_free_text(redact, op.entity_type, op.fields)) for op in ops]
        for rid, ops in history.items()
    }
    access = records.session.access_events(held)
    return SubjectAccessExport(cyp, grouped, history, now.isoformat(timespec="seconds"), service_name, access)


def _free_text(redact: NameRedactor, type_name: str, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with other children's names in each free-text value replaced by their codes."""
    kinds = {f.name: f.kind for f in record_type(type_name).fields} if type_name in TYPES else {}
    return {
        name: redact(value) if isinstance(value, str) and kinds.get(name) in ("text", "longtext") else value
        for name, value in fields.items()
    }


def _when(hlc: str) -> str:
    millis = int(hlc.split(".", maxsplit=1)[0])
    return datetime.fromtimestamp(millis / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def render_text(export: SubjectAccessExport) -> str:
    """A readable plain-text document (UTF-8)."""
    cyp = export.cyp
    lines = [
        "SUBJECT ACCESS EXPORT - CONFIDENTIAL",
        f"Service: {export.service_name}",
        f"Prepared: {export.generated_at}",
        f"About: {cyp.get('given_name', '')} {cyp.get('family_name', '')} ".strip()
        + f"(LinkDesk reference {cyp.get('pseudonym', cyp.id)})",
        "",
        "Other children named in free text are shown by their LinkDesk codes.",
        "",
        "BEFORE RELEASE, the reviewing clinician confirms:",
        *[f"  [ ] {item}" for item in REVIEW_CHECKLIST],
        "",
    ]
    for type_name, title in SECTIONS.items():
        items = export.records.get(type_name, [])
        lines += [f"== {title} ({len(items)}) ==", ""]
        for record in items:
            rtype = record_type(record.type)
            status = " [deleted]" if record.deleted else ""
            lines.append(f"-- {rtype.label} {record.id}{status}")
            for spec in rtype.fields:
                if record.fields.get(spec.name) is not None:
                    lines.append(f"   {spec.title}: {_value(record.fields[spec.name])}")
            lines.append("   History:")
            for op in export.history.get(record.id, []):
                changed = (
                    ", ".join(f"{k} = {_value(v)}" for k, v in sorted(op.fields.items())) or "(no fields)"
                )
                lines.append(f"     {_when(op.hlc)}  {op.kind} by {op.author}: {changed}")
            lines.append("")
    lines += [f"== Who opened, changed, printed or exported these records ({len(export.access)}) ==", ""]
    lines += [f"   {e.at}  {e.action} {e.entity_type} {e.entity_id} by {e.actor}" for e in export.access]
    return "\n".join(lines) + "\n"


def render_json(export: SubjectAccessExport) -> str:
    data = {
        "service": export.service_name,
        "generated_at": export.generated_at,
        "cyp_id": export.cyp.id,
        "review_checklist": list(REVIEW_CHECKLIST),
        "records": {
            t: [{**r.to_json(), "deleted": r.deleted} for r in rs] for t, rs in export.records.items()
        },
        "history": {
            rid: [
                {
                    "op": str(op.op_id),
                    "at": _when(op.hlc),
                    "author": op.author,
                    "kind": op.kind,
                    "fields": op.fields,
                }
                for op in ops
            ]
            for rid, ops in sorted(export.history.items())
        },
        "access": [
            {"at": e.at, "actor": e.actor, "action": e.action, "type": e.entity_type, "id": e.entity_id}
            for e in export.access
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
