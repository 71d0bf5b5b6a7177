"""Cheap checks of the installer scripts that cannot run here (Windows, macOS), and of the Linux
metadata, so a careless edit fails the default run rather than a release build."""

from __future__ import annotations

import configparser
import plistlib
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

INSTALLERS = Path(__file__).resolve().parents[2] / "installers"


def setup_directives() -> dict[str, str]:
    text = (INSTALLERS / "windows" / "linkdesk.iss").read_text(encoding="utf-8")
    section = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    pairs = (line.split("=", 1) for line in section.splitlines() if "=" in line and not line.startswith(";"))
    return {key.strip(): value.strip() for key, value in pairs}


def test_windows_installs_per_user_with_a_per_machine_option_and_signing_hooks() -> None:
    setup = setup_directives()
    assert setup["PrivilegesRequired"] == "lowest"
    assert set(setup["PrivilegesRequiredOverridesAllowed"].split()) == {"dialog", "commandline"}
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert setup["SignTool"] == "linkdesk" and setup["SignedUninstaller"] == "yes"
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    text = (INSTALLERS / "windows" / "linkdesk.iss").read_text(encoding="utf-8")
    assert "GetFileProductVersionString" in text  # the version comes from the programs
    assert "linkdesk-gui.exe" in text and "/REMOVEUSERDATA" in text and "UninstallSilent()" in text
    build = (INSTALLERS / "windows" / "build.ps1").read_text(encoding="utf-8")
    assert "/Slinkdesk=" in build and "/fd sha256" in build and "/td sha256" in build


def test_the_spec_builds_a_windowed_and_a_console_program_and_checks_its_budget() -> None:
    spec = (INSTALLERS / "pyinstaller" / "linkdesk.spec").read_text(encoding="utf-8")
    assert re.search(r'name="linkdesk-gui", console=False', spec)
    assert re.search(r'name="linkdesk", console=True', spec)
    assert 'collect_submodules("keyring.backends")' in spec and '"keyrings.alt"' in spec
    assert "info_plist=" in spec and "windows_version_info()" in spec and "budget_mb" in spec
    budget = tomllib.loads((INSTALLERS / "budget.toml").read_text(encoding="utf-8"))
    assert set(budget["bundle_mb"]) == {"linux", "windows", "macos"}
    assert set(budget["archive_mb"]) == {"tarball", "deb"}


def test_macos_entitlements_are_minimal_and_signing_uses_the_hardened_runtime() -> None:
    with (INSTALLERS / "macos" / "entitlements.plist").open("rb") as handle:
        entitlements = plistlib.load(handle)
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}
    script = (INSTALLERS / "macos" / "build_dmg.sh").read_text(encoding="utf-8")
    assert script.count("--options runtime") >= 3 and "--timestamp" in script
    assert "notarytool submit" in script and "stapler staple" in script


def test_the_linux_desktop_entry_and_appstream_metadata_agree() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(INSTALLERS / "linux" / "org.linkdesk.LinkDesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "linkdesk gui" and desktop["Icon"] == "org.linkdesk.LinkDesk"
    assert desktop["Terminal"] == "false"
    root = ET.parse(INSTALLERS / "linux" / "org.linkdesk.LinkDesk.metainfo.xml").getroot()
    assert root.findtext("id") == "org.linkdesk.LinkDesk"
    assert root.findtext("launchable") == "org.linkdesk.LinkDesk.desktop"
    assert root.find("provides/binary") is not None
