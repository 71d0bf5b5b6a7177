"""Bundles of format 1, committed, must keep importing into the store they were made for."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.team_sync import TeamSync
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault
from tests.conftest import FrozenClock
from tests.sync.conftest import CODEC

#: After the bundle was made (2026-12-05), whatever the date of the machine running the test.
LATER = FrozenClock(datetime(2027, 1, 15, 9, 0, tzinfo=UTC))

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "bundle_v1"


def test_a_format_1_bundle_still_imports(tmp_path: Path) -> None:
    home = tmp_path / "recipient"
    home.mkdir()
    for name in ("linkdesk.db", "linkdesk.keys.json"):
        shutil.copy(FIXTURE / name, home / name)
    expected = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
    vault = Vault(home, KeychainSecrets(enabled=False), LATER, KdfParams.minimum())
    with vault.unlock(expected["passphrase"]) as store:
        sync = TeamSync(store, CODEC, LATER, "recipient laptop")
        raw = (FIXTURE / "bundle.ldsync").read_bytes()
        summary = sync.import_bundle(raw)
        assert summary.new_ops == expected["ops"] and summary.sender_name == "sender laptop"
        assert store.records.state_hash() == expected["state_hash"]
        assert sync.import_bundle(raw).already_imported
        assert store.verify(deep=True) == []
