"""One byte form per event (UTF-8 JSON, sorted keys, no spaces), the content ids derived from it, and the hash chain.

The hash of event `seq` is SHA-256, in lowercase hex, of these UTF-8 lines joined by `\\n`:
the previous event's hash (64 zeros before seq 1), seq in decimal, id, type, recorded_at, recorded_by, and
last the canonical JSON of the event without its id. Anyone can re-check a log with these few lines.
"""

import hashlib
import uuid
from typing import Any

import orjson

# Content ids are UUIDv5 in this namespace of the canonical JSON without `id` (README: "Content ids").
CONTENT_NAMESPACE = uuid.UUID("5a3c1f1e-7d2b-4c1a-9f5e-2b7c0e8d4a61")
GENESIS_HASH = "0" * 64


def canonical_json(obj: Any) -> bytes:
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def content_id(body: bytes) -> str:
    """uuid.uuid5(CONTENT_NAMESPACE, body), computed directly: it runs once per imported line."""
    digest = bytearray(hashlib.sha1(CONTENT_NAMESPACE.bytes + body).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def chain_hash(previous: str, seq: int, id: str, type: str, recorded_at: str, recorded_by: str, body: bytes) -> str:
    head = f"{previous}\n{seq}\n{id}\n{type}\n{recorded_at}\n{recorded_by}\n".encode()
    return hashlib.sha256(head + body).hexdigest()


def export_line(id: str, body: bytes) -> bytes:
    """The import-format line of a stored event: its canonical content with its id, keys sorted."""
    event = orjson.loads(body)
    event["id"] = id
    return canonical_json(event)
