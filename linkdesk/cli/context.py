"""What a CLI command is handed: the data folder and the services wired by ``app.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linkdesk.services.app_services import Services


@dataclass(frozen=True)
class CliContext:
    services: Services


ContextFactory = Callable[[str | None], CliContext]
