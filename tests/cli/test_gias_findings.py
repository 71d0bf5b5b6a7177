"""Issue 19: what a service loading its real schools met, one test per finding, through the CLI.

Every file here is in the real layout of the GIAS download (the 140-column header of 2024, or the
139-column one of 2021), Windows-1252 with CRLF, built by ``tests/records/gias_layout.py``.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import init_store
from tests.records.gias_layout import (
    ALDGATE,
    FIXTURE_2021,
    FIXTURE_2024,
    HEADER_2024,
    INVENTED,
    ROWS_2024,
    render,
    school,
    write_file,
)


@pytest.fixture
def store(cli, home: Path) -> object:
    init_store(home)
    return cli


def schools(cli) -> dict[str, dict[str, Any]]:
    return {s.get("urn") or s["name"]: s for s in json.loads(cli("list", "school", "--json").out)}


def changed(rows: list[dict[str, str]], urn: str, **values: str) -> list[dict[str, str]]:
    return [{**r, **values} if r["URN"] == urn else r for r in rows]


# 1. Every phone number is wrong: GIAS's TelephoneNum without the leading 0 was stored as it came.


def test_1_phone_numbers_are_stored_in_uk_form_with_the_original_kept(store) -> None:
    assert store("schools", "import", str(FIXTURE_2024)).code == 0
    found = schools(store)
    assert found["100000"]["phone"] == "020 7283 1147"  # GIAS gave 2072831147
    assert found["100000"]["phone_original"] == "2072831147"
    assert found["100001"]["phone"] == "020 7847 5500"  # the 2021 download's 02078475500
    assert found["190101"]["phone"] == "01582 000101"
    assert found["190115"]["phone"] == "07700 900115"
    assert found["190112"]["phone"] == "34952000112"  # overseas: kept as given


# 2. Re-importing put GIAS's values back over local corrections; the dry run named no school.


def test_2_reimport_keeps_local_corrections_and_the_dry_run_names_school_and_values(store, tmp_path) -> None:
    assert store("schools", "import", str(FIXTURE_2024)).code == 0
    aldgate = schools(store)["100000"]["id"]
    assert store("update", "school", aldgate, "phone=020 7000 0000").code == 0
    newer = changed(ROWS_2024, "100000", EstablishmentName="The Aldgate Primary School")
    newer = changed(newer, "190101", TelephoneNum="1582999999")
    path = write_file(tmp_path / "newer.csv", HEADER_2024, newer)
    dry = store("schools", "import", str(path), "--dry-run")
    assert dry.code == 0, dry.err
    assert '100000  The Aldgate School: name "The Aldgate School" -> "The Aldgate Primary School"' in dry.out
    assert '190101  Marsh Farm Primary School: phone "01582 000101" -> "01582 999999"' in dry.out
    assert store("schools", "import", str(path)).code == 0
    after = schools(store)
    assert after["100000"]["phone"] == "020 7000 0000"  # LinkDesk's correction survives
    assert after["100000"]["name"] == "The Aldgate Primary School"  # GIAS's change arrives
    # GIAS now changes the phone too: LinkDesk's value stays and the dry run shows both
    both = write_file(tmp_path / "both.csv", HEADER_2024, changed(newer, "100000", TelephoneNum="2072839999"))
    dry = store("schools", "import", str(both), "--dry-run")
    assert (
        'keep    100000  The Aldgate Primary School: phone: LinkDesk\'s "020 7000 0000" kept '
        '(changed here); GIAS has "020 7283 1147" -> "020 7283 9999"'
    ) in dry.out


# 3. A school that closed later was only "skipped": the LinkDesk record stayed active, no warning.


def test_3_a_school_gias_now_lists_as_closed_is_marked_and_listed(store, tmp_path) -> None:
    assert store("schools", "import", str(FIXTURE_2024)).code == 0
    closed = changed(
        ROWS_2024, "190101", **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2026"}
    )
    path = write_file(tmp_path / "closed.csv", HEADER_2024, closed)
    result = store("schools", "import", str(path))
    assert result.code == 0, result.err
    assert "closed  190101  Marsh Farm Primary School" in result.out
    assert "1 now closed in GIAS" in result.err
    marsh = schools(store)["190101"]
    assert (marsh["gias_status"], marsh["closed_on"], marsh["status"]) == ("closed", "2026-08-31", "active")


# 4. The full download (over 10 MiB) and the zip GIAS delivers were refused.


def test_4a_the_zip_gias_delivers_is_imported(store, tmp_path) -> None:
    bundle = tmp_path / "extract.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(FIXTURE_2024, "edubasealldata20240101.csv")
        archive.writestr("links_edubasealldata20240101.csv", '"URN","LinkURN","LinkName"\r\n')
    result = store("schools", "import", str(bundle))
    assert result.code == 0, result.err
    assert len(schools(store)) == len(ROWS_2024) - 1  # all but the closed school


def test_4b_a_download_over_ten_mebibytes_is_read_and_filtered_by_local_authority(store, tmp_path) -> None:
    filler = [
        school(f"{200000 + n}", f"Filler School {n}", la=("999", "Elsewhere"), postcode="ZZ1 1ZZ")
        for n in range(22_000)
    ]
    path = write_file(tmp_path / "edubasealldata.csv", HEADER_2024, [*ROWS_2024, *filler])
    assert path.stat().st_size > 10 * 1024 * 1024
    result = store("schools", "import", str(path), "--la", "Luton", "--la", "City of London", timeout=120)
    assert result.code == 0, result.err
    found = schools(store)
    assert "200000" not in found and {"100000", "190101"} <= set(found)
    assert all(s["local_authority"] in ("Luton", "City of London") for s in found.values())


# 5. A stray opening quote in a file over 128 KiB raised an uncaught _csv.Error.


def test_5_a_stray_quote_in_a_large_file_is_refused_with_the_row(store, tmp_path) -> None:
    filler = [school(f"{200000 + n}", f"Filler School {n}", postcode="LU1 1XX") for n in range(1500)]
    raw = render(HEADER_2024, [*ROWS_2024, *filler], quoted=False)  # as a spreadsheet saves it
    raw = raw.replace(b",Filler School 3,", b',"Filler School 3,', 1)  # opens, never closes
    assert len(raw) > 128 * 1024
    path = tmp_path / "stray.csv"
    path.write_bytes(raw)
    before = store("state-hash").out
    result = store("schools", "import", str(path))
    assert result.code == 1
    assert "unexpected problem" not in result.err and "Traceback" not in result.err
    assert "Row 24" in result.err and "quote" in result.err  # the header, 19 rows, filler 0-3
    assert store("state-hash").out == before


# 6. A school entered by hand without a URN got a duplicate when the list was imported.


def test_6_a_hand_entered_school_is_linked_not_duplicated(store) -> None:
    own = store("add", "school", "name=Marsh Farm Primary School", "postcode=LU3 3XX", "phone=01582 111111")
    assert own.code == 0, own.err
    near = store("add", "school", "name=Hart Hill School", "postcode=LU2 0XX").out.strip()
    result = store("schools", "import", str(FIXTURE_2024))
    assert result.code == 0, result.err
    listed = json.loads(store("list", "school", "--json").out)
    marsh = [s for s in listed if s["name"] == "Marsh Farm Primary School"]
    assert len(marsh) == 1 and marsh[0]["id"] == own.out.strip()
    assert marsh[0]["urn"] == "190101" and marsh[0]["phone"] == "01582 111111"  # local value kept
    assert "near    190106  Hart Hill Independent School (LU2 0XX)" in result.out and near in result.out
    assert not [s for s in listed if s.get("urn") == "190106"]  # held back, not duplicated


# 7. Mapping: HE, independent schools by age, hospital schools, proposed openings, Welsh,
#    overseas establishments and secure units.


def test_7_setting_types_come_from_type_phase_and_ages(store) -> None:
    dry = store("schools", "import", str(FIXTURE_2024), "--dry-run")
    assert "create  190108  Lea Valley Free School  (secondary; proposed to open)" in dry.out
    assert "create  190109  Ferrars Junior School  (junior; proposed to close)" in dry.out
    assert store("schools", "import", str(FIXTURE_2024)).code == 0
    found = schools(store)
    expected = {
        "190105": "other",  # Higher education institutions: not a college for 16-19
        "190106": "secondary",  # Other independent school, 11-18
        "190107": "primary",  # Other independent school, 3-11
        "100001": "all_through",  # Other independent school, 7-18
        "190104": "hospital_school",
        "190111": "secondary",  # Welsh establishment, 11-16
        "190112": "all_through",  # British schools overseas, 3-18
        "190113": "secure_unit",
        "190108": "secondary",
    }
    assert {urn: found[urn]["setting_type"] for urn in expected} == expected
    assert found["190108"]["gias_status"] == "proposed_to_open"
    assert found["190109"]["gias_status"] == "proposed_to_close"


def test_the_2021_layout_imports_too(store) -> None:
    result = store("schools", "import", str(FIXTURE_2021))
    assert result.code == 0, result.err
    assert schools(store)["100000"]["phone"] == "020 7283 1147"


def test_invented_rows_stay_invented() -> None:
    assert all(r["URN"].startswith("1901") for r in INVENTED) and ALDGATE["URN"] == "100000"
    assert Path(FIXTURE_2024).stat().st_size < 20_000
