"""GIAS-style school import: the invented sample file, its mapping, and hostile variants (all or nothing).

The real-layout download (140 columns) and the findings of issue 19 are in ``test_gias_download.py``
and ``tests/cli/test_gias_findings.py``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from linkdesk.errors import FileProblem
from linkdesk.services.gias_source import GiasFile
from linkdesk.services.records import RecordService
from linkdesk.services.school_import import ImportPlan, apply_import, plan_import
from linkdesk.storage.store import Store
from tests.conftest import REPO, init_store

#: Invented schools laid out like a GIAS download (Windows-1252, CRLF, extra columns, closed schools).
SAMPLE = REPO / "tests" / "fixtures" / "gias-sample.csv"


@pytest.fixture
def sample() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture
def plan_of(tmp_path: Path, records: RecordService):
    """Plan the import of some bytes written to a file, as the CLI would read it."""

    def plan(raw: bytes) -> ImportPlan:
        path = tmp_path / "list.csv"
        path.write_bytes(raw)
        return plan_import(GiasFile(path), records)

    return plan


def rows_of(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("cp1252"), newline="")))


def to_csv(rows: list[list[str]], encoding: str = "cp1252") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def test_sample_plan_maps_every_setting_and_skips_closed(plan_of, sample: bytes) -> None:
    plan = plan_of(sample)
    assert plan.encoding == "windows-1252" and plan.problems == []
    by_urn = {f["urn"]: f for f in plan.create}
    assert by_urn["190001"]["setting_type"] == "primary"
    assert by_urn["190003"]["setting_type"] == "secondary"
    assert by_urn["190005"]["setting_type"] == "special"
    assert by_urn["190006"]["setting_type"] == "pru"
    assert by_urn["190010"]["setting_type"] == "fe_college"
    assert by_urn["190011"]["setting_type"] == "all_through"
    assert by_urn["190012"]["setting_type"] == "alternative_provision"
    assert (
        by_urn["190002"]["name"] == "St Mary\u2019s Catholic Primary School"
    )  # curly apostrophe from cp1252
    assert by_urn["190014"]["name"] == "Ferrars Junior School"  # "proposed to close" is still open
    assert by_urn["190014"]["gias_status"] == "proposed_to_close"
    assert by_urn["190014"]["setting_type"] == "junior"  # primary phase, ages 7-11
    assert "190009" not in by_urn and dict(plan.skipped) == {"closed, and not a LinkDesk school": 1}
    assert by_urn["190001"]["local_authority"] == "Luton" and by_urn["190001"]["postcode"]


def test_import_does_exactly_what_the_dry_run_showed(
    plan_of, sample: bytes, records: RecordService, store: Store
) -> None:
    plan = plan_of(sample)
    apply_import(plan, records)
    schools = {s.get("urn"): s for s in records.find("school")}
    assert sorted(schools) == sorted(f["urn"] for f in plan.create)
    assert all(schools[f["urn"]].fields == f | {"status": "active"} for f in plan.create)
    again = plan_of(sample)
    assert again.create == [] and again.update == [] and again.changes == []
    assert again.unchanged == len(plan.create) and again.skipped == plan.skipped


def test_reimport_updates_changed_schools(plan_of, sample: bytes, records: RecordService) -> None:
    apply_import(plan_of(sample), records)
    rows = rows_of(sample)
    name = rows[0].index("EstablishmentName")
    rows[1][name] = "Marsh Farm Primary Academy"
    plan = plan_of(to_csv(rows))
    [(_id, changes)] = plan.update
    assert changes["name"] == "Marsh Farm Primary Academy" and set(changes) == {"name", "gias_snapshot"}


HOSTILE = {
    "formula": lambda rows: rows[1].__setitem__(rows[0].index("EstablishmentName"), '=HYPERLINK("http://x")'),
    "duplicate urn": lambda rows: rows[2].__setitem__(0, rows[1][0]),
    "ragged row": lambda rows: rows[3].pop(),
    "bad urn": lambda rows: rows[4].__setitem__(0, "12AB"),
    "empty name": lambda rows: rows[5].__setitem__(rows[0].index("EstablishmentName"), " "),
}


@pytest.mark.parametrize("damage", sorted(HOSTILE))
def test_a_hostile_row_refuses_the_whole_file(
    plan_of, sample: bytes, records: RecordService, store: Store, damage: str
) -> None:
    rows = rows_of(sample)
    HOSTILE[damage](rows)
    before = store.records.state_hash()
    plan = plan_of(to_csv(rows))
    assert plan.problems, damage
    assert all(p.row >= 2 for p in plan.problems)
    with pytest.raises(Exception, match="nothing was imported"):
        apply_import(plan, records)
    assert store.records.state_hash() == before


def test_invalid_nhs_numbers_are_flagged(plan_of, sample: bytes) -> None:
    rows = rows_of(sample)
    rows[0].append("NHS number")
    for row in rows[1:]:
        row.append("")
    rows[1][-1] = "943 476 5919"  # valid
    rows[2][-1] = "943 476 5918"  # check digit wrong
    plan = plan_of(to_csv(rows))
    assert [(p.row, "check digit" in p.message) for p in plan.problems] == [(3, True)]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe\x00\x00garbage\x81\x8d\x8f\x90\x9d", "neither UTF-8 nor Windows-1252"),
        (b"Name,Town\r\nA school,Luton\r\n", "no URN, EstablishmentName"),
        (b"", "no URN"),
    ],
)
def test_files_that_are_not_school_lists(plan_of, raw: bytes, message: str) -> None:
    with pytest.raises(FileProblem, match=message):
        plan_of(raw)


def test_utf8_with_bom_is_accepted(plan_of, sample: bytes) -> None:
    raw = b"\xef\xbb\xbf" + sample.decode("cp1252").encode("utf-8")
    plan = plan_of(raw)
    assert plan.encoding == "utf-8" and len(plan.create) == 13


def test_cli_dry_run_then_import(cli, home: Path, sample: bytes) -> None:
    init_store(home)
    dry = cli("schools", "import", str(SAMPLE), "--dry-run")
    assert dry.code == 0 and dry.out.count("create") == 13 and "Nothing was changed" in dry.err
    assert cli("list", "school", "--json").out.strip() == "[]"
    assert cli("schools", "import", str(SAMPLE)).code == 0
    assert cli("list", "school", "--json").out.count('"urn"') == 13
    bad = home.parent / "bad.csv"
    rows = rows_of(sample)
    rows[2][0] = rows[1][0]
    bad.write_bytes(to_csv(rows))
    result = cli("schools", "import", str(bad))
    assert result.code == 1 and "row 3" in result.err and "nothing was imported" in result.err
