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

from benchmarks._harness import Row, cpu, table, timed
from linkdesk.app import load_measures
from linkdesk.domain.clock import SystemClock
from linkdesk.platform.secrets import KeychainSecrets
from linkdesk.services.casework import Casework
from linkdesk.services.cyp_view import CypView
from linkdesk.services.demo import build_demo
from linkdesk.services.records import RecordService
from linkdesk.services.school_view import SchoolView
from linkdesk.services.search_view import SearchView
from linkdesk.storage.keys import KdfParams
from linkdesk.storage.vault import Vault

PASSPHRASE = os.environ.get("LINKDESK_PASSPHRASE", "benchmark passphrase")


def open_cyp(view: CypView, cyp_id: str) -> None:
    """Everything the CYP page loads (the same service call the page makes)."""
    view.detail(cyp_id)


def open_school(view: SchoolView, school_id: str) -> None:
    """Everything the school page loads."""
    view.detail(school_id)


SEARCH_WORDS = ("referral", "school", "anxious", "plan", "consent", "mum")


def first_search(records: RecordService, word: str) -> float:
    """CPU seconds of a new search window's first search (its names indexed after unlock)."""
    view = SearchView(records)
    view.prepare()
    return cpu(lambda: view.search(word), 1)


def rows(home: Path, passphrase: str = PASSPHRASE, repeat: int = 5) -> list[Row]:
    """Opening records and searching as the pages and the search window do (CPU time)."""
    vault = Vault(home, KeychainSecrets(enabled=False), SystemClock(), KdfParams.minimum())
    store = vault.unlock(passphrase)
    try:
        records = RecordService(store, SystemClock().now().date)
        cyps = records.find("cyp")
        busiest = max(cyps[:500], key=lambda c: len(records.find("note", {"subject_id": c.id})))
        school_id = records.find("school")[0].id
        school_view, cyp_view = SchoolView(records), CypView(Casework(records), load_measures(home))
        found: list[Row] = [
            Row(
                "open a school page",
                cpu(lambda: open_school(school_view, school_id), repeat) * 1000,
                limit=20,
            ),
            Row("open a CYP page", cpu(lambda: open_cyp(cyp_view, busiest.id), repeat) * 1000, limit=20),
        ]
        query = "SELECT rowid FROM search_index WHERE search_index MATCH ? LIMIT 50"
        raw = cpu(lambda: [store.conn.execute(query, (w,)).fetchall() for w in SEARCH_WORDS], repeat)
        firsts = [first_search(records, word) for word in SEARCH_WORDS]
        window = SearchView(records)
        window.prepare()
        later = cpu(lambda: [window.search(w) for w in SEARCH_WORDS], repeat)
        per_word = 1000 / len(SEARCH_WORDS)
        found += [
            Row(
                "grouped search, first in a window",
                sorted(firsts)[len(firsts) // 2] * 1000,
                raw * per_word,
                limit=10,
            ),
            Row("grouped search, later ones", later * per_word, raw * per_word, limit=10),
        ]
        return found
    finally:
        store.close()


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
        school_view, cyp_view = SchoolView(records), CypView(casework, load_measures(home))
        school_id, cyp_id = schools[0].id, busiest.id
        rows.append(
            ("open a school page (budget 50 ms)", timed(lambda: open_school(school_view, school_id)), None)
        )
        rows.append(("open a CYP page (budget 50 ms)", timed(lambda: open_cyp(cyp_view, cyp_id)), None))
        query = "SELECT rowid FROM search_index WHERE search_index MATCH 'referral' LIMIT 50"
        raw = timed(lambda: store.conn.execute(query).fetchall(), repeat=20)
        search = timed(lambda: store.records.search("referral"), repeat=20)
        window_view = SearchView(records)  # the search window keeps one view while it is open
        grouped = timed(lambda: window_view.search("referral"), repeat=20)
        rows.append(("search all notes, 50 hits (budget 30 ms)", search, raw))
        rows.append(("search as the Ctrl+F window does, grouped", grouped, raw))
        print(f"{store.records.ops_count():,} ops; {len(schools)} schools")
        print(table(rows))
        store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
