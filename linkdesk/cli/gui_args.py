"""The ``gui`` command's arguments, and telling a desktop-app request from a command.

Its own small module so that opening the desktop app parses its arguments without loading any
other command (``app.main`` asks ``gui_request`` first; ``cli.main`` adds the same ``gui``
parser to the full command line).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

#: Pages of the desktop app that ``gui --page`` accepts (cli-contract.md).
GUI_PAGES = (
    "today",
    "tasks",
    "schools",
    "school",
    "caseload",
    "cyp",
    "discussion",
    "measures",
    "letters",
    "reports",
    "sync",
    "conflicts",
    "settings",
    "lock",
    "service",
)


class Parser(argparse.ArgumentParser):
    """argparse that keeps usage errors to one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"linkdesk: {message} (see 'linkdesk --help')\n")


class UsageError(Exception):
    pass


class QuietParser(Parser):
    """Parses without printing: used only to decide between the GUI and the CLI."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def add_home(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="data folder (default: LINKDESK_HOME, else the platform's local app-data folder)",
    )


def add_gui_parser(sub: argparse._SubParsersAction[Parser]) -> None:
    gui = sub.add_parser("gui", help="open the desktop app (the default with no command)")
    gui.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="render a page offscreen (1366x768 unless --size), save it, exit",
    )
    gui.add_argument("--page", default="today", choices=GUI_PAGES, help="page to show (default: today)")
    gui.add_argument("--id", help="record id for pages that show one record (school, cyp, discussion)")
    gui.add_argument(
        "--size", metavar="WxH", help="with --screenshot: window size in logical pixels (1366x768)"
    )
    gui.add_argument(
        "--scale",
        metavar="F",
        help="with --screenshot: device-pixel ratio, e.g. 1.5 or 2 (PNG is W*F by H*F)",
    )


def _command(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (after ``--home DIR``), or None when there is none."""
    rest = list(argv)
    while rest and (rest[0] == "--home" or rest[0].startswith("--home=")):
        rest = rest[2:] if rest[0] == "--home" else rest[1:]
    return rest[0] if rest else None


def gui_request(argv: Sequence[str]) -> argparse.Namespace | None:
    """The parsed arguments when ``argv`` asks for the desktop app (no command, or ``gui``)."""
    if any(arg in {"-h", "--help", "--version"} for arg in argv) or _command(argv) not in (None, "gui"):
        return None
    parser = QuietParser(prog="linkdesk")
    add_home(parser)
    add_gui_parser(parser.add_subparsers(dest="command", parser_class=QuietParser))
    try:
        args = parser.parse_args(list(argv))
    except UsageError:
        return None  # the full command line reports it
    if args.command is None:
        args.screenshot, args.page, args.id, args.size, args.scale = None, "today", None, None, None
    return args
