"""Composition root: the only module that wires every layer together.

``linkdesk`` with a command runs the CLI (which never imports Qt); with no command, or
``gui``, it starts the desktop app. Nothing heavy is imported at module level: ``--version``
answers before the CLI is loaded, and the adapters (reportlab, the measures, the keychain,
SQLCipher) are loaded only when a command builds its services.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from linkdesk import __version__, config

if TYPE_CHECKING:
    from linkdesk.cli.context import CliContext
    from linkdesk.domain.managed import ManagedPolicy
    from linkdesk.domain.ports import BundleCodec, PdfProbe
    from linkdesk.measures import MeasureRegistry
    from linkdesk.services.app_services import Services
    from linkdesk.services.letters import LetterRenderer
    from linkdesk.services.report_ports import ReportOutput
    from linkdesk.storage.keys import KdfParams


def kdf_floor(managed: ManagedPolicy) -> KdfParams | None:
    """The organisation's floor as a cost (0 leaves a part alone: ``raised_to`` takes the max)."""
    from linkdesk.storage.keys import KdfParams

    floor = managed.kdf_floor
    if floor is None:
        return None
    return KdfParams(floor.time_cost, floor.memory_kib, floor.parallelism)


class OnFirstUse:
    """An adapter made, and its modules imported, the first time something uses it: the desktop
    app shows its unlock window, and a command runs, without loading reportlab (letters, reports,
    the PDF check) or the bundle codec until they are needed."""

    def __init__(self, make: Callable[[], object]) -> None:
        self._make = make
        self._made: object | None = None

    def __getattr__(self, name: str) -> Any:
        if self._made is None:
            self._made = self._make()
        return getattr(self._made, name)


def _pdf_check() -> object:
    from linkdesk.letters.probe import PdfCheck

    return PdfCheck()


def _letter_renderer() -> object:
    from linkdesk.letters.renderer import PdfLetterRenderer

    return PdfLetterRenderer()


def _report_files() -> object:
    from linkdesk.reports import ReportFiles

    return ReportFiles()


def _bundle_codec() -> object:
    from linkdesk.sync.bundle import BundleCodec

    return BundleCodec()


def build_services(home: str | None, managed: ManagedPolicy | None = None) -> Services:
    """Wire the adapters; ``managed`` is the machine's managed settings file unless given (tests)."""
    from linkdesk import logging_setup
    from linkdesk.domain.clock import SystemClock
    from linkdesk.platform.managed import load_managed
    from linkdesk.platform.secrets import KeychainSecrets
    from linkdesk.services.app_services import Services
    from linkdesk.storage.keys import RECOMMENDED, KdfParams
    from linkdesk.storage.vault import Vault

    folder = config.data_dir(home)
    logging_setup.configure(folder)
    policy = load_managed() if managed is None else managed
    secrets = KeychainSecrets(enabled=config.keyring_enabled() and policy.allows("keychain"))
    clock = SystemClock()
    return Services(
        home=folder,
        vault=Vault(folder, secrets, clock, RECOMMENDED, kdf_floor=kdf_floor(policy)),
        secrets=secrets,
        clock=clock,
        pdf_probe=cast("PdfProbe", OnFirstUse(_pdf_check)),
        scratch_vault=lambda path: Vault(path, KeychainSecrets(enabled=False), clock, KdfParams.minimum()),
        measure_registry=functools.cache(lambda: load_measures(folder)),
        letter_renderer=cast("LetterRenderer", OnFirstUse(_letter_renderer)),
        reports=cast("ReportOutput", OnFirstUse(_report_files)),
        bundles=cast("BundleCodec", OnFirstUse(_bundle_codec)),
        managed=policy,
    )


def load_measures(home: Path) -> MeasureRegistry:
    """Shipped definitions, plus licensed wording and norm tables in ``DATA_DIR/measures``."""
    from linkdesk.measures import MeasureRegistry

    local = home / "measures"
    return MeasureRegistry.load(config.resources_dir() / "measures", [local] if local.is_dir() else [])


def cli_context(home: str | None, managed: ManagedPolicy | None = None) -> CliContext:
    from linkdesk.cli.context import CliContext

    services = build_services(home, managed)
    if services.managed.problem:  # said once, on stderr, before the command's own output
        print(f"linkdesk: {services.managed.problem}", file=sys.stderr)
    return CliContext(services=services)


def main(argv: Sequence[str] | None = None, managed: ManagedPolicy | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    _give_windowless_streams()
    if args == ["--version"]:  # answered before anything else is loaded
        sys.stdout.write(f"LinkDesk {__version__}\n")
        return 0
    os.umask(0o077)  # every file LinkDesk creates is owner-only
    from linkdesk.cli.gui_args import gui_request

    gui_args = gui_request(args)
    if gui_args is not None:
        from linkdesk.ui.main import run_gui  # Qt is loaded only on this path

        return run_gui(build_services(gui_args.home, managed), gui_args)
    from linkdesk.cli.main import run as run_cli  # the other commands load only on this path

    return run_cli(args, functools.partial(cli_context, managed=managed))


def _give_windowless_streams() -> None:
    """The windowed Windows program has no stdout or stderr: send what it writes nowhere."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the process


def entry() -> None:
    sys.exit(main())
