"""Every page of a store's file and write-ahead log, decrypted in the test (SQLCipher 4 layout).

A raw 32-byte key encrypts each 4096-byte page with AES-256-CBC, leaving 80 reserved bytes at
its end: a 16-byte IV, then the HMAC. Page 1 starts with the 16-byte salt, in clear. Reading the
pages ourselves (rather than through SQLite) also sees free pages and cell space no query shows,
which is where a careless delete leaves text behind.
"""

from __future__ import annotations

import struct
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
IV = 16
WAL_HEADER, FRAME_HEADER = 32, 24


def _page(key: bytes, raw: bytes, number: int) -> bytes:
    start = 16 if number == 1 else 0
    iv = raw[PAGE - RESERVE : PAGE - RESERVE + IV]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(raw[start : PAGE - RESERVE]) + decryptor.finalize()


def decrypted(db: Path, key: bytes) -> bytes:
    """The plain text of every page of ``db`` and of every frame of its ``-wal``."""
    out = []
    data = db.read_bytes()
    for index in range(len(data) // PAGE):
        out.append(_page(key, data[index * PAGE : (index + 1) * PAGE], index + 1))
    wal = db.with_name(db.name + "-wal")
    frames = wal.read_bytes() if wal.exists() else b""
    at = WAL_HEADER
    while at + FRAME_HEADER + PAGE <= len(frames):
        (number,) = struct.unpack(">I", frames[at : at + 4])
        out.append(_page(key, frames[at + FRAME_HEADER : at + FRAME_HEADER + PAGE], number))
        at += FRAME_HEADER + PAGE
    return b"".join(out)
