#!/usr/bin/env bash
# Build a macOS disk image from the PyInstaller bundle (run on macOS 14+, PySide6 6.12 needs it).
# Signing and notarisation need the trust's Developer ID: set CODESIGN_ID to sign.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/pyinstaller --noconfirm installers/pyinstaller/linkdesk.spec
dist/linkdesk/linkdesk self-test
if [ -n "${CODESIGN_ID:-}" ]; then
  codesign --deep --force --options runtime --sign "$CODESIGN_ID" dist/linkdesk
fi
hdiutil create -volname LinkDesk -srcfolder dist/linkdesk -ov -format UDZO dist/LinkDesk.dmg
echo "dist/LinkDesk.dmg"
