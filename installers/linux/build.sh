#!/usr/bin/env bash
# Build LinkDesk for Linux into dist/: the one-folder bundle, a tarball and a Debian package.
#
#   bash installers/linux/build.sh
#
# About three minutes on 2 cores (lintian alone takes about one). Needs .venv (scripts/setup.sh); installs the "build" extra
# (PyInstaller) into it when missing. dpkg-deb builds the package; desktop-file-validate,
# appstreamcli and lintian check it when they are installed
# (apt-get install desktop-file-utils appstream lintian). Environment:
#   DEB_MAINTAINER   the package's Maintainer field (default: a placeholder to replace)
#   LINKDESK_STRICT  1: a warning from the validators fails the build too
#   LINKDESK_REUSE_BUNDLE  1: package the bundle already in dist/linkdesk (packaging work only)
# Results: dist/linkdesk/ (bundle), dist/linkdesk-VERSION-linux-ARCH.tar.gz,
# dist/linkdesk_VERSION_ARCH.deb and dist/linkdesk-build.json (sizes, budget, seconds).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS=0
PY=.venv/bin/python
APP_ID=org.linkdesk.LinkDesk
HERE=installers/linux
WORK=build/linux
DIST=dist
MAINTAINER=${DEB_MAINTAINER:-"LinkDesk packaging <packaging@linkdesk.example>"}

step() { printf '== %s (%d s)\n' "$*" "$SECONDS"; }
fail() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
mb() { "$PY" -c 'import os, sys; print(f"{os.path.getsize(sys.argv[1]) / 1e6:.1f}")' "$1"; }

[ -x "$PY" ] || fail "no .venv here: run scripts/setup.sh first"
[ -x .venv/bin/pyinstaller ] || "$PY" -m pip install -q --disable-pip-version-check -e ".[build]"
command -v dpkg-deb >/dev/null || fail "dpkg-deb is needed (Debian or Ubuntu)"
VERSION=$("$PY" -c 'import linkdesk; print(linkdesk.__version__)')
ARCH=$(dpkg --print-architecture)
MACHINE=$(uname -m)
# The release date in the metadata is the commit's, so two builds of one commit are the same.
RELEASE_DATE=$(git -C "$PWD" log -1 --format=%cs 2>/dev/null || date -u +%F)
rm -rf "$WORK"
mkdir -p "$WORK" "$DIST"

BUNDLE=$DIST/linkdesk
if [ "${LINKDESK_REUSE_BUNDLE:-0}" = 1 ] && [ -x "$BUNDLE/linkdesk" ]; then
  step "bundle: reusing $BUNDLE"
else
  step "bundle (PyInstaller)"
  .venv/bin/pyinstaller --noconfirm --log-level WARN installers/pyinstaller/linkdesk.spec
fi
ICONS=build/linkdesk/icons  # rendered by the spec into its work folder

# A Python built with a run path (pyenv, /usr/local builds) leaves that build machine's folder in
# the RUNPATH of its extension modules; a library search path outside the bundle has no place on
# a user's machine. Run paths relative to the bundle ($ORIGIN) stay.
foreign=0
while IFS= read -r -d '' elf; do
  runpath=$(patchelf --print-rpath "$elf" 2>/dev/null || true)
  case "$runpath" in
    ""|'$ORIGIN'*) ;;
    *) patchelf --remove-rpath "$elf"; foreign=$((foreign + 1)) ;;
  esac
done < <(if command -v patchelf >/dev/null; then find "$BUNDLE" -type f -name '*.so*' -print0; fi)
command -v patchelf >/dev/null || echo "   (patchelf not installed: run paths left as built; lintian may object)"
[ "$foreign" -eq 0 ] || echo "   removed a build-machine RUNPATH from $foreign libraries"
LINKDESK_KEYRING=off QT_QPA_PLATFORM=offscreen "$BUNDLE/linkdesk" self-test >/dev/null \
  || fail "the bundle's self-test failed: run $BUNDLE/linkdesk self-test"

# Shared files for both archives: desktop entry, icons, AppStream metadata, managed example.
SHARE=$WORK/share
mkdir -p "$SHARE/applications" "$SHARE/metainfo" "$SHARE/icons/hicolor/scalable/apps"
cp "$HERE/$APP_ID.desktop" "$SHARE/applications/"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$RELEASE_DATE/" "$HERE/$APP_ID.metainfo.xml" \
  > "$SHARE/metainfo/$APP_ID.metainfo.xml"
cp installers/icons/linkdesk.svg "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in "$ICONS"/png/linkdesk-*.png; do
  size=$(basename "$png" .png); size=${size#linkdesk-}
  mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done

step "validate the desktop entry and the AppStream metadata"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$SHARE/applications/$APP_ID.desktop"
else
  echo "   (desktop-file-validate not installed: skipped)"
fi
if command -v appstreamcli >/dev/null; then
  strict=()
  [ "${LINKDESK_STRICT:-0}" = 1 ] && strict=(--pedantic)
  appstreamcli validate --no-net "${strict[@]}" "$SHARE/metainfo/$APP_ID.metainfo.xml"
else
  echo "   (appstreamcli not installed: skipped)"
fi

step "tarball"
TAR_ROOT=linkdesk-$VERSION
TAR_DIR=$WORK/tar/$TAR_ROOT
mkdir -p "$TAR_DIR"
cp -a "$BUNDLE/." "$TAR_DIR/"
cp -a "$SHARE" "$TAR_DIR/share"
cp "$HERE/INSTALL-tarball.txt" "$TAR_DIR/INSTALL.txt"
cp installers/managed.example.json "$TAR_DIR/share/managed.example.json"
TARBALL=$DIST/linkdesk-$VERSION-linux-$MACHINE.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$RELEASE_DATE" \
  -C "$WORK/tar" -cf - "$TAR_ROOT" | gzip -6n > "$TARBALL"

step "Debian package"
# Package names of the Qt system libraries (Debian 12 / Ubuntu 22.04 and later). The bundle's
# copies of these are left out of the package, so Debian's security updates reach them.
QT_SYSTEM_PACKAGES=(
  libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libx11-6 libx11-xcb1 libxau6 libxdmcp6 libxext6 libxrender1 libxcb1 libxcb-cursor0
  libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0
  libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
  libxcb-xkb1 libwayland-client0 libwayland-cursor0 libwayland-egl1
)
# Libraries Qt loads or links that may be missing on the build machine: soname -> package.
declare -A KNOWN_SONAMES=(
  [libwayland-client.so.0]=libwayland-client0 [libwayland-cursor.so.0]=libwayland-cursor0
  [libwayland-egl.so.1]=libwayland-egl1 [libEGL.so.1]=libegl1 [libGL.so.1]=libgl1
)
DEPENDS="libc6 (>= 2.36), libglib2.0-0t64 | libglib2.0-0, fontconfig-config, $(IFS=,; echo "${QT_SYSTEM_PACKAGES[*]}" | sed 's/,/, /g')"
RECOMMENDS="fonts-dejavu-core, libgl1-mesa-dri"

owner_package() {  # the installed package that ships a library, or nothing
  local path=$1 real
  real=$(readlink -f "$path")
  { dpkg -S "$path" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "/usr$real" 2>/dev/null; } \
    | head -1 | cut -d: -f1 || true
}
is_system_package() {
  local pkg=$1 candidate
  # libglx0 and libglvnd0 come with libgl1 and libegl1.
  for candidate in "${QT_SYSTEM_PACKAGES[@]}" libc6 libglib2.0-0 libglib2.0-0t64 libglx0 libglvnd0; do
    [ "$pkg" = "$candidate" ] && return 0
  done
  return 1
}

DEB_ROOT=$WORK/deb
OPT=$DEB_ROOT/opt/linkdesk
mkdir -p "$OPT" "$DEB_ROOT/usr/bin" "$DEB_ROOT/usr/share/doc/linkdesk" "$DEB_ROOT/DEBIAN"
OPT_ABS=$(cd "$OPT" && pwd)
cp -a "$BUNDLE/." "$OPT/"
cp -a "$SHARE/." "$DEB_ROOT/usr/share/"
ln -s /opt/linkdesk/linkdesk "$DEB_ROOT/usr/bin/linkdesk"
removed=0
ldconfig -p > "$WORK/ldconfig.txt"
for lib in "$OPT"/_internal/lib*.so*; do
  name=$(basename "$lib")
  system=$(awk -v n="$name" '$1 == n {print $NF; exit}' "$WORK/ldconfig.txt")
  [ -n "$system" ] || continue
  pkg=$(owner_package "$system")
  pkg=${pkg%%:*}
  if [ -n "$pkg" ] && is_system_package "$pkg"; then
    rm -f "$lib"
    removed=$((removed + 1))
  fi
done
echo "   left $removed system libraries to Debian's packages"

# Every library the program needs must come from the bundle or from a package it depends on.
missing=()
while read -r soname path; do
  if [ "$path" = "not" ]; then
    pkg=${KNOWN_SONAMES[$soname]:-}
  else
    pkg=$(owner_package "$path")
    pkg=${pkg%%:*}
  fi
  if [ -z "$pkg" ] || ! is_system_package "$pkg"; then
    missing+=("$soname (${pkg:-unknown package})")
  fi
done < <(
  find "$OPT" -type f \( -name '*.so*' -o -name linkdesk \) -print0 \
    | LD_LIBRARY_PATH="$OPT_ABS/_internal" xargs -0 ldd 2>/dev/null \
    | awk '/=>/ {print $1, $3}' | grep -v -e " $OPT" -e " $OPT_ABS" | sort -u
)
[ ${#missing[@]} -eq 0 ] || fail "libraries neither bundled nor in Depends: ${missing[*]}"

cp installers/managed.example.json "$DEB_ROOT/usr/share/doc/linkdesk/"
cp "$HERE/copyright" "$DEB_ROOT/usr/share/doc/linkdesk/copyright"
printf 'linkdesk (%s) unstable; urgency=medium\n\n  * See CHANGELOG.md in the source for this release.\n\n -- %s  %s\n' \
  "$VERSION" "$MAINTAINER" "$(date -u -R -d "$RELEASE_DATE")" | gzip -9n \
  > "$DEB_ROOT/usr/share/doc/linkdesk/changelog.gz"
mkdir -p "$DEB_ROOT/usr/share/man/man1"
sed -e "s/@VERSION@/$VERSION/" "$HERE/linkdesk.1" | gzip -9n > "$DEB_ROOT/usr/share/man/man1/linkdesk.1.gz"
mkdir -p "$DEB_ROOT/usr/share/lintian/overrides"
cp "$HERE/lintian-overrides" "$DEB_ROOT/usr/share/lintian/overrides/linkdesk"

# Ownership and modes as Debian expects: root, 0755 folders and programs, 0644 for the rest.
find "$DEB_ROOT" -type d -exec chmod 0755 {} +
find "$DEB_ROOT" -type f -exec chmod 0644 {} +
chmod 0755 "$OPT/linkdesk"
INSTALLED_KB=$(du -sk --exclude=DEBIAN "$DEB_ROOT" | cut -f1)
cat > "$DEB_ROOT/DEBIAN/control" <<CONTROL
Package: linkdesk
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Recommends: $RECOMMENDS
Section: misc
Priority: optional
Homepage: https://linkdesk.example/
Description: encrypted desk for CAMHS and NHS CYPMHS link workers
 LinkDesk keeps a mental-health link worker's schools, caseload, case
 discussions, outcome measures and letters on this computer, in an
 encrypted store (SQLCipher), and works offline.
 .
 The program is installed under /opt/linkdesk with the launcher
 /usr/bin/linkdesk. Settings an organisation manages are read from
 /etc/linkdesk/managed.json (see /usr/share/doc/linkdesk).
CONTROL
(cd "$DEB_ROOT" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum \
  | sed 's| \./| |') > "$DEB_ROOT/DEBIAN/md5sums"
chmod 0644 "$DEB_ROOT/DEBIAN/control" "$DEB_ROOT/DEBIAN/md5sums"
DEB=$DIST/linkdesk_${VERSION}_$ARCH.deb
SOURCE_DATE_EPOCH=$(date -u -d "$RELEASE_DATE" +%s) \
  dpkg-deb --root-owner-group -Zxz -z1 --build "$DEB_ROOT" "$DEB" >/dev/null

if command -v lintian >/dev/null; then
  step "lintian"
  lintian --fail-on error --suppress-tags-from-file "$HERE/lintian-suppressed" "$DEB" || fail "lintian found errors"
else
  echo "   (lintian not installed: skipped)"
fi

step "sizes"
"$PY" - "$DIST" "$TARBALL" "$DEB" "$SECONDS" <<'PY'
import json, os, sys, tomllib
dist, tarball, deb, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
budget = tomllib.load(open("installers/budget.toml", "rb"))
bundle = json.load(open(os.path.join(dist, "linkdesk-size.json")))
archives = {"tarball": tarball, "deb": deb}
report = dict(bundle, build_seconds=seconds)
over = []
if bundle["bundle_mb"] > bundle["budget_mb"]:
    over.append("bundle")
for kind, path in archives.items():
    size = round(os.path.getsize(path) / 1e6, 1)
    limit = float(budget["archive_mb"][kind])
    report[f"{kind}_mb"], report[f"{kind}_budget_mb"] = size, limit
    if size > limit:
        over.append(kind)
json.dump(report, open(os.path.join(dist, "linkdesk-build.json"), "w"), indent=2)
print(f"   bundle  {report['bundle_mb']:6.1f} MB  (budget {report['budget_mb']:.0f} MB, {report['files']} files)")
print(f"   tarball {report['tarball_mb']:6.1f} MB  (budget {report['tarball_budget_mb']:.0f} MB)  {tarball}")
print(f"   deb     {report['deb_mb']:6.1f} MB  (budget {report['deb_budget_mb']:.0f} MB)  {deb}")
print(f"   built in {seconds} s")
if over:
    sys.exit("over budget (installers/budget.toml): " + ", ".join(over))
PY
