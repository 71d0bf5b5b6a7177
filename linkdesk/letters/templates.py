"""Letter templates as data: ``resources/letters/ID/LANG.toml`` plus ``_common/LANG.toml``.

A template is developer-owned wording with placeholders ``{name}`` or ``{name:format}`` (formats:
``date``, ``vocab:TABLE``, ``vocab_list:TABLE``) and ``**bold**``. There is no markup language:
template text is escaped exactly like user text. Values from records arrive as plain strings and
become ``Span``s that carry the name of the field they came from, so a value that cannot be
printed is reported naming that field, and a placeholder with no value is reported naming it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from linkdesk.errors import LinkDeskError, ValidationError
from linkdesk.letters.text import Span

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)(?::([a-z_]+(?::[a-z_]+)?))?\}")
BLOCK_TYPES = frozenset(
    {"para", "heading", "facts", "table", "bullets", "page_break", "signature", "lines", "callout"}
)
COMMON = "_common"
TICK_BOX = "\u2610"


class TemplateProblem(LinkDeskError):
    """A template file is missing or malformed (a fault in the installation, not in user data)."""

    code = "template_problem"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: float = 1.0
    format: str = ""


@dataclass(frozen=True)
class Block:
    type: str
    text: str = ""
    when: str = ""
    unless: str = ""
    rows: tuple[tuple[str, str], ...] = ()
    source: str = ""
    columns: tuple[Column, ...] = ()
    empty: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    id: str
    language: str
    title: str
    audience: str
    reviewed: bool
    review_note: str
    subject: str
    greeting: str
    greeting_generic: str
    closing: str
    #: Lines of the address block (template wording with placeholders); an empty line is left out.
    address: tuple[str, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Common:
    """Wording shared by every template in one language: labels, month names, vocabularies."""

    language: str
    name: str
    months: tuple[str, ...]
    labels: Mapping[str, str]
    vocab: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def _need(data: Mapping[str, Any], key: str, where: Path) -> Any:
    if key not in data:
        raise TemplateProblem(f"The letter template {where} has no '{key}'.")
    return data[key]


def _block(raw: Mapping[str, Any], where: Path) -> Block:
    kind = _need(raw, "type", where)
    if kind not in BLOCK_TYPES:
        raise TemplateProblem(f"The letter template {where} has a block of unknown type '{kind}'.")
    columns = tuple(
        Column(str(c["key"]), str(c.get("title", "")), float(c.get("width", 1)), str(c.get("format", "")))
        for c in raw.get("columns", ())
    )
    return Block(
        type=kind,
        text=str(raw.get("text", "")),
        when=str(raw.get("when", "")),
        unless=str(raw.get("unless", "")),
        rows=tuple((str(a), str(b)) for a, b in raw.get("rows", ())),
        source=str(raw.get("source", "")),
        columns=columns,
        empty=str(raw.get("empty", "")),
        items=tuple(str(i) for i in raw.get("items", ())),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TemplateProblem(f"The letter template {path} cannot be read: {exc}") from exc


def load_template(path: Path) -> Template:
    data = _read(path)
    return Template(
        id=str(_need(data, "id", path)),
        language=str(_need(data, "language", path)),
        title=str(_need(data, "title", path)),
        audience=str(_need(data, "audience", path)),
        reviewed=bool(data.get("reviewed", False)),
        review_note=str(data.get("review_note", "")),
        subject=str(data.get("subject", "")),
        greeting=str(data.get("greeting", "")),
        greeting_generic=str(data.get("greeting_generic", "")),
        closing=str(data.get("closing", "")),
        address=tuple(str(line) for line in data.get("address", ())),
        blocks=tuple(_block(b, path) for b in data.get("block", ())),
    )


def load_common(path: Path) -> Common:
    data = _read(path)
    months = tuple(str(m) for m in _need(data, "months", path))
    if len(months) != 12:
        raise TemplateProblem(f"{path}: 'months' needs 12 names.")
    return Common(
        language=str(_need(data, "language", path)),
        name=str(_need(data, "name", path)),
        months=months,
        labels={str(k): str(v) for k, v in _need(data, "labels", path).items()},
        vocab={
            str(t): {str(k): str(v) for k, v in table.items()} for t, table in data.get("vocab", {}).items()
        },
    )


class TemplateLibrary:
    """Every template and language found under one folder, loaded once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.templates: dict[tuple[str, str], Template] = {}
        self.common: dict[str, Common] = {}
        if not root.is_dir():
            raise TemplateProblem(f"The letter templates folder {root} is missing.")
        for path in sorted(root.glob("*/*.toml")):
            if path.parent.name == COMMON:
                common = load_common(path)
                self.common[common.language] = common
                continue
            template = load_template(path)
            if template.id != path.parent.name or template.language != path.stem:
                raise TemplateProblem(f"{path}: id and language must match the folder and file name.")
            self.templates[(template.id, template.language)] = template
        for template_id, language in self.templates:
            if language not in self.common:
                raise TemplateProblem(f"{template_id}/{language}: there is no _common/{language}.toml.")

    def ids(self) -> list[str]:
        return sorted({tid for tid, _ in self.templates})

    def languages(self, template_id: str) -> list[str]:
        return sorted(lang for tid, lang in self.templates if tid == template_id)

    def get(self, template_id: str, language: str) -> Template:
        try:
            return self.templates[(template_id, language)]
        except KeyError:
            if template_id not in self.ids():
                raise ValidationError(
                    f"template: there is no letter template '{template_id}' "
                    f"(templates: {', '.join(self.ids())}).",
                    "template",
                ) from None
            raise ValidationError(
                f"language: the template '{template_id}' has no '{language}' version "
                f"(it has: {', '.join(self.languages(template_id))}).",
                "language",
            ) from None


@dataclass(frozen=True)
class Filler:
    """Turns template wording into spans, from the values of one letter."""

    template: Template
    common: Common
    values: Mapping[str, str]
    tables: Mapping[str, Sequence[Mapping[str, str]]]
    fields: Mapping[str, str]

    def present(self, name: str) -> bool:
        if name in self.tables:
            return bool(self.tables[name])
        return bool(self.value(name).strip())

    def wanted(self, block: Block) -> bool:
        if block.when and not self.present(block.when):
            return False
        return not (block.unless and self.present(block.unless))

    def value(self, name: str) -> str:
        if name not in self.values:
            raise ValidationError(
                f"{name}: the letter template '{self.template.id}' ({self.template.language}) uses "
                f"{{{name}}} but no value was given for it. Nothing was made.",
                name,
            )
        return self.values[name]

    def format(self, raw: str, fmt: str, field_name: str) -> str:
        kind, _, table = fmt.partition(":")
        if not raw or not kind:
            return raw
        if kind == "date":
            try:
                day = date.fromisoformat(raw)
            except ValueError:
                raise ValidationError(f"{field_name}: {raw!r} is not a date.", field_name) from None
            return f"{day.day} {self.common.months[day.month - 1]} {day.year}"
        if kind == "vocab":
            return self.word(table, raw)
        if kind == "vocab_list":
            return ", ".join(self.word(table, item.strip()) for item in raw.split(",") if item.strip())
        if kind == "box":
            return TICK_BOX
        raise TemplateProblem(f"The letter template '{self.template.id}' uses an unknown format '{fmt}'.")

    def word(self, table: str, value: str) -> str:
        return self.common.vocab.get(table, {}).get(value, value.replace("_", " "))

    def spans(self, text: str, *, bold: bool = False) -> list[Span]:
        """Template wording with ``**bold**`` and placeholders, as spans (user values name their field)."""
        out: list[Span] = []
        for n, part in enumerate(text.split("**")):
            strong = bold or n % 2 == 1
            position = 0
            for match in PLACEHOLDER.finditer(part):
                if match.start() > position:
                    out.append(Span(part[position : match.start()], strong))
                name, fmt = match.group(1), match.group(2) or ""
                source = self.fields.get(name, name)
                out.append(Span(self.format(self.value(name), fmt, source), strong, source))
                position = match.end()
            if position < len(part):
                out.append(Span(part[position:], strong))
        return out

    def cell(self, table: str, row: Mapping[str, str], column: Column) -> list[Span]:
        source = self.fields.get(f"{table}.{column.key}", f"{table}.{column.key}")
        if column.format == "box":
            return [Span(TICK_BOX)]
        raw = row.get(column.key)
        if raw is None:
            raise ValidationError(
                f"{source}: the letter template '{self.template.id}' shows {column.key!r} of {table!r} "
                "but no value was given for it. Nothing was made.",
                source,
            )
        return [Span(self.format(raw, column.format, source), False, source)]

    def label(self, key: str) -> str:
        try:
            return self.common.labels[key]
        except KeyError:
            raise TemplateProblem(f"_common/{self.common.language}.toml has no label '{key}'.") from None
