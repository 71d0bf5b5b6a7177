"""Outcome measures for the demo service: a baseline and, where time allows, a review."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from linkdesk.measures import ScoringContext
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
    recorder: MeasureRecords,
    rng: random.Random,
    new_id: Callable[[], str],
    cyp_id: str,
    born: date,
    sex: str,
    start: date,
    today: date,
) -> int:
    """Record a baseline (and a review when it falls before ``today``); returns how many.

    Scored with the child's age and sex on the day, as a clinician entering the form would.
    """
    age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
    measure, informant, items, top = OLDER if age >= 11 else YOUNGER
    severity = rng.uniform(0.35, 0.75)
    review = start + timedelta(weeks=rng.randint(6, 14))
    points = [("baseline", start, severity)]
    if review <= today:
        points.append(("review", review, max(0.0, severity - rng.uniform(-0.1, 0.35))))
    for time_point, when, level in points:
        recorder.record(
            cyp_id,
            measure,
            responses(rng, items, top, level),
            informant=informant,
            time_point=time_point,
            date=when.isoformat(),
            record_id=new_id(),
            context=ScoringContext(age=age, sex=sex if sex in ("female", "male") else None),
        )
    return len(points)
