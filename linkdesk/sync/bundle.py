"""Identity cards and sync bundles: age v1 encryption (``pyrage``) and Ed25519 signatures.

A bundle is an age file encrypted to the X25519 keys of the team's trusted devices (and the
sender's own, so it can read back what it wrote). Inside::

    b"LDB1" | sender device id (36 ASCII) | u32 manifest length | manifest JSON
            | u32 ops length | ops JSON | Ed25519 signature (64 bytes)

The signature covers everything before it, prefixed by ``b"LDB1-sig\\0"``. A reader decrypts the
whole file (age authenticates every chunk and requires the final one), finds the sender's key by
the fixed-width id, verifies the signature, and only then parses the JSON, with a bound on every
field. A card is JSON signed by its own key, so a damaged or edited card is refused.
"""

from __future__ import annotations

import base64
import io
import json
import struct
from collections.abc import Callable
from typing import Any

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from pyrage import x25519

from linkdesk.domain.records import Op, OpId
from linkdesk.domain.team import BUNDLE_FORMAT, KNOWN_FEATURES, Card, Identity, Manifest
from linkdesk.errors import FileProblem

MAGIC = b"LDB1"
SIG_CONTEXT = b"LDB1-sig\0"
CARD_CONTEXT = b"LDC1-card\0"
DEVICE_ID_LEN = 36
SIG_LEN = 64
#: The largest bundle accepted: a whole large service's history is about 60 MB.
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
MAX_CARD_BYTES = 16 * 1024


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class BundleCodec:
    """The ``sync`` adapter: keys, cards and bundles (see ``domain.ports.BundleCodec``)."""

    # -- identities and cards -----------------------------------------------------------------

    def new_identity(self, device_id: str, name: str) -> Identity:
        age = x25519.Identity.generate()
        signer = Ed25519PrivateKey.generate()
        public = signer.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        private = signer.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return Identity(Card(device_id, name, str(age.to_public()), public), str(age), private)

    def card_bytes(self, identity: Identity) -> bytes:
        card = identity.card
        body = {
            "linkdesk_card": 1,
            "device_id": card.device_id,
            "name": card.name,
            "age_recipient": card.age_recipient,
            "sign_public": _b64(card.sign_public),
        }
        signature = Ed25519PrivateKey.from_private_bytes(identity.sign_private).sign(
            CARD_CONTEXT + _canonical(body)
        )
        return _canonical({**body, "signature": _b64(signature)}) + b"\n"

    def read_card(self, raw: bytes) -> Card:
        """The card in ``raw``, or FileProblem in plain words."""
        problem = FileProblem("This is not a LinkDesk team card, or it has been damaged or edited.")
        if len(raw) > MAX_CARD_BYTES:
            raise problem
        try:
            data = json.loads(raw.decode("utf-8"))
            signature = base64.b64decode(data.pop("signature"), validate=True)
            public = base64.b64decode(data["sign_public"], validate=True)
            card = Card(str(data["device_id"]), str(data["name"])[:80], str(data["age_recipient"]), public)
            x25519.Recipient.from_str(card.age_recipient)
            Ed25519PublicKey.from_public_bytes(public).verify(signature, CARD_CONTEXT + _canonical(data))
        except (
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            InvalidSignature,
            pyrage.RecipientError,
        ) as exc:
            raise problem from exc
        if data.get("linkdesk_card") != 1 or len(card.device_id) != DEVICE_ID_LEN:
            raise problem
        return card

    # -- bundles --------------------------------------------------------------------------------

    def seal(self, identity: Identity, recipients: list[Card], manifest: Manifest, ops: list[Op]) -> bytes:
        """The encrypted, signed bundle of ``ops`` for ``recipients`` (and the sender)."""
        manifest_bytes = _canonical(_manifest_json(manifest))
        ops_bytes = _canonical([_op_json(op) for op in ops])
        body = (
            MAGIC
            + identity.card.device_id.encode("ascii")
            + struct.pack(">I", len(manifest_bytes))
            + manifest_bytes
            + struct.pack(">I", len(ops_bytes))
            + ops_bytes
        )
        signature = Ed25519PrivateKey.from_private_bytes(identity.sign_private).sign(SIG_CONTEXT + body)
        keys = [x25519.Recipient.from_str(card.age_recipient) for card in [identity.card, *recipients]]
        return bytes(pyrage.encrypt(body + signature, keys))

    def open(
        self, raw: bytes, identity: Identity, sender_key: Callable[[str], bytes]
    ) -> tuple[Manifest, list[Op]]:
        """Decrypt, authenticate and parse a bundle; FileProblem (plain words) on any fault.

        ``sender_key(device_id)`` returns the trusted signing key of a sender, or raises
        FileProblem saying why the sender is not trusted.
        """
        if len(raw) > MAX_BUNDLE_BYTES:
            raise FileProblem(f"This file is larger than any LinkDesk bundle ({MAX_BUNDLE_BYTES:,} bytes).")
        try:
            plain = _decrypt(raw, x25519.Identity.from_str(identity.age_identity))
        except (pyrage.DecryptError, OSError) as exc:  # the stream reader's payload errors are OSError
            raise FileProblem(
                "This bundle cannot be opened on this laptop: it is damaged or incomplete, or it was "
                "not made for this laptop's team card. Nothing was imported."
            ) from exc
        head = len(MAGIC) + DEVICE_ID_LEN
        if len(plain) < head + 8 + SIG_LEN or not plain.startswith(MAGIC):
            raise _damaged()
        sender = plain[len(MAGIC) : head].decode("ascii", "replace")
        body, signature = plain[:-SIG_LEN], plain[-SIG_LEN:]
        try:
            Ed25519PublicKey.from_public_bytes(sender_key(sender)).verify(signature, SIG_CONTEXT + body)
        except (InvalidSignature, ValueError) as exc:
            raise FileProblem(
                f"The signature on this bundle does not match device {sender}'s card: it was altered "
                "or forged. Nothing was imported."
            ) from exc
        manifest_bytes, rest = _take(body, head)
        ops_bytes, end = _take(body, rest)
        if end != len(body):
            raise _damaged()
        manifest = _parse_manifest(manifest_bytes, sender)
        ops = _parse_ops(ops_bytes, manifest)
        return manifest, ops


def _decrypt(raw: bytes, identity: x25519.Identity) -> bytes:
    """The age payload of ``raw``, read as a stream.

    ``pyrage.decrypt`` parses the header by re-reading it from the start for every few bytes it
    needs, which is quadratic in its size: 23 ms for a team of 50 (one stanza each) against 4 ms
    for the stream reader, which does the same checks (a damaged or truncated payload raises
    OSError there; the plaintext read so far is dropped with the buffer).
    """
    plain = io.BytesIO()
    pyrage.decrypt_io(io.BytesIO(raw), plain, [identity])
    return plain.getvalue()


def _damaged() -> FileProblem:
    return FileProblem("This bundle is damaged (its contents are not laid out as LinkDesk writes them).")


def _take(body: bytes, at: int) -> tuple[bytes, int]:
    if at + 4 > len(body):
        raise _damaged()
    (size,) = struct.unpack(">I", body[at : at + 4])
    if at + 4 + size > len(body):
        raise _damaged()
    return body[at + 4 : at + 4 + size], at + 4 + size


def _manifest_json(m: Manifest) -> dict[str, Any]:
    return {
        "magic": "LINKDESK-BUNDLE",
        "format": m.format,
        "min_reader": m.min_reader,
        "critical": list(m.critical),
        "bundle_id": m.bundle_id,
        "sender": m.sender,
        "sender_name": m.sender_name,
        "created_at": m.created_at,
        "schema_version": m.schema_version,
        "full": m.full,
        "ranges": {device: list(span) for device, span in m.ranges.items()},
        "op_count": m.op_count,
        "vector": m.vector,
    }


def _parse_manifest(raw: bytes, sender: str) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("magic") != "LINKDESK-BUNDLE":
            raise _damaged()
        min_reader, critical = int(data["min_reader"]), [str(c) for c in data["critical"]]
        if min_reader > BUNDLE_FORMAT or set(critical) - KNOWN_FEATURES:
            raise FileProblem(
                "This bundle was made by a newer LinkDesk; install the newer version to import it. "
                "Nothing was imported."
            )
        manifest = Manifest(
            bundle_id=str(data["bundle_id"]),
            sender=str(data["sender"]),
            sender_name=str(data["sender_name"])[:80],
            created_at=str(data["created_at"]),
            schema_version=int(data["schema_version"]),
            full=bool(data["full"]),
            ranges={str(d): (int(s[0]), int(s[1])) for d, s in data["ranges"].items()},
            op_count=int(data["op_count"]),
            vector={str(d): int(n) for d, n in data["vector"].items()},
            format=int(data["format"]),
            min_reader=min_reader,
            critical=tuple(critical),
        )
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise _damaged() from exc
    if manifest.sender != sender or len(manifest.bundle_id) != 32:
        raise _damaged()
    return manifest


def _op_json(op: Op) -> list[Any]:
    """Nine values, and a tenth (``true``) for a purged change's stub."""
    i = op.op_id
    row = [i.device_id, i.seq, op.hlc, op.author, op.kind, op.entity_type, op.entity_id, op.fields, op.deps]
    return [*row, True] if op.purged else row


def _parse_ops(raw: bytes, manifest: Manifest) -> list[Op]:
    """The ops, each inside its device's declared range, in order, none twice, none missing."""
    try:
        rows = json.loads(raw.decode("utf-8"))
        ops = [
            Op(OpId(str(r[0]), int(r[1])), r[2], r[3], r[4], r[5], r[6], r[7], r[8], len(r) == 10)
            for r in rows
            if isinstance(r, list) and (len(r) == 9 or (len(r) == 10 and r[9] is True))
        ]
    except (ValueError, TypeError, IndexError) as exc:
        raise _damaged() from exc
    if len(ops) != len(rows) or len(ops) != manifest.op_count:
        raise _damaged()
    spans = manifest.ranges.values()
    if any(first < 1 or last < first for first, last in spans) or sum(
        last - first + 1 for first, last in spans
    ) != len(ops):  # checked before the ranges are spelled out: a signed range can claim anything
        raise _ops_out_of_order()
    keys = [(op.op_id.device_id, op.op_id.seq) for op in ops]
    expected = [
        (d, seq) for d, (first, last) in sorted(manifest.ranges.items()) for seq in range(first, last + 1)
    ]
    if keys != expected:
        raise _ops_out_of_order()
    return ops


def _ops_out_of_order() -> FileProblem:
    return FileProblem(
        "The changes inside this bundle are out of order, repeated or missing: it was not written "
        "by LinkDesk as it is. Nothing was imported."
    )
