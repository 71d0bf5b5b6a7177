"""``schools import``: a GIAS download read as a stream, checked in full, previewed, then applied.

Every row is checked for structure (its columns, a six-digit URN seen once, a name); the rows the
import uses (the chosen local authorities, and every school already in LinkDesk) are checked in
full. Any problem refuses the whole file with the row and a plain reason; otherwise the import
does exactly what the dry run showed, in one transaction through the batch write path.

Re-imports are a three-way merge (``domain.gias_merge``); a school without a URN whose name and
postcode match a row exactly is linked to it; a near match is held back and listed, never
silently duplicated; a LinkDesk school GIAS now lists as closed keeps its record and gets
``gias_status`` ``closed``. The plan holds only what concerns LinkDesk's schools and the rows
chosen, so memory does not grow with the size of the download.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from linkdesk.domain import gias
from linkdesk.domain.fields import nhs_number_ok
from linkdesk.domain.gias_merge import Kept, merge, read_snapshot, snapshot_text
from linkdesk.domain.phones import uk_phone
from linkdesk.domain.records import Record
from linkdesk.errors import FileProblem, ValidationError
from linkdesk.services.gias_source import GiasFile, Progress
from linkdesk.services.records import RecordService
from linkdesk.services.school_matching import NEW, Candidates, SchoolIndex

REQUIRED_COLUMNS = ("URN", "EstablishmentName")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ADDRESS_COLUMNS = ("Street", "Locality", "Address3", "Town")
CHECKED_COLUMNS = ("EstablishmentName", *ADDRESS_COLUMNS, "Postcode", "LA (name)", "TelephoneNum")
#: Problems listed in full; beyond this they are counted.
MAX_LISTED_PROBLEMS = 200
#: Reasons a row is not imported, as the summary names them.
OUTSIDE = "outside the chosen local authorities"
NOT_IN_LINKDESK = "not in LinkDesk (only schools already here were chosen)"
CLOSED_ELSEWHERE = "closed, and not a LinkDesk school"


@dataclass(frozen=True)
class ImportOptions:
    """Which rows an import uses: ``local_authorities`` (LA names, any case; empty means all),
    ``existing_only`` (only schools already in LinkDesk), and ``links`` from GIAS URNs to a
    LinkDesk school id (or ``"new"`` to add the row as a new school despite a near match)."""

    local_authorities: tuple[str, ...] = ()
    existing_only: bool = False
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RowProblem:
    row: int  # line the row starts on, header = 1
    message: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class SchoolChange:
    """One line of the dry run: a school created, updated, linked, closed or with values kept."""

    action: str  # create, update, link, closed, keep
    urn: str
    name: str
    school_id: str | None
    gias_status: str
    changes: list[FieldChange] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    how: str = ""


@dataclass(frozen=True)
class NearMatch:
    """A GIAS row held back because it may be a LinkDesk school that has no URN (or another)."""

    row: int
    urn: str
    name: str
    postcode: str
    candidates: tuple[tuple[str, str], ...]  # (school id, name)


@dataclass
class ImportPlan:
    source: str = ""
    encoding: str = "utf-8"
    create: list[dict[str, Any]] = field(default_factory=list)
    update: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (school id, changes)
    changes: list[SchoolChange] = field(default_factory=list)
    near: list[NearMatch] = field(default_factory=list)
    unchanged: int = 0
    snapshots_only: int = 0  # schools whose only write is GIAS's values for the next merge
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[RowProblem] = field(default_factory=list)
    more_problems: int = 0
    rows: int = 0

    @property
    def closed(self) -> list[SchoolChange]:
        """LinkDesk schools that GIAS lists as closed since the last import."""
        return [
            c for c in self.changes if any(f.field == "gias_status" and f.new == "closed" for f in c.changes)
        ]

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


class _Columns:
    """Where each named column is in a row; a missing column reads as empty."""

    def __init__(self, header: list[str]) -> None:
        names = [h.strip().lstrip("\ufeff") for h in header]
        self.names = names
        self.index: dict[str, int] = {}
        for position, name in enumerate(names):
            if name in self.index and name in (
                *REQUIRED_COLUMNS,
                *CHECKED_COLUMNS,
                "EstablishmentStatus (name)",
            ):
                raise FileProblem(f"Row 1: the header has the column {name!r} twice.")
            self.index.setdefault(name, position)
        missing = [c for c in REQUIRED_COLUMNS if c not in self.index]
        if missing:
            raise FileProblem(f"This is not a GIAS-style school list: no {', '.join(missing)} column.")
        self.nhs = [n for n in names if "nhs" in n.lower() and "number" in n.lower()]

    def get(self, values: list[str], name: str) -> str:
        position = self.index.get(name)
        return values[position] if position is not None else ""

    def has(self, name: str) -> bool:
        return name in self.index


def _legacy_setting(type_name: str, group: str, phase: str) -> str:
    """The setting type the importer before this one wrote (to recognise it as GIAS's value)."""
    kind, group = type_name.strip().lower(), group.strip().lower()
    if "pupil referral unit" in kind:
        return "pru"
    if "alternative provision" in kind:
        return "alternative_provision"
    if "special" in kind or group == "special schools":
        return "special"
    if group in {"colleges", "universities"} or "further education" in kind or "sixth form" in kind:
        return "fe_college"
    old = {"primary": "primary", "middle deemed primary": "primary", "secondary": "secondary"}
    old |= {"middle deemed secondary": "secondary", "all-through": "all_through", "16 plus": "fe_college"}
    return old.get(phase.strip().lower(), "other")


class _Planner:
    def __init__(
        self, records: RecordService, options: ImportOptions, plan: ImportPlan, cols: _Columns
    ) -> None:
        self.records = records
        self.plan = plan
        self.cols = cols
        self.wanted = {la.strip().casefold(): la for la in options.local_authorities if la.strip()}
        self.existing_only = options.existing_only
        self.index = SchoolIndex(records.find("school"))
        self.links = self.index.apply_links(dict(options.links), records)
        self.first_row = array("I", bytes(4 * 1_000_000))  # URN -> first row it is on: flat memory
        self.local_authorities: Counter[str] = Counter()
        self.pending: list[tuple[int, str, dict[str, Any], Candidates]] = []

    # -- each row ------------------------------------------------------------------------------

    def row(self, line: int, values: list[str]) -> None:
        if not any(v.strip() for v in values):
            return  # a blank line
        self.plan.rows += 1
        checked = self._structure(line, values)
        if checked is None:
            return
        urn, name, la = checked
        school = self.links.get(urn) or self.index.by_urn.get(urn)
        if school is None and not self._chosen(values, la, name):
            return
        incoming = self._checked_incoming(line, values)
        if incoming is None:
            return
        if isinstance(school, Record):
            self.index.seen(school.id, incoming["gias_status"] != "closed")
            self._merge(school, urn, incoming, values, how="--link" if urn in self.links else "")
        elif school == NEW:
            self._create(urn, incoming)
        elif incoming["gias_status"] == "closed":
            self.plan.skipped[CLOSED_ELSEWHERE] += 1
        else:
            found = self.index.candidates(name, incoming.get("postcode"), la)
            if found.exact or found.near:
                self.pending.append((line, urn, incoming, found))
            elif self.existing_only:
                self.plan.skipped[NOT_IN_LINKDESK] += 1
            else:
                self._create(urn, incoming)

    def _structure(self, line: int, values: list[str]) -> tuple[str, str, str] | None:
        """(URN, name, LA) of a row whose shape is sound; None after noting its problem."""
        cols = self.cols
        if len(values) != len(cols.names):
            stray = any("\n" in v or "\r" in v for v in values)
            hint = " (a quote mark may open a field that never closes)" if stray else ""
            self.problem(
                line, f"the row has {len(values)} columns but the header has {len(cols.names)}{hint}"
            )
            return None
        urn = cols.get(values, "URN").strip()
        name = cols.get(values, "EstablishmentName").strip()
        problem = None
        if not re.fullmatch(r"\d{6}", urn):
            problem = f"URN {urn[:20]!r} is not 6 digits"
        elif self.first_row[int(urn)]:
            problem = f"URN {urn} is also on row {self.first_row[int(urn)]}"
        elif not name:
            problem = "EstablishmentName is empty"
        if problem is not None:
            self.problem(line, problem)
            return None
        self.first_row[int(urn)] = line
        la = cols.get(values, "LA (name)").strip()
        self.local_authorities[la] += 1
        return urn, name, la

    def _checked_incoming(self, line: int, values: list[str]) -> dict[str, Any] | None:
        """GIAS's values for a row the import uses, or None after noting every problem in it."""
        problems = self._row_problems(values)
        status_name = self.cols.get(values, "EstablishmentStatus (name)")
        status = gias.gias_status(status_name) if self.cols.has("EstablishmentStatus (name)") else "open"
        if status is None:
            problems.append(f"EstablishmentStatus {status_name.strip()[:40]!r} is not a status GIAS uses")
        incoming = None if problems else self._incoming(values, status or "open", problems)
        for message in problems:
            self.problem(line, message)
        return incoming

    def _chosen(self, values: list[str], la: str, name: str) -> bool:
        """Whether a row that is not a LinkDesk school by URN is one this import uses."""
        if self.existing_only:
            postcode = self.cols.get(values, "Postcode")
            if self.index.might_match(name, postcode):
                return True
            self.plan.skipped[NOT_IN_LINKDESK] += 1
            return False
        if self.wanted and la.casefold() not in self.wanted:
            self.plan.skipped[OUTSIDE] += 1
            return False
        return True

    def problem(self, line: int, message: str) -> None:
        if len(self.plan.problems) < MAX_LISTED_PROBLEMS:
            self.plan.problems.append(RowProblem(line, message))
        else:
            self.plan.more_problems += 1

    def _row_problems(self, values: list[str]) -> list[str]:
        problems = []
        for column in CHECKED_COLUMNS:
            value = self.cols.get(values, column)
            if (
                value
                and value.startswith(FORMULA_PREFIXES)
                and column in ("EstablishmentName", *ADDRESS_COLUMNS)
            ):
                problems.append(
                    f"{column} starts with {value[0]!r}, which a spreadsheet would run as a formula"
                )
            if "\x00" in value:
                problems.append(f"{column} contains a NUL character")
        for column in self.cols.nhs:
            digits = re.sub(r"\s", "", self.cols.get(values, column))
            if digits and not nhs_number_ok(digits):
                problems.append(f"{column} {digits!r} fails the NHS number check digit")
        return problems

    def _incoming(self, values: list[str], status: str, problems: list[str]) -> dict[str, Any] | None:
        """GIAS's values for a school, in LinkDesk's stored form; None (with problems) if refused."""
        get = self.cols.get
        low, high = gias.age(get(values, "StatutoryLowAge")), gias.age(get(values, "StatutoryHighAge"))
        name = get(values, "EstablishmentName").strip()
        raw_phone = get(values, "TelephoneNum").strip()
        closed_on = None
        if status == "closed":
            try:
                closed_on = gias.gias_date(get(values, "CloseDate"))
            except ValueError as exc:
                problems.append(f"CloseDate {exc}")
        address = ", ".join(v for v in (get(values, c).strip() for c in ADDRESS_COLUMNS) if v)
        fields: dict[str, Any] = {
            "name": name,
            "setting_type": gias.setting_type(
                get(values, "TypeOfEstablishment (name)"),
                get(values, "PhaseOfEducation (name)"),
                low,
                high,
                name=name,
                type_code=get(values, "TypeOfEstablishment (code)"),
                group=get(values, "EstablishmentTypeGroup (name)"),
            ),
            "gias_status": status,
            "closed_on": closed_on,
            "address": address or None,
            "postcode": get(values, "Postcode").strip() or None,
            "local_authority": get(values, "LA (name)").strip() or None,
            "phone": self._phone(raw_phone, gias.overseas(get(values, "Country (name)"))),
            "phone_original": raw_phone or None,
        }
        for name_, value in fields.items():
            if value is not None:
                try:
                    self.records.check_value("school", name_, value)
                except ValidationError as exc:
                    problems.append(str(exc))
        return None if problems else fields

    def _phone(self, raw: str, overseas: bool) -> str | None:
        """The UK form of a number (with the 0 GIAS drops); others kept as given when storable."""
        phone = None if overseas else uk_phone(raw)
        if phone is None and raw:
            try:
                phone = self.records.check_value("school", "phone", raw)
            except ValidationError:
                phone = None  # not storable as a phone; ``phone_original`` keeps it
        return phone

    # -- what happens to a school ---------------------------------------------------------------

    def _create(self, urn: str, incoming: dict[str, Any]) -> None:
        fields = {"urn": urn, **{k: v for k, v in incoming.items() if v is not None}}
        fields["gias_snapshot"] = snapshot_text(incoming)
        self.plan.create.append(fields)
        self.plan.changes.append(SchoolChange("create", urn, incoming["name"], None, incoming["gias_status"]))

    def _merge(
        self, school: Record, urn: str, incoming: dict[str, Any], values: list[str] | None, how: str
    ) -> None:
        snapshot = read_snapshot(school.get("gias_snapshot"))
        legacy = None
        if snapshot is None and values is not None:
            get = self.cols.get
            legacy = {
                "phone": re.sub(r"[^0-9+ ]", "", get(values, "TelephoneNum")).strip() or None,
                "setting_type": _legacy_setting(
                    get(values, "TypeOfEstablishment (name)"),
                    get(values, "EstablishmentTypeGroup (name)"),
                    get(values, "PhaseOfEducation (name)"),
                ),
            }
        result = merge(school.fields, snapshot, incoming, legacy)
        changes: dict[str, Any] = dict(result.changes)
        shown = [FieldChange(k, result.old[k], v) for k, v in result.changes.items()]
        if school.get("urn") != urn:
            changes["urn"] = urn
            shown.insert(0, FieldChange("urn", school.get("urn"), urn))
        new_snapshot = snapshot_text(incoming)
        if school.get("gias_snapshot") != new_snapshot:
            changes["gias_snapshot"] = new_snapshot
        if changes:
            self.plan.update.append((school.id, changes))
        name = str(school.get("name"))
        action = "link" if how else "update" if shown else "keep" if result.kept else ""
        if action:
            self.plan.changes.append(
                SchoolChange(action, urn, name, school.id, incoming["gias_status"], shown, result.kept, how)
            )
        elif changes:
            self.plan.snapshots_only += 1
            self.plan.unchanged += 1
        else:
            self.plan.unchanged += 1

    # -- after the last row --------------------------------------------------------------------

    def finish(self) -> None:
        unknown = [
            la for key, la in self.wanted.items() if key not in {k.casefold() for k in self.local_authorities}
        ]
        if unknown:
            names = sorted(k for k in self.local_authorities if k)
            hints = sorted({m for la in unknown for m in get_close_matches(la, names, n=3, cutoff=0.6)})
            also = f" Did you mean {', '.join(hints)}?" if hints else ""
            named = ", ".join(repr(u) for u in unknown)
            raise ValidationError(f"No school in the file is in the local authority {named}.{also}", "la")
        claims: dict[str, list[int]] = {}
        for position, (_line, _urn, _incoming, found) in enumerate(self.pending):
            if len(found.exact) == 1 and not found.near:
                claims.setdefault(found.exact[0].id, []).append(position)
        for position, (line, urn, incoming, found) in enumerate(self.pending):
            exact = found.exact[0] if len(found.exact) == 1 and not found.near else None
            if exact is not None and claims.get(exact.id) == [position] and not self.index.taken(exact.id):
                self.index.seen(exact.id, True)
                self._merge(exact, urn, incoming, None, how="same name and postcode")
                continue
            others = [s for s in (*found.exact, *found.near) if not self.index.taken(s.id) or s is exact]
            if not others:
                if self.existing_only:
                    self.plan.skipped[NOT_IN_LINKDESK] += 1
                else:
                    self._create(urn, incoming)
                continue
            self.plan.near.append(
                NearMatch(
                    line,
                    urn,
                    incoming["name"],
                    incoming.get("postcode") or "",
                    tuple((s.id, str(s.get("name"))) for s in others),
                )
            )


def scan_local_authorities(source: GiasFile, progress: Progress | None = None) -> Counter[str]:
    """How many open schools each local authority has in the file (for choosing a patch)."""
    rows = source.rows(progress)
    header = next(rows, None)
    if header is None:
        raise FileProblem("The file is empty: there is no header row.")
    cols = _Columns(header.values)
    counts: Counter[str] = Counter()
    for row in rows:
        values = row.values
        if len(values) != len(cols.names):
            continue
        if gias.gias_status(cols.get(values, "EstablishmentStatus (name)")) != "closed":
            counts[cols.get(values, "LA (name)").strip()] += 1
    return counts


def plan_import(
    source: GiasFile,
    records: RecordService,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read the whole file and work out what the import would do; changes nothing."""
    plan = ImportPlan(source=source.label)
    plan.encoding = {"utf-8-sig": "utf-8", "utf-8": "utf-8"}.get(source.encoding(), "windows-1252")
    rows = source.rows(progress)
    header = next(rows, None)
    if header is None:
        raise FileProblem("This is not a GIAS-style school list: no URN column (the file is empty).")
    planner = _Planner(records, options or ImportOptions(), plan, _Columns(header.values))
    for row in rows:
        planner.row(row.line, row.values)
    planner.finish()
    return plan


def apply_import(
    plan: ImportPlan, records: RecordService, progress: Callable[[int, int], None] | None = None
) -> int:
    """Carry out a clean plan in one transaction; returns the number of schools created or changed."""
    if plan.problems:
        raise ValidationError(f"The file has {len(plan.problems)} problem(s); nothing was imported.")
    total = len(plan.create) + len(plan.update)
    with records.batch():
        for done, fields in enumerate(plan.create, 1):
            records.add("school", fields)
            if progress is not None and done % 500 == 0:
                progress(done, total)
        records.update_many("school", plan.update)
    if progress is not None:
        progress(total, total)
    return total
