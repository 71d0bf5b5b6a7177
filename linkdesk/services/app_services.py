"""The services a front end is handed, wired by ``app.py`` from the adapters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from linkdesk.domain.ports import Clock, PdfProbe, SecretStore, StoreVault


@dataclass(frozen=True)
class Services:
    home: Path
    vault: StoreVault
    secrets: SecretStore
    clock: Clock
    pdf_probe: PdfProbe
    #: A vault on a throw-away folder with the cheapest KDF, for ``self-test``.
    scratch_vault: Callable[[Path], StoreVault]
