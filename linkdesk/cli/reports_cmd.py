"""``linkdesk report weekly|service``: the weekly caseload summary and the service report.

    linkdesk report weekly --week YYYY-Www [--staff ID] --format pdf|csv|xlsx --out FILE
    linkdesk report service --from DATE --to DATE [--group-by school|staff|setting_type|cluster]
        --format pdf|csv|xlsx --out FILE [--suppress-under N] [--pseudonymise]

``--format`` may be left out when ``--out`` ends in .pdf, .csv or .xlsx. ``report service`` also
takes ``--period`` (a week, term, academic or financial year, or month) instead of the dates.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, say
from linkdesk.cli.records_cmd import services_for
from linkdesk.cli.unlock import unlocked
from linkdesk.domain.reporting import Report
from linkdesk.domain.reporting_groups import GROUP_BY
from linkdesk.domain.reporting_periods import PERIOD_HELP, Period, date_range, iso_week, named_period
from linkdesk.errors import ValidationError
from linkdesk.files import write_output
from linkdesk.services.calendar import CalendarService
from linkdesk.services.report_ports import FORMATS, ReportOutput
from linkdesk.services.report_service import service_report
from linkdesk.services.report_weekly import weekly_report


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("report", help="weekly caseload summary or service report as PDF, CSV or XLSX")
    kinds = p.add_subparsers(dest="report", metavar="REPORT", required=True)

    w = kinds.add_parser("weekly", help="one worker's (or the team's) week: visits, cases, referrals, time")
    w.add_argument("--week", required=True, metavar="YYYY-Www", help="ISO week, e.g. 2026-W47")
    w.add_argument("--staff", metavar="ID", help="the worker (default: the whole team)")
    _output_options(w)
    w.set_defaults(func=cmd_weekly)

    s = kinds.add_parser(
        "service", help="the service over a period, by school, worker, setting type or cluster"
    )
    s.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD), inclusive")
    s.add_argument("--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD), inclusive")
    s.add_argument("--period", metavar="NAME", help=f"instead of --from/--to: {PERIOD_HELP}")
    s.add_argument("--group-by", choices=GROUP_BY, default="school", help="default: school")
    _output_options(s)
    s.add_argument(
        "--suppress-under", type=int, metavar="N", help="show every count below N as <N (10 is usual)"
    )
    s.add_argument(
        "--pseudonymise", action="store_true", help="schools, workers and clusters by code, not name"
    )
    s.set_defaults(func=cmd_service)


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format", choices=FORMATS, help="pdf, csv or xlsx (default: from the --out file's ending)"
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE")


def output_format(args: argparse.Namespace, ctx: CliContext | None = None) -> str:
    """The report's format; FeatureOff when the organisation has turned that kind of file off."""
    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError(
            f"format: give --format {'|'.join(FORMATS)} (or an --out file ending in one).", "format"
        )
    if ctx is not None:
        ctx.services.managed.require_format(str(fmt))
    return str(fmt)


def report_output(ctx: CliContext) -> ReportOutput:
    """The report writer ``app.py`` wires into the services."""
    output: ReportOutput | None = getattr(ctx.services, "reports", None)
    if output is None:
        raise ValidationError("This installation cannot write report files: no report writer is set up.")
    return output


def _save(ctx: CliContext, store: object, report: Report, args: argparse.Namespace, **detail: object) -> Path:
    fmt = output_format(args, ctx)
    out = write_output(args.out, report_output(ctx).render(report, fmt), ctx.services.home)
    store.audit("export", "report", None, kind=report.kind, format=fmt, **detail)  # type: ignore[attr-defined]
    return out


def cmd_weekly(args: argparse.Namespace, ctx: CliContext) -> int:
    output_format(args, ctx)
    report_output(ctx)
    week = iso_week(args.week)
    with unlocked(ctx.services) as store:
        records, casework = services_for(ctx, store)
        report = weekly_report(
            records,
            week,
            args.staff,
            closures=CalendarService(records, None, ctx.services.clock.now).closures(),
            stalled_days=casework.stalled_after_days,
            service_name=store.setting("service_name", "") or "",
        )
        out = _save(ctx, store, report, args, week=args.week, staff=args.staff or "team")
    emit(str(out))
    return 0


def _period(args: argparse.Namespace, calendar: CalendarService) -> Period:
    if args.period:
        if args.start or args.end:
            raise ValidationError("period: give either --period or --from and --to, not both.", "period")
        return named_period(args.period, calendar.closures())
    if not args.start or not args.end:
        raise ValidationError("from: give --from and --to (YYYY-MM-DD), or --period.", "from")
    return date_range(args.start, args.end)


def cmd_service(args: argparse.Namespace, ctx: CliContext) -> int:
    output_format(args, ctx)
    report_output(ctx)
    with unlocked(ctx.services) as store:
        records, _casework = services_for(ctx, store)
        calendar = CalendarService(records, None, ctx.services.clock.now)
        period = _period(args, calendar)
        registry = getattr(ctx.services, "measure_registry", None)
        report = service_report(
            records,
            period,
            args.group_by,
            registry=registry() if registry else None,
            closures=calendar.closures(),
            service_name=store.setting("service_name", "") or "",
            pseudonymise=args.pseudonymise,
            suppress_under=args.suppress_under,
        )
        out = _save(
            ctx,
            store,
            report,
            args,
            start=period.start.isoformat(),
            end=period.end.isoformat(),
            group_by=args.group_by,
            suppressed=args.suppress_under or 0,
            pseudonymised=args.pseudonymise,
        )
    emit(str(out))
    if not args.suppress_under or not args.pseudonymise:
        say("This report is not anonymised for sharing: use --suppress-under 10 --pseudonymise for that.")
    return 0
