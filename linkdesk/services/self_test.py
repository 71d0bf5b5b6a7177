"""``linkdesk self-test``: is this installation able to do its job?

It opens a throw-away encrypted store, does a keychain round trip, checks the fonts and renders
a letter page. It touches neither the user's store nor their keychain items.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from linkdesk.errors import LinkDeskError
from linkdesk.services.app_services import Services


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _store_check(services: Services) -> Check:
    folder = Path(tempfile.mkdtemp(prefix="linkdesk-selftest-"))
    try:
        passphrase = secrets.token_urlsafe(16)
        vault = services.scratch_vault(folder)
        store, _code = vault.create("Self-test", passphrase)
        store.set_setting("self_test", "written")
        store.close()
        store = vault.unlock(passphrase)
        try:
            problems = store.verify()
            value = store.setting("self_test")
            version = store.info()["cipher_version"]
        finally:
            store.close()
        if problems or value != "written":
            return Check("store", False, "; ".join(problems) or "a written value did not read back")
        return Check("store", True, f"encrypted store opened, written and verified (SQLCipher {version})")
    except LinkDeskError as exc:
        return Check("store", False, str(exc))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _keychain_check(services: Services) -> Check:
    keychain = services.secrets
    if not keychain.available():
        return Check(
            "keychain",
            True,
            "no trusted OS keychain: passphrase-only unlock (LINKDESK_KEYRING=off or none installed)",
        )
    name = f"self-test/{secrets.token_hex(4)}"
    value = secrets.token_bytes(16)
    try:
        keychain.put(name, value)
        round_trip = keychain.get(name)
        keychain.delete(name)
    except LinkDeskError as exc:
        return Check("keychain", False, str(exc))
    if round_trip != value:
        return Check("keychain", False, f"{keychain.backend_name()} did not give back what it was given")
    return Check("keychain", True, f"round trip through {keychain.backend_name()}")


def _fonts_check(services: Services) -> Check:
    missing = services.pdf_probe.missing_fonts()
    if missing:
        return Check("fonts", False, "missing: " + ", ".join(missing))
    return Check("fonts", True, "bundled fonts present")


def _letter_check(services: Services) -> Check:
    try:
        pdf = services.pdf_probe.render_check_page()
    except Exception as exc:  # any rendering failure is what this check exists to report
        return Check("letters", False, f"rendering failed: {type(exc).__name__}")
    if not pdf.startswith(b"%PDF-"):
        return Check("letters", False, "the rendered page is not a PDF")
    return Check("letters", True, f"a letter page rendered in memory ({len(pdf)} bytes)")


def _managed_check(services: Services) -> Check:
    """The organisation's settings file: absent, in force (and what it manages), or refused."""
    managed = services.managed
    return Check("managed", not managed.problem, "; ".join(managed.summary()))


def run(services: Services) -> list[Check]:
    return [
        _store_check(services),
        _keychain_check(services),
        _fonts_check(services),
        _letter_check(services),
        _managed_check(services),
    ]
