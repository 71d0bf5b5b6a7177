"""Which group (school, worker, setting type, cluster) each record of a service report counts in.

A visit, time entry or training session counts for its school (and that school's setting type
and clusters) and for its worker. A CYP, and the referrals and measures about them, count for
their school and for their named link worker. A school in two clusters counts in both, so a
cluster table's rows can add up to more than its "All" row.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from linkdesk.domain.records import Record
from linkdesk.domain.reporting_text import label

GROUP_BY = ("school", "staff", "setting_type", "cluster")
GROUP_TITLES = {"school": "School", "staff": "Worker", "setting_type": "Setting type", "cluster": "Cluster"}
NONE = ""
_NONE_LABELS = {
    "school": "(no school)",
    "staff": "(no worker recorded)",
    "setting_type": "(setting type not recorded)",
    "cluster": "(in no cluster)",
}
_PSEUDONYM_PREFIX = {"school": "School", "staff": "Worker", "cluster": "Cluster"}


@dataclass
class Slice:
    """The records that count for one group."""

    visits: list[Record] = field(default_factory=list)
    items: list[Record] = field(default_factory=list)
    cyps: list[Record] = field(default_factory=list)
    referrals: list[Record] = field(default_factory=list)
    time_entries: list[Record] = field(default_factory=list)
    training: list[Record] = field(default_factory=list)
    offers: list[Record] = field(default_factory=list)
    measures: list[Record] = field(default_factory=list)
    communications: list[Record] = field(default_factory=list)


def pseudonyms(ids: Iterable[str], prefix: str) -> dict[str, str]:
    """Codes in the order of a hash of each record's id: stable from one report to the next, and
    unrelated to names or to the order records were added in."""
    ordered = sorted(set(ids), key=lambda record_id: hashlib.sha256(record_id.encode()).hexdigest())
    width = max(2, len(str(len(ordered))))
    return {record_id: f"{prefix} {n:0{width}d}" for n, record_id in enumerate(ordered, 1)}


class Grouper:
    def __init__(
        self,
        group_by: str,
        schools: Mapping[str, Record],
        staff: Mapping[str, Record],
        groupings: Mapping[str, Record],
        school_groupings: Iterable[Record],
        *,
        assigned: Mapping[str, tuple[str, ...]] | None = None,
        pseudonymise: bool = False,
    ) -> None:
        if group_by not in GROUP_BY:
            raise ValueError(f"unknown grouping {group_by!r}")
        self.group_by = group_by
        self.schools = schools
        self.pseudonymise = pseudonymise
        #: The workers assigned to each school in the period.
        self.assigned = assigned or {}
        self.clusters: dict[str, list[str]] = defaultdict(list)
        for link in school_groupings:
            grouping = groupings.get(str(link.get("grouping_id")))
            if grouping is not None and grouping.get("kind") == "cluster":
                self.clusters[str(link.get("school_id"))].append(grouping.id)
        names: dict[str, dict[str, str]] = {
            "school": {k: str(r.get("name")) for k, r in schools.items()},
            "staff": {k: str(r.get("name")) for k, r in staff.items()},
            "cluster": {k: str(r.get("name")) for k, r in groupings.items() if r.get("kind") == "cluster"},
        }
        if pseudonymise:
            names = {kind: pseudonyms(found, _PSEUDONYM_PREFIX[kind]) for kind, found in names.items()}
        self.names = names

    @property
    def title(self) -> str:
        return GROUP_TITLES[self.group_by]

    def school_name(self, school_id: str) -> str:
        return self.names["school"].get(school_id, _NONE_LABELS["school"])

    def staff_name(self, staff_id: str | None) -> str:
        return self.names["staff"].get(str(staff_id), _NONE_LABELS["staff"])

    def label(self, key: str) -> str:
        if key == NONE:
            return _NONE_LABELS[self.group_by]
        if self.group_by == "setting_type":
            return label(key)
        return self.names[self.group_by].get(key, key)

    def of_school(self, school_id: object) -> tuple[str, ...]:
        school = self.schools.get(str(school_id))
        if self.group_by == "school":
            return (str(school_id),) if school is not None else (NONE,)
        if self.group_by == "setting_type":
            return (str(school.get("setting_type", NONE)),) if school is not None else (NONE,)
        if self.group_by == "cluster":
            return tuple(self.clusters.get(str(school_id), ())) or (NONE,)
        return (NONE,)

    def of(
        self, record: Record, staff_field: str | None, school_id: object, *, or_assigned: bool = False
    ) -> tuple[str, ...]:
        """The groups a record counts in. By worker: the worker it names, else (``or_assigned``,
        for a CYP or a school's offer) the workers assigned to its school."""
        if self.group_by != "staff":
            return self.of_school(school_id)
        staff = record.get(staff_field) if staff_field else None
        if staff:
            return (str(staff),)
        return (self.assigned.get(str(school_id), ()) if or_assigned else ()) or (NONE,)

    def keys_for_schools(self, school_ids: Iterable[str]) -> set[str]:
        """Every group the given schools fall in (so a group with nothing recorded still shows)."""
        if self.group_by == "staff":
            return {w for school_id in school_ids for w in self.assigned.get(school_id, ())}
        return {key for school_id in school_ids for key in self.of_school(school_id)}

    def ordered(self, keys: Iterable[str]) -> list[str]:
        return sorted(set(keys), key=lambda k: (k == NONE, self.label(k)))


def slices(grouper: Grouper, whole: Slice) -> dict[str, Slice]:
    """The records of each group, from the records of the whole report."""
    groups: dict[str, Slice] = defaultdict(Slice)
    visits, cyps = whole.visits, whole.cyps
    visit_keys = {x.id: grouper.of(x, "staff_id", x.get("school_id")) for x in visits}
    cyp_keys = {c.id: grouper.of(c, "worker_id", c.get("school_id"), or_assigned=True) for c in cyps}
    for x in visits:
        for key in visit_keys[x.id]:
            groups[key].visits.append(x)
    for item in whole.items:
        for key in visit_keys.get(str(item.get("visit_id")), ()):
            groups[key].items.append(item)
    for cyp in cyps:
        for key in cyp_keys[cyp.id]:
            groups[key].cyps.append(cyp)
    for name, records in (("referrals", whole.referrals), ("measures", whole.measures)):
        for record in records:
            for key in cyp_keys.get(str(record.get("cyp_id")), ()):
                getattr(groups[key], name).append(record)
    for name, records, staff_field in (
        ("time_entries", whole.time_entries, "staff_id"),
        ("training", whole.training, "staff_id"),
        ("communications", whole.communications, "staff_id"),
        ("offers", whole.offers, None),
    ):
        for record in records:
            keys = grouper.of(record, staff_field, record.get("school_id"), or_assigned=staff_field is None)
            for key in keys:
                getattr(groups[key], name).append(record)
    return dict(groups)
