"""Which LinkDesk school a GIAS row is: by URN, by an explicit link, or by name and postcode.

A school without a URN whose name and postcode match a row exactly (``gias_merge.name_key``:
case, spacing and punctuation set aside) is the same school. A near match (same postcode and a
similar name, the same name elsewhere, or a school with no postcode and the same distinctive
words) is only ever offered, never linked on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from linkdesk.domain.gias_merge import core_words, name_key, near, postcode_key
from linkdesk.domain.records import Record
from linkdesk.errors import ValidationError
from linkdesk.services.records import RecordService

NEW = "new"


@dataclass(frozen=True)
class Candidates:
    exact: tuple[Record, ...] = ()
    near: tuple[Record, ...] = ()


class SchoolIndex:
    """LinkDesk's schools, indexed the ways a GIAS row can find one."""

    def __init__(self, schools: Iterable[Record]) -> None:
        self.by_urn: dict[str, Record] = {}
        self.by_postcode: dict[str, list[Record]] = {}
        self.by_name: dict[str, list[Record]] = {}  # schools without a URN, by name_key
        self.by_core: dict[frozenset[str], list[Record]] = {}  # no URN and no postcode
        self._taken: set[str] = set()
        for school in schools:
            urn, postcode = school.get("urn"), postcode_key(school.get("postcode"))
            if urn:
                self.by_urn[str(urn)] = school
            if postcode:
                self.by_postcode.setdefault(postcode, []).append(school)
            if not urn:
                self.by_name.setdefault(name_key(str(school.get("name") or "")), []).append(school)
                if not postcode:
                    words = core_words(str(school.get("name") or ""))
                    if words:
                        self.by_core.setdefault(words, []).append(school)

    def apply_links(self, links: dict[str, str], records: RecordService) -> dict[str, Record | str]:
        """Check ``--link URN=ID`` choices; the linked school leaves its old URN behind."""
        chosen: dict[str, Record | str] = {}
        used: dict[str, str] = {}
        for urn, target in links.items():
            if not re.fullmatch(r"\d{6}", urn):
                raise ValidationError(f"link: {urn!r} is not a six-digit URN.", "link")
            if target == NEW:
                chosen[urn] = NEW
                continue
            school = records.get("school", target)
            if school.id in used:
                raise ValidationError(
                    f"link: school {school.id} is linked to both URN {used[school.id]} and URN {urn}.", "link"
                )
            used[school.id] = urn
            holder = self.by_urn.get(urn)
            if holder is not None and holder.id != school.id:
                raise ValidationError(
                    f"link: URN {urn} is already LinkDesk's school {holder.get('name')!r} ({holder.id}).",
                    "link",
                )
            old = school.get("urn")
            if old and self.by_urn.get(str(old)) is not None and self.by_urn[str(old)].id == school.id:
                del self.by_urn[str(old)]
            chosen[urn] = school
        return chosen

    def seen(self, school_id: str, still_open: bool) -> None:
        """A school has met its own row in this file (or been linked to one)."""
        if still_open:
            self._taken.add(school_id)

    def taken(self, school_id: str) -> bool:
        return school_id in self._taken

    def might_match(self, name: str, postcode: str) -> bool:
        """Cheap test: could this row be a LinkDesk school without a URN?"""
        if postcode_key(postcode) in self.by_postcode:
            return True
        return name_key(name) in self.by_name or (bool(self.by_core) and core_words(name) in self.by_core)

    def candidates(self, name: str, postcode: str | None, la: str) -> Candidates:
        key, code = name_key(name), postcode_key(postcode)
        exact: list[Record] = []
        close: list[Record] = []
        for school in self.by_postcode.get(code, []) if code else []:
            other = str(school.get("name") or "")
            if not school.get("urn") and name_key(other) == key:
                exact.append(school)
            elif near(name, other):
                close.append(school)
        for school in self.by_name.get(key, []):
            if school not in exact and school not in close:
                close.append(school)
        words = core_words(name)
        for school in self.by_core.get(words, []) if words else []:
            school_la = str(school.get("local_authority") or "").casefold()
            if school not in close and (not school_la or school_la == la.casefold()):
                close.append(school)
        return Candidates(tuple(exact), tuple(close))
