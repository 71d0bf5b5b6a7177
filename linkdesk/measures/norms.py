"""Licensed norm tables (RCADS T-scores), loaded only from a service's own directory.

LinkDesk ships no RCADS norms: the tables belong to Chorpita and Spence and come with the
UCLA permission. A service that holds them writes a ``norm_table`` file::

    {
      "kind": "norm_table",
      "id": "ucla-rcads-child-2020",          # recorded with every T-score
      "measure": "rcads47-c",
      "title": "RCADS child, UCLA norms",
      "source": "RCADS User's Guide (2020), appendix tables",
      "licence_reference": "UCLA permission 2025-0042",
      "borderline_t": 65, "clinical_t": 70,  # optional, these are the UCLA defaults
      "groups": [
        {"sex": "female", "grades": [3, 4],
         "scores": {"separation_anxiety": {"mean": 5.1, "sd": 3.2},
                    "depression": {"table": {"0": 36, "1": 38}}}}
      ]
    }

Each score is converted either by the group's mean and SD (T = 50 + 10 (raw - mean) / SD,
rounded half up) or by an explicit raw-to-T table. US school grade = age - 6 (UCLA).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from linkdesk.measures.definitions import DefinitionError, MeasureDefinition
from linkdesk.measures.jsondata import Obj, as_decimal
from linkdesk.measures.numbers import round_half_up

GRADE_OFFSET = 6


@dataclass(frozen=True)
class NormEntry:
    mean: Decimal | None = None
    sd: Decimal | None = None
    table: Mapping[int, Decimal] = field(default_factory=dict)

    def t_score(self, raw: Decimal) -> Decimal | None:
        """The T-score for ``raw``, or ``None`` when the table has no row for it."""
        if self.table:
            return self.table.get(int(raw))
        if self.mean is None or self.sd is None:
            return None
        exact = 50 + 10 * (Fraction(raw) - Fraction(self.mean)) / Fraction(self.sd)
        return round_half_up(exact)


@dataclass(frozen=True)
class NormGroup:
    sex: str
    grades: tuple[int, ...]
    scores: Mapping[str, NormEntry]


@dataclass(frozen=True)
class NormTable:
    id: str
    measure: str
    title: str
    source: str
    licence_reference: str
    groups: tuple[NormGroup, ...]
    borderline_t: Decimal = Decimal(65)
    clinical_t: Decimal = Decimal(70)

    def group_for(self, sex: str | None, grade: int | None) -> NormGroup | None:
        for group in self.groups:
            if group.sex == sex and grade in group.grades:
                return group
        return None

    def band(self, t: Decimal) -> str:
        if t >= self.clinical_t:
            return "clinical"
        if t >= self.borderline_t:
            return "borderline clinical"
        return "normal range"


def grade_from_age(age: int) -> int:
    """UCLA's rule: "To convert age in years to U.S. grade level, subtract 6"."""
    return age - GRADE_OFFSET


def build_norm_table(raw: dict[str, object], where: str, definition: MeasureDefinition) -> NormTable:
    obj = Obj(raw, where)
    keys = {s.key for s in definition.scores}
    groups = []
    for group in obj.children("groups"):
        sex = group.text("sex")
        if sex not in {"female", "male"}:
            raise group.fail("sex", "'female' or 'male'")
        grades = group.int_list("grades")
        if not grades:
            raise group.fail("grades", "a non-empty list of US school grades")
        entries: dict[str, NormEntry] = {}
        scores = group.child("scores")
        for key, value in scores.data.items():
            if key not in keys:
                raise DefinitionError(f"{scores.where}: {definition.id} has no score {key!r}")
            entries[key] = _entry(Obj(value, f"{scores.where}: {key}"))
        groups.append(NormGroup(sex, grades, entries))
    if not groups:
        raise obj.fail("groups", "a non-empty list")
    licence_reference = obj.text("licence_reference").strip()
    if not licence_reference:
        raise obj.fail("licence_reference", "the reference of the licence that allows these norms")
    return NormTable(
        id=obj.text("id"),
        measure=definition.id,
        title=obj.text("title"),
        source=obj.text("source"),
        licence_reference=licence_reference,
        groups=tuple(groups),
        borderline_t=obj.number("borderline_t", Decimal(65)),
        clinical_t=obj.number("clinical_t", Decimal(70)),
    )


def _entry(obj: Obj) -> NormEntry:
    if obj.has("table"):
        table = obj.child("table")
        rows = {int(k): as_decimal(v, f"{table.where}[{k}]") for k, v in table.data.items() if k.isdigit()}
        if len(rows) != len(table.data) or not rows:
            raise obj.fail("table", "an object of raw score -> T-score")
        return NormEntry(table=rows)
    sd = obj.number("sd")
    if sd <= 0:
        raise obj.fail("sd", "above 0")
    return NormEntry(mean=obj.number("mean"), sd=sd)
