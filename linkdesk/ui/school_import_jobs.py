"""What the school-list import dialog asks of the DB worker: read the download's local
authorities, plan the import, carry it out. No Qt here; each takes a ``progress`` callback that
may raise Cancelled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from linkdesk.domain.ports import StoreSession
from linkdesk.services.gias_source import GiasFile, Progress
from linkdesk.services.school_import import (
    ImportOptions,
    ImportPlan,
    apply_import,
    plan_import,
    scan_local_authorities,
)
from linkdesk.services.school_import_report import counts_text, report_lines
from linkdesk.ui.session import casework_for


@dataclass(frozen=True)
class Patch:
    """What the file offers to choose from: its local authorities (open schools in each) and
    those of the schools already in LinkDesk (chosen to start with)."""

    label: str
    local_authorities: tuple[tuple[str, int], ...]
    chosen: frozenset[str]
    schools_here: int


@dataclass(frozen=True)
class Preview:
    options: ImportOptions
    plan: ImportPlan
    lines: tuple[str, ...]
    counts: str


def read_patch(store: StoreSession, today: Callable[[], date], path: Path, progress: Progress) -> Patch:
    source = GiasFile(path)
    counts = scan_local_authorities(source, progress)
    schools = casework_for(store, today).records.find("school")
    here = {str(s.get("local_authority")) for s in schools if s.get("local_authority")}
    offered = tuple(sorted((la, n) for la, n in counts.items() if la))
    return Patch(source.label, offered, frozenset(here & set(counts)), len(schools))


def preview(
    store: StoreSession, today: Callable[[], date], path: Path, options: ImportOptions, progress: Progress
) -> Preview:
    plan = plan_import(GiasFile(path), casework_for(store, today).records, options, progress)
    return Preview(options, plan, tuple(report_lines(plan)), counts_text(plan))


def carry_out(store: StoreSession, today: Callable[[], date], plan: ImportPlan, progress: Progress) -> str:
    """Apply a previewed plan in one transaction and record it in the audit log; a status line."""
    records = casework_for(store, today).records
    with store.transaction():
        apply_import(plan, records, progress)
        audit = getattr(store, "audit", None)
        if callable(audit):
            audit("import", "school", None, created=len(plan.create), updated=len(plan.update))
    return f"Schools imported from GIAS: {counts_text(plan)}."
