"""``linkdesk sar CYP_ID --out FILE``: subject access export (text, or JSON for a .json file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, say
from linkdesk.cli.records_cmd import services_for
from linkdesk.cli.unlock import unlocked
from linkdesk.files import write_output
from linkdesk.services.sar import collect, render_json, render_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sar", help="subject access export of everything held about one CYP")
    p.add_argument("cyp_id", metavar="CYP_ID")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="a .txt (readable) or .json file")
    p.set_defaults(func=cmd_sar)


def cmd_sar(args: argparse.Namespace, ctx: CliContext) -> int:
    out: Path = args.out.expanduser().resolve()
    with unlocked(ctx.services) as store:
        records, _casework = services_for(ctx, store)
        export = collect(
            records, args.cyp_id, store.setting("service_name", "") or "", ctx.services.clock.now()
        )
        text = render_json(export) if out.suffix.lower() == ".json" else render_text(export)
        write_output(out, text.encode("utf-8"), ctx.services.home)
        store.audit(
            "export", "cyp", export.cyp.id, kind="sar", records=sum(len(v) for v in export.records.values())
        )
    emit(str(out))
    say("Subject access export written. Review it against the checklist at its top before release.")
    return 0
