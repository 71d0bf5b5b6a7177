"""``linkdesk schools import FILE [--dry-run] [--la NAME]...``: the GIAS download, CSV or zip."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.progress import TerminalProgress
from linkdesk.cli.records_cmd import services_for
from linkdesk.cli.unlock import unlocked
from linkdesk.errors import ValidationError
from linkdesk.services.gias_source import GiasFile
from linkdesk.services.school_import import ImportOptions, ImportPlan, apply_import, plan_import
from linkdesk.services.school_import_report import counts_text, report_lines, summary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schools = sub.add_parser("schools", help="school lists")
    actions = schools.add_subparsers(dest="schools_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "import", help="import the GIAS download (the .csv, or the .zip GIAS delivers it in)"
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="show what would be created, updated or kept")
    p.add_argument(
        "--la",
        action="append",
        default=[],
        metavar="NAME",
        help="add new schools only from this local authority (repeatable); "
        "schools already in LinkDesk are always brought up to date",
    )
    p.add_argument(
        "--existing-only",
        action="store_true",
        help="only bring the schools already in LinkDesk up to date; add none",
    )
    p.add_argument(
        "--link",
        action="append",
        default=[],
        metavar="URN=ID",
        help="treat GIAS row URN as LinkDesk school ID (or URN=new: add it as a new school)",
    )
    p.add_argument("--json", action="store_true", help="the plan as JSON on stdout")
    p.set_defaults(func=cmd_import)


def options_from(args: argparse.Namespace) -> ImportOptions:
    if args.la and args.existing_only:
        raise ValidationError(
            "Give --la or --existing-only, not both: they choose schools in different ways."
        )
    links = {}
    for pair in args.link:
        urn, sep, target = pair.partition("=")
        if not sep or not urn.strip() or not target.strip():
            raise ValidationError(f"link: {pair!r} is not URN=ID (or URN=new).", "link")
        links[urn.strip()] = target.strip()
    return ImportOptions(tuple(args.la), args.existing_only, tuple(sorted(links.items())))


def _problems(plan: ImportPlan, name: str) -> ValidationError:
    for problem in plan.problems:
        say(f"  row {problem.row}: {problem.message}")
    if plan.more_problems:
        say(f"  ... and {plan.more_problems:,} more")
    total = len(plan.problems) + plan.more_problems
    return ValidationError(f"{total:,} problem(s) in {name}; nothing was imported.")


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    options = options_from(args)
    source = GiasFile(args.file)
    with unlocked(ctx.services) as store:
        records, _casework = services_for(ctx, store)
        reading = TerminalProgress(sys.stderr, f"Reading {source.label}")
        try:
            plan = plan_import(source, records, options, reading)
        finally:
            reading.finish()
        if args.json:
            emit_json(summary(plan))
        if plan.problems:
            raise _problems(plan, args.file.name)
        if not args.json:
            for line in report_lines(plan):
                emit(line)
        counts = counts_text(plan)
        if args.dry_run:
            say(f"Dry run: {counts}. Nothing was changed.")
            return 0
        writing = TerminalProgress(sys.stderr, "Writing schools", unit="schools")
        try:
            apply_import(plan, records, writing)
        finally:
            writing.finish()
        store.audit("import", "school", None, created=len(plan.create), updated=len(plan.update))
    say(f"Imported ({counts}).")
    return 0
