"""Get Information About Schools (GIAS): how its establishment types and phases map to LinkDesk."""

from __future__ import annotations

#: Phase of education -> setting type, used when the establishment type does not decide it.
PHASES = {
    "primary": "primary",
    "middle deemed primary": "primary",
    "secondary": "secondary",
    "middle deemed secondary": "secondary",
    "all-through": "all_through",
    "16 plus": "fe_college",
    "nursery": "other",
    "not applicable": "other",
}


def setting_type(type_name: str, type_group: str, phase: str) -> str:
    """The ``setting_type`` for one GIAS row (type, type group and phase names as GIAS spells them)."""
    kind = type_name.strip().lower()
    group = type_group.strip().lower()
    if "pupil referral unit" in kind:
        return "pru"
    if "alternative provision" in kind:
        return "alternative_provision"
    if "special" in kind or group == "special schools":
        return "special"
    if "hospital" in kind:
        return "hospital_school"
    if group in {"colleges", "universities"} or "further education" in kind or "sixth form" in kind:
        return "fe_college"
    return PHASES.get(phase.strip().lower(), "other")


#: GIAS establishment statuses that mean the school is not there to work with.
CLOSED_STATUSES = frozenset({"closed"})
