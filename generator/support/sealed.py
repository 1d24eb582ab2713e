"""Cache entries sealed with their SHA-256, so a damaged or edited entry is never reused.

The build cache lives in the user's cache folder, outside the repository, but a
file there can still be truncated by a full disk, edited by hand or damaged by
another program. Every entry is stored as the hex SHA-256 of its bytes, a newline
and the bytes; `unseal` gives the bytes back only when they still match.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

_DIGEST = 64  # hex characters of a SHA-256


def seal(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode() + b"\n" + data


def sealed_start(blob: bytes) -> int | None:
    """Where the bytes sealed in `blob` start, checked in place; None if they do not match.

    For large entries read in pieces: nothing is copied out of `blob`.
    """
    data = memoryview(blob)[_DIGEST + 1 :]
    if blob[_DIGEST : _DIGEST + 1] != b"\n":
        return None
    return _DIGEST + 1 if hashlib.sha256(data).hexdigest().encode() == blob[:_DIGEST] else None


def unseal(blob: bytes) -> bytes | None:
    """The bytes sealed in `blob`, or None if they do not match their digest."""
    start = sealed_start(blob)
    return None if start is None else blob[start:]


def read_sealed(path: Path) -> bytes | None:
    """The verified bytes of the entry at `path`; None if it is missing.

    Raises `DamagedEntry` for an entry that cannot be read or does not match.
    """
    found = read_sealed_in_place(path)
    return None if found is None else found[0][found[1] :]


def read_sealed_in_place(path: Path) -> tuple[bytes, int] | None:
    """The entry at `path` as read, and where its verified bytes start; None if missing.

    Raises `DamagedEntry` for an entry that cannot be read or does not match.
    """
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:  # a folder in its place, permission denied, an I/O error
        raise DamagedEntry(path, err.strerror or type(err).__name__) from None
    start = sealed_start(blob)
    if start is None:
        raise DamagedEntry(path, "its bytes do not match their SHA-256")
    return blob, start


def write_sealed(path: Path, data: bytes) -> None:
    """Store `data` at `path` whole or not at all, even with other processes storing at once."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(seal(data))
    os.replace(temporary, path)


def discard(path: Path) -> None:
    """Remove a damaged entry, whatever it is (a file, a folder, a link); never raise."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


class DamagedEntry(Exception):
    """A cache entry that cannot be read, or whose bytes are not the ones stored."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: {reason}")
