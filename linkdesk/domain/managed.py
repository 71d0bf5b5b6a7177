"""Settings an organisation manages on a computer, for every user of it (installers/README.md).

IT provisions one read-only JSON file per machine; ``platform/managed.py`` finds and reads it,
this module checks what it says (pure: no I/O). A managed value wins over the user's own
setting and cannot be changed from the app or the command line.

* A file that cannot be trusted or understood is refused whole: LinkDesk then runs on its
  built-in settings and says why (``ManagedPolicy.problem``); it never applies half a policy.
* A name this version does not know is ignored and listed in ``notes``, so a file written for a
  newer LinkDesk still applies everything this one understands.
* The KDF floor can only raise the built-in cost, never lower it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from linkdesk.domain.fields import SHORT_TEXT_LIMIT, check_text
from linkdesk.domain.retention import PURGE_DAYS_RANGE, PURGE_DAYS_SETTING
from linkdesk.errors import LinkDeskError, ValidationError

FORMAT = 1
MAX_FILE_BYTES = 64 * 1024
IDLE_RANGE = (1, 15)  # the settings page's own range (security.md R9)
MAX_NAME = 120

#: Features an organisation can turn off, and what each one is, in words.
FEATURES: Mapping[str, str] = MappingProxyType(
    {
        "demo": "the synthetic demo service ('linkdesk demo')",
        "keychain": "a device key in the OS keychain (the passphrase alone unlocks the store)",
        "spreadsheet_export": "reports saved as CSV or Excel files",
        "calendar_export": "visits saved as an .ics calendar file",
    }
)

#: Letterhead names in the file, and the store settings they manage.
LETTERHEAD: Mapping[str, str] = MappingProxyType(
    {
        "service_name": "service_name",
        "address": "letterhead_address",
        "contact": "letterhead_contact",
        "signature": "letterhead_signature",
        "logo": "letterhead_logo",
    }
)
IDLE_SETTING = "idle_lock_minutes"
#: Report formats the "spreadsheet_export" feature covers.
SPREADSHEET_FORMATS = ("csv", "xlsx")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")

#: The Argon2id cost a floor may ask for: enough for any policy, not enough to lock users out.
KDF_LIMITS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"time_cost": (1, 64), "memory_kib": (8, 4 * 1024 * 1024), "parallelism": (1, 64)}
)
FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
TOP_LEVEL = (
    "format",
    IDLE_SETTING,
    "letterhead",
    "trusted_team_cards",
    "kdf_floor",
    "features_off",
    PURGE_DAYS_SETTING,
)


class FeatureOff(LinkDeskError):
    """A feature the organisation has turned off on this computer."""

    code = "managed_off"


class ManagedValue(ValidationError):
    """A setting the organisation manages was about to be changed."""

    code = "managed"


@dataclass(frozen=True)
class KdfFloor:
    """The lowest Argon2id cost for new key wraps; 0 leaves that part at the built-in value."""

    time_cost: int = 0
    memory_kib: int = 0
    parallelism: int = 0


@dataclass(frozen=True)
class TeamCard:
    """A team's public card the organisation vouches for, by its SHA-256 fingerprint."""

    name: str
    fingerprint: str


@dataclass(frozen=True)
class ManagedPolicy:
    """What the organisation manages on this computer; the default manages nothing."""

    #: The file read ("" when there is none).
    source: str = ""
    idle_lock_minutes: int | None = None
    #: Store setting keys (``service_name``, ``letterhead_address``, ...) and their values.
    letterhead: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    trusted_team_cards: tuple[TeamCard, ...] = ()
    kdf_floor: KdfFloor | None = None
    features_off: frozenset[str] = frozenset()
    #: Days after a case's closure is confirmed in the EPR before the laptop's copy is purged.
    device_purge_days: int | None = None
    #: Why the file was refused ("" when it was used or there is none).
    problem: str = ""
    #: Names in the file this version ignored, and values it set aside.
    notes: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        """A file was found and is in force."""
        return bool(self.source) and not self.problem

    def settings(self) -> dict[str, Any]:
        """Every store setting the organisation manages, with its value."""
        values: dict[str, Any] = dict(self.letterhead)
        if self.idle_lock_minutes is not None:
            values[IDLE_SETTING] = self.idle_lock_minutes
        if self.device_purge_days is not None:
            values[PURGE_DAYS_SETTING] = self.device_purge_days
        return values

    def manages(self, key: str) -> bool:
        return key in self.settings()

    def overlay(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with every managed setting put over the user's own."""
        return {**values, **self.settings()}

    def allows(self, feature: str) -> bool:
        if feature not in FEATURES:
            raise KeyError(feature)
        return feature not in self.features_off

    def require(self, feature: str) -> None:
        """FeatureOff, in words, when the organisation has turned ``feature`` off."""
        if not self.allows(feature):
            raise FeatureOff(
                f"Your organisation has turned off {FEATURES[feature]} on this computer. "
                "Ask your IT service desk if you need it."
            )

    def allows_format(self, fmt: str) -> bool:
        return fmt not in SPREADSHEET_FORMATS or self.allows("spreadsheet_export")

    def require_format(self, fmt: str) -> None:
        """FeatureOff for a CSV or Excel report when spreadsheet export is turned off."""
        if fmt in SPREADSHEET_FORMATS:
            self.require("spreadsheet_export")

    def refuse_change(self, key: str) -> None:
        """ManagedValue when ``key`` is a setting the organisation manages."""
        if self.manages(key):
            raise ManagedValue(
                f"{key} is set by your organisation on this computer and cannot be changed here.", key
            )

    def summary(self) -> list[str]:
        """What is managed, one plain line each (for ``info`` and ``self-test``)."""
        if not self.source:
            return ["no managed settings on this computer"]
        if self.problem:
            return [self.problem]
        lines = [f"managed settings from {self.source}"]
        if self.idle_lock_minutes is not None:
            lines.append(f"idle lock: {self.idle_lock_minutes} minutes")
        if self.device_purge_days is not None:
            lines.append(
                f"closed cases purged from this laptop {self.device_purge_days} days after EPR confirmation"
            )
        if self.letterhead:
            lines.append("letterhead: " + ", ".join(sorted(self.letterhead)))
        if self.trusted_team_cards:
            lines.append(f"team cards trusted: {len(self.trusted_team_cards)}")
        if self.kdf_floor is not None:
            floor = self.kdf_floor
            lines.append(
                f"key-derivation floor: time {floor.time_cost}, memory {floor.memory_kib} KiB, "
                f"parallelism {floor.parallelism}"
            )
        if self.features_off:
            lines.append("turned off: " + ", ".join(sorted(self.features_off)))
        lines.extend(f"note: {note}" for note in self.notes)
        return lines


class _Refused(Exception):
    pass


def refused(source: str, reason: str) -> ManagedPolicy:
    """The policy for a file that cannot be used: nothing managed, and why, in words."""
    return ManagedPolicy(
        source=source,
        problem=(
            f"The settings file from your organisation ({source}) was not used: {reason.rstrip('.')}. "
            "LinkDesk is running with its built-in settings; tell your IT service desk."
        ),
    )


def parse_policy(data: object, source: str) -> ManagedPolicy:
    """The policy in a decoded JSON document, or a refused one naming the first problem."""
    notes: list[str] = []
    try:
        if not isinstance(data, dict):
            raise _Refused("it must hold one JSON object")
        version = data.get("format", FORMAT)
        if version != FORMAT:
            raise _Refused(f"it is format {version!r}; this version of LinkDesk reads format {FORMAT}")
        unknown = [key for key in data if key not in TOP_LEVEL]
        notes.extend(f"'{key}' is not a setting this version knows; ignored" for key in unknown)
        return ManagedPolicy(
            source=source,
            idle_lock_minutes=_idle(data.get(IDLE_SETTING)),
            letterhead=MappingProxyType(_letterhead(data.get("letterhead"), notes)),
            trusted_team_cards=_cards(data.get("trusted_team_cards")),
            kdf_floor=_kdf_floor(data.get("kdf_floor"), notes),
            features_off=_features(data.get("features_off"), notes),
            device_purge_days=_purge_days(data.get(PURGE_DAYS_SETTING)),
            notes=tuple(notes),
        )
    except _Refused as exc:
        return refused(source, str(exc))


def _whole(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Refused(f"{name} must be a whole number from {low} to {high}")
    return value


def _idle(value: object) -> int | None:
    return None if value is None else _whole(value, IDLE_SETTING, *IDLE_RANGE)


def _purge_days(value: object) -> int | None:
    return None if value is None else _whole(value, PURGE_DAYS_SETTING, *PURGE_DAYS_RANGE)


def _letterhead(value: object, notes: list[str]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Refused("letterhead must be an object of texts")
    managed: dict[str, str] = {}
    for name, text in value.items():
        key = LETTERHEAD.get(name)
        if key is None:
            notes.append(f"'letterhead.{name}' is not a letterhead part this version knows; ignored")
            continue
        if not isinstance(text, str):
            raise _Refused(f"letterhead.{name} must be text")
        managed[key] = _letterhead_text(name, text)
    return managed


def _letterhead_text(name: str, text: str) -> str:
    text = text.strip("\n ")
    if name == "service_name":
        if not text or len(text) > MAX_NAME:
            raise _Refused(f"letterhead.service_name must be 1 to {MAX_NAME} characters")
        return text
    if name == "logo":
        if text and (not _absolute(text) or not text.lower().endswith(LOGO_SUFFIXES)):
            raise _Refused("letterhead.logo must be the full path of a PNG or JPEG file")
        return text
    try:
        check_text(f"letterhead.{name}", text, SHORT_TEXT_LIMIT)
    except ValidationError as exc:
        raise _Refused(str(exc)) from exc
    return text


def _absolute(path: str) -> bool:
    """An absolute POSIX path, or a Windows one with a drive or a UNC share."""
    return path.startswith("/") or bool(re.match(r"^[A-Za-z]:[\\/]", path)) or path.startswith("\\\\")


def _cards(value: object) -> tuple[TeamCard, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Refused("trusted_team_cards must be a list")
    cards: list[TeamCard] = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise _Refused(f"trusted team card {n} must be an object with a name and a fingerprint")
        name, fingerprint = item.get("name"), item.get("fingerprint")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            raise _Refused(f"trusted team card {n} needs a name of 1 to {MAX_NAME} characters")
        if not isinstance(fingerprint, str) or not FINGERPRINT.fullmatch(fingerprint.strip().lower()):
            raise _Refused(f"trusted team card {n} needs a fingerprint written sha256:<64 hex digits>")
        cards.append(TeamCard(name.strip(), fingerprint.strip().lower()))
    return tuple(cards)


def _kdf_floor(value: object, notes: list[str]) -> KdfFloor | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _Refused("kdf_floor must be an object (time_cost, memory_kib, parallelism)")
    parts: dict[str, int] = {}
    for name, number in value.items():
        limits = KDF_LIMITS.get(name)
        if limits is None:
            notes.append(f"'kdf_floor.{name}' is not a cost this version knows; ignored")
            continue
        parts[name] = _whole(number, f"kdf_floor.{name}", *limits)
    return KdfFloor(**parts)


def _features(value: object, notes: list[str]) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Refused("features_off must be a list of feature names")
    unknown = [item for item in value if item not in FEATURES]
    notes.extend(f"'{item}' is not a feature this version knows; ignored" for item in unknown)
    return frozenset(item for item in value if item in FEATURES)
