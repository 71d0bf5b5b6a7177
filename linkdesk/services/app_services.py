"""The services a front end is handed, wired by ``app.py`` from the adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from linkdesk.domain.managed import ManagedPolicy
from linkdesk.domain.ports import BundleCodec, Clock, PdfProbe, SecretStore, StoreVault

if TYPE_CHECKING:  # types only: the app starts without loading the measures or letter services
    from linkdesk.measures import MeasureRegistry
    from linkdesk.services.letters import LetterRenderer
    from linkdesk.services.report_ports import ReportOutput

UK = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Services:
    home: Path
    vault: StoreVault
    secrets: SecretStore
    clock: Clock
    pdf_probe: PdfProbe
    #: A vault on a throw-away folder with the cheapest KDF, for ``self-test``.
    scratch_vault: Callable[[Path], StoreVault]
    #: The measure registry (shipped definitions plus the service's own folder), loaded on first use.
    measure_registry: Callable[[], MeasureRegistry]
    #: Turns a filled letter template into PDF bytes (``letters`` adapter).
    letter_renderer: LetterRenderer | None = None
    #: Writes report tables as PDF, CSV, XLSX and calendars as ICS (``reports`` adapter).
    reports: ReportOutput | None = None
    #: Identity cards and encrypted, signed sync bundles (``sync`` adapter).
    bundles: BundleCodec | None = None
    #: What the organisation manages on this computer (installers/README.md); nothing by default.
    managed: ManagedPolicy = field(default_factory=ManagedPolicy)

    def today(self) -> date:
        """Today's date in the UK, where the service works."""
        return self.clock.now().astimezone(UK).date()
