"""Writer for the leak harness's kill: adds canary notes to a child's record until killed.

Run as ``python -m tests.harness.leak_writer HOME CYP_ID CANARY``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from linkdesk.domain.clock import SystemClock
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.records import RecordService
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE


def main(home: Path, cyp: str, canary: str) -> None:
    store = Vault(home, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum()).unlock(PASSPHRASE)
    records = RecordService(store, lambda: date(2026, 11, 23))
    n = 0
    while True:
        n += 1
        records.add("note", {"subject_type": "cyp", "subject_id": cyp, "body": f"{canary} said more {n}"})
        print(n, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
