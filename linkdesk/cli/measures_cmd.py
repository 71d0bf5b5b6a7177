"""``linkdesk measures list|score`` (no store, no unlock) and ``record|history`` (on a CYP).

    linkdesk measures list [--json]
    linkdesk measures score MEASURE_ID --responses "R1,R2,...,RN" [--age N --sex female|male]
                            [--grade N] [--cutoff-set ID] [--json]

Both accept ``--extra-dir DIR`` (repeatable): a service's own folder of licensed wording
overrides and norm tables. Handlers never touch ``ctx``: scoring needs no store.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from linkdesk.cli.context import CliContext
from linkdesk.cli.output import emit, emit_json, say
from linkdesk.cli.records_cmd import services_for
from linkdesk.cli.unlock import unlocked
from linkdesk.config import resources_dir
from linkdesk.errors import ValidationError
from linkdesk.measures import MeasureRegistry, ScoreResult, ScoringContext
from linkdesk.measures.definitions import MeasureDefinition
from linkdesk.measures.numbers import format_decimal
from linkdesk.measures.responses import split_responses
from linkdesk.services.measure_records import MeasureRecords

MAX_AGE = 120


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "measures",
        help="list and score outcome measures (no store needed)",
        description="Score validated outcome measures (SDQ, YP-CORE, SWEMWBS, GBO, ORS/CORS, RCADS) "
        "from item responses keyed from the paper form.",
    )
    actions = parser.add_subparsers(dest="measures_command", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="the measures LinkDesk can score")
    _common(listing)
    listing.set_defaults(func=run_list)

    scoring = actions.add_parser(
        "score",
        help="score one completed form",
        description="Responses are given in the printed order of the form, as the position of the "
        "ticked box counting from 0 (the engine applies reverse keying), with an empty value for a "
        "missing answer; ORS/CORS marks are given in cm (0.0-10.0).",
    )
    scoring.add_argument("measure_id", metavar="MEASURE_ID", help="for example sdq-p4-17, ypcore, swemwbs")
    scoring.add_argument(
        "--responses", required=True, metavar="R1,R2,...,RN", help="comma-separated responses"
    )
    scoring.add_argument("--age", type=int, help="age in years (YP-CORE cut-offs, RCADS norms)")
    scoring.add_argument(
        "--sex", choices=("female", "male"), help="sex for age/sex-specific cut-offs and norms"
    )
    scoring.add_argument("--grade", type=int, help="US school grade for RCADS norms (default: age - 6)")
    scoring.add_argument("--cutoff-set", metavar="ID", help="a published cut-off set other than the default")
    _common(scoring)
    scoring.set_defaults(func=run_score)

    recording = actions.add_parser("record", help="score a completed form and keep it on a CYP's record")
    recording.add_argument("cyp_id", metavar="CYP_ID")
    recording.add_argument("measure_id", metavar="MEASURE_ID")
    recording.add_argument("--responses", required=True, metavar="R1,R2,...,RN")
    recording.add_argument("--informant", help="self, parent, teacher, clinician or other")
    recording.add_argument("--time-point", help="baseline, review, close or other")
    recording.add_argument("--date", metavar="YYYY-MM-DD", help="the date the form was completed")
    recording.add_argument("--json", action="store_true", help="print the stored record as JSON")
    recording.set_defaults(func=run_record)

    history = actions.add_parser("history", help="a CYP's recorded results, oldest first")
    history.add_argument("cyp_id", metavar="CYP_ID")
    history.add_argument("--measure", metavar="MEASURE_ID")
    history.add_argument("--json", action="store_true")
    history.set_defaults(func=run_history)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
    parser.add_argument(
        "--extra-dir",
        action="append",
        default=[],
        metavar="DIR",
        type=Path,
        help="a service folder of licensed wording overrides or norm tables (repeatable)",
    )


def load_registry(extra_dirs: list[Path]) -> MeasureRegistry:
    return MeasureRegistry.load(resources_dir() / "measures", extra_dirs)


def run_list(args: argparse.Namespace, ctx: Any) -> int:
    registry = load_registry(args.extra_dir)
    rows = registry.summaries()
    if args.json:
        emit_json(rows)
        return 0
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        responses = "/".join(str(n) for n in row["responses"])
        wording = "wording" if row["item_text_allowed"] else "item numbers"
        details = f"{responses} responses; {wording}; {row['licence_status']}"
        emit(f"{row['id']:<{width}}  {row['title']}  [{details}]")
    return 0


def run_score(args: argparse.Namespace, ctx: Any) -> int:
    if args.age is not None and not 0 <= args.age <= MAX_AGE:
        raise ValidationError(f"Age {args.age} is not a plausible age in years", field="age")
    registry = load_registry(args.extra_dir)
    definition = registry.get(args.measure_id)
    context = ScoringContext(age=args.age, sex=args.sex, grade=args.grade, cutoff_set=args.cutoff_set)
    result = registry.score(definition.id, split_responses(args.responses), context)
    if args.json:
        emit_json(result.to_json())
    else:
        print_table(definition, result)
    return 0


def shown_band(result: ScoreResult, scheme: str, key: str) -> str:
    """The band with "(unverified)" beside it when no published source confirmed it."""
    label = (result.bands if scheme == "bands" else result.bands_original).get(key)
    if label is None:
        return ""
    return f"{label} (unverified)" if result.is_unverified(scheme, key) else label


def print_table(definition: MeasureDefinition, result: ScoreResult) -> None:
    """A short human-readable table on stdout; warnings go to stderr."""
    emit(f"{definition.short_name} (definition {definition.version})")
    rows = [("score", "value", "band", "original band")]
    for key, value in result.scores.items():
        band = shown_band(result, "bands", key)
        original = shown_band(result, "bands_original", key)
        rows.append((key, format_decimal(value, result.places[key]), band, original))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    show = 4 if result.bands_original else 3 if result.bands else 2
    for row in rows:
        emit("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:show])).rstrip())
    if result.flags:
        emit("flags: " + ", ".join(result.flags))
    rest = [name for name in result.unverified if not name.startswith("bands")]
    if rest:
        emit("unverified: " + ", ".join(rest))
    for warning in result.warnings:
        say(f"warning: {warning}")
    if definition.licence.copyright_line:
        say(definition.licence.copyright_line)


def _recorder(ctx: CliContext, store: Any) -> MeasureRecords:
    records, _casework = services_for(ctx, store)
    return MeasureRecords(records, ctx.services.measure_registry())


def run_record(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        recorder = _recorder(ctx, store)
        cyp = recorder.records.get("cyp", args.cyp_id)
        age = _age_on(cyp.get("date_of_birth"), args.date)
        sex = cyp.get("sex") if cyp.get("sex") in ("female", "male") else None
        record = recorder.record(
            args.cyp_id,
            args.measure_id,
            args.responses,
            informant=args.informant,
            time_point=args.time_point,
            date=args.date,
            context=ScoringContext(age=age, sex=sex),
        )
    if args.json:
        emit_json({**record.to_json(), "result": json.loads(record.get("result"))})
    else:
        emit(record.id)
    return 0


def run_history(args: argparse.Namespace, ctx: CliContext) -> int:
    with unlocked(ctx.services) as store:
        points = _recorder(ctx, store).history(args.cyp_id, args.measure)
    rows = [
        {
            "id": p.record.id,
            "measure": p.record.get("measure"),
            "date": p.record.get("date"),
            "informant": p.record.get("informant"),
            "time_point": p.record.get("time_point"),
            "scores": p.scores,
            "bands": p.bands,
            "flags": p.flags,
        }
        for p in points
    ]
    if args.json:
        emit_json(rows)
    else:
        for row in rows:
            flags = f"  FLAGS: {', '.join(row['flags'])}" if row["flags"] else ""
            emit(f"{row['date']}  {row['measure']:<10} {row['time_point']:<8} {row['scores']}{flags}")
    return 0


def _age_on(date_of_birth: str | None, when: str | None) -> int | None:
    if not date_of_birth or not when:
        return None
    try:
        born, on = date.fromisoformat(date_of_birth), date.fromisoformat(when)
    except ValueError:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
