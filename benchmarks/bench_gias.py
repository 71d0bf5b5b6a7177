"""The school-list import on a full-size GIAS download, against a plain ``csv`` read of the file.

Run: ``.venv/bin/python -m benchmarks.bench_gias [ROWS ...]`` (default 52,000 rows, about 60 MB;
give several sizes to see that memory does not grow with the file).

A synthetic download is written to a temporary folder in the real 140-column layout
(Windows-1252, CRLF, fields quoted as GIAS quotes them, about half the establishments closed,
152 local authorities), and zipped as GIAS delivers it. Each measurement runs in a fresh
process so that its peak resident memory is its own:

- ``csv``: the baseline, ``csv.reader`` over the file counting the rows of one local authority;
- ``plan``: ``plan_import`` with ``--la`` for that authority (what ``--dry-run`` does);
- ``import``: the plan and ``apply_import`` into a new store (what ``schools import --la`` does);
- ``plan zip`` / ``import zip``: the same, reading the CSV inside the zip.

Memory is the process's peak RSS, and that peak less the RSS after the imports (the work's own).
Nothing here is committed: the file exists only for the run.
"""

from __future__ import annotations

import csv
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HEADER_FILE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "gias-columns-2024.csv"
TARGET_LA = "Luton"
PASSPHRASE = "benchmark passphrase"
TYPES = [
    ("1", "Community school", "4", "Local authority maintained schools", "2", "Primary", "4", "11"),
    ("34", "Academy converter", "10", "Academies", "4", "Secondary", "11", "18"),
    ("2", "Voluntary aided school", "4", "Local authority maintained schools", "2", "Primary", "3", "11"),
    ("11", "Other independent school", "3", "Independent schools", "0", "Not applicable", "3", "18"),
    ("7", "Community special school", "5", "Special schools", "0", "Not applicable", "2", "19"),
    ("15", "Local authority nursery school", "4", "Local authority maintained schools", "1", "Nursery",
     "2", "5"),
    ("18", "Further education", "1", "Colleges", "6", "16 plus", "16", "99"),
]  # fmt: skip
NUMERIC = {"URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "UKPRN", "Easting", "Northing"}


def header() -> list[str]:
    return next(csv.reader(io.StringIO(HEADER_FILE.read_text("ascii"))))


def filler(column: str, rng: random.Random) -> str:
    """A value of about the length GIAS gives for a column the import does not read."""
    if column.endswith("(code)"):
        return str(rng.randint(0, 9))
    if column.endswith("(name)"):
        return rng.choice(["", "", "Not applicable", "Does not apply", "Mixed", "None"])
    if "Date" in column or column in ("OfstedLastInsp", "CensusDate"):
        return f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1990, 2024)}"
    return rng.choice(["", "", "", "", "0", "12", "Headteacher", "E01000001", "Not applicable"])


def write_download(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    columns = header()
    las = [TARGET_LA, *(f"Authority {n:03d}" for n in range(1, 152))]
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write(",".join(f'"{c}"' for c in columns) + "\r\n")
        for n in range(rows):
            kind = rng.choice(TYPES)
            la = las[n % len(las)]
            closed = rng.random() < 0.5
            values = {c: filler(c, rng) for c in columns}
            values.update(
                {
                    "URN": str(100000 + n),
                    "LA (code)": str(800 + las.index(la) % 200),
                    "LA (name)": la,
                    "EstablishmentName": f"{rng.choice(['St Mary’s', 'Oakfield', 'Hillside', 'Riverside'])} "
                    f"{kind[5] if kind[5] != 'Not applicable' else 'School'} {n}",
                    "TypeOfEstablishment (code)": kind[0],
                    "TypeOfEstablishment (name)": kind[1],
                    "EstablishmentTypeGroup (code)": kind[2],
                    "EstablishmentTypeGroup (name)": kind[3],
                    "EstablishmentStatus (name)": "Closed" if closed else "Open",
                    "CloseDate": "31-08-2015" if closed else "",
                    "PhaseOfEducation (code)": kind[4],
                    "PhaseOfEducation (name)": kind[5],
                    "StatutoryLowAge": kind[6],
                    "StatutoryHighAge": kind[7],
                    "Street": f"{rng.randint(1, 200)} {rng.choice(['High Street', 'Church Road'])}",
                    "Locality": rng.choice(["", "Northfield", "Old Town"]),
                    "Town": "Luton" if la == TARGET_LA else la,
                    "Postcode": f"LU{rng.randint(1, 7)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}X",
                    "SchoolWebsite": f"www.school{n}.example.sch.uk",
                    "TelephoneNum": f"1582{rng.randint(100000, 999999)}",
                    "HeadFirstName": "Alex",
                    "HeadLastName": "Smith",
                    "Trusts (name)": rng.choice(["", "The Example Learning Trust"]),
                    "DistrictAdministrative (name)": la,
                    "ParliamentaryConstituency (name)": f"{la} North",
                    "UrbanRural (name)": "(England/Wales) Urban city and town",
                    "MSOA (name)": f"{la} 001",
                    "LSOA (name)": f"{la} 001A",
                }
            )
            out.write(
                ",".join(
                    values[c]
                    if c in NUMERIC and values[c].isdigit()
                    else '"' + values[c].replace('"', '""') + '"'
                    for c in columns
                )
                + "\r\n"
            )


# -- one measurement, in its own process -----------------------------------------------------------


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def child(mode: str, path: Path, work: Path) -> None:
    if mode == "csv":
        start_rss = rss_kib()
        began = time.perf_counter()
        with path.open(encoding="cp1252", newline="") as handle:
            reader = csv.reader(handle)
            la = next(reader).index("LA (name)")
            rows = found = 0
            for row in reader:
                rows += 1
                found += row[la] == TARGET_LA
        result = f"{rows} rows, {found} in {TARGET_LA}"
    else:
        from datetime import date

        from linkdesk.domain.clock import SystemClock
        from linkdesk.platform.secrets import KeychainSecrets
        from linkdesk.services.gias_source import GiasFile
        from linkdesk.services.records import RecordService
        from linkdesk.services.school_import import ImportOptions, apply_import, plan_import
        from linkdesk.storage.keys import KdfParams
        from linkdesk.storage.vault import Vault

        vault = Vault(
            work / mode.replace(" ", "-"), KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum()
        )
        store, _code = vault.create("Bench", PASSPHRASE)
        with store:
            records = RecordService(store, date.today)
            start_rss = rss_kib()
            began = time.perf_counter()
            plan = plan_import(GiasFile(path), records, ImportOptions(local_authorities=(TARGET_LA,)))
            if mode.startswith("import"):
                apply_import(plan, records)
            result = f"{plan.rows} rows, {len(plan.create)} schools to add"
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{seconds:.3f} {peak} {peak - start_rss} {result}")


def measure(mode: str, path: Path, work: Path) -> tuple[float, int, int, str]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_gias", "--child", mode, str(path), str(work)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LINKDESK_KEYRING": "off"},
    ).stdout.split(" ", 3)
    return float(out[0]), int(out[1]), int(out[2]), out[3].strip()


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:  # the download exists only for this run
        work = Path(folder)
        path = work / "edubasealldata20240101.csv"
        write_download(path, rows)
        bundle = work / "extract.zip"
        with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, path.name)
        size, packed = path.stat().st_size, bundle.stat().st_size
        print(
            f"{rows:,} establishments, {size / 1e6:.1f} MB CSV, {packed / 1e6:.1f} MB zip; --la {TARGET_LA}"
        )
        print(f"load {os.getloadavg()[0]:.1f}; each line is a fresh process")
        print(f"{'':12} {'time':>8} {'peak RSS':>10} {'work':>9}  result")
        base = None
        for mode, source in (
            ("csv", path),
            ("plan", path),
            ("import", path),
            ("plan zip", bundle),
            ("import zip", bundle),
        ):
            seconds, peak, own, result = measure(mode, source, work)
            base = base or seconds
            print(
                f"{mode:12} {seconds:7.2f}s {peak / 1024:8.1f} MB {own / 1024:7.1f} MB  "
                f"{result} ({seconds / base:.1f}x csv)"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        for size in [int(a) for a in sys.argv[1:]] or [52_000]:
            main(size)
