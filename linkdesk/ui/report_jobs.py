"""What the Reports page asks of the DB worker: build a report, export one. No Qt here.

A request names the report and its period; ``build`` turns it into a :class:`Report` through the
report services, exactly as ``linkdesk report`` does; ``export`` renders it through the report
writer (``services.reports``), writes the chosen file atomically and records the export in the
audit log. Sharing applies the store's small-number threshold (and codes for names where the
report offers them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from linkdesk.domain.calendar import Closure, academic_year_of, term_containing
from linkdesk.domain.ports import StoreSession
from linkdesk.domain.reporting import Report
from linkdesk.domain.reporting_disclosure import suppress
from linkdesk.domain.reporting_periods import Period, iso_week, named_period
from linkdesk.errors import ValidationError
from linkdesk.files import write_output
from linkdesk.services.app_services import Services
from linkdesk.services.calendar import CalendarService
from linkdesk.services.me import read_me
from linkdesk.services.report_ports import FORMATS
from linkdesk.services.report_service import service_report
from linkdesk.services.report_weekly import weekly_report
from linkdesk.services.settings_admin import SUPPRESS
from linkdesk.ui.session import casework_for

#: The periods a service report offers, in the order the page lists them.
PERIODS = {"term": "This term", "academic": "This academic year", "financial": "This financial year"}
CUSTOM = "custom"


@dataclass(frozen=True)
class WeeklyRequest:
    week: str
    staff_id: str | None = None


@dataclass(frozen=True)
class ServiceRequest:
    period: str
    group_by: str = "school"
    start: date | None = None
    end: date | None = None


Request = WeeklyRequest | ServiceRequest


@dataclass(frozen=True)
class Sharing:
    """How a shared copy is made safer: codes for names, counts under ``suppress_under`` withheld."""

    pseudonymise: bool
    suppress_under: int | None


@dataclass(frozen=True)
class Choices:
    """What the page's pickers offer, read once the store is open."""

    staff: tuple[tuple[str, str], ...]
    suppress_under: int
    #: This laptop's user (Settings), whose week the summary shows by default; None: the team's.
    me: str | None = None


def iso_week_name(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def last_weeks(today: date, count: int = 52) -> list[tuple[str, str]]:
    """(``YYYY-Www``, how it reads) for this week and the ``count`` before it, newest first."""
    monday = today - timedelta(days=today.weekday())
    weeks = []
    for n in range(count + 1):
        start = monday - timedelta(weeks=n)
        end = start + timedelta(days=6)
        span = f"{start.day} {start:%b} to {end.day} {end:%b %Y}"
        weeks.append((iso_week_name(start), f"{iso_week_name(start)}  ·  {span}"))
    return weeks


def service_period(request: ServiceRequest, today: date, closures: tuple[Closure, ...] = ()) -> Period:
    """The period a service request covers; a custom range must not end before it starts."""
    if request.period == CUSTOM:
        if request.start is None or request.end is None:
            raise ValidationError("from: choose the first and last day of the range.", "from")
        if request.end < request.start:
            raise ValidationError("to: the last day is before the first day; choose a later date.", "to")
        return Period(request.start, request.end, "")
    if request.period == "term":
        term = term_containing(today, closures)
        return Period(term.start, term.end, f"{term.name.capitalize()} term")
    if request.period == "academic":
        year = academic_year_of(today)
        return named_period(f"{year}/{(year + 1) % 100:02d}")
    if request.period == "financial":
        year = today.year if today.month >= 4 else today.year - 1
        return named_period(f"FY{year}/{(year + 1) % 100:02d}")
    raise ValidationError(f"period: {request.period!r} is not a period this page offers.", "period")


def choices(store: StoreSession, today: Callable[[], date]) -> Choices:
    """The staff list (by name), the store's small-number threshold and who "me" is."""
    records = casework_for(store, today).records
    staff = sorted(
        ((s.id, str(s.get("name") or "Unnamed worker")) for s in records.find("staff")),
        key=lambda pair: pair[1].lower(),
    )
    me = read_me(records)
    return Choices(tuple(staff), SUPPRESS.read(store.setting(SUPPRESS.key)), me.staff_id if me else None)


def build(
    store: StoreSession, services: Services, request: Request, sharing: Sharing | None = None
) -> Report:
    """The report for ``request``, made on the DB worker from the open store."""
    casework = casework_for(store, services.today)
    records = casework.records
    closures = CalendarService(records, None, services.clock.now).closures()
    service_name = store.setting("service_name", "") or ""
    if isinstance(request, WeeklyRequest):
        report = weekly_report(
            records,
            iso_week(request.week),
            request.staff_id,
            closures=closures,
            stalled_days=casework.stalled_after_days,
            service_name=service_name,
        )
        if sharing is not None and sharing.suppress_under:
            report = suppress(report, sharing.suppress_under)
        return report
    return service_report(
        records,
        service_period(request, services.today(), closures),
        request.group_by,
        registry=services.measure_registry(),
        closures=closures,
        service_name=service_name,
        pseudonymise=sharing.pseudonymise if sharing else False,
        suppress_under=sharing.suppress_under if sharing else None,
    )


def file_stem(request: Request, today: date) -> str:
    """A file name with no personal data in it: the kind of report and its period."""
    if isinstance(request, WeeklyRequest):
        return f"weekly-{request.week}"
    if request.period == CUSTOM and request.start and request.end:
        return f"service-{request.start.isoformat()}-to-{request.end.isoformat()}-by-{request.group_by}"
    return f"service-{request.period}-{today.isoformat()}-by-{request.group_by}"


def export(
    store: StoreSession,
    services: Services,
    request: Request,
    fmt: str,
    path: Path,
    sharing: Sharing | None = None,
) -> Path:
    """Build, render through the report writer and write ``path``; returns the file written."""
    if fmt not in FORMATS:
        raise ValidationError(f"format: choose one of {', '.join(FORMATS)}.", "format")
    services.managed.require_format(fmt)
    output = services.reports
    if output is None:
        raise ValidationError("This installation cannot write report files: no report writer is set up.")
    report = build(store, services, request, sharing)
    data = output.render(report, fmt)
    out = write_output(path, data, services.home)
    audit = getattr(store, "audit", None)
    if callable(audit):
        audit(
            "export",
            "report",
            None,
            kind=report.kind,
            format=fmt,
            suppressed=sharing.suppress_under or 0 if sharing else 0,
            pseudonymised=bool(sharing and sharing.pseudonymise and report.pseudonymised),
        )
    return out
