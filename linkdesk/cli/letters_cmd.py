"""``linkdesk letters list|render|letterhead``.

    linkdesk letters list [--json]
    linkdesk letters render TEMPLATE (--cyp ID | --school ID | --visit ID) --out FILE.pdf
                            [--referral ID] [--recipient NAME] [--language CODE] [--json]
    linkdesk letters letterhead [--set KEY=VALUE ...] [--json]

A refused letter (consent missing, a name that cannot be printed, a placeholder with no value)
exits 1 with one line naming the reason, and writes no file and no log entry.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.records_cmd import services_for
from linkdesk.cli.unlock import unlocked
from linkdesk.domain.fields import SHORT_TEXT_LIMIT, check_text
from linkdesk.errors import LinkDeskError, ValidationError
from linkdesk.services.letters import (
    KINDS,
    LETTERHEAD_SETTINGS,
    LetterRenderer,
    LetterRequest,
    LetterService,
)

SETTABLE = ("service_name", *LETTERHEAD_SETTINGS)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "letters",
        help="letter templates and letters (PDF)",
        description="Make letters from templates. A letter that identifies a child to a school needs an "
        "active share_with_school consent; every letter made is logged on the child's record.",
    )
    actions = parser.add_subparsers(dest="letters_command", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="the letter templates")
    listing.add_argument("--json", action="store_true", help='a JSON array of {"id", "title", "audience"}')
    listing.set_defaults(func=cmd_list)

    render = actions.add_parser("render", help="make one letter as a PDF file")
    render.add_argument("template", metavar="TEMPLATE", help="one of: " + ", ".join(sorted(KINDS)))
    subject = render.add_mutually_exclusive_group(required=True)
    subject.add_argument("--cyp", metavar="ID", help="the child or young person the letter is about")
    subject.add_argument("--school", metavar="ID", help="the school (discussion summary, visit sheet)")
    subject.add_argument("--visit", metavar="ID", help="the visit (discussion summary, visit sheet)")
    render.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help="where to write the PDF")
    render.add_argument("--referral", metavar="ID", help="referral-status: which referral (default: latest)")
    render.add_argument("--recipient", metavar="NAME", help="the addressee as written, e.g. 'Mrs A Khan'")
    render.add_argument(
        "--language", metavar="CODE", help="a translation, e.g. pl (default: the family's recorded language)"
    )
    render.add_argument("--json", action="store_true", help="print the file, its SHA-256 and the log entries")
    render.set_defaults(func=cmd_render)

    head = actions.add_parser("letterhead", help="show or change the letterhead settings")
    head.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=f"keys: {', '.join(SETTABLE)}; write \\n for a new line; an empty VALUE clears",
    )
    head.add_argument("--json", action="store_true")
    head.set_defaults(func=cmd_letterhead)


def renderer_of(ctx: CliContext) -> LetterRenderer:
    """The PDF renderer wired by ``app.py`` into the services."""
    renderer = getattr(ctx.services, "letter_renderer", None)
    if renderer is None:
        raise LinkDeskError("Letters are not available in this installation: no PDF renderer is wired in.")
    return renderer  # type: ignore[no-any-return]


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = [row for row in renderer_of(ctx).catalogue() if row["id"] in KINDS]
    if args.json:
        emit_json([{"id": r["id"], "title": r["title"], "audience": r["audience"]} for r in rows])
        return 0
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        emit(f"{row['id']:<{width}}  {row['title']}  [{row['audience']}; {', '.join(row['languages'])}]")
    return 0


def cmd_render(args: argparse.Namespace, ctx: CliContext) -> int:
    renderer = renderer_of(ctx)
    out = (
        Path(args.out).expanduser().absolute()
    )  # not resolve(): a link at the target is refused, not followed
    request = LetterRequest(
        template=args.template,
        cyp_id=args.cyp,
        school_id=args.school,
        visit_id=args.visit,
        referral_id=args.referral,
        recipient=args.recipient,
        language=args.language,
    )
    with unlocked(ctx.services) as store:
        records, casework = services_for(ctx, store)
        service = LetterService(records, casework, renderer, ctx.services.managed)
        letter = service.render(request)
        logged = service.save(letter, out, getattr(store, "actor", None))
    for notice in letter.notices:
        say(f"warning: {notice}")
    if args.json:
        emit_json({"file": str(out), "sha256": letter.sha256, "letters": [r.to_json() for r in logged]})
    else:
        emit(str(out))
    say(f"Letter written ({len(letter.pdf):,} bytes) and logged as {', '.join(r.id for r in logged)}.")
    return 0


def cmd_letterhead(args: argparse.Namespace, ctx: CliContext) -> int:
    managed = ctx.services.managed
    changes = dict(_assignment(item) for item in args.set)
    for key in changes:
        managed.refuse_change(key)
    with unlocked(ctx.services) as store:
        for key, value in changes.items():
            store.set_setting(key, value)
        current = managed.overlay({key: store.setting(key) or "" for key in SETTABLE})
    if args.json:
        emit_json(current)
    else:
        for key, value in current.items():
            emit(f"{key}: {value.replace(chr(10), ' / ')}")
    return 0


def _assignment(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or key not in SETTABLE:
        raise ValidationError(
            f"--set: '{item}' is not KEY=VALUE with KEY one of {', '.join(SETTABLE)}.", "set"
        )
    value = value.replace("\\n", "\n")
    check_text(key, value, SHORT_TEXT_LIMIT)
    if key == "letterhead_logo" and value:
        logo = Path(value).expanduser()
        if logo.suffix.lower() not in (".png", ".jpg", ".jpeg") or not logo.is_file():
            raise ValidationError(f"letterhead_logo: {value} is not a PNG or JPEG file.", key)
        value = str(logo.absolute())
    return key, value
