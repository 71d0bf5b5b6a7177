"""Getting the passphrase or recovery code: the environment for scripts, else a hidden prompt."""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from typing import Any

from linkdesk.config import ENV_PASSPHRASE, ENV_RECOVERY_CODE
from linkdesk.errors import ValidationError
from linkdesk.services.app_services import Services


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask_secret(env_name: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env_name)
    if value is not None:
        return value
    if not _interactive():
        raise ValidationError(f"No {prompt.lower()} given: set {env_name} or run the command in a terminal.")
    first = getpass.getpass(f"{prompt}: ")
    if confirm and getpass.getpass(f"{prompt} again: ") != first:
        raise ValidationError(f"The two {prompt.lower()}s did not match; nothing was changed.")
    return first


def passphrase(confirm: bool = False) -> str:
    return ask_secret(ENV_PASSPHRASE, "Passphrase", confirm=confirm)


def recovery_code() -> str:
    return ask_secret(ENV_RECOVERY_CODE, "Recovery code")


@contextlib.contextmanager
def unlocked(services: Services, *, check_first: bool = False) -> Iterator[Any]:
    """The unlocked store for the length of one command; locked again however it ends."""
    store = services.vault.unlock(passphrase(), check_first=check_first)
    try:
        yield store
    finally:
        store.close()
