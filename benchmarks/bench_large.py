"""The large demo service: build time, and opening records and searching on it.

Run: ``.venv/bin/python -m benchmarks.bench_large [DATA_DIR]``. Without DATA_DIR a large demo is
built in a temporary folder first (about three minutes on a 2-core machine) and its build time is
reported. Budgets are those of ``architecture.md``; the search baseline is the raw FTS5 query on
the same index in the same run.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._harness import table, timed
from linkdesk.domain.clock import SystemClock
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.casework import Casework
from linkdesk.services.demo import build_demo
from linkdesk.services.records import RecordService
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault

PASSPHRASE = os.environ.get("LINKDESK_PASSPHRASE", "benchmark passphrase")


def open_cyp(records: RecordService, casework: Casework, cyp_id: str) -> None:
    """What the CYP page loads: the record, consents, items, referrals with events, notes."""
    records.get("cyp", cyp_id)
    casework.consent_state(cyp_id)
    records.find("discussion_item", {"cyp_id": cyp_id})
    for referral in records.find("referral", {"cyp_id": cyp_id}):
        casework.referral_view(referral.id)
    records.find("note", {"subject_id": cyp_id})


def open_school(records: RecordService, school_id: str) -> None:
    records.get("school", school_id)
    records.find("contact", {"school_id": school_id})
    records.find("visit", {"school_id": school_id})
    records.find("cyp", {"school_id": school_id})


def main(folder: Path | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = folder or Path(tmp) / "large"
        vault = Vault(home, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum())
        rows = []
        if folder is None:
            store, _ = vault.create("Bench", PASSPHRASE)
            started = time.perf_counter()
            build_demo(RecordService(store, SystemClock().now().date), "large", 1, SystemClock().now().date())
            rows.append(("build the large demo", time.perf_counter() - started, None))
            store.close()
        started = time.perf_counter()
        store = vault.unlock(PASSPHRASE)
        rows.append(("unlock (minimum KDF) and migrate check", time.perf_counter() - started, None))
        records = RecordService(store, SystemClock().now().date)
        casework = Casework(records)
        schools = records.find("school")
        busiest = max(
            records.find("cyp")[:500], key=lambda c: len(records.find("note", {"subject_id": c.id}))
        )
        rows.append(
            ("open a school page (budget 50 ms)", timed(lambda: open_school(records, schools[0].id)), None)
        )
        rows.append(
            ("open a CYP page (budget 50 ms)", timed(lambda: open_cyp(records, casework, busiest.id)), None)
        )
        raw = timed(
            lambda: store.conn.execute(
                "SELECT rowid FROM search_index WHERE search_index MATCH 'referral' LIMIT 50"
            ).fetchall(),
            repeat=20,
        )
        rows.append(
            (
                "search all notes, 50 hits (budget 30 ms)",
                timed(lambda: store.records.search("referral"), repeat=20),
                raw,
            )
        )
        print(f"{store.records.ops_count():,} ops; {len(schools)} schools")
        print(table(rows))
        store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
