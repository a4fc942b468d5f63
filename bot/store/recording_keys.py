"""Master keys for recordings, kept outside the database (`.local/recording-keys.json`, 0600).

Each key has an id; the current one wraps new recordings' data keys (AES-GCM, the key id and the file id
as associated data). `rotate` adds a key and makes it current; once every data key is rewrapped, `retire`
drops the old key's material and keeps its id and dates. The file is replaced atomically (write, fsync,
rename), so a crash leaves the old or the new keyring, never half of one.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bot.core.clock import utcnow
from bot.store.recording_file import RecordingError

KEY_BYTES = 32


class RecordingKeyError(RecordingError):
    """The keyring is missing, unreadable, or lacks the key a recording needs."""


@dataclass
class Keyring:
    path: Path
    current: str = ""
    keys: dict[str, dict[str, str | None]] = field(default_factory=dict)

    # ---- loading and saving ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> Keyring:
        try:
            raw = json.loads(path.read_text())
        except FileNotFoundError:
            raise RecordingKeyError(
                f"{path}: no recording keyring: run `clearcall secrets` to create one"
            ) from None
        except (OSError, ValueError) as exc:
            raise RecordingKeyError(f"{path}: the recording keyring cannot be read ({exc})") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("keys"), dict) or "current" not in raw:
            raise RecordingKeyError(f"{path}: the recording keyring lacks `current` or `keys`: corrupt")
        ring = cls(path, str(raw["current"]), raw["keys"])
        for key_id, entry in ring.keys.items():
            if entry.get("key") is not None:
                ring._material(key_id)  # validate now, with the file and the field in the message
        if ring.current not in ring.keys or ring.keys[ring.current].get("key") is None:
            raise RecordingKeyError(
                f"{path}: `current` names key {ring.current!r}, which the keyring does not hold"
            )
        return ring

    @classmethod
    def ensure(cls, path: Path) -> Keyring:
        """The keyring at `path`, created with a first key if there is none."""
        if path.exists():
            return cls.load(path)
        ring = cls(path)
        ring.add_key()
        ring.save()
        return ring

    def save(self) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"current": self.current, "keys": self.keys}, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    # ---- keys ------------------------------------------------------------------------------------------
    def add_key(self) -> str:
        """A new random key, made current (not saved: call `save`)."""
        key_id = f"rk-{secrets.token_hex(6)}"
        material = base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()
        self.keys[key_id] = {"key": material, "created_at": utcnow(), "retired_at": None}
        self.current = key_id
        return key_id

    def retire(self, key_id: str) -> None:
        """Drop a key's material (its id and dates stay, so old rows still name a known key)."""
        entry = self.keys[key_id]
        entry["key"] = None
        entry["retired_at"] = utcnow()

    def _material(self, key_id: str) -> bytes:
        entry = self.keys.get(key_id)
        if entry is None:
            raise RecordingKeyError(
                f"{self.path}: no key {key_id!r} (the recording names a key this keyring lacks)"
            )
        if entry.get("key") is None:
            raise RecordingKeyError(f"{self.path}: key {key_id!r} was retired on {entry.get('retired_at')}")
        try:
            material = base64.b64decode(str(entry["key"]), validate=True)
        except (binascii.Error, ValueError):
            raise RecordingKeyError(f"{self.path}: keys.{key_id}.key is not base64: corrupt") from None
        if len(material) != KEY_BYTES:
            raise RecordingKeyError(
                f"{self.path}: keys.{key_id}.key has {len(material)} bytes, not {KEY_BYTES}"
            )
        return material

    def wrap(self, data_key: bytes, file_id: bytes) -> tuple[str, str]:
        """(key id, wrapped data key as base64) under the current key."""
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self._material(self.current)).encrypt(nonce, data_key, _aad(self.current, file_id))
        return self.current, base64.b64encode(nonce + sealed).decode()

    def unwrap(self, key_id: str, wrapped: str, file_id: bytes) -> bytes:
        material = self._material(key_id)
        try:
            blob = base64.b64decode(wrapped, validate=True)
            return AESGCM(material).decrypt(blob[:12], blob[12:], _aad(key_id, file_id))
        except (InvalidTag, binascii.Error, ValueError):
            raise RecordingKeyError(
                f"key {key_id!r} of {self.path} does not open this recording's data key: "
                "a wrong or corrupt key, or the wrapped key in the database was altered"
            ) from None


def _aad(key_id: str, file_id: bytes) -> bytes:
    return key_id.encode() + b"\0" + file_id


def new_data_key() -> tuple[bytes, bytes]:
    """(data key, file id) for a new recording."""
    return secrets.token_bytes(KEY_BYTES), secrets.token_bytes(16)
