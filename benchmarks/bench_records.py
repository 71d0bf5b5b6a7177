"""Records: add / list / show / search through LinkDesk against raw SQLCipher in the same run.

Run: ``.venv/bin/python benchmarks/bench_records.py [N]`` (default N = 2000 records).
The baseline is the same rows written to and read from a bare SQLCipher table with a raw key,
so the ratio is the cost of the op log, registers, audit and validation.
"""

from __future__ import annotations

import secrets
import sys
import tempfile
from datetime import date
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from benchmarks._harness import table, timed
from linkdesk.domain.clock import SystemClock
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.records import RecordService
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault

WORDS = [
    "anxious",
    "low",
    "mood",
    "school",
    "refusal",
    "sleep",
    "friends",
    "exams",
    "bullying",
    "self",
    "harm",
    "eating",
    "worries",
]


def note_text(i: int) -> str:
    return " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(30)) + f" marker{i}"


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault(Path(tmp) / "ld", KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum())
        store, _ = vault.create("Bench", "benchmark passphrase")
        service = RecordService(store, date.today)
        school = service.add("school", {"name": "Bench School"}).id

        raw = sqlcipher.connect(str(Path(tmp) / "raw.db"), isolation_level=None)
        raw.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "temp_store = MEMORY"):
            raw.execute(f"PRAGMA {pragma}")
        raw.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, subject TEXT, body TEXT)")
        raw.execute("CREATE INDEX notes_subject ON notes (subject)")
        raw.execute(
            "CREATE VIRTUAL TABLE notes_fts USING fts5 (body, tokenize='unicode61 remove_diacritics 2')"
        )

        ids: list[str] = []

        def ours_add() -> None:
            ids.append(
                service.add(
                    "note", {"subject_type": "school", "subject_id": school, "body": note_text(len(ids))}
                ).id
            )

        raw_count = [0]

        def raw_add() -> None:
            i = raw_count[0]
            raw_count[0] += 1
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO notes VALUES (?, ?, ?)", (f"id{i}", "school", note_text(i)))
            raw.execute("INSERT INTO notes_fts (rowid, body) VALUES (?, ?)", (i + 1, note_text(i)))
            raw.execute("COMMIT")

        add_ours = timed(lambda: [ours_add() for _ in range(n // 10)], repeat=10) / (n // 10)
        add_raw = timed(lambda: [raw_add() for _ in range(n // 10)], repeat=10) / (n // 10)
        list_ours = timed(lambda: service.find("note", {"subject_id": school}))
        list_raw = timed(lambda: raw.execute("SELECT * FROM notes WHERE subject = 'school'").fetchall())
        show_ours = timed(lambda: service.get("note", ids[len(ids) // 2]), repeat=50)
        show_raw = timed(lambda: raw.execute("SELECT * FROM notes WHERE id = 'id7'").fetchone(), repeat=50)
        search_ours = timed(lambda: store.records.search("marker77"), repeat=20)
        search_raw = timed(
            lambda: raw.execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'marker77'").fetchall(),
            repeat=20,
        )
        print(f"{len(ids)} notes in the store, {raw_count[0]} rows in the baseline")
        print(
            table(
                [
                    ("add one note (validated, op log, audit)", add_ours, add_raw),
                    (f"list {len(ids)} notes of one school", list_ours, list_raw),
                    ("show one note", show_ours, show_raw),
                    ("full-text search, one word", search_ours, search_raw),
                ]
            )
        )
        store.close()
        raw.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
