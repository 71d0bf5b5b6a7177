#!/usr/bin/env bash
# Build the Linux one-folder bundle as a tarball and check it runs (glibc >= the build machine's).
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python -m pip install -q "pyinstaller==6.22.3"
.venv/bin/pyinstaller --noconfirm --log-level WARN installers/pyinstaller/linkdesk.spec
LINKDESK_KEYRING=off QT_QPA_PLATFORM=offscreen dist/linkdesk/linkdesk self-test
tar -C dist -czf dist/linkdesk-linux-x86_64.tar.gz linkdesk
echo "dist/linkdesk-linux-x86_64.tar.gz"
