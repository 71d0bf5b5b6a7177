"""School lists in the real layout of the GIAS establishment download, for the import tests.

``HEADER_2024`` is the 140-column header of the 2024 download (``shared/reference/gias-columns.csv``);
``HEADER_2021`` is the 139-column header of 2021, which has ``CensusAreaStatisticWard (name)`` and
neither ``FSM`` nor ``AccreditationExpiryDate`` (as in the GIAS rows of DFE-Digital's
register-trainee-teachers test fixtures). Files are written as GIAS writes them: Windows-1252,
CRLF, every field quoted except the numeric ones.

The two City of London rows (URNs 100000 and 100001) are real establishments as those public
DfE fixtures give them (heads' names left out); every other row is invented, with URNs from
190100, to reach each case a real download has. Run ``python -m tests.records.gias_layout`` to
write ``tests/fixtures/gias-2024.csv`` and ``gias-2021.csv`` again.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"
FIXTURE_2024 = FIXTURES / "gias-2024.csv"
FIXTURE_2021 = FIXTURES / "gias-2021.csv"

HEADER_2024: list[str] = next(
    csv.reader(io.StringIO((FIXTURES / "gias-columns-2024.csv").read_text("ascii")))
)
HEADER_2021: list[str] = [c for c in HEADER_2024 if c not in ("FSM", "AccreditationExpiryDate")]
HEADER_2021.insert(HEADER_2021.index("MSOA (name)"), "CensusAreaStatisticWard (name)")
UNQUOTED = {"URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "UKPRN", "Easting", "Northing"}

#: (type name, type code, group name, group code) as the download spells them.
COMMUNITY = ("Community school", "01", "Local authority maintained schools", "4")
VOLUNTARY_AIDED = ("Voluntary aided school", "02", "Local authority maintained schools", "4")
INDEPENDENT = ("Other independent school", "11", "Independent schools", "3")
STATUS = {"Open": "1", "Closed": "2", "Open, but proposed to close": "3", "Proposed to open": "4"}
PHASE = {"Not applicable": "0", "Nursery": "1", "Primary": "2", "Secondary": "4", "16 plus": "6"}


def school(
    urn: str,
    name: str,
    kind: tuple[str, str, str, str] = COMMUNITY,
    *,
    la: tuple[str, str] = ("821", "Luton"),
    status: str = "Open",
    phase: str = "Primary",
    ages: tuple[str, str] = ("4", "11"),
    street: str = "",
    locality: str = "",
    town: str = "Luton",
    postcode: str = "",
    phone: str = "",
    website: str = "",
    close_date: str = "",
    country: str = "",
) -> dict[str, str]:
    """One establishment's values by column name (columns not given are left empty)."""
    type_name, type_code, group_name, group_code = kind
    return {
        "URN": urn,
        "LA (code)": la[0],
        "LA (name)": la[1],
        "EstablishmentName": name,
        "TypeOfEstablishment (code)": type_code,
        "TypeOfEstablishment (name)": type_name,
        "EstablishmentTypeGroup (code)": group_code,
        "EstablishmentTypeGroup (name)": group_name,
        "EstablishmentStatus (code)": STATUS.get(status, "9"),
        "EstablishmentStatus (name)": status,
        "CloseDate": close_date,
        "PhaseOfEducation (code)": PHASE.get(phase, "0"),
        "PhaseOfEducation (name)": phase,
        "StatutoryLowAge": ages[0],
        "StatutoryHighAge": ages[1],
        "Street": street,
        "Locality": locality,
        "Town": town,
        "Postcode": postcode,
        "SchoolWebsite": website,
        "TelephoneNum": phone,
        "Country (name)": country,
        "GOR (name)": "East of England" if la[1] == "Luton" else "",
    }


def line(header: list[str], values: dict[str, str]) -> str:
    """One CSV line as GIAS writes it: fields quoted except the numeric columns."""
    unknown = set(values) - set(header)
    assert not unknown, unknown
    cells = []
    for column in header:
        value = values.get(column, "")
        if column in UNQUOTED and value.isdigit():
            cells.append(value)
        else:
            cells.append('"' + value.replace('"', '""') + '"')
    return ",".join(cells)


def render(
    header: list[str], rows: list[dict[str, str]], encoding: str = "cp1252", *, quoted: bool = True
) -> bytes:
    """A whole file; ``quoted=False`` writes it as a spreadsheet saves it (quotes only where needed)."""
    if not quoted:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([r.get(c, "") for c in header] for r in rows)
        return out.getvalue().encode(encoding)
    text = "\r\n".join([line(header, {c: c for c in header}), *(line(header, r) for r in rows)]) + "\r\n"
    return text.encode(encoding)


def parse(raw: bytes, encoding: str = "cp1252") -> tuple[list[str], list[dict[str, str]]]:
    rows = list(csv.reader(io.StringIO(raw.decode(encoding), newline="")))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


#: The two real rows, and the invented ones that reach each case of a real download.
ALDGATE = school(
    "100000",
    "The Aldgate School",
    VOLUNTARY_AIDED,
    la=("201", "City of London"),
    ages=("3", "11"),
    street="St James's Passage",
    locality="Duke's Place",
    town="London",
    postcode="EC3A 5DE",
    website="www.sirjohncassprimary.org",
    phone="2072831147",  # as the issue met it: the leading 0 lost on the way
)
CITY_GIRLS = school(
    "100001",
    "City of London School for Girls",
    INDEPENDENT,
    la=("201", "City of London"),
    phase="Not applicable",
    ages=("7", "18"),
    street="St Giles' Terrace",
    locality="Barbican",
    town="London",
    postcode="EC2Y 8BB",
    website="http://www.clsg.org.uk",
    phone="02078475500",  # as the 2021 download gives it
)
INVENTED = [
    school("190101", "Marsh Farm Primary School", ages=("3", "11"), street="Purley Centre",
           postcode="LU3 3XX", phone="1582000101"),
    school("190102", "St Mary\u2019s Catholic Primary School", VOLUNTARY_AIDED, street="Castle Street",
           postcode="LU1 3XX", phone="01582 000102"),
    school("190103", "Stopsley High School", ("Academy converter", "34", "Academies", "10"),
           phase="Secondary", ages=("11", "16"), postcode="LU2 7XX", phone="+44 1582 000103"),
    school("190104", "Luton and Dunstable Hospital School",
           ("Community special school", "07", "Special schools", "5"), phase="Not applicable",
           ages=("5", "16"), postcode="LU4 0XX", phone="1582000104"),
    school("190105", "University of Bedfordshire",
           ("Higher education institutions", "29", "Universities", "2"),
           phase="Not applicable", ages=("", ""), postcode="LU1 3XX", phone="1582000105"),
    school("190106", "Hart Hill Independent School", INDEPENDENT, phase="Not applicable",
           ages=("11", "18"), postcode="LU2 0XX", phone="1582000106"),
    school("190107", "Putteridge Prep School", INDEPENDENT, phase="Not applicable", ages=("3", "11"),
           postcode="LU2 8XX", phone="1582000107"),
    school("190108", "Lea Valley Free School", ("Free schools", "35", "Free Schools", "11"),
           status="Proposed to open", phase="Secondary", ages=("11", "16"), postcode="LU3 2XX"),
    school("190109", "Ferrars Junior School", status="Open, but proposed to close", ages=("7", "11"),
           postcode="LU2 9XX", phone="1582000109"),
    school("190110", "Old Bedford Road Infant School", status="Closed", ages=("3", "7"),
           postcode="LU2 7XX", close_date="31-08-2023"),
    school("190111", "Ysgol Uwchradd Example", ("Welsh establishment", "30", "Welsh schools", "6"),
           la=("673", "Powys"), phase="Not applicable", ages=("11", "16"), town="Brecon", postcode="LD3 7XX",
           phone="1874000111"),
    school("190112", "British School of Example Overseas",
           ("British schools overseas", "37", "Other types", "9"), la=("702", "BSO Overseas"),
           phase="Not applicable", ages=("3", "18"), town="Malaga", country="Spain", phone="34952000112"),
    school("190113", "Bedford Secure Children's Home", ("Secure units", "24", "Other types", "9"),
           la=("822", "Bedford"), phase="Not applicable", ages=("10", "17"), town="Bedford",
           postcode="MK40 9XX", phone="1234000113"),
    school("190114", "Avenue Centre for Education", ("Pupil referral unit", "14", COMMUNITY[2], "4"),
           phase="Not applicable", ages=("11", "16"), postcode="LU4 9XX", phone="1582000114"),
    school("190115", "Luton Sixth Form College", ("Further education", "18", "Colleges", "1"),
           phase="16 plus", ages=("16", "99"), postcode="LU2 7XX", phone="7700900115"),
    school("190116", "Chiltern Academy Sixth Form", ("Academy 16-19 converter", "45", "Academies", "10"),
           phase="16 plus", ages=("16", "19"), postcode="LU4 9XX", phone="01582000116"),
    school("190117", "Gill Blowers Nursery School",
           ("Local authority nursery school", "15", COMMUNITY[2], "4"), phase="Nursery", ages=("2", "5"),
           postcode="LU3 2XX", phone="2072830117"),
]  # fmt: skip
ROWS_2024 = [ALDGATE, CITY_GIRLS, *INVENTED]


def write_fixtures() -> None:
    FIXTURE_2024.write_bytes(render(HEADER_2024, ROWS_2024))
    old = [{k: v for k, v in r.items() if k in HEADER_2021} for r in (ALDGATE, CITY_GIRLS, *INVENTED[:3])]
    FIXTURE_2021.write_bytes(render(HEADER_2021, old))


def write_file(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    path.write_bytes(render(header, rows))
    return path


if __name__ == "__main__":
    write_fixtures()
