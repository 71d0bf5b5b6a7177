"""Get Information About Schools (GIAS): how an establishment maps to a LinkDesk school. Pure.

The setting type comes from the establishment type first, then the phase of education, then the
statutory ages (independent schools have phase "Not applicable" and only their ages say what they
are). ``docs/gias-mapping.md`` has the table, with its sources; ``TYPES`` below is that table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: How a type's setting is decided: a fixed setting type, or ``PHASE`` (phase, then ages) or
#: ``AGES`` (ages only).
PHASE = "by phase and ages"
AGES = "by ages"


@dataclass(frozen=True)
class EstablishmentType:
    code: int
    name: str
    group: str
    rule: str  # a setting type, PHASE or AGES


#: Every TypeOfEstablishment in the GIAS establishment download, with its type group as the
#: download gives it (GIAS code list; types 47 and 48 are children's centres, in GIAS's other
#: downloads only).
TYPES: tuple[EstablishmentType, ...] = (
    EstablishmentType(1, "Community school", "Local authority maintained schools", PHASE),
    EstablishmentType(2, "Voluntary aided school", "Local authority maintained schools", PHASE),
    EstablishmentType(3, "Voluntary controlled school", "Local authority maintained schools", PHASE),
    EstablishmentType(5, "Foundation school", "Local authority maintained schools", PHASE),
    EstablishmentType(6, "City technology college", "Independent schools", PHASE),
    EstablishmentType(7, "Community special school", "Special schools", "special"),
    EstablishmentType(8, "Non-maintained special school", "Special schools", "special"),
    EstablishmentType(10, "Other independent special school", "Special schools", "special"),
    EstablishmentType(11, "Other independent school", "Independent schools", AGES),
    EstablishmentType(12, "Foundation special school", "Special schools", "special"),
    EstablishmentType(14, "Pupil referral unit", "Local authority maintained schools", "pru"),
    EstablishmentType(15, "Local authority nursery school", "Local authority maintained schools", "other"),
    EstablishmentType(18, "Further education", "Colleges", "fe_college"),
    EstablishmentType(24, "Secure units", "Other types", "secure_unit"),
    EstablishmentType(25, "Offshore schools", "Other types", AGES),
    EstablishmentType(26, "Service children's education", "Other types", AGES),
    EstablishmentType(27, "Miscellaneous", "Other types", AGES),
    EstablishmentType(28, "Academy sponsor led", "Academies", PHASE),
    EstablishmentType(29, "Higher education institutions", "Universities", "other"),
    EstablishmentType(30, "Welsh establishment", "Welsh schools", PHASE),
    EstablishmentType(31, "Sixth form centres", "Colleges", "fe_college"),
    EstablishmentType(32, "Special post 16 institution", "Other types", "special"),
    EstablishmentType(33, "Academy special sponsor led", "Academies", "special"),
    EstablishmentType(34, "Academy converter", "Academies", PHASE),
    EstablishmentType(35, "Free schools", "Free Schools", PHASE),
    EstablishmentType(36, "Free schools special", "Free Schools", "special"),
    EstablishmentType(37, "British schools overseas", "Other types", AGES),
    EstablishmentType(38, "Free schools alternative provision", "Free Schools", "alternative_provision"),
    EstablishmentType(39, "Free schools 16 to 19", "Free Schools", "fe_college"),
    EstablishmentType(40, "University technical college", "Free Schools", PHASE),
    EstablishmentType(41, "Studio schools", "Free Schools", PHASE),
    EstablishmentType(42, "Academy alternative provision converter", "Academies", "alternative_provision"),
    EstablishmentType(43, "Academy alternative provision sponsor led", "Academies", "alternative_provision"),
    EstablishmentType(44, "Academy special converter", "Academies", "special"),
    EstablishmentType(45, "Academy 16-19 converter", "Academies", "fe_college"),
    EstablishmentType(46, "Academy 16 to 19 sponsor led", "Academies", "fe_college"),
    EstablishmentType(49, "Online provider", "Online provider", "other"),
    EstablishmentType(56, "Institution funded by other government department", "Other types", AGES),
    EstablishmentType(57, "Academy secure 16 to 19", "Academies", "secure_unit"),
)
_BY_NAME = {t.name.lower(): t for t in TYPES}
_BY_CODE = {t.code: t for t in TYPES}

#: PhaseOfEducation (name) -> setting type; None means "decide by the statutory ages".
PHASES: dict[str, str | None] = {
    "nursery": "other",
    "primary": "primary",
    "middle deemed primary": "primary",
    "secondary": "secondary",
    "middle deemed secondary": "secondary",
    "16 plus": "fe_college",
    "all-through": "all_through",
    "not applicable": None,
    "": None,
}

#: Types whose schools a name with "hospital" in it marks as hospital schools (GIAS has no type
#: for them: they are registered as special schools, pupil referral units or academies).
_HOSPITAL_RULES = frozenset({PHASE, "special", "pru", "alternative_provision"})
_HOSPITAL = re.compile(r"\bhospital\b", re.IGNORECASE)


def establishment_type(name: str, code: str = "") -> EstablishmentType | None:
    found = _BY_NAME.get(name.strip().lower())
    if found is None and code.strip().isdigit():
        found = _BY_CODE.get(int(code))
    return found


def by_ages(low: int | None, high: int | None) -> str:
    """The setting type that statutory ages alone suggest."""
    if low is None or high is None or high < low:
        return "other"
    rules = (
        (high <= 5, "other"),  # nursery and early years
        (low >= 16, "fe_college"),
        (high <= 7, "infant"),
        (low >= 7 and high <= 11, "junior"),
        (high <= 13, "primary"),  # including preparatory schools to 13
        (low >= 10, "secondary"),
    )
    return next((setting for applies, setting in rules if applies), "all_through")


def by_phase(phase: str, low: int | None, high: int | None) -> str:
    """The setting type for a phase of education, refined (primary) or decided (none) by ages."""
    setting = PHASES.get(phase.strip().lower())
    if setting is None:
        return by_ages(low, high)
    if setting == "primary" and phase.strip().lower() == "primary" and low is not None and high is not None:
        if high <= 7:
            return "infant"
        if low >= 7 and high <= 11:
            return "junior"
    return setting


def setting_type(
    type_name: str,
    phase: str,
    low: int | None = None,
    high: int | None = None,
    name: str = "",
    type_code: str = "",
    group: str = "",
) -> str:
    """The ``setting_type`` for one GIAS row (names as GIAS spells them, ages as whole years)."""
    kind = establishment_type(type_name, type_code)
    # a type this table does not know yet is decided by its group, phase and ages
    unknown = "special" if group.strip().lower() == "special schools" else PHASE
    rule = kind.rule if kind is not None else unknown
    if rule in _HOSPITAL_RULES and _HOSPITAL.search(name):
        return "hospital_school"
    if rule == PHASE:
        return by_phase(phase, low, high)
    if rule == AGES:
        return by_ages(low, high)
    return rule


def age(value: str) -> int | None:
    """A statutory age as GIAS writes it (``11``), or None when absent or not a whole number."""
    value = value.strip()
    return int(value) if value.isdigit() and len(value) <= 3 else None


#: EstablishmentStatus (name) -> ``gias_status``.
STATUSES = {
    "open": "open",
    "open, but proposed to close": "proposed_to_close",
    "proposed to open": "proposed_to_open",
    "closed": "closed",
}
STATUS_WORDS = {
    "open": "open",
    "proposed_to_close": "proposed to close",
    "proposed_to_open": "proposed to open",
    "closed": "closed",
}


def gias_status(status_name: str) -> str | None:
    """The ``gias_status`` for an EstablishmentStatus name, or None when GIAS has no such status."""
    return STATUSES.get(status_name.strip().lower())


_GIAS_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")


def gias_date(value: str) -> str | None:
    """A GIAS date (``dd-mm-yyyy``) as ``YYYY-MM-DD``; None when empty. ValueError when not a date."""
    value = value.strip()
    if not value:
        return None
    match = _GIAS_DATE.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not a date in the form dd-mm-yyyy")
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day).isoformat()


#: Country (name) values that mean the United Kingdom (the column is empty for most rows).
UK_COUNTRIES = frozenset({"", "united kingdom", "england", "wales", "scotland", "northern ireland"})


def overseas(country: str) -> bool:
    return country.strip().lower() not in UK_COUNTRIES
