"""Work written in the app is anchored every few minutes on the DB worker, after the write, so
work a damaged write-ahead log drops after such an anchor is refused at the next unlock even
when the app was killed before it could close the store."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from linkdesk.errors import StoreDamaged
from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from linkdesk.storage.vault import Vault
from linkdesk.ui.session import Session
from linkdesk.ui.tasks import TaskRunner
from tests.conftest import PASSPHRASE, FrozenClock, make_vault

TODAY = date(2026, 11, 23)


def add_school(session: Session, name: str) -> None:
    done: list[object] = []
    session.run(lambda store: RecordService(store, lambda: TODAY).add("school", {"name": name}), done.append)
    assert done, "the write was acknowledged"


def test_work_lost_after_a_periodic_anchor_is_refused_at_next_unlock(
    vault: Vault, clock: FrozenClock, home: Path, tmp_path: Path, runner: TaskRunner
) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    store: Store = vault.unlock(PASSPHRASE)
    session = Session(runner, store, lambda: TODAY)
    for i in range(5):
        clock.advance(minutes=1, seconds=30)
        add_school(session, f"School {i}")
    anchor = json.loads((home / "linkdesk.keys.json").read_text())["anchor"]
    assert anchor["ops"] == 4, "anchored after the fourth write (six minutes in), not at each write"
    # the laptop dies: the store was never closed and the work is still only in the write-ahead log
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("linkdesk.db", "linkdesk.db-wal", "linkdesk.keys.json"):
        shutil.copy2(home / name, crashed / name)
    store.close()
    wal = bytearray((crashed / "linkdesk.db-wal").read_bytes())
    wal[32 + 24 + 100] ^= 0xFF  # SQLite drops the damaged frame and every one after, silently
    (crashed / "linkdesk.db-wal").write_bytes(bytes(wal))
    with pytest.raises(StoreDamaged) as refused:
        make_vault(crashed, clock).unlock(PASSPHRASE)
    assert "write-ahead log" in str(refused.value) and "Nothing was changed" in str(refused.value)
