#!/usr/bin/env bash
# Build LinkDesk.app and a disk image on macOS 14 or later (PySide6 6.12 wheels need it), then
# sign and notarise them when the trust's Developer ID is configured.
#
#   bash installers/macos/build_dmg.sh
#
# Signing (optional; without it an unsigned .app and DMG are built for testing):
#   CODESIGN_ID      "Developer ID Application: <Trust name> (<TEAMID>)", in the login keychain
#   NOTARY_PROFILE   a notarytool keychain profile, made once with
#                    xcrun notarytool store-credentials <name> --apple-id ... --team-id ...
#                    (or an App Store Connect API key: --key, --key-id, --issuer)
# Results: dist/LinkDesk.app, dist/LinkDesk-<version>.dmg, dist/linkdesk-size.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=installers/macos
APP=dist/LinkDesk.app
step() { printf '== %s\n' "$*"; }

[ "$(uname -s)" = Darwin ] || { echo "build_dmg.sh runs on macOS" >&2; exit 1; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[build]"
VERSION=$(.venv/bin/python -c 'import linkdesk; print(linkdesk.__version__)')
DMG=dist/LinkDesk-$VERSION.dmg

step "bundle and .app (PyInstaller; fails over the size budget)"
.venv/bin/pyinstaller --noconfirm --log-level WARN installers/pyinstaller/linkdesk.spec
LINKDESK_KEYRING=off "$APP/Contents/MacOS/linkdesk" self-test
plutil -lint "$APP/Contents/Info.plist"

if [ -n "${CODESIGN_ID:-}" ]; then
  step "sign (hardened runtime, secure timestamp), inside out"
  # Every Mach-O library first, then the two programs with the entitlements, then the bundle.
  # --deep is not used: it signs nested code with the outer options and hides mistakes.
  find "$APP/Contents" -type f \( -name '*.so' -o -name '*.dylib' -o -path '*/Qt/lib/*' \) -print0 \
    | while IFS= read -r -d '' lib; do
        if file -b "$lib" | grep -q 'Mach-O'; then
          codesign --force --timestamp --options runtime --sign "$CODESIGN_ID" "$lib"
        fi
      done
  find "$APP/Contents" -type d -name '*.framework' -prune -print0 \
    | while IFS= read -r -d '' framework; do
        codesign --force --timestamp --options runtime --sign "$CODESIGN_ID" "$framework"
      done
  for program in linkdesk linkdesk-gui; do
    codesign --force --timestamp --options runtime --entitlements "$HERE/entitlements.plist" \
      --sign "$CODESIGN_ID" "$APP/Contents/MacOS/$program"
  done
  codesign --force --timestamp --options runtime --entitlements "$HERE/entitlements.plist" \
    --sign "$CODESIGN_ID" "$APP"
  codesign --verify --strict --deep --verbose=2 "$APP"
else
  echo "   CODESIGN_ID is not set: the app is NOT signed (Gatekeeper will refuse it elsewhere)"
fi

step "disk image"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "LinkDesk $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"

if [ -n "${CODESIGN_ID:-}" ]; then
  codesign --force --timestamp --sign "$CODESIGN_ID" "$DMG"
  if [ -n "${NOTARY_PROFILE:-}" ]; then
    step "notarise and staple"
    xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
  else
    echo "   NOTARY_PROFILE is not set: signed but not notarised"
  fi
fi
cat dist/linkdesk-size.json
ls -lh "$DMG"
