"""The identity part of a demo child's record: NHS number, a parent or carer and a GP practice.

Every value is invented and cannot reach a real person: NHS numbers come from the 999 range,
which is never issued to a patient and is kept for test and demo data; phone numbers from the
ranges Ofcom keeps for drama (07700 900xxx mobiles, 01632 960xxx landlines); the practices do not
exist. Each child's values come from a random source of their own (seeded by the demo's seed and
the child's code), so adding them changed nothing else the demo makes.
"""

from __future__ import annotations

import random
from typing import Any

RELATIONSHIPS = ("mother", "mother", "father", "parent", "grandparent", "foster_carer")
TITLES = {"mother": "Ms", "father": "Mr", "grandparent": "Mrs", "foster_carer": "Ms", "parent": "Mx"}
PRACTICES = (
    "Linden Lea Surgery",
    "Harrowden Health Centre",
    "Orchard View Medical Practice",
    "Brook Street Surgery",
    "Kingfisher Family Practice",
)


def unissued_nhs_number(rng: random.Random) -> str:
    """Ten digits from 999 000 0000 to 999 999 9999 with a valid modulus 11 check digit."""
    while True:
        first_nine = f"999{rng.randrange(10**6):06d}"
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
        if check != 10:  # 10 has no check digit: that number is never issued
            return first_nine + str(0 if check == 11 else check)


def demo_identity(seed: int, code: str, family: str) -> dict[str, Any]:
    """NHS number (most children), a parent or carer to contact and the child's GP practice."""
    rng = random.Random(f"{seed}:{code}")
    relationship = rng.choice(RELATIONSHIPS)
    practice = rng.randrange(len(PRACTICES))
    return {
        "nhs_number": unissued_nhs_number(rng) if rng.random() < 0.8 else None,
        "carer_name": f"{TITLES[relationship]} {family}",
        "carer_relationship": relationship,
        "carer_phone": f"07700 900{rng.randrange(1000):03d}",
        "gp_practice": PRACTICES[practice],
        "gp_phone": f"01632 960{100 + practice * 37:03d}",
    }
