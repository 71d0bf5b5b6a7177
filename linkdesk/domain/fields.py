"""Field kinds and how each checks a value. Pure: no I/O."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from linkdesk.errors import ValidationError

SHORT_TEXT_LIMIT = 500
LONG_TEXT_LIMIT = 200_000  # characters; a note of about 200 pages
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"-?\d+")
_URN = re.compile(r"\d{6}")
_ACADEMIC_YEAR = re.compile(r"(\d{4})/(\d{2})")


@dataclass(frozen=True)
class Field:
    """One field of a record type."""

    name: str
    kind: str  # text, longtext, date, time, int, bool, enum, enum_list, ref, email, phone, nhs_number, urn
    required: bool = False
    values: tuple[str, ...] = ()
    ref: str | None = None  # the record type a ``ref`` points at ("*" means decided by another field)
    minimum: int | None = None
    maximum: int | None = None
    immutable: bool = False  # set at creation, never updated (note bodies)
    searchable: bool = False
    identifying: bool = False  # names a child: hidden in pseudonymised output and privacy mode
    default: Any = None
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ")


def text(name: str, **kw: Any) -> Field:
    return Field(name, "text", **kw)


def longtext(name: str, **kw: Any) -> Field:
    return Field(name, "longtext", **kw)


def enum(name: str, values: tuple[str, ...], **kw: Any) -> Field:
    return Field(name, "enum", values=values, **kw)


def ref(name: str, target: str, **kw: Any) -> Field:
    return Field(name, "ref", ref=target, **kw)


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f]")
_NOT_PLAIN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def plain_text(value: str) -> bool:
    """True when ``value`` has no NUL, control character or lone surrogate (``check_text``'s rules)."""
    return _NOT_PLAIN.search(value) is None


def check_text(field: str, value: str, limit: int) -> str:
    if "\x00" in value:
        raise ValidationError(f"{field}: text cannot contain a NUL character.", field)
    if _SURROGATE.search(value):
        raise ValidationError(f"{field}: text contains a broken character (a lone surrogate).", field)
    if _CONTROL.search(value):
        raise ValidationError(f"{field}: text contains a control character.", field)
    if len(value) > limit:
        raise ValidationError(
            f"{field}: text is too long ({len(value):,} characters; the limit is {limit:,}).", field
        )
    return value


def nhs_number_ok(digits: str) -> bool:
    """The NHS number modulus 11 check (weights 10..2; check digit 11 - remainder, 11 -> 0, 10 invalid)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _parse_date(field: str, value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValidationError(f"{field}: {value!r} is not a real date in the form YYYY-MM-DD.", field)


def _parse_int(spec: Field, value: Any) -> int:
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, str) and _WHOLE.fullmatch(value))
    ):
        raise ValidationError(f"{spec.name}: {value!r} is not a whole number.", spec.name)
    number = int(value)
    low, high = spec.minimum, spec.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValidationError(f"{spec.name}: {number} is outside {low}-{high}.", spec.name)
    return number


def _parse_bool(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "yes", "1", "false", "no", "0"}:
        return value.lower() in {"true", "yes", "1"}
    raise ValidationError(f"{field}: {value!r} is not yes/no (true or false).", field)


def _parse_enum(spec: Field, value: Any) -> str:
    if value not in spec.values:
        raise ValidationError(
            f"{spec.name}: {value!r} is not one of the allowed values ({', '.join(spec.values)}).", spec.name
        )
    return str(value)


def _parse_enum_list(spec: Field, value: Any) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValidationError(f"{spec.name}: expected a list of values.", spec.name)
    for item in items:
        _parse_enum(spec, item)
    return sorted(set(items))


def _text(spec: Field, value: str) -> str:
    return check_text(spec.name, value, SHORT_TEXT_LIMIT)


def _longtext(spec: Field, value: str) -> str:
    return check_text(spec.name, value, LONG_TEXT_LIMIT)


def _time(spec: Field, value: str) -> str:
    try:
        if _TIME.fullmatch(value):
            time.fromisoformat(value)
            return value
    except ValueError:
        pass
    raise ValidationError(f"{spec.name}: {value!r} is not a time like 09:30.", spec.name)


def _email(spec: Field, value: str) -> str:
    if not _EMAIL.fullmatch(check_text(spec.name, value, 254)):
        raise ValidationError(f"{spec.name}: {value!r} is not an email address.", spec.name)
    return value


def _phone(spec: Field, value: str) -> str:
    if not _PHONE.fullmatch(value):
        raise ValidationError(f"{spec.name}: {value!r} is not a phone number.", spec.name)
    return value


def _urn(spec: Field, value: str) -> str:
    if not _URN.fullmatch(value):
        raise ValidationError(f"{spec.name}: a school URN is 6 digits; {value!r} is not.", spec.name)
    return value


def _nhs_number(spec: Field, value: str) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if not nhs_number_ok(digits):
        raise ValidationError(
            f"{spec.name}: {value!r} is not a valid NHS number (the check digit is wrong).", spec.name
        )
    return digits


def _academic_year(spec: Field, value: str) -> str:
    match = _ACADEMIC_YEAR.fullmatch(value)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValidationError(f"{spec.name}: {value!r} is not an academic year like 2026/27.", spec.name)
    return value


def _ref(spec: Field, value: str) -> str:
    return check_text(spec.name, value, 64)


_TEXT_PARSERS: dict[str, Callable[[Field, str], Any]] = {
    "text": _text,
    "longtext": _longtext,
    "time": _time,
    "email": _email,
    "phone": _phone,
    "urn": _urn,
    "nhs_number": _nhs_number,
    "ref": _ref,
    "academic_year": _academic_year,
}
_OTHER_PARSERS: dict[str, Callable[[Field, Any], Any]] = {
    "date": lambda spec, value: _parse_date(spec.name, value),
    "int": _parse_int,
    "bool": lambda spec, value: _parse_bool(spec.name, value),
    "enum": _parse_enum,
    "enum_list": _parse_enum_list,
}


def coerce(spec: Field, value: Any) -> Any:
    """Check ``value`` (from JSON or a CLI ``FIELD=VALUE``) and return its stored form; None clears."""
    if value is None or value == "":
        return None
    text_parser = _TEXT_PARSERS.get(spec.kind)
    if text_parser is not None:
        if not isinstance(value, str):
            raise ValidationError(f"{spec.name}: expected text.", spec.name)
        return text_parser(spec, value)
    return _OTHER_PARSERS[spec.kind](spec, value)
