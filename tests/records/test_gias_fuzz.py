"""Fuzzing the school-list import: damaged GIAS downloads are refused in plain words, never crash.

Each example damages a small file in the real 140-column layout (quoted as GIAS writes it, or
as a spreadsheet saves it), sometimes inside the zip GIAS delivers, and plans its import. The
only outcomes allowed are a plan, or a FileProblem/ValidationError; a plan with problems must be
refused by ``apply_import`` with nothing written, and a clean plan must apply (then is undone).

Every input that ever crashed the importer is kept (gzipped) in ``tests/fixtures/gias-fuzz/`` and replayed
by ``test_every_kept_crash_is_refused_or_planned``. Set ``GIAS_FUZZ_KEEP=1`` (and
``GIAS_FUZZ_EXAMPLES`` to run longer) to save new crashes there as they are found. The first,
``crash-2d096565dfc0.csv``, is the one issue 19 reported: the importer before this one raised
csv's "field larger than field limit" on it.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkdesk.errors import LinkDeskError, ValidationError
from linkdesk.services.gias_source import GiasFile
from linkdesk.services.records import RecordService
from linkdesk.services.school_import import apply_import, plan_import
from linkdesk.storage.store import Store
from tests.records.gias_layout import FIXTURES, HEADER_2024, ROWS_2024, render, school

CRASHES = FIXTURES / "gias-fuzz"
#: Over 128 KiB, so that a quote opening a field that never closes runs past csv's field limit.
FILLER = [school(f"{200000 + n}", f"Filler School {n}", postcode="LU1 1XX") for n in range(700)]
SEEDS = (
    render(HEADER_2024, ROWS_2024[:6]),
    render(HEADER_2024, ROWS_2024[2:8], quoted=False),
    render(HEADER_2024, ROWS_2024[8:12], encoding="utf-8"),
    render(HEADER_2024, [*ROWS_2024[:3], *FILLER], quoted=False),
)
PIECES = [b'"', b",", b"\r", b"\n", b"\r\n", b"\x00", b"\xff", b"\x81", b"\xef\xbb\xbf", b'""', b"=1+1"]
PIECES += ["é’".encode(), "é".encode("cp1252"), b"190101", b" ", b"PK\x03\x04", b'"\r\n"']


class _Undo(Exception):
    pass


@st.composite
def damaged(draw: st.DrawFn) -> tuple[bytes, str]:
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(raw)))
        kind = draw(st.sampled_from(["insert", "insert", "delete", "replace", "truncate", "repeat"]))
        piece = draw(st.one_of(st.sampled_from(PIECES), st.binary(min_size=1, max_size=6)))
        if kind == "insert":
            raw[where:where] = piece
        elif kind == "delete":
            del raw[where : where + draw(st.integers(1, 40))]
        elif kind == "replace":
            raw[where : where + len(piece)] = piece
        elif kind == "truncate":
            del raw[where:]
        else:
            end = raw.find(b"\n", where)
            raw[where:where] = raw[where : end + 1 if end >= 0 else len(raw)]
    if not draw(st.booleans()):
        return bytes(raw), ".csv"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            draw(st.sampled_from(["edubasealldata20240101.csv", "list.csv", "x.txt"])), bytes(raw)
        )
    packed = bytearray(out.getvalue())
    if draw(st.booleans()):  # damage the zip itself
        where = draw(st.integers(0, len(packed) - 1))
        packed[where : where + 1] = draw(st.binary(min_size=1, max_size=2))
    return bytes(packed), ".zip"


def check(raw: bytes, suffix: str, directory: Path, records: RecordService, store: Store) -> None:
    """Plan the file; only a plan or a plain refusal may come out, and a refusal writes nothing."""
    path = directory / f"download{suffix}"
    path.write_bytes(raw)
    before = store.records.state_hash()
    try:
        plan = plan_import(GiasFile(path), records)
    except LinkDeskError:
        assert store.records.state_hash() == before
        return
    except Exception:
        if os.environ.get("GIAS_FUZZ_KEEP"):
            CRASHES.mkdir(exist_ok=True)
            name = hashlib.sha256(raw).hexdigest()[:12]
            (CRASHES / f"crash-{name}{suffix}.gz").write_bytes(gzip.compress(raw))
        raise
    if plan.problems:
        with pytest.raises(ValidationError, match="nothing was imported"):
            apply_import(plan, records)
    else:
        try:
            with store.transaction():
                apply_import(plan, records)
                raise _Undo
        except _Undo:
            pass
    assert store.records.state_hash() == before


@settings(
    max_examples=int(os.environ.get("GIAS_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=damaged())
def test_a_damaged_download_is_planned_or_refused(
    tmp_path: Path, records: RecordService, store: Store, case: tuple[bytes, str]
) -> None:
    check(*case, tmp_path, records, store)


@pytest.mark.parametrize("kept", sorted(CRASHES.glob("crash-*")) if CRASHES.exists() else [], ids=str)
def test_every_kept_crash_is_refused_or_planned(
    tmp_path: Path, records: RecordService, store: Store, kept: Path
) -> None:
    """Kept gzipped (``crash-<sha256 prefix>.<csv|zip>.gz``) so that large ones stay small."""
    raw = gzip.decompress(kept.read_bytes())
    check(raw, Path(kept.stem).suffix, tmp_path, records, store)
