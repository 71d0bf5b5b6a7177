"""Which parts of a definition no published source has confirmed, named for the scored result.

A band table, cut-off set, scoring rule, risk item or reliable change index carries
``"verified": true`` only with a citation in its ``source``. Everything else is listed, by name,
in ``ScoreResult.unverified`` so that screens and letters can say "(unverified)" beside it; the
word never goes into a band label. Names:

- ``bands.<score>`` / ``bands_original.<score>``: the band of that score (its table or row, or
  the cut-off set in use);
- ``rule.<id>``: a scoring rule of the definition (``rules``);
- ``flag.<flag>.item<N>``: a risk item;
- ``change.rci``: the reliable change index used by ``compare``.
"""

from __future__ import annotations

from linkdesk.measures.bands import ScoringContext
from linkdesk.measures.definitions import BandScheme, MeasureDefinition, ScoreBands

CHANGE_RCI = "change.rci"


def band_name(scheme: str, score: str) -> str:
    """``band_name("bands", "total")`` -> ``"bands.total"``."""
    return f"{scheme}.{score}"


def row_verified(scheme: BandScheme, bands: ScoreBands, cutoff_set: str | None) -> bool:
    checked = scheme.verified if bands.verified is None else bands.verified
    if bands.cutoff_sets:
        chosen = bands.cutoff_set(cutoff_set)
        checked = checked and chosen is not None and chosen.verified
    return checked


def unverified_names(definition: MeasureDefinition, context: ScoringContext) -> tuple[str, ...]:
    """Every unverified band, cut-off, rule, risk item and RCI of ``definition``, in a fixed order."""
    names: list[str] = []
    for prefix, scheme in (("bands", definition.bands), ("bands_original", definition.bands_original)):
        if scheme is None:
            continue
        names += [
            band_name(prefix, key)
            for key, bands in scheme.scores.items()
            if not row_verified(scheme, bands, context.cutoff_set)
        ]
    names += [f"rule.{rule.id}" for rule in definition.rules if not rule.verified]
    names += [f"flag.{f.flag}.item{f.item}" for f in definition.flags if not f.verified]
    change = definition.change
    if change is not None and change.rci is not None and not change.rci.verified:
        names.append(CHANGE_RCI)
    return tuple(dict.fromkeys(names))
