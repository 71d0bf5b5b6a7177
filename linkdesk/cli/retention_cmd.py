"""``linkdesk retention`` and ``linkdesk purge --due``: closed cases leaving this laptop (issue #22)."""

from __future__ import annotations

import argparse
from collections import Counter

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.unlock import unlocked
from linkdesk.domain.retention import PURGE_DAYS_SETTING
from linkdesk.errors import ValidationError
from linkdesk.services.retention import CaseRetention, Retention
from linkdesk.services.settings_admin import PURGE_DAYS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("retention", help="closed cases: retention class and dates, and whether each is due")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--days",
        type=int,
        metavar="N",
        help=f"set the days after EPR confirmation before a closed case leaves this laptop "
        f"({PURGE_DAYS.low}-{PURGE_DAYS.high}, default {PURGE_DAYS.default})",
    )
    p.set_defaults(func=cmd_retention)
    p = sub.add_parser("purge", help="remove closed cases due under the retention policy, everywhere")
    p.add_argument("--due", action="store_true", required=True, help="purge every case due (required)")
    p.add_argument("--dry-run", action="store_true", help="list what would be purged; change nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_purge)


def _line(case: CaseRetention) -> str:
    state = "DUE" if case.due else case.reason
    return (
        f"{case.cyp_id}  {case.pseudonym or '-'}{'  (deleted)' if case.deleted else ''}  "
        f"{case.retention_class}  "
        f"closed {case.closed_on or '-'}  "
        f"retain until {case.retain_until or 'needs date of birth'}  "
        f"EPR confirmed {case.epr_closure_confirmed_on or '-'}  purge on {case.purge_on or '-'}  {state}"
    )


def cmd_retention(args: argparse.Namespace, ctx: CliContext) -> int:
    managed = ctx.services.managed
    with unlocked(ctx.services) as store:
        if args.days is not None:
            managed.refuse_change(PURGE_DAYS_SETTING)
            if not PURGE_DAYS.low <= args.days <= PURGE_DAYS.high:
                raise ValidationError(
                    f"--days: give a whole number from {PURGE_DAYS.low} to {PURGE_DAYS.high}."
                )
            store.set_setting(PURGE_DAYS_SETTING, str(args.days))
        retention = Retention(store, ctx.services.today, managed)
        cases = retention.cases()
    if args.json:
        emit_json({"device_purge_days": retention.days, "cases": [c.to_json() for c in cases]})
        return 0
    for case in cases:
        emit(_line(case))
    say(
        f"{len(cases)} closed case(s); {sum(c.due for c in cases)} due. A case leaves this laptop "
        f"{retention.days} days after its closure is confirmed in the EPR, once a teammate holds it "
        "(or, with no teammates, once a subject access export was made)."
    )
    return 0


def cmd_purge(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        retention = Retention(store, ctx.services.today, ctx.services.managed)
        cases = retention.cases()
        done = retention.purge_due(dry_run=args.dry_run)
    if not done:
        raise ValidationError(_nothing_due(cases))
    if args.json:
        emit_json({"dry_run": args.dry_run, "purged": [c.to_json() for c in done]})
    else:
        for case in done:
            emit(f"{case.cyp_id}  {case.pseudonym or '-'}  {case.records} record(s)")
    records = sum(c.records for c in done)
    if args.dry_run:
        say(f"Dry run: {len(done)} case(s) ({records} records) would be purged; nothing was changed.")
    else:
        say(
            f"Purged {len(done)} case(s) ({records} records) from this laptop; the purge goes to "
            "teammates with the next sync and was entered in the audit log."
        )
    return 0


def _nothing_due(cases: list[CaseRetention]) -> str:
    if not cases:
        return "Nothing to purge: there are no closed cases on this laptop."
    reasons = Counter("kept until its date" if c.reason.startswith("kept until") else c.reason for c in cases)
    summary = "; ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
    return f"Nothing to purge: none of the {len(cases)} closed case(s) is due ({summary})."
