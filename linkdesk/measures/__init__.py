"""Validated outcome measures: definitions as data, exact scoring, change between administrations.

Pure Python (stdlib, ``linkdesk.domain``, ``linkdesk.errors`` only): no Qt, no SQL, no store.

    registry = MeasureRegistry.load(resources_dir() / "measures", extra_dirs)
    result = registry.score("sdq-p4-17", parse_responses(registry.get("sdq-p4-17"), "0,1,2,..."))
    result.to_json()  # {"measure", "scores", "bands", "bands_original", "flags", "warnings"}
"""

from linkdesk.measures.bands import ScoringContext
from linkdesk.measures.change import ChangeResult, GoalChange, compare, goal_change, jacobson_truax_rci
from linkdesk.measures.definitions import DefinitionError, MeasureDefinition
from linkdesk.measures.numbers import round_half_up
from linkdesk.measures.registry import MeasureRegistry
from linkdesk.measures.responses import parse_responses
from linkdesk.measures.scoring import Provenance, ScoreResult, score

__all__ = [
    "ChangeResult",
    "DefinitionError",
    "GoalChange",
    "MeasureDefinition",
    "MeasureRegistry",
    "Provenance",
    "ScoreResult",
    "ScoringContext",
    "compare",
    "goal_change",
    "jacobson_truax_rci",
    "parse_responses",
    "round_half_up",
    "score",
]
