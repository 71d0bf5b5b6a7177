"""``linkdesk calendar``: export visits to .ics, import term dates, plan recurring visits.

    linkdesk calendar export --out FILE.ics [--from DATE --to DATE] [--staff ID]
    linkdesk calendar terms import FILE.ics|FILE.csv [--school ID] [--replace]
    linkdesk calendar terms list [--json]
    linkdesk calendar plan --school ID --pattern weekly|fortnightly|termly --from DATE --to DATE
        [--staff ID] [--time HH:MM] [--minutes N] [--kind KIND] [--dry-run] [--json]

The export carries school names, times and visit kinds, never a child's name.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.records_cmd import services_for
from linkdesk.cli.reports_cmd import report_output
from linkdesk.cli.unlock import unlocked
from linkdesk.domain import vocab as v
from linkdesk.domain.calendar import PATTERNS
from linkdesk.domain.reporting_periods import date_range, parse_day
from linkdesk.errors import FileProblem
from linkdesk.files import write_output
from linkdesk.services.calendar import CalendarService


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("calendar", help="visit calendar: .ics export, term dates, recurring visits")
    actions = p.add_subparsers(dest="calendar", metavar="ACTION", required=True)

    e = actions.add_parser("export", help="visits as an .ics file for Outlook (no child's name in it)")
    e.add_argument("--out", required=True, type=Path, metavar="FILE.ics")
    e.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD), inclusive")
    e.add_argument("--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD), inclusive")
    e.add_argument("--staff", metavar="ID", help="only this worker's visits")
    e.set_defaults(func=cmd_export)

    t = actions.add_parser("terms", help="school holidays from a term-dates calendar")
    terms = t.add_subparsers(dest="terms", metavar="ACTION", required=True)
    i = terms.add_parser(
        "import", help="add the holidays, half terms and INSET days of an .ics or .csv (title,start,end) file"
    )
    i.add_argument("file", type=Path, metavar="FILE.ics|FILE.csv")
    i.add_argument("--school", metavar="ID", help="the dates are this school's own (default: every school)")
    i.add_argument(
        "--replace", action="store_true", help="replace the dates imported before (for that school)"
    )
    i.set_defaults(func=cmd_terms_import)
    ls = terms.add_parser("list", help="the school holidays in use")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_terms_list)

    pl = actions.add_parser("plan", help="plan recurring visits, skipping bank and school holidays")
    pl.add_argument("--school", required=True, metavar="ID")
    pl.add_argument("--pattern", required=True, choices=PATTERNS)
    pl.add_argument("--from", dest="start", required=True, metavar="DATE", help="the first visit's day")
    pl.add_argument("--to", dest="end", required=True, metavar="DATE", help="last possible day, inclusive")
    pl.add_argument("--staff", metavar="ID")
    pl.add_argument("--time", metavar="HH:MM", help="start time")
    pl.add_argument("--minutes", type=int, metavar="N", help="planned length")
    pl.add_argument("--kind", default="case_discussion", choices=v.VISIT_KINDS)
    pl.add_argument("--dry-run", action="store_true", help="show the days without adding visits")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_plan)


def _calendar(ctx: CliContext, store: object, with_files: bool = False) -> CalendarService:
    records, _casework = services_for(ctx, store)
    return CalendarService(records, report_output(ctx) if with_files else None, ctx.services.clock.now)


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.services.managed.require("calendar_export")
    first = parse_day(args.start, "from") if args.start else None
    last = parse_day(args.end, "to") if args.end else None
    if first and last:
        date_range(args.start, args.end)  # refuses a range that ends before it starts
    report_output(ctx)
    with unlocked(ctx.services) as store:
        data, events = _calendar(ctx, store, True).export(first, last, args.staff)
        out = write_output(args.out, data, ctx.services.home)
        store.audit("export", "calendar", None, kind="ics", events=events)
    emit(str(out))
    say(f"{events} visit(s) written. The file names schools and visit kinds only, never a child.")
    return 0


def cmd_terms_import(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        data = args.file.expanduser().read_bytes()
    except OSError as exc:
        raise FileProblem(f"Could not read {args.file}: {exc.strerror or exc}.") from None
    with unlocked(ctx.services) as store:
        result = _calendar(ctx, store, True).import_term_dates(data, args.school, replace=args.replace)
    emit(str(len(result.closures)))
    for closure in result.closures:
        say(f"  {closure.start} to {closure.end}  {closure.label}")
    if result.ignored:
        say(
            f"Ignored {len(result.ignored)} entr(ies) that are not holidays or terms: "
            + ", ".join(result.ignored[:5])
        )
    return 0


def cmd_terms_list(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        closures = _calendar(ctx, store).closures()
    rows = [
        {"start": c.start.isoformat(), "end": c.end.isoformat(), "label": c.label, "school_id": c.school_id}
        for c in closures
    ]
    if args.json:
        emit_json(rows)
    else:
        for row in rows:
            emit(
                f"{row['start']}  {row['end']}  {row['label']}"
                + (f"  ({row['school_id']})" if row["school_id"] else "")
            )
    return 0


def cmd_plan(args: argparse.Namespace, ctx: CliContext) -> int:
    period = date_range(args.start, args.end)
    with unlocked(ctx.services) as store:
        plan = _calendar(ctx, store).plan(
            args.school,
            args.pattern,
            period,
            staff_id=args.staff,
            start_time=args.time,
            minutes=args.minutes,
            kind=args.kind,
            dry_run=args.dry_run,
        )
    if args.json:
        emit_json(
            {
                "created": [r.id for r in plan.created],
                "dates": [d.isoformat() for d in plan.planned],
                "skipped": [{"date": o.day.isoformat(), "reason": o.skipped} for o in plan.skipped],
                "already_visited": [d.isoformat() for d in plan.already],
                "warnings": plan.warnings,
            }
        )
    else:
        for record in plan.created:
            emit(record.id)
    verb = "would be planned" if args.dry_run else "planned"
    say(
        f"{len(plan.planned)} visit(s) {verb}; {len(plan.skipped)} day(s) skipped; "
        f"{len(plan.already)} already had a visit."
    )
    for occurrence in plan.skipped:
        say(f"  skipped {occurrence.day:%a %d %b %Y}: {occurrence.skipped}")
    for warning in plan.warnings:
        say(f"Warning: {warning}")
    return 0
