"""``linkdesk demo [--size small|large] [--seed N]``: a store filled with an invented service."""

from __future__ import annotations

import argparse
import time

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.records_cmd import services_for
from linkdesk.cli.unlock import passphrase
from linkdesk.errors import StoreExists
from linkdesk.services.demo import SIZES, build_demo
from linkdesk.services.measure_records import MeasureRecords


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="create a store (if none) filled with a deterministic synthetic service")
    p.add_argument("--size", choices=sorted(SIZES), default="small")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.services.managed.require("demo")
    vault = ctx.services.vault
    code = None
    if vault.exists():
        store = vault.unlock(passphrase())
        if store.records.count("school"):
            store.close()
            raise StoreExists(
                f"The store in {ctx.services.home} already holds records; demo data goes only into "
                "a new or empty store."
            )
    else:
        store, code = vault.create("Demo Link Work Service", passphrase(confirm=True))
    started = time.perf_counter()
    try:
        records, _casework = services_for(ctx, store)
        measures = MeasureRecords(records, ctx.services.measure_registry())
        counts = build_demo(records, args.size, args.seed, ctx.services.today(), measures)
    finally:
        store.close()
    elapsed = time.perf_counter() - started
    if args.json:
        emit_json({"counts": counts, "seconds": round(elapsed, 1)})
    else:
        for name, count in counts.items():
            emit(f"{name:24} {count:>7,}")
    if code:
        say(f"Recovery code for this demo store (shown once): {code}")
    say(f"Demo service ({args.size}, seed {args.seed}) created in {elapsed:.1f} s. All names are invented.")
    return 0
