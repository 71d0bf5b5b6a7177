"""The clinical hazard log names only tests that exist, and no hazard it marks closed lacks one."""

from __future__ import annotations

import re

from tests.conftest import REPO

LOG = REPO / "docs" / "hazard-log.md"
CITED = re.compile(r"`([^`]+)`")


def rows() -> dict[str, tuple[str, str]]:
    """{hazard: (controls, verified by)} from the log's table."""
    found = {}
    for line in LOG.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"H\d+", cells[0]):
            found[cells[0]] = (cells[2], cells[3])
    return found


def test_every_test_the_hazard_log_cites_exists() -> None:
    table = rows()
    assert len(table) >= 13
    for hazard, (_controls, verified) in table.items():
        current = ""
        for cited in CITED.findall(verified):
            path, _, name = cited.partition("::")
            current = path or current
            target = REPO / current
            assert current.startswith("tests/") and target.exists(), f"{hazard}: no {current}"
            if name:
                assert re.search(rf"^def {re.escape(name)}\(", target.read_text(), re.M), (
                    f"{hazard}: no {cited}"
                )


def test_sync_hazards_are_closed() -> None:
    table = rows()
    for hazard in ("H4", "H7"):
        controls, verified = table[hazard]
        assert "**open**" not in controls + verified and CITED.search(verified), hazard
