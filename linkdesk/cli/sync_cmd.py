"""``linkdesk team ...`` and ``linkdesk sync ...``: identity cards, bundles, conflicts, a shared folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.records_cmd import services_for
from linkdesk.cli.unlock import unlocked
from linkdesk.errors import LinkDeskError
from linkdesk.files import write_output
from linkdesk.services.sync_view import read_file
from linkdesk.services.team_sync import TeamSync, device_name


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    team = sub.add_parser("team", help="the devices this laptop syncs with (identity cards)")
    acts = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    p = acts.add_parser("card", help="write this device's public identity card")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(func=cmd_card)
    p = acts.add_parser("trust", help="trust a teammate's card; prints its fingerprint to compare")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(func=cmd_trust)
    p = acts.add_parser("list", help="the devices this laptop trusts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = acts.add_parser("revoke", help="stop sending to and accepting from a device")
    p.add_argument("device_id", metavar="DEVICE_ID")
    p.set_defaults(func=cmd_revoke)

    sync = sub.add_parser("sync", help="exchange work with teammates by file")
    acts = sync.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    p = acts.add_parser("export", help="write a bundle of what trusted devices have not yet received")
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--full", action="store_true", help="every change this laptop holds")
    p.set_defaults(func=cmd_export)
    p = acts.add_parser("import", help="import a teammate's bundle (all or nothing)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(func=cmd_import)
    p = acts.add_parser("conflicts", help="fields where two people's changes did not see each other")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_conflicts)
    p = acts.add_parser("resolve", help="settle a conflict with the value to keep")
    p.add_argument("conflict_id", metavar="CONFLICT_ID")
    p.add_argument("--value", required=True)
    p.set_defaults(func=cmd_resolve)
    p = acts.add_parser("folder", help="import from and export to a shared folder")
    p.add_argument("folder", type=Path, metavar="DIR")
    p.set_defaults(func=cmd_folder)


def _team(ctx: CliContext, store: Any) -> TeamSync:
    if ctx.services.bundles is None:
        raise LinkDeskError("Sync is not available in this build of LinkDesk.")
    return TeamSync(store, ctx.services.bundles, ctx.services.clock, device_name())


def _write(path: Path, data: bytes, data_dir: Path) -> None:
    write_output(path, data, data_dir)


def cmd_card(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        raw, card = _team(ctx, store).card()
    _write(args.out, raw, ctx.services.home)
    emit(card.fingerprint)
    say(f"Card of {card.name} ({card.device_id}) written to {args.out}. Give it to each teammate in person")
    say("or by any channel, and compare this fingerprint with theirs before they trust it.")
    return 0


def cmd_trust(args: argparse.Namespace, ctx: CliContext) -> int:
    raw = read_file(args.file, "a team card")
    with unlocked(ctx.services) as store:
        card = _team(ctx, store).trust(raw)
    emit(card.fingerprint)
    say(f"Now trusting {card.name} ({card.device_id}). Check that the fingerprint above matches the")
    say("one shown on that laptop; if it does not, run: linkdesk team revoke " + card.device_id)
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        devices = _team(ctx, store).devices()
    if args.json:
        emit_json([d.to_json() for d in devices])
    for d in [] if args.json else devices:
        state = "revoked" if d.revoked_at else f"last heard from {d.last_received_at or 'never'}"
        emit(f"{d.card.device_id}  {d.card.fingerprint}  {d.card.name}  ({state})")
    return 0


def cmd_revoke(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        device = _team(ctx, store).revoke(args.device_id)
    say(f"{device.card.name} ({args.device_id}) is revoked: nothing is sent to it or accepted from it.")
    return 0


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        summary = _team(ctx, store).export(args.out.expanduser(), full=args.full)
    emit(str(summary.path))
    say(f"{summary.ops} change(s) for {len(summary.recipients)} trusted device(s), written and checked.")
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    raw = read_file(args.file, "a bundle")
    with unlocked(ctx.services) as store:
        summary = _team(ctx, store).import_bundle(raw)
    emit(f"{summary.new_ops} new change(s), {summary.conflicts} open conflict(s)")
    if summary.already_imported:
        say(f"This bundle from {summary.sender_name} was imported before; nothing changed.")
    else:
        say(f"Imported {summary.ops} change(s) from {summary.sender_name}; {summary.new_ops} were new here.")
    if summary.purged:
        say(f"{summary.purged} record(s) of closed cases purged by the team's retention policy.")
    if summary.conflicts:
        say("Where two people changed the same field without seeing each other, both values are kept:")
        say("see them with 'linkdesk sync conflicts' and settle each with 'linkdesk sync resolve'.")
    if summary.broken:
        say(
            f"After the merge, {len(summary.broken)} record(s) break a rule that spans fields; "
            "put each right with 'linkdesk update':"
        )
        for broken in summary.broken:
            say(f"  {broken.type} {broken.record_id}: {broken.problem}")
    return 0


def cmd_conflicts(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        records = services_for(ctx, store)[0]
        conflicts, hidden = records.conflicts(), records.hidden_by_delete()
    rows: list[dict[str, Any]] = [
        {
            "conflict_id": c.id,
            "record_type": c.type,
            "record_id": c.record_id,
            "field": c.field,
            "values": [
                {"value": v.value, "author": v.author, "device_id": v.op.rsplit(":", 1)[0], "hlc": v.hlc}
                for v in sorted(c.values, key=lambda v: v.op)
            ],
        }
        for c in conflicts
    ]
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        values = " | ".join(f"{v['value']!r} ({v['author']})" for v in row["values"])
        emit(f"{row['conflict_id']}  {row['record_type']}.{row['field']}: {values}")
    if not rows:
        say("No open conflicts.")
    for c in hidden:
        values = " | ".join(f"{v.value!r} ({v.author}, {v.hlc})" for v in c.values)
        say(f"  deleted {c.type} {c.record_id}: a change to {c.field} its deleter had not seen: {values}")
    return 0


def cmd_resolve(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        record = services_for(ctx, store)[0].resolve(args.conflict_id, args.value)
    emit(record.id)
    say("Settled: the value kept replaces both, and the settlement travels with the next bundle.")
    return 0


def cmd_folder(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        summary = _team(ctx, store).folder(args.folder.expanduser())
    for item in summary.imported:
        emit(f"imported {item.new_ops} new change(s) from {item.sender_name}")
    for name, problem in summary.problems:
        say(f"  {name}: {problem}")
    if summary.exported is not None:
        emit(f"exported {summary.exported.ops} change(s) to {summary.exported.path.name}")
    return 0
