"""Team sync by file (D4): identity cards, bundles out and in, and a shared folder.

A bundle carries the ops a teammate may not have: by default everything past what each trusted
device is known to hold (learned from the bundles it sent), or the whole log with ``full``.
Importing checks everything before applying anything, in one transaction; the same bundle, an
older one, or one whose ops are all here already changes nothing. A shared folder is only a
transport: LinkDesk writes whole files under names that carry no personal data, reads only
names it would write, and never relies on file locks.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import socket
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from linkdesk.domain.ports import BundleCodec, Clock, StoreSession
from linkdesk.domain.rules import broken_rule
from linkdesk.domain.schema import TYPES
from linkdesk.domain.team import (
    PURGE_FEATURE,
    BrokenRule,
    Card,
    Identity,
    ImportSummary,
    Manifest,
    TeamDevice,
)
from linkdesk.errors import FileProblem, LinkDeskError, NotFoundError, ValidationError
from linkdesk.files import write_output
from linkdesk.services.app_services import UK

#: A bundle in a shared folder: nothing else there is read (partial files, "conflicted copy"...).
#: Named by time written, so a folder lists them in order, then bundle id: no personal data.
FOLDER_BUNDLE = re.compile(r"^ld-\d{8}T\d{6}Z-([0-9a-f]{32})\.ldsync$")
#: The setting naming this laptop's own bundle(s) in the shared folder (a JSON list).
OWN_FOLDER_FILES = "sync_folder_own_files"


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    ops: int
    recipients: list[str]


@dataclass
class FolderSummary:
    exported: ExportSummary | None = None
    imported: list[ImportSummary] = field(default_factory=list)
    #: (file name, plain reason) of bundles that could not be imported.
    problems: list[tuple[str, str]] = field(default_factory=list)


def device_name() -> str:
    """What this laptop is called on its card: the computer's name."""
    return (socket.gethostname() or "LinkDesk laptop")[:80]


class TeamSync:
    def __init__(self, session: StoreSession, codec: BundleCodec, clock: Clock, device_name: str) -> None:
        self.session = session
        self.team = session.team
        self.codec = codec
        self.clock = clock
        self.device_name = device_name

    # -- this device and its teammates ------------------------------------------------------------

    def identity(self) -> Identity:
        """This device's keys, made on first use (and again after a restore: a new device)."""
        identity = self.team.identity()
        if identity is None:
            identity = self.codec.new_identity(self.session.device_id, self.device_name[:80])
            self.team.save_identity(identity)
        return identity

    def card(self) -> tuple[bytes, Card]:
        identity = self.identity()
        return self.codec.card_bytes(identity), identity.card

    def read_card(self, raw_card: bytes) -> Card:
        """A teammate's card, checked but not yet trusted (to show its fingerprint first)."""
        card = self.codec.read_card(raw_card)
        if card.device_id == self.session.device_id:
            raise ValidationError("That is this laptop's own card; trust a teammate's card instead.")
        return card

    def trust(self, raw_card: bytes) -> Card:
        card = self.read_card(raw_card)
        self.team.trust(card)
        return card

    def devices(self) -> list[TeamDevice]:
        return self.team.devices()

    def revoke(self, device_id: str) -> TeamDevice:
        device = self.team.device(device_id)
        if device is None:
            raise NotFoundError(f"This laptop does not trust a device {device_id}.")
        self.team.revoke(device_id)
        return device

    def _recipients(self) -> list[TeamDevice]:
        active = [d for d in self.team.devices() if d.revoked_at is None]
        if not active:
            raise ValidationError(
                "This laptop trusts no teammate's card yet, so a bundle would have no one to go to. "
                "Trust a teammate's card first."
            )
        return active

    # -- bundles out --------------------------------------------------------------------------------

    def bundle(self, *, full: bool = False, own_only: bool = False) -> tuple[bytes, Manifest, list[str]]:
        """A bundle for every trusted device: what any of them lacks, or everything.

        ``own_only`` leaves out other devices' changes (in a shared folder each device leaves
        its own, so relaying them would only make every bundle as big as the whole team's work).
        """
        identity = self.identity()
        peers = self._recipients()
        held = self.team.holdings()
        floor = {} if full else {d: min(p.vector.get(d, 0) for p in peers) for d in held}
        ops = self.team.ops_after(floor, [identity.card.device_id] if own_only else None)
        ranges: dict[str, tuple[int, int]] = {}
        for op in ops:
            first, _ = ranges.get(op.op_id.device_id, (op.op_id.seq, 0))
            ranges[op.op_id.device_id] = (first, op.op_id.seq)
        manifest = Manifest(
            bundle_id=secrets.token_hex(16),
            sender=identity.card.device_id,
            sender_name=identity.card.name,
            created_at=self.clock.now().isoformat(timespec="seconds"),
            schema_version=self.session.schema_version(),
            full=full,
            ranges=ranges,
            op_count=len(ops),
            vector=held,
            critical=(PURGE_FEATURE,) if any(op.kind == "purge" or op.purged for op in ops) else (),
        )
        sealed = self.codec.seal(identity, [p.card for p in peers], manifest, ops)
        return sealed, manifest, [p.card.device_id for p in peers]

    def export(self, out: Path, *, full: bool = False) -> ExportSummary:
        """Write a bundle to ``out``; success only once it has been read back and verified."""
        sealed, manifest, recipients = self.bundle(full=full)
        return self._write(out, sealed, manifest, recipients)

    def _write(self, out: Path, sealed: bytes, manifest: Manifest, recipients: list[str]) -> ExportSummary:
        path = write_output(out, sealed, self.session.home)
        try:
            written = path.read_bytes()
        except OSError as exc:
            raise FileProblem(
                f"The bundle written to {out} could not be read back: {exc.strerror or exc}."
            ) from exc
        identity = self.identity()
        check, _ = self.codec.open(written, identity, lambda _sender: identity.card.sign_public)
        if check.bundle_id != manifest.bundle_id:
            raise FileProblem(f"The bundle written to {out} did not read back as written; write it again.")
        self.team.sent(recipients)
        self.session.audit("export", "bundle", manifest.bundle_id, ops=manifest.op_count, full=manifest.full)
        return ExportSummary(out, manifest.op_count, recipients)

    # -- bundles in ---------------------------------------------------------------------------------

    def _sender_key(self, identity: Identity, device_id: str) -> bytes:
        if device_id == identity.card.device_id:
            return identity.card.sign_public
        device = self.team.device(device_id)
        if device is None:
            raise FileProblem(
                f"This bundle comes from device {device_id}, which this laptop does not trust. Compare "
                "its card's fingerprint in person and trust the card first. Nothing was imported."
            )
        if device.revoked_at is not None:
            raise FileProblem(
                f"This bundle comes from {device.card.name} ({device_id}), revoked on "
                f"{device.revoked_at[:10]}. Nothing was imported."
            )
        return device.card.sign_public

    def import_bundle(self, raw: bytes) -> ImportSummary:
        """Check a bundle completely, then apply it in one transaction (or change nothing)."""
        summary = self._import(raw, self.identity())
        if summary.purged:
            self.session.records.scrub()
        return summary

    def _import(self, raw: bytes, identity: Identity) -> ImportSummary:
        """``import_bundle`` without the scrub after a purge, which needs no transaction open."""
        manifest, ops = self.codec.open(raw, identity, lambda sender: self._sender_key(identity, sender))
        records = self.session.records
        if self.team.imported(manifest.bundle_id):
            return ImportSummary(
                manifest.bundle_id, manifest.sender, manifest.sender_name, len(ops), 0, 0, True
            )
        self._check_no_gap(manifest)
        with self.session.transaction():
            applied = records.apply_remote(ops)
            new = applied.new
            self.team.received(manifest.bundle_id, manifest.sender, manifest.vector, len(ops), new)
            self.session.audit(
                "import",
                "bundle",
                manifest.bundle_id,
                sender=manifest.sender,
                ops=len(ops),
                new=new,
                purged=applied.purged,
            )
        return ImportSummary(
            manifest.bundle_id,
            manifest.sender,
            manifest.sender_name,
            len(ops),
            new,
            len(records.conflicts()),
            broken=self._broken_rules(applied.merged),
            purged=applied.purged,
        )

    def _broken_rules(self, merged: tuple[str, ...]) -> tuple[BrokenRule, ...]:
        """Records where this laptop's work met the bundle's and a rule spanning fields broke.

        Each change was checked where it was made; two made without seeing each other can still
        together break a rule (a consent "given" whose decision date a colleague cleared).
        """
        today = self.clock.now().astimezone(UK).date()
        found = []
        for record_id in merged:
            record = self.session.records.get(record_id)
            rtype = TYPES.get(record.type) if record is not None else None
            if record is None or rtype is None or record.deleted:
                continue
            problem = broken_rule(rtype, dict(record.fields), today)
            if problem is not None:
                found.append(BrokenRule(record.id, record.type, problem))
        return tuple(found)

    def _check_no_gap(self, manifest: Manifest) -> None:
        held = self.team.holdings(manifest.ranges)
        for device_id, (first, _last) in sorted(manifest.ranges.items()):
            have = held.get(device_id, 0)
            if first > have + 1:
                raise FileProblem(
                    f"This bundle starts at change {first} from device {device_id}, but this laptop has "
                    f"only up to {have}: an earlier bundle is missing. Ask {manifest.sender_name} for a "
                    "full bundle. Nothing was imported."
                )

    # -- a shared folder ----------------------------------------------------------------------------

    def folder(self, folder: Path) -> FolderSummary:
        """Import what teammates left in ``folder``, then leave this laptop's own changes there."""
        summary = self.folder_in(folder)
        self.folder_out(folder, summary)
        return summary

    def folder_in(self, folder: Path) -> FolderSummary:
        """Import every bundle in ``folder`` not imported yet; refusals are listed, not raised.

        Bundles are read oldest first (their names start with the time written); one whose
        earlier bundle has not been read yet is tried again after the others. A file named after
        a bundle already imported is not opened (nothing in it could be applied). A refused
        bundle rolls back to its savepoint, leaving the others' work in place.
        """
        if not folder.is_dir():
            raise FileProblem(f"{folder} is not a folder LinkDesk can use for sync.")
        summary = FolderSummary()
        waiting = [p for p in sorted(folder.iterdir(), key=lambda p: p.name) if FOLDER_BUNDLE.match(p.name)]
        identity = self.identity()
        with self.session.transaction():  # one commit for them all; each bundle is a savepoint
            refused = self._import_from(waiting, summary, identity)
            refused = self._import_from([path for path, _ in refused], summary, identity)  # waited
        if any(result.purged for result in summary.imported):
            self.session.records.scrub()
        summary.problems = [(path.name, reason) for path, reason in refused]
        return summary

    def folder_out(self, folder: Path, summary: FolderSummary) -> None:
        """Leave this laptop's own changes (and what it holds) in ``folder``.

        Only its own: every teammate leaves theirs in the same folder, so relaying them would make
        every bundle as big as the whole team's work.
        """
        sealed, manifest, recipients = self.bundle(own_only=True)
        stamp = self.clock.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        name = f"ld-{stamp}-{manifest.bundle_id}.ldsync"
        summary.exported = self._write(folder / name, sealed, manifest, recipients)
        self._prune(folder, keep=name)

    def _prune(self, folder: Path, keep: str) -> None:
        """Remove this laptop's earlier bundles from ``folder``: the one just left holds all of them.

        A bundle carries this laptop's changes from the least any teammate is known to hold, so
        the newest covers everything an earlier one could still give anyone; the folder then holds
        one file per laptop instead of growing with every sync.
        """
        for name in json.loads(self.session.setting(OWN_FOLDER_FILES) or "[]"):
            if name != keep and FOLDER_BUNDLE.match(name):
                with contextlib.suppress(OSError):  # gone already, or the folder is offline: next time
                    (folder / name).unlink(missing_ok=True)
        self.session.set_setting(OWN_FOLDER_FILES, json.dumps([keep]))

    def _import_from(
        self, paths: list[Path], summary: FolderSummary, identity: Identity
    ) -> list[tuple[Path, str]]:
        """Import each bundle not yet imported; returns (path, reason) of those refused."""
        refused: list[tuple[Path, str]] = []
        for path in paths:
            match = FOLDER_BUNDLE.match(path.name)
            if match is None or not path.is_file() or self.team.imported(match.group(1)):
                continue
            try:
                result = self._import(path.read_bytes(), identity)
            except FileNotFoundError:
                continue  # its sender replaced it with a newer one while this laptop was reading
            except (LinkDeskError, OSError) as exc:
                refused.append((path, str(exc)))
                continue
            if result.sender != self.session.device_id and not result.already_imported:
                summary.imported.append(result)
        return refused
