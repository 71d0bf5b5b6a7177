"""A thousand hostile bundles: every one refused with a plain message, the store unchanged.

Three kinds: the encrypted file damaged in transit (flipped, cut, padded); contents altered and
re-encrypted without the sender's key (forged); and contents a trusted but faulty or hostile
device signed itself (reordered, repeated, missing or malformed ops, a newer format, a clock far
ahead, an op id reused with other content). The seed is fixed, so a failure replays exactly.
"""

from __future__ import annotations

import json
import random
import struct
from collections.abc import Callable

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyrage import x25519

from linkdesk.errors import LinkDeskError
from linkdesk.sync.bundle import MAGIC, SIG_CONTEXT
from tests.sync.conftest import Device

DAMAGED_IN_TRANSIT = 700
FORGED = 100
SIGNED_BUT_WRONG = 200


def frame(sender: str, manifest: bytes, ops: bytes) -> bytes:
    return (
        MAGIC
        + sender.encode()
        + struct.pack(">I", len(manifest))
        + manifest
        + struct.pack(">I", len(ops))
        + ops
    )


def seal(body: bytes, signer: bytes, recipients: list[str]) -> bytes:
    signature = Ed25519PrivateKey.from_private_bytes(signer).sign(SIG_CONTEXT + body)
    return bytes(pyrage.encrypt(body + signature, [x25519.Recipient.from_str(r) for r in recipients]))


def contents(device: Device, sealed: bytes) -> tuple[dict, list]:  # type: ignore[type-arg]
    identity = device.sync.identity()
    plain = bytes(pyrage.decrypt(sealed, [x25519.Identity.from_str(identity.age_identity)]))
    at = len(MAGIC) + 36
    (size,) = struct.unpack(">I", plain[at : at + 4])
    manifest = json.loads(plain[at + 4 : at + 4 + size])
    rest = at + 4 + size
    (size_ops,) = struct.unpack(">I", plain[rest : rest + 4])
    return manifest, json.loads(plain[rest + 4 : rest + 4 + size_ops])


def dumps(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def wrong_contents(rng: random.Random, manifest: dict, ops: list) -> tuple[bytes, bytes]:  # type: ignore[type-arg]
    """A signed-but-wrong bundle body: (manifest bytes, ops bytes)."""
    m, o = json.loads(json.dumps(manifest)), json.loads(json.dumps(ops))
    kind = rng.randrange(12)
    if kind == 0 and len(o) > 1:
        o[0], o[1] = o[1], o[0]  # reordered
    elif kind == 1:
        o.append(o[-1])  # repeated
        m["op_count"] += 1
    elif kind == 2:
        o.pop(rng.randrange(len(o)))  # one missing
        m["op_count"] -= 1
    elif kind == 3:
        m["min_reader"] = 2  # a newer format
    elif kind == 4:
        m["critical"] = ["compressed-ops"]
    elif kind == 5:
        o[rng.randrange(len(o))][2] = f"{9_999_999_999_999:015d}.000000"  # a clock far ahead
    elif kind == 6:
        o[rng.randrange(len(o))][5] = "spaceship"  # an unknown record type
    elif kind == 7:
        o[rng.randrange(len(o))][7] = {"name": 12345}  # a value in the wrong form
    elif kind == 8:
        o[0][7] = {**o[0][7], "name": "Another name"}  # an op id reused with other content
    elif kind == 9:
        return dumps(m)[: rng.randrange(1, 40)], dumps(o)  # a cut manifest
    elif kind == 10:
        m["sender"] = "00000000-0000-4000-8000-000000000000"  # claims another sender
    else:
        return dumps(m), dumps(o)[: rng.randrange(1, 60)]  # cut ops
    return dumps(m), dumps(o)


def test_a_thousand_hostile_bundles_are_refused_and_change_nothing(team: list[Device]) -> None:
    asha, ben, _ = team
    school = asha.records.add("school", {"name": "Greenfield Primary", "setting_type": "primary"}).id
    asha.records.add("cyp", {"school_id": school, "initials": "AB"})
    first, _, _ = asha.sync.bundle()
    assert ben.sync.import_bundle(first).new_ops == 2
    asha.records.update("school", school, {"phone": "01582 111111"})
    asha.records.add("note", {"subject_type": "school", "subject_id": school, "body": "Met the SENCo."})
    sealed, _, _ = asha.sync.bundle(full=True)
    manifest, ops = contents(ben, sealed)
    identity = asha.sync.identity()
    recipients = [identity.card.age_recipient, ben.sync.identity().card.age_recipient]
    forger = Ed25519PrivateKey.generate()
    rng = random.Random(20261205)
    before = ben.state()
    attempts: list[tuple[str, Callable[[], bytes]]] = []
    for _ in range(DAMAGED_IN_TRANSIT):
        attempts.append(("transit", lambda: damaged(rng, sealed)))
    for _ in range(FORGED):
        attempts.append(
            ("forged", lambda: forged(rng, manifest, ops, forger, identity.card.device_id, recipients))
        )
    for _ in range(SIGNED_BUT_WRONG):
        attempts.append(
            (
                "signed",
                lambda: seal(
                    frame(identity.card.device_id, *wrong_contents(rng, manifest, ops)),
                    identity.sign_private,
                    recipients,
                ),
            )
        )
    refused = 0
    for kind, make in attempts:
        raw = make()
        try:
            ben.sync.import_bundle(raw)
        except LinkDeskError as exc:
            message = str(exc)
            assert "Traceback" not in message and message.endswith(".") and len(message) < 400, message
            refused += 1
        else:
            raise AssertionError(f"a {kind} bundle was accepted")
        assert ben.state() == before
    assert refused == DAMAGED_IN_TRANSIT + FORGED + SIGNED_BUT_WRONG >= 1000
    assert ben.sync.import_bundle(sealed).new_ops == 2  # the genuine bundle still imports


def damaged(rng: random.Random, sealed: bytes) -> bytes:
    data = bytearray(sealed)
    kind = rng.randrange(4)
    if kind == 0:
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
    elif kind == 1:
        del data[rng.randrange(len(data)) :]
    elif kind == 2:
        data += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    else:
        at = rng.randrange(len(data))
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
    return bytes(data)


def forged(
    rng: random.Random,
    manifest: dict,
    ops: list,
    forger: Ed25519PrivateKey,
    sender: str,
    recipients: list[str],
) -> bytes:  # type: ignore[type-arg]
    altered = [list(op) for op in ops]
    altered[rng.randrange(len(altered))][7] = {"name": f"Forged {rng.randrange(10**6)}"}
    body = frame(sender, dumps(manifest), dumps(altered))
    signature = forger.sign(SIG_CONTEXT + body)
    return bytes(pyrage.encrypt(body + signature, [x25519.Recipient.from_str(r) for r in recipients]))
