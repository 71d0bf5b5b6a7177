"""Measure definitions as typed, immutable values.

The data lives in ``resources/measures/*.json`` (see :mod:`linkdesk.measures.loader`); these
classes are what the scoring engine reads. Nothing here knows about a particular measure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from linkdesk.errors import ValidationError


class DefinitionError(ValidationError):
    """A measure definition, wording override or norm-table file is malformed."""

    code = "bad_definition"


class LicenceStatus(StrEnum):
    SHIPPED = "shipped"
    REQUIRES_LOCAL_LICENCE = "requires_local_licence"
    BLOCKED = "blocked"


class ScoreKind(StrEnum):
    SUM = "sum"  # keyed item scores added; optional prorating to the full item count
    MEAN = "mean"  # mean of answered keyed items, times a multiplier
    ITEM = "item"  # one item's keyed score
    SUM_OF = "sum_of"  # other scores added; missing if any of them is missing
    LOOKUP = "lookup"  # another score converted through a published table
    GATED_SUM = "gated_sum"  # SDQ impact: a gate answer can force 0, else a sum of its items


class Direction(StrEnum):
    HIGHER_IS_WORSE = "higher_is_worse"
    HIGHER_IS_BETTER = "higher_is_better"


@dataclass(frozen=True)
class Licence:
    status: LicenceStatus
    holder: str
    name: str
    text: str
    url: str = ""
    copyright_line: str = ""


@dataclass(frozen=True)
class AnswerScale:
    """How a response is entered and what it scores.

    Discrete scales are entered as the position of the ticked box counting from 0 and scored
    through ``scores``. Continuous scales (ORS/CORS marks in cm) are entered as the value itself,
    between ``minimum`` and ``maximum`` with at most ``places`` decimals.
    """

    name: str
    continuous: bool
    scores: tuple[Decimal, ...] = ()
    labels: tuple[str, ...] = ()
    minimum: Decimal = Decimal(0)
    maximum: Decimal = Decimal(0)
    places: int = 0

    @property
    def options(self) -> int:
        return len(self.scores)

    def describe(self) -> str:
        """The range shown in error messages: box positions, or the continuous range."""
        if self.continuous:
            return f"{self.minimum:.{self.places}f}-{self.maximum:.{self.places}f}"
        return f"0-{self.options - 1}"


@dataclass(frozen=True)
class Item:
    number: int
    scale: str
    reverse: bool = False
    name: str = ""
    text: str | None = None
    block: str = "main"


@dataclass(frozen=True)
class ScoreSpec:
    key: str
    kind: ScoreKind
    label: str
    minimum: Decimal
    maximum: Decimal
    items: tuple[int, ...] = ()
    of: tuple[str, ...] = ()
    min_answered: int | None = None  # None: every item must be answered
    prorate: bool = False
    multiplier: Decimal = Decimal(1)
    places: int = 0
    source: str = ""  # LOOKUP: the score that is converted
    table: Mapping[int, Decimal] = field(default_factory=dict)
    table_source: str = ""
    gate_item: int | None = None
    gate_zero_positions: tuple[int, ...] = ()
    #: GATED_SUM: an unanswered item counts 0 (the score is missing only when all are blank);
    #: otherwise every item must be answered.
    unanswered_as_zero: bool = False
    #: GATED_SUM, gate unanswered: "missing" (no score) or "sum" (score the items anyway).
    when_gate_unanswered: str = "missing"
    #: GATED_SUM: added to the warning when the gate is unanswered (for example why the rule).
    gate_note: str = ""

    @property
    def required(self) -> int:
        return len(self.items) if self.min_answered is None else self.min_answered


@dataclass(frozen=True)
class BandRange:
    low: Decimal
    high: Decimal
    label: str


@dataclass(frozen=True)
class Cutoff:
    value: Decimal
    sex: str | None = None
    age_min: int | None = None
    age_max: int | None = None

    def matches(self, age: int | None, sex: str | None) -> bool:
        if self.sex is not None and sex != self.sex:
            return False
        if self.age_min is None and self.age_max is None:
            return True
        if age is None:
            return False
        low = self.age_min if self.age_min is not None else age
        high = self.age_max if self.age_max is not None else age
        return low <= age <= high


@dataclass(frozen=True)
class CutoffSet:
    id: str
    title: str
    source: str
    verified: bool
    cutoffs: tuple[Cutoff, ...]

    @property
    def needs_age_and_sex(self) -> bool:
        return any(c.sex is not None or c.age_min is not None for c in self.cutoffs)


@dataclass(frozen=True)
class ScoreBands:
    """Bands for one score: fixed ranges, or a clinical cut-off (possibly by age and sex)."""

    ranges: tuple[BandRange, ...] = ()
    verified: bool | None = None  # None: as the scheme says; a row may differ from its table
    cutoff_sets: tuple[CutoffSet, ...] = ()  # the first is the default
    clinical_when: str = "at_or_above"  # or "below"
    clinical_label: str = "clinical range"
    non_clinical_label: str = "non-clinical range"

    def cutoff_set(self, set_id: str | None) -> CutoffSet | None:
        if not self.cutoff_sets:
            return None
        if set_id is None:
            return self.cutoff_sets[0]
        return next((s for s in self.cutoff_sets if s.id == set_id), None)


@dataclass(frozen=True)
class BandScheme:
    id: str
    title: str
    source: str
    verified: bool
    scores: Mapping[str, ScoreBands]


@dataclass(frozen=True)
class RuleNote:
    """A scoring rule (for example what happens to missing items) and where it comes from."""

    id: str
    text: str
    source: str
    verified: bool


@dataclass(frozen=True)
class FlagRule:
    flag: str
    item: int
    above: int  # raised when the item's box position is above this
    verified: bool
    note: str = ""


@dataclass(frozen=True)
class RciReference:
    value: Decimal
    source: str
    verified: bool
    indicative: bool


@dataclass(frozen=True)
class ChangeSpec:
    score: str
    direction: Direction
    rci: RciReference | None
    note: str = ""


@dataclass(frozen=True)
class MeasureDefinition:
    id: str
    title: str
    short_name: str
    family: str
    informant: str
    version: str
    item_text_allowed: bool
    licence: Licence
    layout: str
    response_counts: tuple[int, ...]
    scales: Mapping[str, AnswerScale]
    items: tuple[Item, ...]
    scores: tuple[ScoreSpec, ...]
    age_range: tuple[int, int] | None = None
    bands: BandScheme | None = None
    bands_original: BandScheme | None = None
    flags: tuple[FlagRule, ...] = ()
    change: ChangeSpec | None = None
    rules: tuple[RuleNote, ...] = ()
    notes: tuple[str, ...] = ()
    wording_source: str = ""  # set when a licensed local wording override was applied

    def item(self, number: int) -> Item:
        return self.items[number - 1]

    def scale_of(self, item: Item) -> AnswerScale:
        return self.scales[item.scale]

    def score_spec(self, key: str) -> ScoreSpec:
        for spec in self.scores:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def describe_counts(self) -> str:
        counts = [str(n) for n in self.response_counts]
        if len(counts) == 1:
            return counts[0]
        return ", ".join(counts[:-1]) + " or " + counts[-1]
