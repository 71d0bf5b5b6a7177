"""Outcome measures for the demo service: a baseline and, where time allows, a review."""

from __future__ import annotations

import random
from datetime import date, timedelta

from linkdesk.services.measure_records import MeasureRecords

#: (measure, informant, items, highest answer position) by age band.
YOUNGER = ("sdq-p4-17", "parent", 25, 2)
OLDER = ("ypcore", "self", 10, 4)


def responses(rng: random.Random, items: int, top: int, severity: float) -> str:
    """Answers leaning towards ``severity`` (0 = none, 1 = the most) with some noise."""
    return ",".join(
        str(max(0, min(top, round(top * severity + rng.uniform(-1.2, 1.2))))) for _ in range(items)
    )


def add_measures(
    recorder: MeasureRecords, rng: random.Random, cyp_id: str, age: int, start: date, today: date
) -> int:
    measure, informant, items, top = OLDER if age >= 11 else YOUNGER
    severity = rng.uniform(0.35, 0.75)
    recorder.record(
        cyp_id,
        measure,
        responses(rng, items, top, severity),
        informant=informant,
        time_point="baseline",
        date=start.isoformat(),
    )
    review = start + timedelta(weeks=rng.randint(6, 14))
    if review > today:
        return 1
    improved = max(0.0, severity - rng.uniform(-0.1, 0.35))
    recorder.record(
        cyp_id,
        measure,
        responses(rng, items, top, improved),
        informant=informant,
        time_point="review",
        date=review.isoformat(),
    )
    return 2
