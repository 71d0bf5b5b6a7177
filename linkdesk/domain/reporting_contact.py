"""How contact took place: held visits counted by contact type (the Mental Health Services Data
Set's consultation mechanism) and by whom the contact was with.

The weekly summary shows the counts as figures and tables (``reporting_weekly_risk``); the service
report as two tables with an All row that equals the held visits of its activity table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from linkdesk.domain import vocab as v
from linkdesk.domain.records import Record
from linkdesk.domain.reporting import Column, Relation, Row, Section, Table, count, same
from linkdesk.domain.reporting_rules import held
from linkdesk.domain.reporting_text import label


@dataclass(frozen=True)
class ContactCounts:
    field: str
    codes: tuple[str, ...]
    title: str
    #: How a figure of this count reads ("Visits held with contact type" + the code's words).
    what: str
    found: Counter[str | None]

    def rows(self) -> tuple[Row, ...]:
        """One row for each code (and "not recorded") with any held visit."""
        return tuple(
            Row(code or "not_recorded", label(code), (count(self.found[code]),))
            for code in (*self.codes, None)
            if self.found[code]
        )


def contact_counts(visits: Sequence[Record]) -> Iterator[ContactCounts]:
    """The held visits among ``visits`` by contact type, then by whom with."""
    done = [x for x in visits if held(x)]
    for field, codes, title, what in (
        ("contact_type", v.CONTACT_TYPES, "Visits held, by contact type", "Visits held with contact type"),
        ("with_whom", v.WITH_WHOM, "Visits held, by whom with", "Visits held with"),
    ):
        yield ContactCounts(field, codes, title, what, Counter(x.get(field) for x in done))


def service_contact_section(visits: Sequence[Record]) -> Section:
    """The service report's section: each count as a row, then All (the visits held)."""
    tables = []
    for counts in contact_counts(visits):
        rows = counts.rows()
        if rows:
            total = Row("all", "All", (count(sum(counts.found.values())),), total=True)
            tables.append(
                Table(
                    counts.field, counts.title, "Contact", (Column("visits", "Visits held"),), (*rows, total)
                )
            )
    intro = "Held visits in the period by how the contact took place and by whom it was with."
    return Section(
        "How contact took place", intro=intro if tables else "No visits were held.", tables=tuple(tables)
    )


def service_contact_relations() -> tuple[Relation, ...]:
    """Both tables' All rows are the visits held in the activity table's All row."""
    held_visits = ("activity", "all", "visits_held")
    return tuple(same((field, "all", "visits"), held_visits) for field in ("contact_type", "with_whom"))
