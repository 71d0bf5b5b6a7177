"""Find and read the managed-settings file an organisation provisions on a computer.

One file per machine, written by an administrator and read-only for users (installers/README.md):

* Linux: ``/etc/linkdesk/managed.json``
* Windows: ``%ProgramData%\\LinkDesk\\managed.json``
* macOS: ``/Library/Application Support/LinkDesk/managed.json``

There is deliberately no environment variable or command-line option to point elsewhere: a user
could use it to step around the policy. Tests pass ``path`` (and ``trusted_owners``) instead.
The checks of what the file says are in ``domain/managed.py``.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path, PurePath, PureWindowsPath

from linkdesk.domain.managed import MAX_FILE_BYTES, ManagedPolicy, parse_policy, refused

FILE_NAME = "managed.json"


def default_path(platform: str = sys.platform, environ: Mapping[str, str] | None = None) -> PurePath:
    """Where this platform keeps the file (``environ`` is read for ``ProgramData`` on Windows)."""
    if platform == "win32":
        env = os.environ if environ is None else environ
        program_data = env.get("ProgramData") or env.get("PROGRAMDATA") or r"C:\ProgramData"
        return PureWindowsPath(program_data) / "LinkDesk" / FILE_NAME
    if platform == "darwin":
        return Path("/Library/Application Support/LinkDesk") / FILE_NAME
    return Path("/etc/linkdesk") / FILE_NAME


class _Unusable(Exception):
    pass


def load_managed(path: Path | None = None, trusted_owners: Collection[int] | None = None) -> ManagedPolicy:
    """The policy in force: nothing managed when there is no file, a refused one when it is unusable.

    On Linux and macOS the file must belong to one of ``trusted_owners`` (default: root) and be
    writable by its owner only; otherwise a user could have written it.
    """
    target = Path(default_path()) if path is None else path
    try:
        text = _read(target, {0} if trusted_owners is None else set(trusted_owners))
    except FileNotFoundError:
        return ManagedPolicy()
    except _Unusable as exc:
        return refused(str(target), str(exc))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = f"it is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        return refused(str(target), reason)
    return _check_logo(parse_policy(data, str(target)))


def _read(target: Path, owners: set[int]) -> str:
    """The file's text, after the checks that it is an administrator's; _Unusable says why not."""
    try:
        info = target.stat()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _Unusable(f"it cannot be read ({exc.strerror or type(exc).__name__})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise _Unusable("it is not a plain file")
    if os.name == "posix":
        if info.st_uid not in owners:
            raise _Unusable("it does not belong to an administrator (root)")
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise _Unusable("other users of this computer can change it")
    if info.st_size > MAX_FILE_BYTES:
        raise _Unusable(f"it is larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        return target.read_bytes().decode("utf-8-sig")  # Windows tools often add a BOM
    except OSError as exc:
        raise _Unusable(f"it cannot be read ({exc.strerror or type(exc).__name__})") from exc
    except UnicodeDecodeError as exc:
        raise _Unusable("it is not UTF-8 text") from exc


def _check_logo(policy: ManagedPolicy) -> ManagedPolicy:
    """A managed logo that is not there is set aside (letters show initials), not the whole file."""
    logo = policy.letterhead.get("letterhead_logo")
    if not logo or Path(logo).is_file():
        return policy
    letterhead = {key: value for key, value in policy.letterhead.items() if key != "letterhead_logo"}
    note = f"the letterhead logo {logo} is not there; letters show the service's initials"
    return replace(policy, letterhead=letterhead, notes=(*policy.notes, note))
