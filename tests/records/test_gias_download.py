"""The GIAS download through the import service: zips, encodings, choosing a patch, matching
schools entered by hand, closures, progress and cancelling, and memory that stays flat."""

from __future__ import annotations

import io
import itertools
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from linkdesk.errors import Cancelled, FileProblem, NotFoundError, ValidationError
from linkdesk.services.gias_source import GiasFile
from linkdesk.services.records import RecordService
from linkdesk.services.school_import import (
    CLOSED_ELSEWHERE,
    NOT_IN_LINKDESK,
    OUTSIDE,
    ImportOptions,
    apply_import,
    plan_import,
    scan_local_authorities,
)
from linkdesk.services.school_import_report import counts_text, report_lines, summary
from linkdesk.storage.store import Store
from tests.records.gias_layout import (
    FIXTURE_2021,
    FIXTURE_2024,
    HEADER_2024,
    ROWS_2024,
    render,
    school,
    write_file,
)


def plan(path: Path, records: RecordService, **options: object):
    return plan_import(GiasFile(path), records, ImportOptions(**options))  # type: ignore[arg-type]


def by_urn(records: RecordService) -> dict[str, dict[str, object]]:
    return {str(s.get("urn")): dict(s.fields, id=s.id) for s in records.find("school")}


def zipped(tmp_path: Path, members: dict[str, bytes], name: str = "extract.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, raw in members.items():
            archive.writestr(member, raw)
    return path


# -- reading the file --------------------------------------------------------------------------------


def test_the_2024_and_2021_layouts_plan_the_same_schools(records: RecordService) -> None:
    new, old = plan(FIXTURE_2024, records), plan(FIXTURE_2021, records)
    assert new.problems == old.problems == [] and new.encoding == old.encoding == "windows-1252"
    old_urns = {f["urn"] for f in old.create}
    assert {f["urn"]: f for f in new.create if f["urn"] in old_urns} == {f["urn"]: f for f in old.create}


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"readme.txt": b"hello"}, "holds no CSV file"),
        ({"links_edubasealldata.csv": b'"URN","LinkURN"\r\n'}, "no GIAS school list"),
        ({"a/edubasealldata1.csv": FIXTURE_2024.read_bytes(),
          "b/edubasealldata2.csv": b"URN,EstablishmentName\r\n"}, "several school lists"),
    ],
)  # fmt: skip
def test_a_zip_without_exactly_one_school_list_is_refused(
    tmp_path: Path, records: RecordService, members: dict[str, bytes], message: str
) -> None:
    with pytest.raises(FileProblem, match=message):
        plan(zipped(tmp_path, members), records)


def test_the_establishment_file_is_found_among_the_others_gias_zips_with_it(
    tmp_path: Path, records: RecordService
) -> None:
    path = zipped(
        tmp_path,
        {
            "links_edubasealldata20240101.csv": b'"URN","LinkURN","LinkName","LinkType"\r\n',
            "edubasealldata20240101.csv": FIXTURE_2024.read_bytes(),
            "notes.txt": b"",
        },
    )
    source = GiasFile(path)
    assert source.label == "edubasealldata20240101.csv in extract.zip"
    assert len(plan_import(source, records).create) == len(ROWS_2024) - 1


def test_damaged_and_protected_zips_are_refused_in_plain_words(
    tmp_path: Path, records: RecordService
) -> None:
    good = zipped(tmp_path, {"edubasealldata.csv": FIXTURE_2024.read_bytes() * 3}).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good[: len(good) // 2])
    with pytest.raises(FileProblem, match=r"damaged|could not be read"):
        plan(cut, records)
    flipped = bytearray(good)
    flipped[200] ^= 0xFF  # inside the compressed data
    bad = tmp_path / "flipped.zip"
    bad.write_bytes(bytes(flipped))
    with pytest.raises(FileProblem):
        plan(bad, records)
    locked = bytearray(good)
    locked[6] |= 0x1  # the encryption flag in the local header...
    central = good.rfind(b"PK\x01\x02")
    locked[central + 8] |= 0x1  # ...and in the central directory
    protected = tmp_path / "protected.zip"
    protected.write_bytes(bytes(locked))
    with pytest.raises(FileProblem, match="password-protected"):
        plan(protected, records)
    not_zip = tmp_path / "download.zip"
    not_zip.write_bytes(b"URN,EstablishmentName\r\n")
    with pytest.raises(FileProblem, match="not a zip file"):
        plan(not_zip, records)


def test_utf8_files_and_a_late_windows_1252_byte(tmp_path: Path, records: RecordService) -> None:
    utf8 = write_file(tmp_path / "utf8.csv", HEADER_2024, ROWS_2024)
    utf8.write_bytes(render(HEADER_2024, ROWS_2024, encoding="utf-8"))
    assert plan(utf8, records).encoding == "utf-8"
    late = [*(school(f"{200000 + n}", f"Filler {n}", postcode="LU1 1XX") for n in range(3000)), *ROWS_2024]
    path = write_file(tmp_path / "late.csv", HEADER_2024, late)  # the first non-ASCII byte is past 1 MiB
    found = plan(path, records)
    assert found.encoding == "windows-1252"
    assert "St Mary\u2019s Catholic Primary School" in {f["name"] for f in found.create}


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda raw: raw.replace(b'"Marsh Farm Primary School"', b'"Marsh \x81Farm"'), "neither UTF-8 nor"),
        (lambda raw: raw.replace(b'"Marsh Farm Primary School"', b'"Marsh\x00Farm"'), "NUL"),
        (lambda raw: raw + b'"190199","821","Luton"\r\n', "row 21: the row has 3 columns"),
        (lambda raw: raw.replace(b'"31-08-2023"', b'"2023-08-31"'), "CloseDate '2023-08-31' is not a date"),
        (lambda raw: raw.replace(b'"Proposed to open"', b'"Opening soon"'), "'Opening soon' is not a status"),
        (lambda raw: raw.replace(b'"100001"', b'"100000"').replace(b"100001,", b"100000,"), "also on row 2"),
    ],
)
def test_every_malformed_file_is_refused_with_the_row(
    tmp_path: Path, records: RecordService, store: Store, damage, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(damage(FIXTURE_2024.read_bytes()))
    before = store.records.state_hash()
    try:
        found = plan(path, records)
    except FileProblem as exc:
        assert message.lower() in str(exc).lower()
    else:
        shown = [f"row {p.row}: {p.message}" for p in found.problems]
        assert any(message.lower() in s.lower() for s in shown), shown
        with pytest.raises(ValidationError, match="nothing was imported"):
            apply_import(found, records)
    assert store.records.state_hash() == before


def test_a_duplicated_header_column_that_matters_is_refused(tmp_path: Path, records: RecordService) -> None:
    path = tmp_path / "twice.csv"
    path.write_bytes(b"URN,EstablishmentName,Postcode,Postcode\r\n190101,A School,LU1 1XX,LU2 2XX\r\n")
    with pytest.raises(FileProblem, match="'Postcode' twice"):
        plan(path, records)


# -- choosing the patch ------------------------------------------------------------------------------


def test_local_authorities_choose_which_schools_are_added(records: RecordService) -> None:
    found = plan(FIXTURE_2024, records, local_authorities=("city of london",))
    assert sorted(f["urn"] for f in found.create) == ["100000", "100001"]
    assert found.skipped[OUTSIDE] == len(ROWS_2024) - 2
    counts = scan_local_authorities(GiasFile(FIXTURE_2024))
    assert counts["City of London"] == 2 and counts["Luton"] == 13  # the closed school is not counted


def test_an_unknown_local_authority_is_refused_with_suggestions(records: RecordService) -> None:
    with pytest.raises(ValidationError, match=r"'Lutn'.*Did you mean Luton"):
        plan(FIXTURE_2024, records, local_authorities=("Lutn",))


def test_schools_already_here_are_updated_wherever_they_are(records: RecordService, tmp_path: Path) -> None:
    apply_import(plan(FIXTURE_2024, records, local_authorities=("Bedford",)), records)
    moved = [{**r, "LA (name)": "Central Bedfordshire"} if r["URN"] == "190113" else r for r in ROWS_2024]
    path = write_file(tmp_path / "moved.csv", HEADER_2024, moved)
    found = plan(path, records, local_authorities=("Luton",))
    [change] = [c for c in found.changes if c.urn == "190113"]
    assert [(f.field, f.old, f.new) for f in change.changes] == [
        ("local_authority", "Bedford", "Central Bedfordshire")
    ]


def test_existing_only_adds_nothing(records: RecordService) -> None:
    records.add("school", {"name": "Stopsley High School", "postcode": "LU2 7XX"})
    apply_import(plan(FIXTURE_2024, records, local_authorities=("City of London",)), records)
    found = plan(FIXTURE_2024, records, existing_only=True)
    assert found.create == [] and found.unchanged == 2
    assert [(c.action, c.urn) for c in found.changes] == [("link", "190103")]
    assert found.skipped[NOT_IN_LINKDESK] == len(ROWS_2024) - 4
    assert found.skipped[CLOSED_ELSEWHERE] == 1  # a closed school at Stopsley's postcode


# -- closures, openings, matching ---------------------------------------------------------------------


def test_closure_is_marked_listed_and_the_school_kept(records: RecordService, tmp_path: Path) -> None:
    apply_import(plan(FIXTURE_2024, records), records)
    closing = [
        {**r, "EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2026"}
        if r["URN"] == "190101"
        else r
        for r in ROWS_2024
    ]
    found = plan(write_file(tmp_path / "closing.csv", HEADER_2024, closing), records)
    assert [c.urn for c in found.closed] == ["190101"]
    assert "1 now closed in GIAS" in counts_text(found)
    assert summary(found)["closed"][0]["urn"] == "190101"
    apply_import(found, records)
    marsh = by_urn(records)["190101"]
    assert (marsh["gias_status"], marsh["closed_on"], marsh["status"]) == ("closed", "2026-08-31", "active")
    assert plan(write_file(tmp_path / "again.csv", HEADER_2024, closing), records).closed == []


def test_two_rows_that_both_match_a_school_exactly_are_only_offered(
    records: RecordService, tmp_path: Path
) -> None:
    mine = records.add("school", {"name": "Marsh Farm Primary School", "postcode": "LU3 3XX"}).id
    twin = school("190198", "Marsh Farm Primary School", postcode="LU3 3XX")
    found = plan(write_file(tmp_path / "twin.csv", HEADER_2024, [*ROWS_2024, twin]), records)
    assert sorted(n.urn for n in found.near) == ["190101", "190198"]
    assert all(n.candidates == ((mine, "Marsh Farm Primary School"),) for n in found.near)
    assert not any(f["urn"] in ("190101", "190198") for f in found.create)
    lines = report_lines(found)
    assert any(line.startswith("near    190198  Marsh Farm Primary School (LU3 3XX)") for line in lines)


def test_links_chosen_by_the_user(records: RecordService) -> None:
    hart = records.add("school", {"name": "Hart Hill School", "postcode": "LU2 0XX"}).id
    held = plan(FIXTURE_2024, records)
    assert [n.urn for n in held.near] == ["190106"]
    linked = plan(FIXTURE_2024, records, links=(("190106", hart),))
    [change] = [c for c in linked.changes if c.urn == "190106"]
    assert change.action == "link" and change.school_id == hart
    assert ("name", "Hart Hill School", "Hart Hill Independent School") not in [
        (f.field, f.old, f.new) for f in change.changes
    ]  # the name LinkDesk has is kept, and shown
    assert [k.field for k in change.kept] == ["name"]
    apart = plan(FIXTURE_2024, records, links=(("190106", "new"),))
    assert "190106" in {f["urn"] for f in apart.create} and apart.near == []
    with pytest.raises(NotFoundError):
        plan(FIXTURE_2024, records, links=(("190106", "no-such-school"),))
    with pytest.raises(ValidationError, match="not a six-digit URN"):
        plan(FIXTURE_2024, records, links=(("1901", hart),))


def test_a_school_that_became_an_academy_is_offered_not_duplicated(
    records: RecordService, tmp_path: Path
) -> None:
    apply_import(plan(FIXTURE_2024, records), records)
    old_id = by_urn(records)["190101"]["id"]
    rows = [
        {**r, "EstablishmentStatus (name)": "Closed", "CloseDate": "31-03-2026"}
        if r["URN"] == "190101"
        else r
        for r in ROWS_2024
    ]
    academy = school("190199", "Marsh Farm Primary School", ("Academy converter", "34", "Academies", "10"),
                     postcode="LU3 3XX", phone="1582000101")  # fmt: skip
    path = write_file(tmp_path / "academy.csv", HEADER_2024, [*rows, academy])
    found = plan(path, records)
    assert [(n.urn, n.candidates[0][0]) for n in found.near] == [("190199", old_id)]
    moved = plan(path, records, links=(("190199", str(old_id)),))
    apply_import(moved, records)
    after = by_urn(records)
    assert after["190199"]["id"] == old_id and "190101" not in after
    assert after["190199"]["gias_status"] == "open"


# -- progress, cancelling, memory ---------------------------------------------------------------------


def test_progress_is_reported_and_cancelling_writes_nothing(
    records: RecordService, store: Store, tmp_path: Path
) -> None:
    rows = [school(f"{200000 + n}", f"Filler {n}", postcode="LU1 1XX") for n in range(5000)]
    path = write_file(tmp_path / "big.csv", HEADER_2024, rows)
    seen: list[tuple[int, int]] = []
    found = plan_import(GiasFile(path), records, None, lambda done, total: seen.append((done, total)))
    assert seen[-1] == (path.stat().st_size, path.stat().st_size) and len(seen) >= 3
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))

    def stop(done: int, total: int) -> None:
        if done >= 1000:
            raise Cancelled("Stopped; nothing was imported.")

    before = store.records.state_hash()
    with pytest.raises(Cancelled):
        apply_import(found, records, stop)
    assert store.records.state_hash() == before and records.find("school") == []


def test_memory_stays_flat_as_the_download_grows(records: RecordService, tmp_path: Path) -> None:
    def peak(count: int) -> int:
        rows = [
            school(f"{200000 + n}", f"Filler School {n}", la=("999", "Elsewhere"), postcode="ZZ1 1ZZ")
            for n in range(count)
        ]
        path = write_file(tmp_path / f"{count}.csv", HEADER_2024, [*ROWS_2024, *rows])
        tracemalloc.start()
        try:
            found = plan(path, records, local_authorities=("Luton",))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            assert len(found.create) == 13

    small, large = peak(1000), peak(8000)  # about 0.6 MB and 4.5 MB of CSV
    assert large < small + 512 * 1024, (small, large)


def test_the_zip_is_read_as_a_stream_too(records: RecordService, tmp_path: Path) -> None:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("edubasealldata.csv", FIXTURE_2024.read_bytes())
    path = tmp_path / "x.zip"
    path.write_bytes(raw.getvalue())
    seen: list[int] = []
    plan_import(GiasFile(path), records, None, lambda done, total: seen.append(done))
    assert seen[-1] == path.stat().st_size
