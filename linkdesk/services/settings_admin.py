"""The settings a service keeps in its store, and the key custody a worker does from the desk.

Pure: no Qt. Each setting is declared once (key, default, how it is checked); the settings page
and the letters, reports and referral rules read the same keys. The old one-box ``letterhead``
setting is retired: its text becomes ``letterhead_address`` the first time the settings are saved.

Settings the organisation manages (``domain/managed.py``) are read over the store's values and
never written: the page shows them as "Set by your organisation".

Key custody goes through the unlocked store: a passphrase change re-wraps the store's key under the
new passphrase and the keychain in use now; a new recovery code replaces the old one, is returned to
be shown once, and is never stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from linkdesk.domain.fields import SHORT_TEXT_LIMIT, check_text
from linkdesk.domain.managed import ManagedPolicy
from linkdesk.domain.ports import StoreSession
from linkdesk.domain.retention import DEFAULT_PURGE_DAYS, PURGE_DAYS_RANGE, PURGE_DAYS_SETTING
from linkdesk.errors import ValidationError

SERVICE_NAME = "service_name"
LEGACY_LETTERHEAD = "letterhead"
LETTERHEAD_ADDRESS = "letterhead_address"
LETTERHEAD_CONTACT = "letterhead_contact"
LETTERHEAD_SIGNATURE = "letterhead_signature"
LETTERHEAD_LOGO = "letterhead_logo"
IDLE_LOCK_MINUTES = "idle_lock_minutes"
SUPPRESS_UNDER = "suppress_under"
STALLED_REFERRAL_DAYS = "stalled_referral_days"
#: The shared sync folder (set on the Sync page, shown in Settings).
SYNC_FOLDER = "sync_folder"
SYNC_QUIET_DAYS = "sync_quiet_days"

MAX_NAME = 120
MAX_LOGO_BYTES = 1_000_000
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
MIN_PASSPHRASE = 8  # the store's own rule; it refuses shorter ones whatever this says


@dataclass(frozen=True)
class Whole:
    """A whole-number setting with its allowed range and default."""

    key: str
    default: int
    low: int
    high: int
    words: str

    def read(self, value: str | None) -> int:
        """The stored value clamped to the range; the default when missing or unreadable."""
        try:
            number = int(value) if value is not None and value.strip() else self.default
        except ValueError:
            return self.default
        return max(self.low, min(self.high, number))


IDLE = Whole(IDLE_LOCK_MINUTES, 5, 1, 15, "LinkDesk locks after")  # security.md R9
SUPPRESS = Whole(SUPPRESS_UNDER, 10, 1, 100, "Numbers under this are withheld from shared reports")
STALLED = Whole(STALLED_REFERRAL_DAYS, 42, 7, 365, "A referral with no news for this long is stalled")
#: Hazard H4: a banner names a teammate's laptop not heard from for longer than this.
QUIET = Whole(SYNC_QUIET_DAYS, 7, 1, 60, "Warn when a teammate's laptop is not heard from for")
WHOLES = {w.key: w for w in (IDLE, SUPPRESS, STALLED, QUIET)}
#: Set with ``linkdesk retention --days`` or by the organisation (domain/retention.py).
PURGE_DAYS = Whole(
    PURGE_DAYS_SETTING,
    DEFAULT_PURGE_DAYS,
    *PURGE_DAYS_RANGE,
    "A closed case leaves this laptop this many days after its closure is confirmed in the EPR",
)
TEXTS = (SERVICE_NAME, LETTERHEAD_ADDRESS, LETTERHEAD_CONTACT, LETTERHEAD_SIGNATURE, LETTERHEAD_LOGO)


def contact_hint(contact: str) -> str:
    """The line under the contact box: a prompt while it is empty, since letters need it."""
    if contact.strip():
        return "Under the name at the top of every letter; letters to parents point to it."
    return (
        "Add a telephone number or email: until then, letters to parents leave out "
        "'contact us using the details at the top'."
    )


NOTHING_MANAGED = ManagedPolicy()


def read_settings(store: StoreSession, managed: ManagedPolicy = NOTHING_MANAGED) -> dict[str, Any]:
    """Every setting the page shows, with the retired letterhead box read as the address.

    Managed values replace the store's: they are the ones in force.
    """
    values: dict[str, Any] = {key: store.setting(key, "") or "" for key in TEXTS}
    if store.setting(LETTERHEAD_ADDRESS) is None:
        values[LETTERHEAD_ADDRESS] = store.setting(LEGACY_LETTERHEAD, "") or ""
    for key, whole in WHOLES.items():
        values[key] = whole.read(store.setting(key))
    return managed.overlay(values)


def idle_lock_minutes(store: StoreSession, managed: ManagedPolicy = NOTHING_MANAGED) -> int:
    """The idle lock in force: the organisation's when it sets one, else the user's."""
    if managed.idle_lock_minutes is not None:
        return managed.idle_lock_minutes
    return IDLE.read(store.setting(IDLE_LOCK_MINUTES))


def device_purge_days(store: StoreSession, managed: ManagedPolicy = NOTHING_MANAGED) -> int:
    """The purge period in force: the organisation's when it sets one, else the store's."""
    if managed.device_purge_days is not None:
        return managed.device_purge_days
    return PURGE_DAYS.read(store.setting(PURGE_DAYS_SETTING))


def service_name(store: StoreSession, managed: ManagedPolicy = NOTHING_MANAGED) -> str:
    return str(managed.settings().get(SERVICE_NAME) or store.setting(SERVICE_NAME, "") or "")


def check_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values tidied for storing, or ValidationError naming the first field that is wrong."""
    clean: dict[str, Any] = {}
    name = str(values.get(SERVICE_NAME, "")).strip()
    if not name:
        raise ValidationError("Give the service or team name: it heads every letter.", SERVICE_NAME)
    if len(name) > MAX_NAME:
        raise ValidationError(f"The name can be at most {MAX_NAME} characters.", SERVICE_NAME)
    clean[SERVICE_NAME] = name
    for key in (LETTERHEAD_ADDRESS, LETTERHEAD_CONTACT, LETTERHEAD_SIGNATURE):
        text = str(values.get(key, "")).strip("\n ")
        try:
            check_text(key, text, SHORT_TEXT_LIMIT)
        except ValidationError as exc:
            raise ValidationError(str(exc).split(": ", 1)[-1].capitalize(), key) from exc
        clean[key] = text
    clean[LETTERHEAD_LOGO] = check_logo(str(values.get(LETTERHEAD_LOGO, "")).strip())
    for key, whole in WHOLES.items():
        raw = values.get(key, whole.default)
        if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).strip().isdigit():
            raise ValidationError(f"Give a whole number from {whole.low} to {whole.high}.", key)
        number = int(raw)
        if not whole.low <= number <= whole.high:
            raise ValidationError(f"Give a whole number from {whole.low} to {whole.high}.", key)
        clean[key] = number
    return clean


def check_logo(path_text: str) -> str:
    """An existing PNG or JPEG of at most 1 MB, as an absolute path; empty means no logo."""
    if not path_text:
        return ""
    logo = Path(path_text).expanduser()
    if logo.suffix.lower() not in LOGO_SUFFIXES or not logo.is_file():
        raise ValidationError("Choose a PNG or JPEG image file for the logo.", LETTERHEAD_LOGO)
    if logo.stat().st_size > MAX_LOGO_BYTES:
        raise ValidationError("The logo can be at most 1 MB; choose a smaller image.", LETTERHEAD_LOGO)
    return str(logo.absolute())


def check_folder(path_text: str) -> str:
    """A shared sync folder that is there now, as a full path ('' for none)."""
    if not path_text.strip():
        return ""
    folder = Path(path_text.strip()).expanduser()
    try:
        check_text(SYNC_FOLDER, str(folder), SHORT_TEXT_LIMIT)
    except ValidationError as exc:
        raise ValidationError("That folder's name cannot be used; choose it again.", SYNC_FOLDER) from exc
    if not folder.is_absolute() or not folder.is_dir():
        raise ValidationError(f"There is no folder at {folder}; choose the shared folder again.", SYNC_FOLDER)
    return str(folder)


def save_settings(
    store: StoreSession,
    values: Mapping[str, Any],
    loaded: Mapping[str, Any],
    managed: ManagedPolicy = NOTHING_MANAGED,
) -> dict[str, Any]:
    """Check and write what changed (one transaction); retires the old letterhead box on first save.

    Managed settings are checked with the organisation's values and never written.
    """
    clean = check_settings(managed.overlay(values))
    legacy = store.setting(LEGACY_LETTERHEAD)
    with store.transaction():
        for key, value in clean.items():
            if managed.manages(key):
                continue
            migrating = key == LETTERHEAD_ADDRESS and store.setting(LETTERHEAD_ADDRESS) is None
            if migrating or value != loaded.get(key):
                store.set_setting(key, str(value))
        if legacy:
            store.set_setting(LEGACY_LETTERHEAD, "")
    return clean


# -- key custody --------------------------------------------------------------------------------


@runtime_checkable
class PassphraseChecker(Protocol):
    """A store that can say whether a passphrase is the current one (without unlocking again)."""

    def check_passphrase(self, passphrase: str) -> bool: ...


@dataclass(frozen=True)
class Strength:
    level: int  # 0 too short, 1 weak, 2 fair, 3 strong
    words: str


def strength(passphrase: str) -> Strength:
    """A plain hint while typing: length counts most; a few unrelated words is the advice."""
    length = len(passphrase)
    if length == 0:
        return Strength(0, f"At least {MIN_PASSPHRASE} characters; a few unrelated words work well.")
    if length < MIN_PASSPHRASE:
        return Strength(0, f"Too short: {MIN_PASSPHRASE - length} more characters needed.")
    kinds = sum(
        any(test(ch) for ch in passphrase)
        for test in (str.islower, str.isupper, str.isdigit, lambda ch: not ch.isalnum())
    )
    words = len([w for w in passphrase.replace("-", " ").split() if len(w) >= 3])
    if length >= 20 or (length >= 14 and (words >= 3 or kinds >= 3)):
        return Strength(3, "Strong.")
    if length >= 12 or kinds >= 3:
        return Strength(2, "Fair: another word would make it strong.")
    return Strength(1, "Weak: add a word or two that have nothing to do with each other.")


def check_new_passphrase(current: str, new: str, repeat: str) -> None:
    """ValidationError naming the field (current, new, repeat) for what can be told without the store."""
    if not current:
        raise ValidationError("Type the passphrase you unlock LinkDesk with now.", "current")
    if len(new) < MIN_PASSPHRASE:
        raise ValidationError(
            f"A passphrase needs at least {MIN_PASSPHRASE} characters; a few unrelated words work well.",
            "new",
        )
    if new == current:
        raise ValidationError("The new passphrase is the same as the current one.", "new")
    if repeat != new:
        raise ValidationError("The two new passphrases are not the same; type it again.", "repeat")


def change_passphrase(store: StoreSession, current: str, new: str, repeat: str) -> bool:
    """Re-wrap the store's key under ``new`` (and today's keychain).

    Returns whether the current passphrase was checked: a store without ``check_passphrase``
    cannot check it while open, and the change then relies on the desk being unlocked.
    """
    check_new_passphrase(current, new, repeat)
    checked = isinstance(store, PassphraseChecker)
    if isinstance(store, PassphraseChecker) and not store.check_passphrase(current):
        raise ValidationError("That is not the current passphrase. Nothing was changed.", "current")
    try:
        store.change_passphrase(new)
    except ValidationError as exc:
        raise ValidationError(str(exc), "new") from exc
    return checked


def rekey(store: StoreSession, passphrase: str) -> str:
    """Re-encrypt the store under a new key; returns the new recovery code (shown once)."""
    try:
        return store.rekey(passphrase)
    except ValidationError as exc:
        raise ValidationError(str(exc), "current") from exc


def rotate_recovery_code(store: StoreSession) -> str:
    """A new recovery code (the old one stops working now); shown once by the caller, never kept."""
    return store.rotate_recovery_code()


def keychain_words(backend: str) -> str:
    """What the keychain setting means, in words."""
    if not backend or backend == "off":
        return (
            "Not used: the passphrase alone unlocks this store. No trusted OS keychain was available "
            "when the passphrase was last set."
        )
    short = backend.rsplit(".", 1)[-1]
    return (
        f"In use ({short}): unlocking needs both the passphrase and a device key kept in this "
        "computer's keychain, so a copied store cannot be opened elsewhere."
    )
