"""Where LinkDesk keeps things: data folder, resources, environment switches."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "LinkDesk"
APP_AUTHOR = "LinkDesk"

ENV_HOME = "LINKDESK_HOME"
ENV_PASSPHRASE = "LINKDESK_PASSPHRASE"
ENV_RECOVERY_CODE = "LINKDESK_RECOVERY_CODE"
ENV_KEYRING = "LINKDESK_KEYRING"


def resources_dir() -> Path:
    """The shipped ``resources/`` folder, from a source checkout or a frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--home``, else ``LINKDESK_HOME``, else the platform's *local* (non-roaming) app-data folder."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs  # noqa: PLC0415 - only when a command needs the data folder (fast --version)

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def keyring_enabled() -> bool:
    return os.environ.get(ENV_KEYRING, "").strip().lower() not in {"off", "0", "false", "no"}
