#!/usr/bin/env bash
# Set everything up, then run the whole check: lint, types, layer rules and the test suite.
# The suite runs on every core (pytest-xdist, one process per core; LINKDESK_TEST_WORKERS=N to
# choose, 0 for a single process); extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff" && .venv/bin/ruff check linkdesk tests benchmarks
echo "== mypy" && .venv/bin/mypy linkdesk
echo "== import-linter" && .venv/bin/lint-imports --no-cache
echo "== pytest" && .venv/bin/pytest -n "${LINKDESK_TEST_WORKERS:-auto}" --dist loadfile "$@"
