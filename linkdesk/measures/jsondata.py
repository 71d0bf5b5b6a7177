"""Reading the JSON data files strictly, with messages that name the file and the field."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from linkdesk.measures.definitions import DefinitionError


def read_json_file(path: Path) -> dict[str, object]:
    """Parse ``path`` as a JSON object; floats become exact Decimals."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DefinitionError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise DefinitionError(f"{path.name}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if not isinstance(data, dict):
        raise DefinitionError(f"{path.name}: the file must hold one JSON object")
    return data


class Obj:
    """A JSON object with typed accessors; ``where`` prefixes every error message."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise DefinitionError(f"{where}: expected a JSON object")
        self.data: dict[str, object] = data
        self.where = where

    def fail(self, key: str, expected: str) -> DefinitionError:
        return DefinitionError(f"{self.where}: '{key}' must be {expected}", field=key)

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str) -> object:
        if key not in self.data:
            raise DefinitionError(f"{self.where}: '{key}' is missing", field=key)
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        if not self.has(key) and default is not None:
            return default
        value = self.raw(key)
        if not isinstance(value, str):
            raise self.fail(key, "a string")
        return value

    def opt_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def integer(self, key: str, default: int | None = None) -> int:
        if not self.has(key) and default is not None:
            return default
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "a whole number")
        return value

    def opt_integer(self, key: str) -> int | None:
        return self.integer(key) if self.has(key) else None

    def number(self, key: str, default: Decimal | None = None) -> Decimal:
        if not self.has(key) and default is not None:
            return default
        return as_decimal(self.raw(key), f"{self.where}: '{key}'")

    def flag(self, key: str, default: bool = False) -> bool:
        if not self.has(key):
            return default
        value = self.raw(key)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def array(self, key: str, default: list[object] | None = None) -> list[object]:
        if not self.has(key) and default is not None:
            return default
        value = self.raw(key)
        if not isinstance(value, list):
            raise self.fail(key, "a list")
        return value

    def int_list(self, key: str) -> tuple[int, ...]:
        values = self.array(key, [])
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise self.fail(key, "a list of whole numbers")
        return tuple(int(str(v)) for v in values)

    def text_list(self, key: str) -> tuple[str, ...]:
        values = self.array(key, [])
        if not all(isinstance(v, str) for v in values):
            raise self.fail(key, "a list of strings")
        return tuple(str(v) for v in values)

    def child(self, key: str) -> Obj:
        return Obj(self.raw(key), f"{self.where}: {key}")

    def opt_child(self, key: str) -> Obj | None:
        return self.child(key) if self.has(key) else None

    def children(self, key: str) -> list[Obj]:
        return [Obj(v, f"{self.where}: {key}[{i}]") for i, v in enumerate(self.array(key, []))]


def as_decimal(value: object, where: str) -> Decimal:
    """A JSON number (int or Decimal) or numeric string as an exact Decimal."""
    if isinstance(value, bool):
        raise DefinitionError(f"{where} must be a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        try:
            parsed = Decimal(value)
        except ArithmeticError:
            parsed = None
        if parsed is not None and parsed.is_finite():
            return parsed
    raise DefinitionError(f"{where} must be a number")
