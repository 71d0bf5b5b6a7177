"""Stores for the crash and tamper harnesses: a busy store, closed or "killed" before checkpoint."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from linkdesk.services.records import RecordService
from linkdesk.storage.store import Store
from tests.conftest import PASSPHRASE, FrozenClock, make_vault

TODAY = date(2026, 11, 23)
STORE_FILES = ("linkdesk.db", "linkdesk.db-wal", "linkdesk.keys.json")


def fill(store: Store, schools: int, clock: FrozenClock | None = None) -> RecordService:
    """Schools, each with a child and a note: ops, audit events and search rows across many pages."""
    records = RecordService(store, lambda: TODAY)
    for i in range(schools):
        if clock is not None:
            clock.advance(seconds=1)
        school = records.add("school", {"name": f"School {i}", "setting_type": "primary"}).id
        child = records.add("cyp", {"school_id": school, "initials": "AB", "given_name": f"Child {i}"}).id
        records.add("note", {"subject_type": "cyp", "subject_id": child, "body": f"Seen today {i}. " * 20})
    return records


def closed_store(home: Path, schools: int = 30) -> Path:
    """A closed, checkpointed store with an anchored audit head."""
    clock = FrozenClock()
    with make_vault(home, clock).create("Team", PASSPHRASE)[0] as store:
        fill(store, schools, clock)
    return home


def killed_store(home: Path, crashed: Path, schools: int = 10) -> Path:
    """The files of a store as a kill -9 leaves them: its committed work still only in the WAL.

    The audit head is anchored first (as a backup or an earlier close would have done), so any
    committed work the write-ahead log loses is work the key file says was there.
    """
    clock = FrozenClock()
    make_vault(home, clock).create("Team", PASSPHRASE)[0].close()
    with make_vault(home, clock).unlock(PASSPHRASE) as store:
        fill(store, schools, clock)
        store.anchor()
        crashed.mkdir(parents=True)
        for name in STORE_FILES:
            shutil.copy2(home / name, crashed / name)
    return crashed
