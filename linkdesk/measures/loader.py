"""Turning definition JSON into :class:`MeasureDefinition` values, checking them as it goes.

File kinds (the ``kind`` field):

- ``measure``: one measure. ``extends`` names a ``base`` file whose fields it inherits;
  ``extra_items``, ``extra_scores`` and ``extra_scales`` add to the inherited ones.
- ``base``: shared structure (for example the 25 SDQ items), never offered as a measure.
- ``wording`` and ``norm_table``: service-local files, see :mod:`linkdesk.measures.registry`
  and :mod:`linkdesk.measures.norms`.

Ranges of computed scores are derived from the items, never typed in, and band tables must
cover a score's whole range without gaps or overlaps, so a typing slip in the data fails loudly.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from linkdesk.measures.definitions import (
    AnswerScale,
    BandRange,
    BandScheme,
    ChangeSpec,
    Cutoff,
    CutoffSet,
    DefinitionError,
    Direction,
    FlagRule,
    Item,
    Licence,
    LicenceStatus,
    MeasureDefinition,
    RciReference,
    RuleNote,
    ScoreBands,
    ScoreKind,
    ScoreSpec,
)
from linkdesk.measures.jsondata import Obj, as_decimal

MERGED_LISTS = {"extra_items": "items", "extra_scores": "scores", "extra_rules": "rules"}


def merge_base(
    raw: dict[str, object], bases: Mapping[str, dict[str, object]], where: str
) -> dict[str, object]:
    """Apply ``extends``: the base's fields, overridden or extended by the measure's own."""
    base_id = raw.get("extends")
    if base_id is None:
        return dict(raw)
    if not isinstance(base_id, str) or base_id not in bases:
        raise DefinitionError(f"{where}: 'extends' names an unknown base definition {base_id!r}")
    merged = {k: v for k, v in bases[base_id].items() if k not in {"kind", "id"}}
    for key, value in raw.items():
        if key in MERGED_LISTS:
            target = MERGED_LISTS[key]
            inherited = merged.get(target, [])
            if not isinstance(inherited, list) or not isinstance(value, list):
                raise DefinitionError(f"{where}: '{key}' must be a list")
            merged[target] = [*inherited, *value]
        elif key == "extra_scales":
            inherited_scales = merged.get("scales", {})
            if not isinstance(inherited_scales, dict) or not isinstance(value, dict):
                raise DefinitionError(f"{where}: 'extra_scales' must be an object")
            merged["scales"] = {**inherited_scales, **value}
        else:
            merged[key] = value
    return merged


def build_definition(raw: dict[str, object], where: str) -> MeasureDefinition:
    obj = Obj(raw, where)
    scales = {name: _scale(name, Obj(v, f"{where}: scales.{name}")) for name, v in _mapping(obj, "scales")}
    text_allowed = obj.flag("item_text_allowed")
    items = _items(obj, scales, text_allowed)
    scores = _scores(obj, items, scales)
    score_map = {s.key: s for s in scores}
    counts = obj.int_list("response_counts") or (len(items),)
    if list(counts) != sorted(set(counts)) or counts[0] < 1 or counts[-1] != len(items):
        raise DefinitionError(f"{where}: 'response_counts' must rise and end at the item count {len(items)}")
    age = obj.int_list("age_range")
    definition = MeasureDefinition(
        id=obj.text("id"),
        title=obj.text("title"),
        short_name=obj.text("short_name"),
        family=obj.text("family"),
        informant=obj.text("informant"),
        version=obj.text("version"),
        item_text_allowed=text_allowed,
        licence=_licence(obj.child("licence")),
        layout=obj.text("layout", ""),
        response_counts=counts,
        scales=scales,
        items=items,
        scores=scores,
        age_range=(age[0], age[1]) if len(age) == 2 else None,
        bands=_band_scheme(obj.opt_child("bands"), score_map),
        bands_original=_band_scheme(obj.opt_child("bands_original"), score_map),
        flags=tuple(_flag(o, items, scales) for o in obj.children("flags")),
        change=_change(obj.opt_child("change"), score_map),
        rules=_rules(obj),
        notes=obj.text_list("notes"),
    )
    if not definition.id or definition.id != definition.id.strip().lower():
        raise DefinitionError(f"{where}: 'id' must be a lower-case identifier")
    return definition


def _mapping(obj: Obj, key: str) -> list[tuple[str, object]]:
    value = obj.raw(key)
    if not isinstance(value, dict):
        raise obj.fail(key, "an object")
    return list(value.items())


def _licence(obj: Obj) -> Licence:
    status = obj.text("status")
    if status not in {s.value for s in LicenceStatus}:
        raise obj.fail("status", "one of " + ", ".join(s.value for s in LicenceStatus))
    return Licence(
        status=LicenceStatus(status),
        holder=obj.text("holder"),
        name=obj.text("name"),
        text=obj.text("text"),
        url=obj.text("url", ""),
        copyright_line=obj.text("copyright_line", ""),
    )


def _scale(name: str, obj: Obj) -> AnswerScale:
    kind = obj.text("kind")
    labels = obj.text_list("labels")
    if kind == "continuous":
        minimum, maximum = obj.number("min"), obj.number("max")
        if minimum >= maximum:
            raise obj.fail("max", "above 'min'")
        return AnswerScale(name, True, (), labels, minimum, maximum, obj.integer("places"))
    if kind != "discrete":
        raise obj.fail("kind", "'discrete' or 'continuous'")
    scores = tuple(as_decimal(v, f"{obj.where}: scores") for v in obj.array("scores"))
    if len(scores) < 2:
        raise obj.fail("scores", "a list of at least two numbers")
    if labels and len(labels) != len(scores):
        raise obj.fail("labels", f"one label per answer ({len(scores)})")
    return AnswerScale(name, False, scores, labels)


def _items(obj: Obj, scales: Mapping[str, AnswerScale], text_allowed: bool) -> tuple[Item, ...]:
    if obj.has("items"):
        items = tuple(_item(o, obj.text("scale", "")) for o in obj.children("items"))
    else:
        reverse = set(obj.int_list("reverse_items"))
        items = tuple(
            Item(number=n, scale=obj.text("scale"), reverse=n in reverse)
            for n in range(1, obj.integer("item_count") + 1)
        )
    for index, item in enumerate(items, start=1):
        if item.number != index:
            raise DefinitionError(f"{obj.where}: items must be numbered 1, 2, 3... (found {item.number})")
        if item.scale not in scales:
            raise DefinitionError(f"{obj.where}: item {item.number} uses unknown scale {item.scale!r}")
        if item.reverse and scales[item.scale].continuous:
            raise DefinitionError(f"{obj.where}: item {item.number} cannot reverse a continuous scale")
        if item.text is not None and not text_allowed:
            raise DefinitionError(
                f"{obj.where}: item {item.number} carries wording but the licence does not allow "
                "shipping item text ('item_text_allowed' is false)"
            )
    if not items:
        raise DefinitionError(f"{obj.where}: a measure needs at least one item")
    return items


def _item(obj: Obj, default_scale: str) -> Item:
    return Item(
        number=obj.integer("number"),
        scale=obj.text("scale", default_scale),
        reverse=obj.flag("reverse"),
        name=obj.text("name", ""),
        text=obj.opt_text("text"),
        block=obj.text("block", "main"),
    )


def _scores(obj: Obj, items: tuple[Item, ...], scales: Mapping[str, AnswerScale]) -> tuple[ScoreSpec, ...]:
    specs: dict[str, ScoreSpec] = {}
    for child in obj.children("scores"):
        spec = _score(child, items, scales, specs)
        if spec.key in specs:
            raise DefinitionError(f"{child.where}: duplicate score key {spec.key!r}")
        specs[spec.key] = spec
    return tuple(specs.values())


def _item_bounds(item: Item, scales: Mapping[str, AnswerScale]) -> tuple[Decimal, Decimal]:
    scale = scales[item.scale]
    if scale.continuous:
        return scale.minimum, scale.maximum
    return min(scale.scores), max(scale.scores)


def _score(
    obj: Obj, items: tuple[Item, ...], scales: Mapping[str, AnswerScale], earlier: Mapping[str, ScoreSpec]
) -> ScoreSpec:
    kind_text = obj.text("kind")
    if kind_text not in {k.value for k in ScoreKind}:
        raise obj.fail("kind", "one of " + ", ".join(k.value for k in ScoreKind))
    kind = ScoreKind(kind_text)
    numbers = obj.int_list("items") or ((obj.integer("item"),) if obj.has("item") else ())
    if any(not 1 <= n <= len(items) for n in numbers) or len(set(numbers)) != len(numbers):
        raise obj.fail("items", f"distinct item numbers between 1 and {len(items)}")
    bounds = [_item_bounds(items[n - 1], scales) for n in numbers]
    of = obj.text_list("of")
    if any(key not in earlier for key in of):
        raise obj.fail("of", "a list of scores defined earlier in the file")
    multiplier = obj.number("multiplier", Decimal(1))
    low = sum((b[0] for b in bounds), Decimal(0))
    high = sum((b[1] for b in bounds), Decimal(0))
    table: dict[int, Decimal] = {}
    source = obj.text("source", "")
    if kind is ScoreKind.MEAN:
        low, high = min(b[0] for b in bounds) * multiplier, max(b[1] for b in bounds) * multiplier
    elif kind is ScoreKind.SUM_OF:
        low = sum((earlier[k].minimum for k in of), Decimal(0))
        high = sum((earlier[k].maximum for k in of), Decimal(0))
    elif kind is ScoreKind.LOOKUP:
        if source not in earlier:
            raise obj.fail("source", "a score defined earlier in the file")
        table = {int(k): as_decimal(v, f"{obj.where}: table[{k}]") for k, v in _mapping(obj, "table")}
        expected = range(int(earlier[source].minimum), int(earlier[source].maximum) + 1)
        if sorted(table) != list(expected):
            raise obj.fail(
                "table", f"one entry for every value of {source} ({expected.start}-{expected.stop - 1})"
            )
        low, high = min(table.values()), max(table.values())
    elif kind is ScoreKind.GATED_SUM:
        low = Decimal(0)
    if kind in {ScoreKind.SUM, ScoreKind.MEAN, ScoreKind.GATED_SUM, ScoreKind.ITEM} and not numbers:
        raise obj.fail("items", "a non-empty list of item numbers")
    min_answered = obj.opt_integer("min_answered")
    if min_answered is not None and not 1 <= min_answered <= len(numbers):
        raise obj.fail("min_answered", f"between 1 and {len(numbers)}")
    gate = obj.opt_integer("gate_item")
    if kind is ScoreKind.GATED_SUM and (gate is None or not 1 <= gate <= len(items)):
        raise obj.fail("gate_item", "an item number")
    when_gate_unanswered = obj.text("when_gate_unanswered", "missing")
    if when_gate_unanswered not in {"missing", "sum"}:
        raise obj.fail("when_gate_unanswered", "'missing' or 'sum'")
    return ScoreSpec(
        key=obj.text("key"),
        kind=kind,
        label=obj.text("label"),
        minimum=low,
        maximum=high,
        items=numbers,
        of=of,
        min_answered=min_answered,
        prorate=obj.flag("prorate"),
        multiplier=multiplier,
        places=obj.integer("places", 0),
        source=source,
        table=table,
        table_source=obj.text("table_source", ""),
        gate_item=gate,
        gate_zero_positions=obj.int_list("gate_zero_positions"),
        unanswered_as_zero=obj.flag("unanswered_as_zero"),
        when_gate_unanswered=when_gate_unanswered,
        gate_note=obj.text("gate_note", ""),
    )


def _band_scheme(obj: Obj | None, scores: Mapping[str, ScoreSpec]) -> BandScheme | None:
    if obj is None:
        return None
    bands: dict[str, ScoreBands] = {}
    for key, value in _mapping(obj, "scores"):
        if key not in scores:
            raise DefinitionError(f"{obj.where}: bands given for unknown score {key!r}")
        bands[key] = _score_bands(Obj(value, f"{obj.where}: {key}"), scores[key])
    return BandScheme(
        id=obj.text("id"),
        title=obj.text("title"),
        source=obj.text("source"),
        verified=obj.flag("verified"),
        scores=bands,
    )


def _score_bands(obj: Obj, spec: ScoreSpec) -> ScoreBands:
    if obj.has("ranges"):
        if spec.places != 0:
            raise DefinitionError(f"{obj.where}: band ranges need a whole-number score; use cutoff_sets")
        ranges = []
        for i, row in enumerate(obj.array("ranges")):
            if not isinstance(row, list) or len(row) != 3 or not isinstance(row[2], str):
                raise DefinitionError(f"{obj.where}: ranges[{i}] must be [low, high, label]")
            where = f"{obj.where}: ranges[{i}]"
            ranges.append(BandRange(as_decimal(row[0], where), as_decimal(row[1], where), row[2]))
        _check_coverage(obj.where, spec, ranges)
        return ScoreBands(ranges=tuple(ranges), verified=_opt_flag(obj, "verified"))
    when = obj.text("clinical_when", "at_or_above")
    if when not in {"at_or_above", "below"}:
        raise obj.fail("clinical_when", "'at_or_above' or 'below'")
    sets = tuple(_cutoff_set(o) for o in obj.children("cutoff_sets"))
    if not sets:
        raise obj.fail("cutoff_sets", "a non-empty list (or give 'ranges')")
    return ScoreBands(
        verified=_opt_flag(obj, "verified"),
        cutoff_sets=sets,
        clinical_when=when,
        clinical_label=obj.text("clinical_label", "clinical range"),
        non_clinical_label=obj.text("non_clinical_label", "non-clinical range"),
    )


def _opt_flag(obj: Obj, key: str) -> bool | None:
    return obj.flag(key) if obj.has(key) else None


def _rules(obj: Obj) -> tuple[RuleNote, ...]:
    rules = tuple(
        RuleNote(o.text("id"), o.text("text"), o.text("source"), o.flag("verified"))
        for o in obj.children("rules")
    )
    ids = [rule.id for rule in rules]
    if len(set(ids)) != len(ids):
        raise DefinitionError(f"{obj.where}: rule ids must be distinct")
    return rules


def _check_coverage(where: str, spec: ScoreSpec, ranges: list[BandRange]) -> None:
    """Integer bands must tile the score's range exactly: no gap, no overlap."""
    ordered = sorted(ranges, key=lambda r: r.low)
    expected = spec.minimum
    for band in ordered:
        if band.low != expected or band.high < band.low:
            raise DefinitionError(
                f"{where}: bands must cover {spec.minimum}-{spec.maximum} with no gap or overlap"
            )
        expected = band.high + 1
    if expected - 1 != spec.maximum:
        raise DefinitionError(f"{where}: bands must end at the top of the range ({spec.maximum})")


def _cutoff_set(obj: Obj) -> CutoffSet:
    cutoffs = []
    for row in obj.children("cutoffs"):
        sex = row.opt_text("sex")
        if sex not in {None, "female", "male"}:
            raise row.fail("sex", "'female' or 'male'")
        cutoffs.append(
            Cutoff(row.number("value"), sex, row.opt_integer("age_min"), row.opt_integer("age_max"))
        )
    return CutoffSet(
        obj.text("id"), obj.text("title"), obj.text("source"), obj.flag("verified"), tuple(cutoffs)
    )


def _flag(obj: Obj, items: tuple[Item, ...], scales: Mapping[str, AnswerScale]) -> FlagRule:
    number = obj.integer("item")
    if not 1 <= number <= len(items):
        raise obj.fail("item", f"an item number between 1 and {len(items)}")
    above = obj.integer("above", 0)
    scale = scales[items[number - 1].scale]
    if scale.continuous or not 0 <= above < scale.options - 1:
        raise obj.fail("above", "a box position below the top of the item's answer scale")
    return FlagRule(obj.text("flag"), number, above, obj.flag("verified"), obj.text("note", ""))


def _change(obj: Obj | None, scores: Mapping[str, ScoreSpec]) -> ChangeSpec | None:
    if obj is None:
        return None
    key = obj.text("score")
    if key not in scores:
        raise obj.fail("score", "a score key of this measure")
    direction = obj.text("direction")
    if direction not in {d.value for d in Direction}:
        raise obj.fail("direction", "'higher_is_worse' or 'higher_is_better'")
    rci_obj = obj.opt_child("rci")
    rci = None
    if rci_obj is not None:
        rci = RciReference(
            value=rci_obj.number("value"),
            source=rci_obj.text("source"),
            verified=rci_obj.flag("verified"),
            indicative=rci_obj.flag("indicative", True),
        )
    return ChangeSpec(score=key, direction=Direction(direction), rci=rci, note=obj.text("note", ""))
