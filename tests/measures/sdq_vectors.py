"""The SDQ restated independently of the JSON definitions, to build and check test vectors.

Item numbers, reverse keys and subscales are those of the official printed 4-17 forms
(sdqinfo.org scoring instructions); band tables are those of docs/measures.md, each row checked
against the sources named there (and in comments below where a row was corrected).
"""

from __future__ import annotations

SCALES: dict[str, tuple[int, ...]] = {
    "emotional": (3, 8, 13, 16, 24),
    "conduct": (5, 7, 12, 18, 22),
    "hyperactivity": (2, 10, 15, 21, 25),
    "peer": (6, 11, 14, 19, 23),
    "prosocial": (1, 4, 9, 17, 20),
}
REVERSED = frozenset({7, 11, 14, 21, 25})

# impact answer position giving each item score: "Not at all"=0, "Quite a lot"=2, "A great deal"=3
IMPACT_POSITION = {0: "0", 1: "2", 2: "3"}

CA, SR, HI, VH = "close to average", "slightly raised", "high", "very high"
SL, LO, VL = "slightly lowered", "low", "very low"
N, B, A = "normal", "borderline", "abnormal"

FOUR_BAND: dict[str, dict[str, list[tuple[int, int, str]]]] = {
    "sdq-p4-17": {
        "total_difficulties": [(0, 13, CA), (14, 16, SR), (17, 19, HI), (20, 40, VH)],
        "emotional": [(0, 3, CA), (4, 4, SR), (5, 6, HI), (7, 10, VH)],
        "conduct": [(0, 2, CA), (3, 3, SR), (4, 5, HI), (6, 10, VH)],
        "hyperactivity": [(0, 5, CA), (6, 7, SR), (8, 8, HI), (9, 10, VH)],
        "peer": [(0, 2, CA), (3, 3, SR), (4, 4, HI), (5, 10, VH)],
        "prosocial": [(8, 10, CA), (7, 7, SL), (6, 6, LO), (0, 5, VL)],
        "impact": [(0, 0, CA), (1, 1, SR), (2, 2, HI), (3, 10, VH)],
    },
    "sdq-t4-17": {
        "total_difficulties": [(0, 11, CA), (12, 15, SR), (16, 18, HI), (19, 40, VH)],
        "emotional": [(0, 3, CA), (4, 4, SR), (5, 5, HI), (6, 10, VH)],
        "conduct": [(0, 2, CA), (3, 3, SR), (4, 4, HI), (5, 10, VH)],
        "hyperactivity": [(0, 5, CA), (6, 7, SR), (8, 8, HI), (9, 10, VH)],
        "peer": [(0, 2, CA), (3, 4, SR), (5, 5, HI), (6, 10, VH)],
        "prosocial": [(6, 10, CA), (5, 5, SL), (4, 4, LO), (0, 3, VL)],
        "impact": [(0, 0, CA), (1, 1, SR), (2, 2, HI), (3, 6, VH)],
    },
    "sdq-s11-17": {
        "total_difficulties": [(0, 14, CA), (15, 17, SR), (18, 19, HI), (20, 40, VH)],
        "emotional": [(0, 4, CA), (5, 5, SR), (6, 6, HI), (7, 10, VH)],
        # Published self-completed four-band conduct row: 0-3 / 4 / 5 / 6-10 (awell-health/awell-score
        # src/scores/sdq/definition/sdq_standards.ts; close to average 0-3 also in ScotGovAnalysis/
        # hwb-census code/12d_mental_health_and_wellbeing_sdq.R). LinkDesk 1.0.0 had 0-2 / 3 / 4 / 5-10.
        "conduct": [(0, 3, CA), (4, 4, SR), (5, 5, HI), (6, 10, VH)],
        "hyperactivity": [(0, 5, CA), (6, 6, SR), (7, 7, HI), (8, 10, VH)],
        "peer": [(0, 2, CA), (3, 3, SR), (4, 4, HI), (5, 10, VH)],
        "prosocial": [(7, 10, CA), (6, 6, SL), (5, 5, LO), (0, 4, VL)],
        "impact": [(0, 0, CA), (1, 1, SR), (2, 2, HI), (3, 10, VH)],
    },
}

THREE_BAND: dict[str, dict[str, list[tuple[int, int, str]]]] = {
    "sdq-p4-17": {
        "total_difficulties": [(0, 13, N), (14, 16, B), (17, 40, A)],
        "emotional": [(0, 3, N), (4, 4, B), (5, 10, A)],
        "conduct": [(0, 2, N), (3, 3, B), (4, 10, A)],
        "hyperactivity": [(0, 5, N), (6, 6, B), (7, 10, A)],
        "peer": [(0, 2, N), (3, 3, B), (4, 10, A)],
        "prosocial": [(6, 10, N), (5, 5, B), (0, 4, A)],
        "impact": [(0, 0, N), (1, 1, B), (2, 10, A)],
    },
    "sdq-t4-17": {
        "total_difficulties": [(0, 11, N), (12, 15, B), (16, 40, A)],
        "emotional": [(0, 4, N), (5, 5, B), (6, 10, A)],
        "conduct": [(0, 2, N), (3, 3, B), (4, 10, A)],
        "hyperactivity": [(0, 5, N), (6, 6, B), (7, 10, A)],
        "peer": [(0, 3, N), (4, 4, B), (5, 10, A)],
        "prosocial": [(6, 10, N), (5, 5, B), (0, 4, A)],
        "impact": [(0, 0, N), (1, 1, B), (2, 6, A)],
    },
    "sdq-s11-17": {
        "total_difficulties": [(0, 15, N), (16, 19, B), (20, 40, A)],
        "emotional": [(0, 5, N), (6, 6, B), (7, 10, A)],
        "conduct": [(0, 3, N), (4, 4, B), (5, 10, A)],
        "hyperactivity": [(0, 5, N), (6, 6, B), (7, 10, A)],
        "peer": [(0, 3, N), (4, 5, B), (6, 10, A)],
        "prosocial": [(6, 10, N), (5, 5, B), (0, 4, A)],
        "impact": [(0, 0, N), (1, 1, B), (2, 10, A)],
    },
}

IMPACT_ITEMS = {
    "sdq-p4-17": (28, 29, 30, 31, 32),
    "sdq-s11-17": (28, 29, 30, 31, 32),
    "sdq-t4-17": (28, 29, 30),
}
FORM_LENGTH = {"sdq-p4-17": 33, "sdq-s11-17": 33, "sdq-t4-17": 31}


def positions_for(**targets: int) -> list[str]:
    """Box positions (items 1-25) that give each named scale its target score, others 0."""
    positions: dict[int, int] = {}
    for scale, items in SCALES.items():
        remaining = targets.get(scale, 0)
        for item in items:
            item_score = min(2, remaining)
            remaining -= item_score
            positions[item] = 2 - item_score if item in REVERSED else item_score
        assert remaining == 0, f"{scale} cannot reach {targets[scale]}"
    return [str(positions[n]) for n in range(1, 26)]


def total_split(total: int) -> dict[str, int]:
    """Spread a total difficulties score over the four difficulty scales (each 0-10)."""
    split = {}
    for scale in ("emotional", "conduct", "hyperactivity", "peer"):
        split[scale] = min(10, total)
        total -= split[scale]
    return split


def impact_block(measure: str, impact: int, gate: str = "1") -> list[str]:
    """Supplement answers (item 26 onwards) giving ``impact`` after the 0/0/1/2 recode."""
    answers = {n: "0" for n in range(26, FORM_LENGTH[measure] + 1)}
    answers[26] = gate
    answers[27] = "3"
    for item in IMPACT_ITEMS[measure]:
        item_score = min(2, impact)
        impact -= item_score
        answers[item] = IMPACT_POSITION[item_score]
    assert impact == 0
    return [answers[n] for n in range(26, FORM_LENGTH[measure] + 1)]


def band_cases(tables: dict[str, dict[str, list[tuple[int, int, str]]]]) -> list[tuple[str, str, int, str]]:
    """(measure, score, value, label) at both edges of every band: each boundary and each side."""
    cases = []
    for measure, scales in tables.items():
        for key, bands in scales.items():
            for low, high, label in bands:
                cases += [(measure, key, low, label), (measure, key, high, label)]
    return sorted(set(cases))


def vector_for(measure: str, key: str, value: int) -> list[str]:
    """A complete form whose score ``key`` equals ``value``."""
    if key == "impact":
        return positions_for() + impact_block(measure, value)
    if key == "total_difficulties":
        return positions_for(**total_split(value))
    return positions_for(**{key: value})
