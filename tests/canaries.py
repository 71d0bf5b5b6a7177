"""Canary scanning for the at-rest leak tests (security R2): every file and file name under some
folders, searched for each canary as UTF-8 (any case), UTF-16 (both byte orders), base64 (all
three alignments), and inside every zlib, gzip or zip stream found in a file."""

from __future__ import annotations

import base64
import io
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

#: Where a compressed stream may start: zlib headers (each compression level) and gzip.
STREAM_STARTS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda", b"\x1f\x8b\x08")
MAX_INFLATED = 64 << 20


def encodings(canary: str) -> list[bytes]:
    raw = canary.encode()
    forms = [raw, canary.encode("utf-16-le"), canary.encode("utf-16-be")]
    for shift in range(3):  # base64 of the canary at each alignment within a longer string
        encoded = base64.b64encode(b"\0" * shift + raw)
        forms.append(encoded[4 if shift else 0 : -4])
    return [f for f in forms if len(f) >= 8]


def inflated(data: bytes) -> Iterable[bytes]:
    """The contents of every compressed stream in ``data`` (zip members, zlib, gzip)."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.infolist():
                    yield archive.read(member)
        except (zipfile.BadZipFile, ValueError, OSError):
            pass
    for start in STREAM_STARTS:
        at = data.find(start)
        while at >= 0:
            wbits = 31 if start[0] == 0x1F else 15
            try:
                out = zlib.decompressobj(wbits).decompress(data[at:], MAX_INFLATED)
            except zlib.error:
                out = b""
            if out:
                yield out
            at = data.find(start, at + 1)


def found_in(data: bytes, canaries: list[str]) -> set[str]:
    lowered = data.lower()
    return {
        c
        for c in canaries
        if any(form in (lowered if i == 0 else data) for i, form in enumerate(encodings(c)))
    }


def scan(root: Path, canaries: list[str], *, allowed: Iterable[Path] = ()) -> list[str]:
    """Every place a canary shows: ``path: canary`` or ``path (file name)``."""
    skip = {Path(p).resolve() for p in allowed}
    hits = []
    for path in sorted(root.rglob("*")):
        hits += [f"{path} (file name)" for c in canaries if c in path.name.lower()]
        if not path.is_file() or path.is_symlink() or path.resolve() in skip:
            continue
        data = path.read_bytes()
        seen = found_in(data, canaries)
        for stream in inflated(data):
            seen |= found_in(stream, canaries)
        hits += [f"{path}: {c}" for c in sorted(seen)]
    return hits
