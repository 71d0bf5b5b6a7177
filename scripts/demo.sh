#!/usr/bin/env bash
# Set everything up and run LinkDesk on a demo store in ./demo-home.
# With a display it opens the desktop app; without one it works headless and reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export LINKDESK_HOME="$PWD/demo-home"
export LINKDESK_PASSPHRASE="${LINKDESK_PASSPHRASE:-demo passphrase}"
export LINKDESK_KEYRING="${LINKDESK_KEYRING:-off}"
ld=.venv/bin/linkdesk
if [ ! -f "$LINKDESK_HOME/linkdesk.keys.json" ]; then
  echo "Creating a demo store in $LINKDESK_HOME (passphrase: '$LINKDESK_PASSPHRASE')" >&2
  $ld init --name "Demo Link Work Service" >/dev/null
fi
echo "== linkdesk info" && $ld info
echo "== linkdesk verify" && $ld verify
echo "== linkdesk self-test" && $ld self-test
echo "== linkdesk backup" && $ld backup --out "$LINKDESK_HOME/backups/demo.ldbackup"
