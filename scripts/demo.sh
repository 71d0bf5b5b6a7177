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
# Outputs go beside the store, never inside its data folder (LinkDesk refuses that).
out="$PWD/demo-outputs"
echo "No display: working headless. Outputs go to $out." >&2
mkdir -p "$out"
# The demo visits each school fortnightly: report on whichever of this week and last had visits.
week=$(date +%G-W%V)
if $ld report weekly --week "$week" --format csv --out "$out/probe.csv" 2>/dev/null \
   && grep -q '^visits_planned,0$' "$out/probe.csv"; then
  week=$(date -d "last week" +%G-W%V)
fi
rm -f "$out/probe.csv"
echo "== linkdesk verify" && $ld verify
echo "== schools" && $ld list school
echo "== search 'anxiety'" && $ld search anxiety | head -5
echo "== weekly caseload summary $week (PDF and CSV)"
$ld report weekly --week "$week" --format pdf --out "$out/weekly-$week.pdf"
$ld report weekly --week "$week" --format csv --out "$out/weekly-$week.csv" && cat "$out/weekly-$week.csv" | head -15
echo "== the desktop app, rendered offscreen"
for page in today schools caseload; do
  QT_QPA_PLATFORM=offscreen $ld gui --screenshot "$out/$page.png" --page "$page"
done
echo "== linkdesk self-test" && $ld self-test
