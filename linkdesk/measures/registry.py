"""The licence-aware measure registry: shipped definitions plus a service's own directories.

``MeasureRegistry.load(shipped_dir, extra_dirs)`` reads every ``*.json`` file:

- from the shipped directory: ``base`` and ``measure`` definitions;
- from each extra (service-local) directory, additionally:
  - ``wording`` files, which add licensed item wording to a measure whose wording LinkDesk may
    not ship (for example an SDQ held under an NHS England NCCR sub-licence)::

        {"kind": "wording", "measure": "sdq-p4-17",
         "licence_reference": "NCCR sub-licence 2025-123",
         "items": {"1": "...", "2": "..."}}

    Wording never changes scoring: item numbers, keys and bands stay those of the definition.
  - ``norm_table`` files (see :mod:`linkdesk.measures.norms`), for example licensed RCADS norms;
  - new ``measure`` definitions with ids not already taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from linkdesk.errors import ValidationError
from linkdesk.measures.bands import ScoringContext
from linkdesk.measures.definitions import DefinitionError, MeasureDefinition
from linkdesk.measures.jsondata import Obj, read_json_file
from linkdesk.measures.loader import build_definition, merge_base
from linkdesk.measures.norms import NormTable, build_norm_table
from linkdesk.measures.responses import RawResponse
from linkdesk.measures.scoring import ScoreResult, score

KINDS = ("base", "measure", "wording", "norm_table")


class MeasureRegistry:
    def __init__(
        self, definitions: dict[str, MeasureDefinition], norms: dict[str, tuple[NormTable, ...]]
    ) -> None:
        self._definitions = dict(sorted(definitions.items()))
        self._norms = norms

    @classmethod
    def load(cls, shipped_dir: Path, extra_dirs: Sequence[Path] = ()) -> MeasureRegistry:
        files = [(path, True) for path in _json_files(shipped_dir)]
        for directory in extra_dirs:
            files += [(path, False) for path in _json_files(directory)]
        parsed = [(path, shipped, read_json_file(path)) for path, shipped in files]
        by_kind: dict[str, list[tuple[Path, bool, dict[str, object]]]] = {k: [] for k in KINDS}
        for path, shipped, raw in parsed:
            kind = raw.get("kind")
            if kind not in KINDS:
                raise DefinitionError(f"{path.name}: 'kind' must be one of {', '.join(KINDS)}")
            if kind in {"wording", "norm_table"} and shipped:
                raise DefinitionError(f"{path.name}: {kind} files belong in a service's own directory")
            by_kind[str(kind)].append((path, shipped, raw))

        bases = {str(raw.get("id")): raw for _, _, raw in by_kind["base"]}
        definitions: dict[str, MeasureDefinition] = {}
        for path, _, raw in by_kind["measure"]:
            definition = build_definition(merge_base(raw, bases, path.name), path.name)
            if definition.id in definitions:
                raise DefinitionError(
                    f"{path.name}: measure {definition.id!r} is already defined; a service may add "
                    "wording or norm tables to it but not redefine its scoring"
                )
            definitions[definition.id] = definition
        worded: set[str] = set()
        for path, _, raw in by_kind["wording"]:
            target = _target(raw, definitions, path)
            if target in worded:
                raise DefinitionError(f"{path.name}: a second wording file for {target!r}")
            worded.add(target)
            definitions[target] = apply_wording(definitions[target], raw, path.name)
        norms: dict[str, list[NormTable]] = {}
        for path, _, raw in by_kind["norm_table"]:
            target = _target(raw, definitions, path)
            norms.setdefault(target, []).append(build_norm_table(raw, path.name, definitions[target]))
        return cls(definitions, {k: tuple(v) for k, v in norms.items()})

    def ids(self) -> list[str]:
        return list(self._definitions)

    def get(self, measure_id: str) -> MeasureDefinition:
        try:
            return self._definitions[measure_id]
        except KeyError:
            known = ", ".join(self._definitions)
            raise ValidationError(
                f"Unknown measure {measure_id!r}; known measures: {known}", field="measure"
            ) from None

    def norms(self, measure_id: str) -> tuple[NormTable, ...]:
        return self._norms.get(measure_id, ())

    def score(
        self, measure_id: str, responses: Sequence[RawResponse], context: ScoringContext | None = None
    ) -> ScoreResult:
        return score(self.get(measure_id), responses, context, self.norms(measure_id))

    def summaries(self) -> list[dict[str, Any]]:
        """One JSON-ready row per measure, for ``linkdesk measures list --json``."""
        return [summary(d, self.norms(d.id)) for d in self._definitions.values()]


def summary(definition: MeasureDefinition, norms: Sequence[NormTable] = ()) -> dict[str, Any]:
    return {
        "id": definition.id,
        "title": definition.title,
        "short_name": definition.short_name,
        "family": definition.family,
        "informant": definition.informant,
        "age_range": list(definition.age_range) if definition.age_range else None,
        "items": len(definition.items),
        "responses": list(definition.response_counts),
        "scores": [s.key for s in definition.scores],
        "version": definition.version,
        "item_text_allowed": definition.item_text_allowed,
        "licence_status": definition.licence.status.value,
        "licence_holder": definition.licence.holder,
        "norm_tables": [t.id for t in norms],
    }


def apply_wording(definition: MeasureDefinition, raw: dict[str, object], where: str) -> MeasureDefinition:
    """Return ``definition`` with licensed local item wording added (scoring untouched)."""
    obj = Obj(raw, where)
    reference = obj.text("licence_reference").strip()
    if not reference:
        raise obj.fail("licence_reference", "the reference of the licence that allows this wording")
    texts: dict[int, str] = {}
    items = obj.child("items")
    for key, value in items.data.items():
        if not key.isdigit() or not 1 <= int(key) <= len(definition.items):
            raise DefinitionError(f"{items.where}: {key!r} is not an item of {definition.id}")
        if not isinstance(value, str) or not value.strip():
            raise DefinitionError(f"{items.where}: item {key} needs non-empty wording")
        texts[int(key)] = value
    new_items = tuple(replace(item, text=texts.get(item.number, item.text)) for item in definition.items)
    return replace(
        definition, items=new_items, item_text_allowed=True, wording_source=f"{reference} ({where})"
    )


def _target(raw: dict[str, object], definitions: dict[str, MeasureDefinition], path: Path) -> str:
    target = raw.get("measure")
    if not isinstance(target, str) or target not in definitions:
        raise DefinitionError(f"{path.name}: 'measure' must name a known measure (got {target!r})")
    return target


def _json_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise DefinitionError(f"{directory}: not a folder of measure definitions")
    return sorted(p for p in directory.iterdir() if p.suffix == ".json" and p.is_file())
