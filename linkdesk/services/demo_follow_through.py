"""The demo's risk assessments and follow-up actions, so Today, Tasks, the CYP page and the reports
have something to show. They are added after everything else, drawing on a random source of their
own, so a seed gives the same store as before with these records added."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from linkdesk.services import demo_text as words

#: One open case in this many has a risk assessment (at least ``MIN_RISKS`` where there are cases).
RISK_EVERY = 4
MIN_RISKS = 3
#: Items discussed this long ago or less may have a follow-up action added.
RECENT_DAYS = 28


@dataclass(frozen=True)
class OpenCase:
    id: str
    opened_on: date


@dataclass(frozen=True)
class RecentItem:
    id: str
    school: str
    worker: str
    visit: str
    cyp: str | None
    day: date


def follow_through_seed(seed: int) -> random.Random:
    return random.Random(f"linkdesk-demo-follow-through-{seed}")


def add_follow_through(
    add: Callable[..., str],
    rng: random.Random,
    today: date,
    cases: Sequence[OpenCase],
    items: Sequence[RecentItem],
) -> None:
    """Risk assessments for some open cases (a few with an earlier one), then follow-up actions due
    from a few days ago to a fortnight ahead for some recent case discussion items."""
    wanted = max(MIN_RISKS, len(cases) // RISK_EVERY)
    for case in rng.sample(list(cases), min(wanted, len(cases))):
        level = rng.choices(["high", "medium", "low"], [1, 2, 2])[0]
        days_open = max(0, (today - case.opened_on).days)
        if days_open > 30 and rng.random() < 0.3:
            earlier = today - timedelta(days=rng.randint(30, min(days_open, 120)))
            add(
                "risk",
                cyp_id=case.id,
                level="low",
                assessed_on=earlier.isoformat(),
                reason=words.RISK_REASONS[-1],
            )
        assessed = (today - timedelta(days=rng.randint(0, min(days_open, 40)))).isoformat()
        raised = level != "low"
        add(
            "risk",
            cyp_id=case.id,
            level=level,
            assessed_on=assessed,
            reason=rng.choice(words.RISK_REASONS[:-1] if raised else words.RISK_REASONS[-1:]),
            safety_plan=rng.choice(words.SAFETY_PLANS) if raised else None,
            dsl_informed_on=assessed if raised else None,
            safeguarding_referral_on=assessed if level == "high" and rng.random() < 0.5 else None,
        )
    for item in items:
        if (today - item.day).days > RECENT_DAYS or rng.random() > 0.35:
            continue
        due = today + timedelta(days=rng.randint(-5, 14))
        add(
            "action",
            description=rng.choice(words.ACTIONS),
            owner_staff_id=item.worker,
            school_id=item.school,
            cyp_id=item.cyp,
            visit_id=item.visit,
            discussion_item_id=item.id,
            due_on=due.isoformat(),
            status="open",
        )
