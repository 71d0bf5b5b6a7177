"""Start the desktop app (placeholder until the shell lands)."""

from __future__ import annotations

import argparse
import sys

from linkdesk.services.app_services import Services


def run_gui(services: Services, args: argparse.Namespace) -> int:
    print("linkdesk: the desktop app is not part of this build yet; see 'linkdesk --help'.", file=sys.stderr)
    return 1
