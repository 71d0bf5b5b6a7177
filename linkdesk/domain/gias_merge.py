"""Re-importing a school list without undoing local work: a three-way merge, and name matching. Pure.

Each imported school remembers the values GIAS gave at the last import (``gias_snapshot``). On the
next import a field changes only where GIAS changed it; where LinkDesk changed it too, LinkDesk's
value is kept and both are reported. A school that has never met GIAS (entered by hand and now
linked, or imported before snapshots were kept) has no snapshot: its empty fields are filled and
a value that differs from GIAS's is kept and reported, unless it is exactly what the earlier
importer wrote from this row (``legacy``), which is GIAS's own value in an older form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

#: The fields a school list sets, in the order the dry run lists them.
MANAGED = (
    "name",
    "setting_type",
    "gias_status",
    "closed_on",
    "address",
    "postcode",
    "local_authority",
    "phone",
    "phone_original",
)


@dataclass(frozen=True)
class Kept:
    """A field LinkDesk changed that GIAS changed too: LinkDesk's value stays."""

    field: str
    local: Any
    was: Any  # GIAS's value at the last import (None: never imported)
    gias: Any  # GIAS's value now


@dataclass
class Merge:
    changes: dict[str, Any] = field(default_factory=dict)  # field -> new value (None clears)
    old: dict[str, Any] = field(default_factory=dict)  # field -> value before the change
    kept: list[Kept] = field(default_factory=list)


def merge(
    current: Mapping[str, Any],
    snapshot: Mapping[str, Any] | None,
    incoming: Mapping[str, Any],
    legacy: Mapping[str, Any] | None = None,
) -> Merge:
    """What an import does to one school's managed fields (see the module docstring)."""
    result = Merge()
    for name in MANAGED:
        local, gias = current.get(name), incoming.get(name)
        if local == gias:
            continue
        if snapshot is not None:
            base = snapshot.get(name)
            if gias == base:
                continue  # GIAS did not change it: whatever LinkDesk has stays
            take = local == base
        else:
            base = None
            take = local is None or (legacy is not None and local == legacy.get(name))
        if take:
            if gias is None and name == "name":
                continue  # a name is required: never cleared
            result.changes[name] = gias
            result.old[name] = local
        else:
            result.kept.append(Kept(name, local, base, gias))
    return result


def snapshot_text(values: Mapping[str, Any]) -> str:
    """The snapshot of GIAS's values as stored on the school: canonical JSON."""
    kept = {k: values[k] for k in MANAGED if values.get(k) is not None}
    return json.dumps(kept, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def read_snapshot(text: Any) -> dict[str, Any] | None:
    """A stored snapshot, or None when there is none (or it cannot be read: treated as none)."""
    if not isinstance(text, str) or not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# -- matching a GIAS row to a school entered by hand -----------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_NOT_WORD = re.compile(r"[^\w\s]")
#: Words that say what kind of school it is rather than which one.
_GENERIC = frozenset(
    {
        *("the", "school", "schools", "academy", "college", "federation", "trust", "free", "studio"),
        *("independent", "prep", "preparatory", "grammar", "centre", "unit"),
        *("primary", "infant", "infants", "junior", "juniors", "secondary", "high", "special"),
        *("nursery", "first", "middle", "upper", "lower", "community", "voluntary", "aided"),
        *("controlled", "church", "of", "england", "ce", "c", "e", "cofe", "catholic", "rc", "roman"),
        "and",
    }
)


def name_key(name: str) -> str:
    """A name compared the way people read it: case, spacing and punctuation set aside."""
    text = name.translate(_APOSTROPHES).casefold().replace("&", " and ").replace("'", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def postcode_key(postcode: str | None) -> str:
    return "".join((postcode or "").split()).upper()


def core_words(name: str) -> frozenset[str]:
    """The words of a name that pick out one school (not "primary", "academy", "CE"...)."""
    return frozenset(w for w in name_key(name).split() if w not in _GENERIC)


def near(a: str, b: str) -> bool:
    """Whether two names probably mean the same school (used only to ask, never to link)."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return True
    ca, cb = core_words(a), core_words(b)
    if ca and ca == cb:
        return True
    return SequenceMatcher(None, ka, kb).ratio() >= 0.8
