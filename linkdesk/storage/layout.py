"""The files of one data folder. File names never carry personal data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreLayout:
    home: Path

    @property
    def database(self) -> Path:
        return self.home / "linkdesk.db"

    @property
    def keyfile(self) -> Path:
        return self.home / "linkdesk.keys.json"

    @property
    def lock(self) -> Path:
        return self.home / "linkdesk.lock"

    @property
    def failed_unlocks(self) -> Path:
        return self.home / "failed-unlocks.json"

    @property
    def restore_journal(self) -> Path:
        return self.home / "restore-pending.json"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def staged_restore(self) -> tuple[Path, Path]:
        """Where a restore stages the backup's database and key file before swapping them in."""
        return self.home / "linkdesk.db.restoring", self.home / "linkdesk.keys.json.restoring"

    def sidecars(self) -> list[Path]:
        return self.sidecars_of(self.database)

    @staticmethod
    def sidecars_of(database: Path) -> list[Path]:
        return [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm")]
