"""Migration 6 (lean registers) on a store written by the schema-5 release: nothing changes meaning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from linkdesk.domain.clock import SystemClock
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.storage import migrate
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "store_v5"


def open_fixture(tmp_path: Path) -> tuple[Vault, dict]:  # type: ignore[type-arg]
    home = tmp_path / "store"
    home.mkdir()
    for name in ("linkdesk.db", "linkdesk.keys.json"):
        shutil.copy(FIXTURE / name, home / name)
    expected = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
    return Vault(home, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum()), expected


def test_the_release_store_migrates_with_the_same_state(tmp_path: Path) -> None:
    vault, expected = open_fixture(tmp_path)
    with vault.unlock(expected["passphrase"]) as store:
        assert store.schema_version() == migrate.latest_version()
        assert store.records.state_hash() == expected["state_hash"]
        assert store.records.dump() == expected["dump"]
        assert store.records.ops_count() == expected["ops"]
        assert store.verify(deep=True) == []


def test_the_migrated_store_keeps_conflicts_and_search(tmp_path: Path) -> None:
    vault, expected = open_fixture(tmp_path)
    with vault.unlock(expected["passphrase"]) as store:
        [conflict] = store.records.conflicts()
        assert conflict.field == "phone"
        assert sorted(v.value for v in conflict.values) == ["01582 111111", "01582 222222"]
        assert [record.type for record, _snippet in store.records.search("exams")] == ["note"]
        assert {record.type for record, _snippet in store.records.search("Greenfield")} == {"school"}
        # only the conflicted field keeps register rows; the rest are heads beside the record
        rows = store.conn.execute("SELECT DISTINCT field FROM register_values").fetchall()
        assert rows == [("phone",)]


def test_a_write_after_migration_depends_on_the_heads_the_release_kept(tmp_path: Path) -> None:
    vault, expected = open_fixture(tmp_path)
    with vault.unlock(expected["passphrase"]) as store:
        [conflict] = store.records.conflicts()
        school = store.records.get(conflict.record_id)
        assert school is not None
        store.records.update(school, {"phone": "01582 333333"})
        assert store.records.conflicts() == []
        before = store.records.state_hash()
        store.records.replay()
        assert store.records.state_hash() == before
