"""Reports as files: CSV and XLSX read back (formulas neutralised in every cell), PDF text read back."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

import pypdf
import pytest

from linkdesk.domain.reporting import long_form, plain
from linkdesk.domain.reporting_periods import date_range, iso_week
from linkdesk.errors import ValidationError
from linkdesk.reports import ReportFiles
from linkdesk.reports.cells import FORMULA_STARTS, neutralise
from linkdesk.services.records import RecordService
from linkdesk.services.report_service import service_report
from linkdesk.services.report_weekly import weekly_report
from tests.reports.test_calendar import CANARIES
from tests.reports.test_weekly import ANN
from tests.reports.world import World, registry

FILES = ReportFiles()
W47 = iso_week("2026-W47")
HOSTILE = (
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://x")',
)
NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def read_xlsx(data: bytes) -> dict[str, list[list[str]]]:
    """Every sheet's cells as text (numbers as written), from the workbook's XML; fails on a formula."""
    book = zipfile.ZipFile(io.BytesIO(data))
    strings = [
        "".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t"))
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("x:si", NS)
    ]
    names = [
        s.get("name")
        for s in ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{{{NS['x']}}}sheet")
    ]
    sheets = {}
    for n, name in enumerate(names, 1):
        root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{n}.xml"))
        assert root.find(".//x:f", NS) is None, f"a formula in {name}"
        rows: list[list[str]] = []
        for row in root.iter(f"{{{NS['x']}}}row"):
            rows += [[] for _ in range(int(row.get("r", "0")) - 1 - len(rows))]  # keep blank rows
            cells = []
            for cell in row.findall("x:c", NS):
                value = cell.findtext("x:v", default="", namespaces=NS)
                cells.append(strings[int(value)] if cell.get("t") == "s" else value)
            rows.append(cells)
        sheets[str(name)] = rows
    return sheets


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_weekly_csv_is_the_contracts_long_form(records: RecordService, world: World) -> None:
    report = weekly_report(records, W47, world["A"])
    data = FILES.render(report, "csv")
    data.decode("utf-8")  # UTF-8
    rows = read_csv(data)
    assert rows[0] == ["metric", "value"]
    values = dict(rows[1:])
    assert len(values) == len(rows) - 1  # one row per metric
    assert values == {key: str(value) for key, value in ANN.items()}


def test_the_weekly_xlsx_holds_the_same_figures(records: RecordService, world: World) -> None:
    report = weekly_report(records, W47, world["A"])
    sheets = read_xlsx(FILES.render(report, "xlsx"))
    assert next(iter(sheets)) == "Summary" and list(sheets)[-1] == "Long form"
    long = {row[0]: row[1] for row in sheets["Long form"][1:]}
    assert long == {
        key: f"{value:g}" if isinstance(value, float) else str(value) for key, value in ANN.items()
    }
    summary = {row[0]: row[1] for row in sheets["Summary"] if len(row) >= 2}
    assert summary["Visits planned"] == "6" and summary["Share referred to specialist CAMHS"] == "0.4"
    assert sheets["Visits this week"][3][:4] == ["Mon 16 Nov", "Alder Primary", "Case discussion", "Held"]


def test_the_service_csv_is_long_form_by_table_and_group(records: RecordService, world: World) -> None:
    report = service_report(records, W47, "school", registry=registry())
    rows = read_csv(FILES.render(report, "csv"))
    assert rows[0] == ["table", "group", "metric", "value"]
    found = {(t, g, m): v for t, g, m, v in rows[1:]}
    assert found[("summary", "all", "visits_planned")] == "7"
    assert found[("activity", "Alder Primary", "cyp_discussed")] == "3"
    assert found[("activity", "All", "mean_items_per_discussion")] == "2"
    assert found[("outcomes", "Alder Primary", "referred_specialist_pct")] == "25.0"
    assert found[("outcomes", "Birch Academy", "wait_mean_days")] == ""  # not available
    assert found[("time", "All", "contact_hours")] == "5.3"
    assert len(rows) - 1 == len(long_form(report)[1])


@pytest.fixture
def hostile(records: RecordService, world: World) -> list[str]:
    for n, name in enumerate(HOSTILE):
        school = records.add("school", {"name": name, "setting_type": "other"}).id
        records.add("assignment", {"staff_id": world["A"], "school_id": school, "starts_on": "2025-09-01"})
        records.add(
            "visit",
            {
                "school_id": school,
                "staff_id": world["A"],
                "date": f"2026-11-{17 + n % 5}",
                "status": "held",
                "duration_minutes": 30,
                "kind": "consultation",
            },
        )
    records.add(
        "cyp", {"school_id": school, "initials": "ZZ", "ethnicity": "=1+2", "opened_on": "2026-11-17"}
    )
    return list(HOSTILE)


def unsafe(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def test_formulas_are_neutralised_in_every_csv_cell(records: RecordService, hostile: list[str]) -> None:
    for report in (
        service_report(records, W47, "school"),
        service_report(records, W47, "setting_type", suppress_under=2),
        weekly_report(records, W47),
    ):
        cells = [cell for row in read_csv(FILES.render(report, "csv")) for cell in row]
        assert not [cell for cell in cells if unsafe(cell)]
    groups = {row[1] for row in read_csv(FILES.render(service_report(records, W47, "school"), "csv"))}
    assert {"'" + name for name in hostile} <= groups


def test_formulas_are_neutralised_in_every_xlsx_cell(records: RecordService, hostile: list[str]) -> None:
    for report in (service_report(records, W47, "school"), weekly_report(records, W47)):
        sheets = read_xlsx(FILES.render(report, "xlsx"))  # and no cell is a formula
        cells = [cell for rows in sheets.values() for row in rows for cell in row]
        assert not [cell for cell in cells if unsafe(cell)]
        assert "'=cmd|' /C calc'!A0" in cells


def test_neutralising() -> None:
    assert [neutralise(v) for v in ("=1", "+1", "-1", "@a", "\t=1", "\r=1", "a=1", "", "<10")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\t=1",
        "'\r=1",
        "a=1",
        "",
        "<10",
    ]


def test_the_weekly_pdf_reads_back(records: RecordService, world: World) -> None:
    data = FILES.render(weekly_report(records, W47, world["A"]), "pdf")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in (
        "Weekly caseload summary",
        "Week 2026-W47",
        "Ann Link",
        "OFFICIAL-SENSITIVE",
        "Visits",
        "Case discussions",
        "Caseload",
        "Referrals",
        "Consent",
        "Outcome measures",
        "Time",
        "Next week",
        "How these figures are counted",
        "Alder Primary",
        "Birch Academy",
        "Referred to specialist CAMHS",
        "40.0%",
        "Page 1 of",
        "Contact time this week by school, against contract",
        "Referrals waiting, by time waited so far",
    ):
        assert expected in text, expected
    assert not [c for c in CANARIES if c in text.lower()]  # no child's name, even from an action's text
    assert re.search(r"Visits planned\s*6", text)
    # dates in the tables as a person writes them (Early help, sent 18 November), not 2026-11-18
    assert "18 Nov 2026" in text and "2026-11-18" not in text


def test_pdfs_are_drawn_with_reportlabs_accelerator() -> None:
    """Numbers and text widths go through reportlab's C accelerator (the pinned ``rl_accel``): in
    pure Python a weekly summary takes a third longer to draw. A frozen app must ship it too."""
    from reportlab.lib import rl_accel

    assert {"fp_str", "instanceStringWidthTTF"} <= set(rl_accel._c_funcs)


def test_spreadsheets_keep_dates_as_dates(records: RecordService, world: World) -> None:
    rows = read_csv(FILES.render(weekly_report(records, W47, world["A"]), "csv"))
    assert not any("Nov 2026" in cell for row in rows for cell in row)


def test_the_service_pdf_reads_back_suppressed_and_pseudonymised(
    records: RecordService, world: World
) -> None:
    report = service_report(records, W47, "school", pseudonymise=True, suppress_under=10, registry=registry())
    text = pdf_text(FILES.render(report, "pdf"))
    assert "Service report" in text and "OFFICIAL" in text and "[c]" in text
    for name in ("Alder", "Birch", "Cedar", "Damson", "Ann Link"):
        assert name not in text
    assert re.search(r"School 0\d", text)


def test_hostile_text_prints_as_written_in_the_pdf(records: RecordService, hostile: list[str]) -> None:
    text = pdf_text(FILES.render(service_report(records, W47, "school"), "pdf"))
    assert "=cmd|' /C calc'!A0" in text and "'=cmd" not in text


def test_empty_reports_render_in_every_format(records: RecordService) -> None:
    for report in (
        weekly_report(records, iso_week("2030-W01")),
        service_report(records, date_range("2031-01-01", "2031-01-31"), "cluster", suppress_under=10),
    ):
        for fmt in ("pdf", "csv", "xlsx"):
            assert FILES.render(report, fmt)
    with pytest.raises(ValidationError, match="format"):
        FILES.render(report, "docx")


def test_plain_values_are_numbers_where_there_are_numbers(records: RecordService, world: World) -> None:
    report = weekly_report(records, W47, world["A"])
    assert plain(report.metric("contact_minutes").cell) == 255
    assert plain(report.metric("closed_without_specialist_input_pct").cell) == 50.0
