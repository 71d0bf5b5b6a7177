"""Fuzzing the bundle reader below the signature: framing, manifest and ops as a trusted but
faulty or hostile device could sign them. Every input is refused with a plain FileProblem or
read; nothing else may come out (no crash, no hang, no huge allocation).

Each input that ever crashed the reader is kept in ``tests/fixtures/bundle-fuzz/`` (the signed
plaintext body) and replayed by ``test_every_kept_crash_is_refused``; set ``BUNDLE_FUZZ_KEEP=1``
to save new ones. The first, ``crash-huge-range.bin``, declared one op over a range of a
thousand billion sequence numbers: the reader built the list of every expected op id and hung.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519

from linkdesk.errors import FileProblem
from linkdesk.sync.bundle import MAGIC, SIG_CONTEXT, BundleCodec

CRASHES = Path(__file__).resolve().parent.parent / "fixtures" / "bundle-fuzz"
CODEC = BundleCodec()
IDENTITY = CODEC.new_identity("11111111-1111-4111-8111-111111111111", "Asha")
SENDER = IDENTITY.card.device_id
MANIFEST = {
    "magic": "LINKDESK-BUNDLE", "format": 1, "min_reader": 1, "critical": [], "bundle_id": "a" * 32,
    "sender": SENDER, "sender_name": "Asha", "created_at": "2026-11-23T09:00:00+00:00", "schema_version": 9,
    "full": False, "ranges": {SENDER: [1, 1]}, "op_count": 1, "vector": {SENDER: 1},
}  # fmt: skip
OP = [SENDER, 1, "000001795000000.000000", "asha", "create", "school", "x", {"name": "A"}, {}]

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def frame(manifest: bytes, ops: bytes) -> bytes:
    return (
        MAGIC
        + SENDER.encode()
        + struct.pack(">I", len(manifest))
        + manifest
        + struct.pack(">I", len(ops))
        + ops
    )


def dumps(value: object) -> bytes:
    return json.dumps(value).encode()


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    manifest, ops = json.loads(json.dumps(MANIFEST)), [list(OP)]
    kind = draw(st.sampled_from(["manifest-field", "op-field", "ranges", "raw", "bytes"]))
    if kind == "manifest-field":
        manifest[draw(st.sampled_from(sorted(MANIFEST)))] = draw(JSON)
    elif kind == "op-field":
        ops[0][draw(st.integers(0, 8))] = draw(JSON)
    elif kind == "ranges":
        first, last = draw(st.integers(-(2**62), 2**62)), draw(st.integers(-(2**62), 2**62))
        manifest["ranges"] = {SENDER: [first, last]}
    elif kind == "raw":
        return frame(draw(st.binary(max_size=64)), draw(st.binary(max_size=64)))
    else:
        body = bytearray(frame(dumps(manifest), dumps(ops)))
        at = draw(st.integers(0, len(body) - 1))
        body[at : at + 1] = draw(st.binary(max_size=3))
        return bytes(body)
    return frame(dumps(manifest), dumps(ops))


def open_signed(body: bytes) -> None:
    signature = Ed25519PrivateKey.from_private_bytes(IDENTITY.sign_private).sign(SIG_CONTEXT + body)
    sealed = bytes(pyrage.encrypt(body + signature, [x25519.Recipient.from_str(IDENTITY.card.age_recipient)]))
    try:
        CODEC.open(sealed, IDENTITY, lambda device: IDENTITY.card.sign_public)
    except FileProblem as exc:
        assert str(exc).endswith(".") and "Traceback" not in str(exc)
    except Exception:
        if os.environ.get("BUNDLE_FUZZ_KEEP"):
            CRASHES.mkdir(exist_ok=True)
            (CRASHES / f"crash-{hashlib.sha256(body).hexdigest()[:12]}.bin").write_bytes(body)
        raise


def test_the_genuine_body_opens() -> None:
    open_signed(frame(dumps(MANIFEST), dumps([OP])))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies())
def test_a_signed_but_malformed_body_is_refused_in_words(body: bytes) -> None:
    open_signed(body)


@pytest.mark.slow
@settings(max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies())
def test_many_signed_but_malformed_bodies(body: bytes) -> None:
    open_signed(body)


@pytest.mark.parametrize("kept", sorted(CRASHES.glob("crash-*")) if CRASHES.exists() else [], ids=str)
def test_every_kept_crash_is_refused(kept: Path) -> None:
    open_signed(kept.read_bytes())
