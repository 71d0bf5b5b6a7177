"""Sync bookkeeping in the store: this device's keys, trusted devices, imported bundles, holdings.

None of this is part of the records: ``dump`` and ``state-hash`` leave it out, and a restored
store (a new device id) makes new keys on first use.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from linkdesk.domain.records import Op
from linkdesk.domain.team import Card, Identity, TeamDevice
from linkdesk.storage import oplog
from linkdesk.storage.batch import chunks

if TYPE_CHECKING:
    from linkdesk.storage.store import Store

_DEVICE_COLUMNS = (
    "device_id, name, age_recipient, sign_public, trusted_at, revoked_at, last_received_at, "
    "last_sent_at, vector"
)


class TeamStore:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def _now(self) -> str:
        return self.store.clock.now().isoformat(timespec="seconds")

    # -- this device ------------------------------------------------------------------------------

    def identity(self) -> Identity | None:
        row = self.conn.execute(
            "SELECT device_id, name, age_recipient, sign_public, age_identity, sign_private FROM identity "
            "WHERE device_id = ?",
            (self.store.device_id,),
        ).fetchone()
        if row is None:
            return None
        return Identity(Card(row[0], row[1], row[2], bytes(row[3])), row[4], bytes(row[5]))

    def save_identity(self, identity: Identity) -> None:
        card = identity.card
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM identity")  # keys of a device this store no longer is
            conn.execute(
                "INSERT INTO identity (device_id, name, age_identity, age_recipient, sign_private, "
                "sign_public, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    card.device_id,
                    card.name,
                    identity.age_identity,
                    card.age_recipient,
                    identity.sign_private,
                    card.sign_public,
                    self._now(),
                ),
            )
            self.store.audit("settings", "device", card.device_id, keys="created")

    # -- teammates ------------------------------------------------------------------------------

    def devices(self) -> list[TeamDevice]:
        rows = self.conn.execute(f"SELECT {_DEVICE_COLUMNS} FROM team_devices ORDER BY name, device_id")
        return [_device(tuple(row)) for row in rows]

    def device(self, device_id: str) -> TeamDevice | None:
        row = self.conn.execute(
            f"SELECT {_DEVICE_COLUMNS} FROM team_devices WHERE device_id = ?", (device_id,)
        ).fetchone()
        return None if row is None else _device(tuple(row))

    def trust(self, card: Card) -> None:
        """Trust ``card`` (again, if it was revoked: a new trust is a deliberate act)."""
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO team_devices (device_id, name, age_recipient, sign_public, trusted_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET name = excluded.name, "
                "age_recipient = excluded.age_recipient, sign_public = excluded.sign_public, "
                "trusted_at = excluded.trusted_at, revoked_at = NULL",
                (card.device_id, card.name, card.age_recipient, card.sign_public, self._now()),
            )
            self.store.audit("settings", "device", card.device_id, trust="trusted")

    def revoke(self, device_id: str) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE team_devices SET revoked_at = ? WHERE device_id = ?", (self._now(), device_id)
            )
            self.store.audit("settings", "device", device_id, trust="revoked")

    def received(self, bundle_id: str, sender: str, vector: dict[str, int], ops: int, new_ops: int) -> None:
        """Note an imported bundle and what its sender holds (in the import's transaction)."""
        device = self.device(sender)
        held = dict(device.vector) if device else {}
        for device_id, seq in vector.items():
            held[device_id] = max(held.get(device_id, 0), seq)
        now = self._now()
        self.conn.execute(
            "INSERT INTO bundle_ledger (bundle_id, sender, imported_at, ops, new_ops) VALUES (?, ?, ?, ?, ?)",
            (bundle_id, sender, now, ops, new_ops),
        )
        self.conn.execute(
            "UPDATE team_devices SET last_received_at = ?, vector = ? WHERE device_id = ?",
            (now, json.dumps(held, sort_keys=True), sender),
        )

    def sent(self, device_ids: list[str]) -> None:
        with self.store.transaction() as conn:
            conn.executemany(
                "UPDATE team_devices SET last_sent_at = ? WHERE device_id = ?",
                [(self._now(), device_id) for device_id in device_ids],
            )

    def imported(self, bundle_id: str) -> bool:
        found = self.conn.execute("SELECT 1 FROM bundle_ledger WHERE bundle_id = ?", (bundle_id,)).fetchone()
        return found is not None

    # -- the log, by device -------------------------------------------------------------------------

    def holdings(self, devices: Collection[str] | None = None) -> dict[str, int]:
        """{device id: highest seq} of every device (or of ``devices``) whose ops this store holds."""
        sql = "SELECT d.device_id, (SELECT max(o.seq) FROM ops o WHERE o.device = d.n) FROM devices d"
        if devices is None:
            parts: list[tuple[str, Sequence[str]]] = [(sql, ())]
        else:
            parts = [
                (f"{sql} WHERE d.device_id IN ({', '.join('?' * len(part))})", part)
                for part in chunks(sorted(devices))
            ]
        return {
            str(device): int(seq)
            for query, params in parts
            for device, seq in self.conn.execute(query, params)
            if seq is not None
        }

    def ops_after(self, vector: dict[str, int], devices: list[str] | None = None) -> list[Op]:
        """Every op (of ``devices``, or of all) not covered by ``vector``, by device then sequence."""
        ops: list[Op] = []
        for device_id in sorted(self.holdings() if devices is None else devices):
            rows = self.conn.execute(
                f"SELECT {oplog.OP_COLUMNS} FROM {oplog.LOG} "
                "WHERE d.device_id = ? AND o.seq > ? ORDER BY o.seq",
                (device_id, vector.get(device_id, 0)),
            )
            ops.extend(oplog.op_from_row(tuple(row)) for row in rows)
        return ops


def _device(row: tuple[Any, ...]) -> TeamDevice:
    device_id, name, recipient, public, trusted, revoked, received, sent, vector = row
    return TeamDevice(
        Card(str(device_id), str(name), str(recipient), bytes(public)),
        str(trusted),
        None if revoked is None else str(revoked),
        None if received is None else str(received),
        None if sent is None else str(sent),
        {str(k): int(v) for k, v in json.loads(str(vector)).items()},
    )
