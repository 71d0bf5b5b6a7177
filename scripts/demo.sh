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
  echo "Creating a demo service in $LINKDESK_HOME (passphrase: '$LINKDESK_PASSPHRASE')" >&2
  $ld demo --size small --seed 1 >/dev/null
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec $ld gui
fi
echo "No display: working headless." >&2
echo "== linkdesk info" && $ld info
echo "== linkdesk verify" && $ld verify
echo "== schools" && $ld list school
echo "== search 'anxiety'" && $ld search anxiety | head -5
echo "== state-hash" && $ld state-hash
echo "== linkdesk self-test" && $ld self-test
