"""The ``linkdesk`` command line: argument parsing, dispatch and the exit-status rules.

Exit 0 on success; 1 when a request is refused or fails (one plain-English line on stderr);
2 for a usage error (argparse). stdout carries only results.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from linkdesk import __version__
from linkdesk.cli import (
    calendar_cmd,
    demo_cmd,
    letters_cmd,
    measures_cmd,
    records_cmd,
    reports_cmd,
    retention_cmd,
    sar_cmd,
    schools_cmd,
    store_cmd,
    sync_cmd,
)
from linkdesk.cli.context import ContextFactory
from linkdesk.cli.gui_args import Parser, add_gui_parser, add_home
from linkdesk.errors import LinkDeskError

logger = logging.getLogger(__name__)

#: Each command module exposes ``register(subparsers)``; handlers are ``func(args, ctx) -> int``.
COMMAND_MODULES = (
    store_cmd,
    demo_cmd,
    records_cmd,
    schools_cmd,
    sar_cmd,
    retention_cmd,
    measures_cmd,
    letters_cmd,
    reports_cmd,
    calendar_cmd,
    sync_cmd,
)


def build_parser(parser_class: type[Parser] = Parser) -> argparse.ArgumentParser:
    parser = parser_class(
        prog="linkdesk",
        description="LinkDesk: the encrypted desk of a CAMHS / NHS CYPMHS link worker. "
        "With no command it opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"LinkDesk {__version__}")
    add_home(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    for module in COMMAND_MODULES:
        module.register(sub)
    add_gui_parser(sub)
    return parser


def run(argv: Sequence[str], ctx_factory: ContextFactory) -> int:
    """Parse ``argv`` and run one command; never lets a traceback reach the terminal."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        ctx = ctx_factory(args.home)
        return int(args.func(args, ctx))
    except LinkDeskError as exc:
        print(f"linkdesk: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (e.g. piped into head): not a failure
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("linkdesk: stopped; nothing was changed by the interrupted step.", file=sys.stderr)
        return 1
    except Exception:  # the last line of defence: log it, show one plain line
        logger.exception("unexpected failure in %s", args.command)
        print(
            f"linkdesk: an unexpected problem stopped '{args.command}' before it finished; check what it "
            "had done (a file it wrote, 'linkdesk verify') before trying again. Details (without personal "
            "data) are in the logs folder of the data folder.",
            file=sys.stderr,
        )
        return 1
