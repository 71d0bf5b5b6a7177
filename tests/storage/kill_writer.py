"""Writer process for the kill test: upserts rows forever, acknowledging each after COMMIT.

Run as ``python -m tests.storage.kill_writer HOME ACK_FILE``. Row ``slot`` holds the highest
sequence number written to it, so an acknowledged write is lost exactly when a slot ends up
holding less than the highest acknowledged number for it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from linkdesk.domain.clock import SystemClock
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault

SLOTS = 200
PASSPHRASE = "correct horse battery staple"


def main(home: Path, ack_path: Path) -> None:
    store = Vault(home, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum()).unlock(PASSPHRASE)
    seq = int(store.setting("kill_seq", "0") or 0)
    with open(ack_path, "a", buffering=1) as ack:
        while True:
            seq += 1
            with store.transaction() as conn:
                conn.execute(
                    "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 'x') "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (f"slot_{seq % SLOTS}", str(seq)),
                )
                conn.execute(
                    "INSERT INTO settings (key, value, updated_at) VALUES ('kill_seq', ?, 'x') "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (str(seq),),
                )
                store.audit("update", "setting", f"slot_{seq % SLOTS}")
            ack.write(f"{seq}\n")
            if seq % 50 == 0:
                os.fsync(ack.fileno())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
