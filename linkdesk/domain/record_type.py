"""A record type: its name, label and fields, and small helpers to declare fields."""

from __future__ import annotations

from dataclasses import dataclass

from linkdesk.domain.fields import Field
from linkdesk.errors import ValidationError


@dataclass(frozen=True)
class RecordType:
    name: str
    label: str
    fields: tuple[Field, ...]
    #: Fields whose values show the record in lists (joined with spaces).
    title_fields: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        for spec in self.fields:
            if spec.name == name:
                return spec
        known = ", ".join(f.name for f in self.fields)
        raise ValidationError(f"{name}: {self.name} has no field called '{name}' (fields: {known}).", name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def integer(name: str, low: int, high: int, **kw: object) -> Field:
    return Field(name, "int", minimum=low, maximum=high, **kw)  # type: ignore[arg-type]


def day(name: str, **kw: object) -> Field:
    return Field(name, "date", **kw)  # type: ignore[arg-type]


def yes_no(name: str, **kw: object) -> Field:
    return Field(name, "bool", **kw)  # type: ignore[arg-type]


MINUTES = 24 * 60
