"""Shared fixtures for the measure-engine tests (pure Python: no Qt, no store)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from linkdesk.measures import MeasureRegistry, ScoreResult, ScoringContext

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "measures"


@pytest.fixture(scope="session")
def registry() -> MeasureRegistry:
    return MeasureRegistry.load(SHIPPED)


@pytest.fixture(scope="session")
def score(registry: MeasureRegistry):
    """``score("ypcore", "1,2,...", age=14, sex="female")`` -> ScoreResult."""

    def run(measure: str, responses: str | Sequence[object], **context: object) -> ScoreResult:
        values = responses.split(",") if isinstance(responses, str) else list(responses)
        return registry.score(measure, values, ScoringContext(**context))  # type: ignore[arg-type]

    return run
