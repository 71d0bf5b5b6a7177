"""Key-file fields are sealed with an HMAC keyed from the database key (issue 22): a checksum anyone
can recompute guarded the device id, the audit anchor (and whether there is one) and a pending
rekey, so someone without the key could edit them to their advantage. An edited field is refused
in plain words; a key file from before the seal opens and is sealed; the seal cannot be removed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from linkdesk.errors import FileProblem, StoreDamaged
from linkdesk.storage.backup import MAGIC
from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, FrozenClock
from tests.storage.test_anchor import busy_store, raw

Edit = Callable[[dict[str, Any]], None]


def rewrite(data: dict[str, Any]) -> bytes:
    """The edited file with its checksum made good again, as anyone can."""
    body = {k: v for k, v in data.items() if k not in ("checksum", "anchor")}
    data["checksum"] = hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    return json.dumps(data).encode()


def edit_keyfile(home: Path, change: Edit) -> None:
    path = home / "linkdesk.keys.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_bytes(rewrite(data))


def drop_anchor(data: dict[str, Any]) -> None:
    data.pop("anchor")  # the loss check then had nothing to compare with


def new_device_id(data: dict[str, Any]) -> None:
    data["device_id"] = "00000000-0000-4000-8000-00000000dead"  # another laptop's op ids


def lower_keychain_backend(data: dict[str, Any]) -> None:
    data["keychain_backend"] = "keyrings.alt.file.PlaintextKeyring"


@pytest.mark.parametrize("change", [drop_anchor, new_device_id, lower_keychain_backend])
def test_an_edited_key_file_is_refused_plainly_and_not_counted_as_a_failed_unlock(
    vault: Vault, clock: FrozenClock, home: Path, change: Edit
) -> None:
    busy_store(vault, clock)
    edit_keyfile(home, change)
    with pytest.raises(StoreDamaged) as refused:
        vault.unlock(PASSPHRASE)
    message = str(refused.value)
    assert "key file has been altered" in message and "your passphrase was right" in message, message
    assert "Nothing was changed" in message
    assert not (home / "failed-unlocks.json").exists()


def test_removing_the_seal_does_not_get_an_edited_key_file_accepted(
    vault: Vault, clock: FrozenClock, home: Path
) -> None:
    busy_store(vault, clock)
    before = (home / "linkdesk.db").read_bytes()

    def unseal(data: dict[str, Any]) -> None:
        drop_anchor(data)
        data.pop("seal")

    edit_keyfile(home, unseal)
    with pytest.raises(StoreDamaged, match="its seal was removed") as refused:
        vault.unlock(PASSPHRASE)
    assert "Nothing was changed" in str(refused.value)
    assert (home / "linkdesk.db").read_bytes() == before


def test_a_key_file_from_before_the_seal_opens_and_is_sealed(
    vault: Vault, clock: FrozenClock, home: Path
) -> None:
    busy_store(vault, clock)
    conn = raw(home)  # the store as an older LinkDesk left it: no record that key files are sealed
    conn.execute("DELETE FROM store_meta WHERE key = 'keyfile_sealed'")
    conn.close()
    edit_keyfile(home, lambda data: data.pop("seal"))
    with vault.unlock(PASSPHRASE) as store:
        assert store.verify() == []
    assert len(json.loads((home / "linkdesk.keys.json").read_text())["seal"]) == 64
    edit_keyfile(home, new_device_id)  # sealed from then on
    with pytest.raises(StoreDamaged, match="altered"):
        vault.unlock(PASSPHRASE)


def test_a_backup_whose_key_file_was_edited_is_not_restored(
    vault: Vault, clock: FrozenClock, home: Path, tmp_path: Path
) -> None:
    busy_store(vault, clock)
    with vault.unlock(PASSPHRASE) as store:
        store.backup(tmp_path / "b.ldbackup")
    blob = (tmp_path / "b.ldbackup").read_bytes()
    start = len(MAGIC) + 8
    length = int.from_bytes(blob[len(MAGIC) : start], "big")
    header = json.loads(blob[start : start + length])
    header["keyfile"] = json.loads(rewrite({**header["keyfile"], "anchor": None}))
    body = json.dumps(header).encode()
    (tmp_path / "c.ldbackup").write_bytes(
        MAGIC + len(body).to_bytes(8, "big") + body + blob[start + length :]
    )
    listing = sorted(p.name for p in home.iterdir())
    with pytest.raises((StoreDamaged, FileProblem), match="backup's key file has been altered"):
        vault.restore(tmp_path / "c.ldbackup", passphrase=PASSPHRASE)
    assert sorted(p.name for p in home.iterdir()) == listing
