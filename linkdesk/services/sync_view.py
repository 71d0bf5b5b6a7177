"""What the desktop app shows and does for team sync (D4), in plain words. Pure: no Qt.

The Sync page reads an ``Overview`` (this laptop's card, the trusted devices, the shared folder,
the open conflicts); the shell reads ``DataAge`` for the data-age banner (hazard H4: a teammate's
laptop not heard from for longer than the service allows). The shared folder is a store setting;
the window syncs with it when LinkDesk locks and when it quits (``sync_at_lock``), never letting a
problem stop the lock: the problem is kept in the store and shown after the next unlock.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from linkdesk.domain.ports import BundleCodec, Clock, StoreSession
from linkdesk.domain.schema import TYPES
from linkdesk.domain.team import BrokenRule, Card, ImportSummary, TeamDevice
from linkdesk.errors import FileProblem, LinkDeskError, ValidationError
from linkdesk.files import atomic_write
from linkdesk.services import settings_admin as sa
from linkdesk.services.app_services import UK
from linkdesk.services.team_sync import ExportSummary, FolderSummary, TeamSync, device_name

logger = logging.getLogger(__name__)

#: The last automatic sync's problem, kept until a sync with the folder goes through.
SYNC_PROBLEM = "sync_folder_problem"
#: What this laptop last left in the shared folder (its holdings, for whom, when).
FOLDER_SENT = "sync_folder_sent"
#: At lock and quit, a bundle with nothing new is still left once this long after the last, so
#: teammates' data-age banners hear that this laptop is alive.
HEARTBEAT = timedelta(hours=20)
BUNDLE_SUFFIX = ".ldsync"
CARD_SUFFIX = ".ldcard"
AUTO_FAILED = "The sync with the shared folder when LinkDesk last locked or quit did not finish:"


def team_sync(store: StoreSession, codec: BundleCodec, clock: Clock) -> TeamSync:
    return TeamSync(store, codec, clock, device_name())


def _when(iso: str) -> datetime:
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UK)


# -- the data-age banner (H4) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Quiet:
    """A trusted teammate's laptop that nothing has been received from for too long."""

    device_id: str
    name: str
    days: int
    #: False when nothing at all has come from it since it was trusted.
    heard: bool


def quiet_devices(devices: list[TeamDevice], now: datetime, days: int) -> list[Quiet]:
    """Trusted, non-revoked devices last heard from (or trusted, if never) more than ``days`` ago."""
    quiet = []
    for device in devices:
        if device.revoked_at is not None:
            continue
        since = device.last_received_at or device.trusted_at
        age = now - _when(since)
        if age > timedelta(days=days):
            quiet.append(
                Quiet(device.card.device_id, device.card.name, age.days, bool(device.last_received_at))
            )
    return sorted(quiet, key=lambda q: (-q.days, q.name))


@dataclass(frozen=True)
class DataAge:
    quiet: list[Quiet]
    days: int
    #: What went wrong in the last automatic sync with the shared folder ('' when nothing did).
    problem: str = ""

    @property
    def words(self) -> str:
        return quiet_words(self.quiet, self.days)


def data_age(store: StoreSession, now: datetime) -> DataAge:
    days = sa.QUIET.read(store.setting(sa.SYNC_QUIET_DAYS))
    return DataAge(quiet_devices(store.team.devices(), now, days), days, store.setting(SYNC_PROBLEM) or "")


def _since(q: Quiet) -> str:
    return (
        f"{q.name} ({q.days} days)" if q.heard else f"{q.name} (not since it was trusted, {q.days} days ago)"
    )


def quiet_words(quiet: list[Quiet], days: int) -> str:
    """One sentence for the banner, naming each laptop and how long it has been quiet."""
    if not quiet:
        return ""
    if len(quiet) == 1:
        q = quiet[0]
        heard = f"for {q.days} days" if q.heard else f"since it was trusted {q.days} days ago"
        return (
            f"Records from {q.name} may be out of date: nothing has been received from it {heard} "
            f"(more than {days})."
        )
    names = ", ".join(_since(q) for q in quiet[:-1]) + " and " + _since(quiet[-1])
    return f"Records may be out of date: nothing has been received for more than {days} days from {names}."


# -- the Sync page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    card: Card
    devices: list[TeamDevice]
    quiet: frozenset[str]
    folder: str
    problem: str
    conflicts: int


def overview(sync: TeamSync, now: datetime) -> Overview:
    store = sync.session
    _raw, card = sync.card()
    age = data_age(store, now)
    return Overview(
        card=card,
        devices=sync.devices(),
        quiet=frozenset(q.device_id for q in age.quiet),
        folder=store.setting(sa.SYNC_FOLDER) or "",
        problem=age.problem,
        conflicts=len(store.records.conflicts()),
    )


def short_id(device_id: str) -> str:
    """The first block of a device id: enough to tell two laptops apart on screen."""
    return device_id.split("-", 1)[0][:8]


def bundle_name(today: date) -> str:
    """A bundle's suggested file name: a date, and nothing about anyone."""
    return f"linkdesk-{today.isoformat()}{BUNDLE_SUFFIX}"


def card_name() -> str:
    return f"linkdesk-card{CARD_SUFFIX}"


def read_file(path: Path, what: str) -> bytes:
    """A card or bundle the user chose, or FileProblem in plain words."""
    try:
        return path.expanduser().read_bytes()
    except FileNotFoundError:
        raise FileProblem(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise FileProblem(f"{path} is a folder, not {what}.") from None
    except OSError as exc:
        reason = exc.strerror or "the file could not be opened"
        raise FileProblem(f"Could not read {path}: {reason}.") from None


def save_card(sync: TeamSync, path: Path) -> Card:
    """Write this laptop's card (public keys only) to ``path``."""
    raw, card = sync.card()
    try:
        atomic_write(path, raw)
    except OSError as exc:
        raise FileProblem(f"The card could not be saved to {path}: {exc.strerror or exc}.") from None
    return card


def set_folder(store: StoreSession, path_text: str) -> str:
    """Use ``path_text`` as the shared folder ('' stops using one); the folder as stored."""
    folder = sa.check_folder(path_text)
    store.set_setting(sa.SYNC_FOLDER, folder)
    if not folder:
        store.set_setting(SYNC_PROBLEM, "")
    return folder


def folder_now(sync: TeamSync, *, automatic: bool = False) -> FolderSummary:
    """Sync with the shared folder in the settings; what was refused is kept to show later.

    ``automatic`` (at lock and quit) leaves no new bundle when nothing has changed since this
    laptop's last one there (the same holdings for the same teammates) and that one is less than
    ``HEARTBEAT`` old: locking many times a day must not fill the folder with copies.
    """
    store = sync.session
    folder = store.setting(sa.SYNC_FOLDER) or ""
    if not folder:
        raise ValidationError("Choose a shared folder first.", sa.SYNC_FOLDER)
    summary = sync.folder_in(Path(folder))
    now = sync.clock.now()
    sent: dict[str, object] = {
        "folder": folder,
        "held": sync.team.holdings(),
        "to": sorted(d.card.device_id for d in sync.devices() if d.revoked_at is None),
    }
    if not (automatic and _unchanged_since_last(store, sent, now)):
        sync.folder_out(Path(folder), summary)
        store.set_setting(FOLDER_SENT, json.dumps({**sent, "at": now.isoformat()}, sort_keys=True))
    problem = folder_problem_words(summary)
    if problem != (store.setting(SYNC_PROBLEM) or ""):
        store.set_setting(SYNC_PROBLEM, problem)
    return summary


def _unchanged_since_last(store: StoreSession, sent: dict[str, object], now: datetime) -> bool:
    try:
        last = json.loads(store.setting(FOLDER_SENT) or "{}")
        recent = now - _when(str(last["at"])) < HEARTBEAT
    except (ValueError, KeyError, TypeError):
        return False
    return recent and all(last.get(key) == value for key, value in sent.items())


def sync_at_lock(store: StoreSession, codec: BundleCodec, clock: Clock) -> None:
    """The automatic sync when LinkDesk locks or quits: quick, silent, and never raising.

    Nothing happens without a shared folder or a trusted teammate. A problem is logged (its type
    only) and kept in the store, where the next unlock shows it.
    """
    try:
        if not store.setting(sa.SYNC_FOLDER):
            return
        sync = team_sync(store, codec, clock)
        if not any(d.revoked_at is None for d in sync.devices()):
            return
        folder_now(sync, automatic=True)
    except Exception as exc:  # the lock must go ahead whatever happened here
        logger.warning("automatic sync with the shared folder failed: %s", type(exc).__name__)
        words = str(exc) if isinstance(exc, LinkDeskError) else "LinkDesk met an unexpected problem."
        try:
            store.set_setting(SYNC_PROBLEM, f"{AUTO_FAILED} {words}")
        except Exception as again:
            logger.warning("could not keep the sync problem: %s", type(again).__name__)


# -- results in words --------------------------------------------------------------------------------


def changes(n: int) -> str:
    return f"{n} change" if n == 1 else f"{n} changes"


def laptops(n: int) -> str:
    return f"{n} teammate's laptop" if n == 1 else f"{n} teammates' laptops"


def conflict_words(n: int) -> str:
    if n == 0:
        return "No conflicts: nothing needs settling."
    fields = "1 field holds" if n == 1 else f"{n} fields hold"
    return f"{fields} two people's changes that did not see each other: choose which value to keep."


def import_words(summary: ImportSummary) -> str:
    if summary.already_imported:
        return f"This bundle from {summary.sender_name} was imported before; nothing changed."
    new = "none were new here" if summary.new_ops == 0 else f"{summary.new_ops} new here"
    text = f"Imported {changes(summary.ops)} from {summary.sender_name} ({new})."
    if summary.conflicts:
        text += " " + conflict_words(summary.conflicts)
    if summary.broken:
        text += " " + broken_words(summary.broken)
    return text


def broken_words(broken: Iterable[BrokenRule]) -> str:
    """Records that break a rule after a merge, named by kind only (a status line has no names)."""
    found = list(broken)
    if not found:
        return ""
    kinds = ", ".join(sorted({TYPES[b.type].label.lower() if b.type in TYPES else b.type for b in found}))
    count = "1 record breaks" if len(found) == 1 else f"{len(found)} records break"
    return (
        f"Where your changes met a teammate's, {count} a rule that spans fields ({kinds}: for example "
        "a consent given with no date decided). Open the recently changed ones and put them right."
    )


def export_words(summary: ExportSummary) -> str:
    return (
        f"Bundle saved and checked: {changes(summary.ops)} for {laptops(len(summary.recipients))}. "
        f"Give {summary.path.name} to your teammates; only their laptops can open it."
    )


def folder_words(summary: FolderSummary) -> str:
    parts = [f"{changes(i.new_ops)} from {i.sender_name}" for i in summary.imported if i.new_ops]
    got = "Received " + ", ".join(parts) + "." if parts else "Nothing new from teammates."
    sent = (
        f" Left {changes(summary.exported.ops)} for {laptops(len(summary.exported.recipients))}."
        if summary.exported is not None
        else ""
    )
    problem = folder_problem_words(summary)
    broken = broken_words(b for i in summary.imported for b in i.broken)
    return got + sent + "".join(f" {words}" for words in (broken, problem) if words)


def folder_problem_words(summary: FolderSummary) -> str:
    if not summary.problems:
        return ""
    name, reason = summary.problems[0]
    more = len(summary.problems) - 1
    others = f" ({more} more could not be imported either)" if more else ""
    return f"A bundle in the shared folder could not be imported{others}: {name}: {reason}"


def ago(iso: str | None, now: datetime) -> str:
    """``Today 09:05``, ``Yesterday 17:40``, ``3 days ago`` or ``Never``, in UK time."""
    if not iso:
        return "Never"
    moment = _when(iso).astimezone(UK)
    days = (now.astimezone(UK).date() - moment.date()).days
    if days <= 0:
        return f"Today {moment:%H:%M}"
    if days == 1:
        return f"Yesterday {moment:%H:%M}"
    return f"{days} days ago"


def local_time(iso: str) -> str:
    """``Mon 23 Nov 2026, 09:05`` in UK time (for tooltips)."""
    moment = _when(iso).astimezone(UK)
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"
