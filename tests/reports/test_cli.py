"""``linkdesk report`` and ``linkdesk calendar`` as the contract fixes them, run in process.

Until ``cli/main.py`` registers these commands and ``app.py`` wires a ``ReportFiles`` into the
services, the fixture adds both for the test; the last test runs the real ``linkdesk`` command
once they are wired.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest

from linkdesk import app
from linkdesk.cli import calendar_cmd, reports_cmd
from linkdesk.cli import main as cli_main
from linkdesk.cli.context import CliContext
from linkdesk.reports import ReportFiles
from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock, Result
from tests.reports.test_calendar import CANARIES, ICS_TERMS
from tests.reports.test_weekly import ANN
from tests.reports.world import TODAY, World, build_world

WIRED = reports_cmd in cli_main.COMMAND_MODULES and "reports" in {
    f.name for f in dataclasses.fields(Services)
}


class _WithReports:
    """The app's services plus the report writer ``app.py`` will construct."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self.reports = ReportFiles()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._services, name)


@pytest.fixture
def shared(vault: Vault) -> World:
    """The report world in the store of ``home`` (the CLI opens it with the same passphrase)."""
    store, _code = vault.create("Test Link Team", PASSPHRASE)
    with store:
        records = RecordService(store, lambda: TODAY)
        return build_world(records, Casework(records))


@pytest.fixture
def run(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Result]:
    if reports_cmd not in cli_main.COMMAND_MODULES:
        monkeypatch.setattr(
            cli_main, "COMMAND_MODULES", (*cli_main.COMMAND_MODULES, reports_cmd, calendar_cmd)
        )
    monkeypatch.setenv("LINKDESK_PASSPHRASE", PASSPHRASE)
    clock = FrozenClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))

    def context(folder: str | None) -> CliContext:
        services = dataclasses.replace(app.build_services(str(home)), clock=clock)
        return CliContext(services if getattr(services, "reports", None) else _WithReports(services))  # type: ignore[arg-type]

    def invoke(*args: str) -> Result:
        try:
            code = cli_main.run(list(args), context)
        except SystemExit as exc:  # a usage error, as argparse reports it
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return invoke


def test_weekly_csv_as_the_contract_says(run: Callable[..., Result], shared: World, tmp_path: Path) -> None:
    out = tmp_path / "week.csv"
    result = run(
        "report", "weekly", "--week", "2026-W47", "--staff", shared["A"], "--format", "csv", "--out", str(out)
    )
    assert (result.code, result.out.strip()) == (0, str(out.resolve()))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["metric", "value"]
    assert dict(rows[1:]) == {key: str(value) for key, value in ANN.items()}


def test_weekly_formats_and_refusals(run: Callable[..., Result], shared: World, tmp_path: Path) -> None:
    assert run("report", "weekly", "--week", "2026-W47", "--out", str(tmp_path / "w.xlsx")).code == 0
    assert (tmp_path / "w.xlsx").read_bytes()[:2] == b"PK"
    pdf = tmp_path / "w.pdf"
    assert run("report", "weekly", "--week", "2026-W47", "--format", "pdf", "--out", str(pdf)).code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    for args, words in (
        (("--week", "2026-W47", "--staff", shared["S1"]), "no staff member"),
        (("--week", "2026-W47", "--staff", "nobody"), "staff"),
        (("--week", "2026-W54"), "not an ISO week"),
        (("--week", "47"), "not an ISO week"),
    ):
        refused = run("report", "weekly", *args, "--format", "csv", "--out", str(tmp_path / "no.csv"))
        assert refused.code == 1 and words in refused.err, refused.err
        assert refused.err.count("\n") == 1 and "Traceback" not in refused.err
    assert not (tmp_path / "no.csv").exists()
    no_format = run("report", "weekly", "--week", "2026-W47", "--out", str(tmp_path / "w.txt"))
    assert no_format.code == 1 and "format" in no_format.err
    assert run("report", "weekly", "--week", "2026-W47", "--format", "doc", "--out", "x").code == 2


def test_service_reports(run: Callable[..., Result], shared: World, tmp_path: Path) -> None:
    out = tmp_path / "service.csv"
    args = (
        "report",
        "service",
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
        "--format",
        "csv",
        "--out",
        str(out),
    )
    assert run(*args).code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["table", "group", "metric", "value"]
    assert ["activity", "Alder Primary", "visits_planned", "3"] in rows
    shared_out = tmp_path / "shared.csv"
    result = run(
        *args[:-1], str(shared_out), "--group-by", "cluster", "--suppress-under", "10", "--pseudonymise"
    )
    assert result.code == 0 and result.err == ""
    text = shared_out.read_text(encoding="utf-8")
    assert "Cluster 0" in text and "North" not in text and "Alder" not in text
    assert ["summary", "all", "visits_planned", "[c]"] in list(csv.reader(io.StringIO(text)))
    assert run("report", "service", "--period", "autumn-2026", "--out", str(tmp_path / "term.pdf")).code == 0
    empty = run(
        "report", "service", "--from", "2031-01-01", "--to", "2031-01-31", "--out", str(tmp_path / "e.xlsx")
    )
    assert empty.code == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--from", "2026-11-22", "--to", "2026-11-16"), "before the start"),
        (("--from", "2026-11-16"), "give --from and --to"),
        (("--from", "16/11/2026", "--to", "2026-11-22"), "not a date"),
        (("--period", "2026/27", "--from", "2026-09-01"), "not both"),
        (("--period", "winter"), "not a period"),
        (("--from", "2026-11-16", "--to", "2026-11-22", "--suppress-under", "0"), "suppress-under"),
    ],
)
def test_service_refusals(
    run: Callable[..., Result], shared: World, tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    result = run("report", "service", *args, "--format", "csv", "--out", str(tmp_path / "x.csv"))
    assert result.code == 1 and words in result.err, result.err
    assert not (tmp_path / "x.csv").exists()


def test_bad_grouping_is_a_usage_error(run: Callable[..., Result], tmp_path: Path) -> None:
    args = (
        "--from",
        "2026-11-16",
        "--to",
        "2026-11-22",
        "--group-by",
        "region",
        "--out",
        str(tmp_path / "x.csv"),
    )
    assert run("report", "service", *args).code == 2


def test_calendar_commands(run: Callable[..., Result], shared: World, tmp_path: Path) -> None:
    ics = tmp_path / "visits.ics"
    result = run("calendar", "export", "--out", str(ics))
    assert result.code == 0 and result.out.strip() == str(ics.resolve())
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert len(events) == 10
    assert not [c for c in CANARIES if c in ics.read_text(encoding="utf-8").lower()]
    week = run("calendar", "export", "--out", str(ics), "--from", "2026-11-16", "--to", "2026-11-22")
    assert week.code == 0 and len(list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))) == 7
    backwards = run(
        "calendar", "export", "--out", str(tmp_path / "b.ics"), "--from", "2026-12-01", "--to", "2026-11-01"
    )
    assert backwards.code == 1 and not (tmp_path / "b.ics").exists()

    terms = tmp_path / "terms.ics"
    terms.write_bytes(ICS_TERMS)
    imported = run("calendar", "terms", "import", str(terms))
    assert (imported.code, imported.out.strip()) == (0, "2") and "Sports day" in imported.err
    listed = run("calendar", "terms", "list", "--json")
    assert [c["label"] for c in json.loads(listed.out)] == ["Autumn half term", "Christmas holiday"]
    plan = run(
        "calendar",
        "plan",
        "--school",
        shared["S4"],
        "--pattern",
        "weekly",
        "--from",
        "2026-12-14",
        "--to",
        "2027-01-11",
        "--time",
        "09:00",
        "--dry-run",
        "--json",
    )
    planned = json.loads(plan.out)
    assert planned["dates"] == ["2026-12-14", "2027-01-04", "2027-01-11"] and planned["created"] == []
    assert [s["date"] for s in planned["skipped"]] == ["2026-12-21", "2026-12-28"]
    made = run(
        "calendar",
        "plan",
        "--school",
        shared["S4"],
        "--pattern",
        "weekly",
        "--from",
        "2027-03-22",
        "--to",
        "2027-04-05",
    )
    assert made.code == 0 and len(made.out.split()) == 2 and "Easter Monday" in made.err
    missing = run("calendar", "terms", "import", str(tmp_path / "absent.ics"))
    assert missing.code == 1 and "Could not read" in missing.err


@pytest.mark.skipif(not WIRED, reason="needs the report commands registered and ReportFiles wired in app.py")
def test_the_linkdesk_command(cli: Any, shared: World, tmp_path: Path) -> None:
    out = tmp_path / "week.csv"
    result = cli("report", "weekly", "--week", "2026-W47", "--format", "csv", "--out", str(out))
    assert result.code == 0, result.err
    assert out.read_text(encoding="utf-8").startswith("metric,value")
    assert cli("calendar", "export", "--out", str(tmp_path / "v.ics")).code == 0
