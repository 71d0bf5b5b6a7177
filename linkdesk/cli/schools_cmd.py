"""``linkdesk schools import FILE.csv [--dry-run]``: GIAS-style school lists."""

from __future__ import annotations

import argparse
from pathlib import Path

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.records_cmd import services_for
from linkdesk.cli.unlock import unlocked
from linkdesk.errors import FileProblem, ValidationError
from linkdesk.services.school_import import ImportPlan, apply_import, plan_import


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schools = sub.add_parser("schools", help="school lists")
    actions = schools.add_subparsers(dest="schools_command", metavar="ACTION", required=True)
    p = actions.add_parser("import", help="import a GIAS-style CSV (URN, EstablishmentName, ...)")
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="show what would be created, updated or skipped")
    p.add_argument("--json", action="store_true", help="the plan as JSON on stdout")
    p.set_defaults(func=cmd_import)


def _read(path: Path) -> bytes:
    try:
        return path.expanduser().read_bytes()
    except FileNotFoundError:
        raise FileProblem(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise FileProblem(f"{path} is a folder, not a CSV file.") from None
    except OSError as exc:
        raise FileProblem(f"Could not read {path}: {exc.strerror}.") from None


def _report(plan: ImportPlan) -> None:
    for fields in plan.create:
        emit(f"create  {fields['urn']}  {fields['name']}  ({fields['setting_type']})")
    for school_id, changes in plan.update:
        emit(f"update  {school_id}  {', '.join(sorted(changes))}")
    for row, urn, reason in plan.skip:
        emit(f"skip    {urn}  row {row}: {reason}")


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    raw = _read(args.file)
    with unlocked(ctx.services) as store:
        records, _casework = services_for(ctx, store)
        plan = plan_import(raw, records)
        if args.json:
            emit_json(plan.summary())
        if plan.problems:
            for problem in plan.problems:
                say(f"  row {problem.row}: {problem.message}")
            raise ValidationError(
                f"{len(plan.problems)} problem(s) in {args.file.name}; nothing was imported."
            )
        if not args.json:
            _report(plan)
        counts = f"{len(plan.create)} to create, {len(plan.update)} to update, {len(plan.skip)} skipped"
        if args.dry_run:
            say(f"Dry run: {counts}. Nothing was changed.")
            return 0
        apply_import(plan, records)
        store.audit("import", "school", None, created=len(plan.create), updated=len(plan.update))
    say(f"Imported ({counts}).")
    return 0
