"""What a school-list import will do, in words (dry run, GUI preview) and as JSON (``--json``).

Every line names the school (URN and name) and shows the old and new value of each field it
changes; a value LinkDesk changed that GIAS changed too is shown with both.
"""

from __future__ import annotations

from typing import Any

from linkdesk.domain.gias import STATUS_WORDS
from linkdesk.domain.gias_merge import Kept
from linkdesk.services.school_import import FieldChange, ImportPlan, NearMatch, SchoolChange

#: The fields the dry run names, in plain words.
FIELD_WORDS = {
    "urn": "URN",
    "name": "name",
    "setting_type": "setting",
    "gias_status": "GIAS status",
    "closed_on": "closed on",
    "address": "address",
    "postcode": "postcode",
    "local_authority": "local authority",
    "phone": "phone",
    "phone_original": "phone as GIAS gives it",
}


def _value(value: Any) -> str:
    return "(empty)" if value is None or value == "" else f'"{value}"'


def _change(change: FieldChange) -> str:
    return f"{FIELD_WORDS.get(change.field, change.field)} {_value(change.old)} -> {_value(change.new)}"


def _kept(kept: Kept) -> str:
    was = f"{_value(kept.was)} -> " if kept.was is not None else ""
    return (
        f"{FIELD_WORDS.get(kept.field, kept.field)}: LinkDesk's {_value(kept.local)} kept "
        f"(changed here); GIAS has {was}{_value(kept.gias)}"
    )


def _status(change: SchoolChange) -> str:
    return "" if change.gias_status == "open" else f"; {STATUS_WORDS[change.gias_status]}"


def school_lines(change: SchoolChange, setting: str = "") -> list[str]:
    head = f"{change.urn}  {change.name}"
    lines: list[str] = []
    if change.action == "create":
        lines.append(f"create  {head}  ({setting}{_status(change)})")
    elif change.action == "link":
        how = "as chosen" if change.how == "--link" else f"({change.how})"
        fields = "; ".join(_change(c) for c in change.changes)
        lines.append(f"link    {head}: a LinkDesk school linked to this GIAS row {how}: {fields}")
    elif change.changes:
        closed = any(c.field == "gias_status" and c.new == "closed" for c in change.changes)
        verb = "closed " if closed else "update "
        lines.append(f"{verb} {head}: " + "; ".join(_change(c) for c in change.changes))
    lines.extend(f"keep    {head}: {_kept(k)}" for k in change.kept)
    return lines


def near_line(near: NearMatch) -> str:
    options = "; ".join(f'"{name}" ({school_id})' for school_id, name in near.candidates)
    where = f" ({near.postcode})" if near.postcode else ""
    return (
        f"near    {near.urn}  {near.name}{where}: held back, it may be LinkDesk's {options}. "
        f"Link it with --link {near.urn}=ID, or add it as a new school with --link {near.urn}=new"
    )


def report_lines(plan: ImportPlan) -> list[str]:
    """The dry run, one line per school (and one per value kept), in the order of the file."""
    settings = {str(f["urn"]): str(f.get("setting_type", "")) for f in plan.create}
    lines: list[str] = []
    for change in plan.changes:
        lines.extend(school_lines(change, settings.get(change.urn, "")))
    lines.extend(near_line(n) for n in plan.near)
    return lines


def counts_text(plan: ImportPlan) -> str:
    parts = [
        f"{plan.count('create')} to create",
        f"{plan.count('update') + plan.count('link')} to update",
    ]
    if plan.count("link"):
        parts.append(f"{plan.count('link')} of them linked by name and postcode or --link")
    if plan.closed:
        parts.append(f"{len(plan.closed)} now closed in GIAS")
    if plan.near:
        parts.append(f"{len(plan.near)} possible match(es) held back")
    if any(c.kept for c in plan.changes):
        parts.append(f"{sum(len(c.kept) for c in plan.changes)} local change(s) kept")
    parts.append(f"{plan.unchanged} unchanged")
    skipped = [f"{count:,} {reason}" for reason, count in sorted(plan.skipped.items())]
    text = ", ".join(parts)
    if skipped:
        text += "; rows not imported: " + ", ".join(skipped)
    if plan.snapshots_only:
        text += f"; GIAS's values recorded on {plan.snapshots_only} school(s) for the next import"
    return text


def summary(plan: ImportPlan) -> dict[str, Any]:
    """The plan as JSON (``--json``)."""

    def change_json(c: SchoolChange) -> dict[str, Any]:
        return {
            "action": c.action,
            "urn": c.urn,
            "name": c.name,
            "id": c.school_id,
            "gias_status": c.gias_status,
            "changes": [{"field": f.field, "old": f.old, "new": f.new} for f in c.changes],
            "kept": [{"field": k.field, "linkdesk": k.local, "was": k.was, "gias": k.gias} for k in c.kept],
        }

    return {
        "source": plan.source,
        "encoding": plan.encoding,
        "rows": plan.rows,
        "create": [
            {
                "urn": f["urn"],
                "name": f["name"],
                "setting_type": f["setting_type"],
                "gias_status": f["gias_status"],
            }
            for f in plan.create
        ],
        "changes": [change_json(c) for c in plan.changes if c.action != "create"],
        "closed": [{"urn": c.urn, "name": c.name, "id": c.school_id} for c in plan.closed],
        "near": [
            {
                "row": n.row,
                "urn": n.urn,
                "name": n.name,
                "postcode": n.postcode,
                "candidates": [{"id": i, "name": name} for i, name in n.candidates],
            }
            for n in plan.near
        ],
        "unchanged": plan.unchanged,
        "skipped": dict(sorted(plan.skipped.items())),
        "problems": [{"row": p.row, "message": p.message} for p in plan.problems],
        "more_problems": plan.more_problems,
    }
