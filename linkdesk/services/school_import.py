"""``schools import``: a GIAS-style CSV checked in full, previewed, then applied all at once.

The file is decoded as UTF-8 (with or without BOM), else Windows-1252 as GIAS downloads are.
Any row-level problem refuses the whole file with a report; otherwise the import does exactly
what the dry run showed, in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from linkdesk.domain import gias
from linkdesk.domain.fields import nhs_number_ok
from linkdesk.errors import FileProblem, ValidationError
from linkdesk.services.records import RecordService

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
REQUIRED_COLUMNS = ("URN", "EstablishmentName")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ADDRESS_COLUMNS = ("Street", "Locality", "Address3", "Town")


@dataclass(frozen=True)
class RowProblem:
    row: int  # line number in the file, header = 1
    message: str


@dataclass
class ImportPlan:
    create: list[dict[str, Any]] = field(default_factory=list)
    update: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (school id, changed fields)
    skip: list[tuple[int, str, str]] = field(default_factory=list)  # (row, URN, reason)
    problems: list[RowProblem] = field(default_factory=list)
    encoding: str = "utf-8"

    def summary(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "create": [
                {"urn": f["urn"], "name": f["name"], "setting_type": f["setting_type"]} for f in self.create
            ],
            "update": [{"id": sid, "changes": changes} for sid, changes in self.update],
            "skip": [{"row": row, "urn": urn, "reason": reason} for row, urn, reason in self.skip],
            "problems": [{"row": p.row, "message": p.message} for p in self.problems],
        }


def decode(raw: bytes) -> tuple[str, str]:
    if len(raw) > MAX_BYTES:
        raise FileProblem(f"The file is {len(raw):,} bytes; the limit for a school list is {MAX_BYTES:,}.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding), "utf-8" if encoding == "utf-8-sig" else "windows-1252"
        except UnicodeDecodeError:
            continue
    raise FileProblem(
        "The file is neither UTF-8 nor Windows-1252 text; save it again as CSV from the download."
    )


def _school_fields(row: dict[str, str]) -> dict[str, Any]:
    address = ", ".join(row.get(c, "").strip() for c in ADDRESS_COLUMNS if row.get(c, "").strip())
    fields = {
        "name": row["EstablishmentName"].strip(),
        "urn": row["URN"].strip(),
        "setting_type": gias.setting_type(
            row.get("TypeOfEstablishment (name)", ""),
            row.get("EstablishmentTypeGroup (name)", ""),
            row.get("PhaseOfEducation (name)", ""),
        ),
        "address": address or None,
        "postcode": row.get("Postcode", "").strip() or None,
        "phone": re.sub(r"[^0-9+ ]", "", row.get("TelephoneNum", "")).strip() or None,
        "local_authority": row.get("LA (name)", "").strip() or None,
    }
    return fields


def _row_problems(line: int, row: dict[str, str | None], nhs_columns: list[str]) -> list[str]:
    problems = []
    if None in row.values() or None in row:  # csv marks ragged rows this way
        problems.append("the row has a different number of columns from the header")
        return problems
    urn = (row.get("URN") or "").strip()
    if not re.fullmatch(r"\d{6}", urn):
        problems.append(f"URN {urn!r} is not 6 digits")
    if not (row.get("EstablishmentName") or "").strip():
        problems.append("EstablishmentName is empty")
    for column, value in row.items():
        if value and value.startswith(FORMULA_PREFIXES) and column in ("EstablishmentName", *ADDRESS_COLUMNS):
            problems.append(f"{column} starts with {value[0]!r}, which a spreadsheet would run as a formula")
        if value and ("\x00" in value):
            problems.append(f"{column} contains a NUL character")
    for column in nhs_columns:
        digits = re.sub(r"\s", "", row.get(column) or "")
        if digits and not nhs_number_ok(digits):
            problems.append(f"{column} {digits!r} fails the NHS number check digit")
    return problems


def plan_import(raw: bytes, records: RecordService) -> ImportPlan:
    """Check every row and work out what the import would do; changes nothing."""
    text, encoding = decode(raw)
    plan = ImportPlan(encoding=encoding)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FileProblem(f"This is not a GIAS-style school list: no {', '.join(missing)} column.")
    nhs_columns = [c for c in header if "nhs" in c.lower() and "number" in c.lower()]
    existing = {s.get("urn"): s for s in records.find("school") if s.get("urn")}
    seen: dict[str, int] = {}
    for index, row in enumerate(reader):
        line = reader.line_num
        if index >= MAX_ROWS:
            raise FileProblem(f"The file has more than {MAX_ROWS:,} rows; split it and import each part.")
        problems = _row_problems(line, row, nhs_columns)
        urn = (row.get("URN") or "").strip()
        if urn in seen:
            problems.append(f"URN {urn} is also on row {seen[urn]}")
        seen.setdefault(urn, line)
        if problems:
            plan.problems.extend(RowProblem(line, p) for p in problems)
            continue
        if (row.get("EstablishmentStatus (name)") or "").strip().lower() in gias.CLOSED_STATUSES:
            plan.skip.append((line, urn, "closed"))
            continue
        fields = _school_fields(row)
        try:
            for name, value in fields.items():
                if value is not None:
                    records.check_value("school", name, value)
        except ValidationError as exc:
            plan.problems.append(RowProblem(line, str(exc)))
            continue
        current = existing.get(urn)
        if current is None:
            plan.create.append({k: v for k, v in fields.items() if v is not None})
            continue
        changes = {k: v for k, v in fields.items() if v is not None and current.get(k) != v}
        if changes:
            plan.update.append((current.id, changes))
        else:
            plan.skip.append((line, urn, "already up to date"))
    return plan


def apply_import(plan: ImportPlan, records: RecordService) -> int:
    """Carry out a clean plan in one transaction; returns the number of schools created or updated."""
    if plan.problems:
        raise ValidationError(f"The file has {len(plan.problems)} problem(s); nothing was imported.")
    with records.batch():
        for fields in plan.create:
            records.add("school", fields)
        for school_id, changes in plan.update:
            records.update("school", school_id, changes)
    return len(plan.create) + len(plan.update)
