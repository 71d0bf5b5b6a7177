"""kill -9 during a stream of writes: every reopen verifies and no acknowledged write is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from linkdesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, REPO
from tests.storage.kill_writer import SLOTS

CYCLES = 50


def acknowledged(ack_path: Path) -> dict[int, int]:
    """Highest acknowledged sequence number per slot."""
    best: dict[int, int] = {}
    for line in ack_path.read_text().splitlines():
        if line.strip().isdigit():
            seq = int(line)
            best[seq % SLOTS] = max(best.get(seq % SLOTS, 0), seq)
    return best


def test_fifty_kills_lose_no_acknowledged_write(vault: Vault, home: Path, tmp_path: Path) -> None:
    vault.create("Team", PASSPHRASE)[0].close()
    ack_path = tmp_path / "acks.log"
    ack_path.touch()
    rng = random.Random(50)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    total_acks = 0
    for cycle in range(CYCLES):
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.storage.kill_writer", str(home), str(ack_path)],
            cwd=REPO,
            env=env,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        start_size = ack_path.stat().st_size
        while ack_path.stat().st_size == start_size and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # wait until it is writing
        time.sleep(rng.uniform(0.02, 0.25))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert writer.returncode == -signal.SIGKILL, writer.stderr.read().decode() if writer.stderr else ""
        with vault.unlock(PASSPHRASE) as store:
            assert store.verify() == [], f"cycle {cycle}"
            acks = acknowledged(ack_path)
            for slot, seq in acks.items():
                held = int(store.setting(f"slot_{slot}", "0") or 0)
                assert held >= seq, f"cycle {cycle}: slot {slot} lost acknowledged write {seq}"
            total_acks = sum(1 for _ in ack_path.read_text().splitlines())
    assert total_acks > CYCLES  # the writer really was writing when it was killed
