"""Records commands: add, update, delete, show, list, search, dump, state-hash, conflicts."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.unlock import unlocked
from linkdesk.domain import rules
from linkdesk.domain.records import Record
from linkdesk.domain.schema import TYPES
from linkdesk.errors import ValidationError
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService

TYPE_HELP = "record type: " + ", ".join(sorted(TYPES))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("add", help="add a record; prints its id")
    p.add_argument("type", help=TYPE_HELP)
    p.add_argument("fields", nargs="*", metavar="FIELD=VALUE")
    p.add_argument("--json", action="store_true", help="print the whole record as JSON")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("update", help="change fields of a record")
    p.add_argument("type", help=TYPE_HELP)
    p.add_argument("id")
    p.add_argument("fields", nargs="*", metavar="FIELD=VALUE", help="an empty VALUE clears the field")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_update)

    p = sub.add_parser("delete", help="delete a record (kept in the history as a tombstone)")
    p.add_argument("type", help=TYPE_HELP)
    p.add_argument("id")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("show", help="one record")
    p.add_argument("type", help=TYPE_HELP)
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("list", help="current records of a type, optionally filtered by FIELD=VALUE")
    p.add_argument("type", help=TYPE_HELP)
    p.add_argument("filters", nargs="*", metavar="FIELD=VALUE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("search", help="full-text search over names, notes and discussion items")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("dump", help="every current record and open conflict, canonical JSON")
    p.add_argument("--json", action="store_true", help="(the only format)")
    p.set_defaults(func=cmd_dump)

    p = sub.add_parser("state-hash", help="SHA-256 of 'dump --json', to compare devices")
    p.set_defaults(func=cmd_state_hash)


def parse_assignments(items: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValidationError(f"'{item}' is not FIELD=VALUE.")
        if name in fields:
            raise ValidationError(f"{name}: given twice.", name)
        fields[name] = value
    return fields


def services_for(ctx: CliContext, store: Any) -> tuple[RecordService, Casework]:
    records = RecordService(store, ctx.services.today)
    stalled_days = store.setting("stalled_referral_days")
    return records, Casework(records, int(stalled_days) if stalled_days else rules.DEFAULT_STALLED_DAYS)


def show_record(record: Record, as_json: bool, extra: dict[str, Any] | None = None) -> None:
    data = record.to_json()
    if record.conflicted:
        data["conflicted"] = list(record.conflicted)
    if extra:
        data["derived"] = extra
    if as_json:
        emit_json(data)
    else:
        for key, value in data.items():
            emit(f"{key}: {value}")


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    fields = parse_assignments(args.fields)
    with unlocked(ctx.services) as store:
        _records, casework = services_for(ctx, store)
        record = casework.add(args.type, fields)
    return _written(record, args.json)


def cmd_update(args: argparse.Namespace, ctx: CliContext) -> int:
    fields = parse_assignments(args.fields)
    with unlocked(ctx.services) as store:
        records, _casework = services_for(ctx, store)
        record = records.update(args.type, args.id, fields)
    return _written(record, args.json)


def _written(record: Record, as_json: bool) -> int:
    """After add or update: the id alone, or with --json the whole record."""
    if as_json:
        show_record(record, True)
    else:
        emit(record.id)
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        records, _casework = services_for(ctx, store)
        records.delete(args.type, args.id)
    emit(args.id)
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        records, casework = services_for(ctx, store)
        record = records.get(args.type, args.id)
        extra: dict[str, Any] | None = None
        if record.type == "referral":
            view = casework.referral_view(record.id)
            extra = {"waiting_days": view.waiting_days, "stalled": view.stalled, "events": len(view.events)}
        elif record.type == "cyp":
            extra = {"consent": casework.consent_state(record.id)}
    show_record(record, args.json, extra)
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    filters = parse_assignments(args.filters)
    with unlocked(ctx.services) as store:
        records, _casework = services_for(ctx, store)
        found = records.find(args.type, filters)
    if args.json:
        emit_json([r.to_json() for r in found])
    else:
        rtype = TYPES[args.type]
        for record in found:
            title = " ".join(str(record.get(f)) for f in rtype.title_fields if record.get(f) is not None)
            emit(f"{record.id}  {title or rtype.label}")
        say(f"{len(found)} {args.type} record(s)")
    return 0


def cmd_search(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        hits = store.records.search(args.query)
    if args.json:
        emit_json([{"id": r.id, "type": r.type, "snippet": snippet} for r, snippet in hits])
    else:
        for record, snippet in hits:
            emit(f"{record.type:16} {record.id}  {snippet}")
    return 0


def cmd_dump(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        text = store.records.dump_text()
    sys.stdout.write(text)
    return 0


def cmd_state_hash(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        emit(store.records.state_hash())
    return 0
