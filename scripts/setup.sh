#!/usr/bin/env bash
# Set up LinkDesk in ./.venv on a fresh Linux machine (Python 3.11+). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's offscreen platform needs a few shared libraries that minimal images lack.
# Installed when we can (root with apt); otherwise listed in the README.
QT_PACKAGES="libegl1 libgl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3"
# and, for a real window on X11, the xcb libraries Qt's platform plugin loads
QT_PACKAGES="$QT_PACKAGES libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
  libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1"
# and, for the tests: the system time zones (the date matrix runs the process in other zones),
# libfaketime (.ci/run's second pass of the suite at another date and zone) and a virtual X
# display (the keyboard tests run once more on Qt's xcb platform, as on a real desktop)
QT_PACKAGES="$QT_PACKAGES tzdata faketime xvfb"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=""
  for pkg in $QT_PACKAGES; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    echo "Installing system packages for Qt and the tests:$missing" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>/dev/null || true
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
