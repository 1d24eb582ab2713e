"""Where build caches live, and the cache of documents read from git blobs.

Caches live outside the repository (in the user's cache folder, one subfolder per
repository), never in the working tree: a pull request could otherwise plant a
cache entry, and a planted page or pickled object must never reach the site or
run. Every entry is keyed by content (a git blob id, a page's source) and by the
version of this tool, so a stale entry is never used.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from functools import cache
from pathlib import Path
from typing import Any

import generator
from generator.support.sealed import discard

# The files whose change changes what the tool makes.
_CODE_SUFFIXES = (".py", ".json", ".html", ".yml", ".css", ".js", ".po")


@cache
def tool_fingerprint() -> str:
    """This tool's version and a digest of the name, size and time of change of every
    file of its code, schemas and default templates.

    Part of every cache key, so an entry made by other code is never reused (a
    development checkout changes without its version number changing). Sizes and
    times, not contents: reading the 170 files took 20 ms, a twentieth of a short
    `charters diff`, and an edit, a checkout or an install gives a file a new time.
    """
    package = Path(generator.__file__).resolve().parent
    digest = hashlib.sha256(generator.__version__.encode())
    folders = [package]
    if not (package / "templates").is_dir():  # a source checkout: the default templates
        folders.append(package.parent / "templates")  # sit beside the package, not in it
    for folder in folders:
        for name, size, changed in sorted(_code_files(folder, package.parent)):
            digest.update(f"{name}\0{size}\0{changed}\n".encode())
    return digest.hexdigest()


def _code_files(folder: Path, base: Path) -> list[tuple[str, int, int]]:
    """Each of the tool's files below `folder` (bytecode folders left out): its name
    from `base`, its size and its time of change in nanoseconds."""
    found = []
    for parent, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        where = Path(parent).relative_to(base).as_posix()
        for name in files:
            if name.endswith(_CODE_SUFFIXES):
                stat = os.stat(os.path.join(parent, name))
                found.append((f"{where}/{name}", stat.st_size, stat.st_mtime_ns))
    return found


def cache_folder(repo_root: Path) -> Path:
    """This repository's cache folder: $CHARTERS_CACHE_DIR, else ~/.cache/charters/<repo>."""
    key = hashlib.sha256(str(repo_root.resolve()).encode()).hexdigest()[:16]
    return cache_root() / key


def cache_root() -> Path:
    """Where every repository's cache folder and the signing key are: $CHARTERS_CACHE_DIR,
    else ~/.cache/charters."""
    base = os.environ.get("CHARTERS_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "charters"


def signing_key(cache_root: Path) -> bytes:
    """This user's key for signing cache entries, made on first use (readable by the user only).

    Kept in the cache root, outside every repository, so no commit can carry it.
    """
    path = cache_root / "signing.key"
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = b""
    if len(key) != 32:
        cache_root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        temporary = path.with_name(f"signing.key.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(key)
        try:
            os.link(temporary, path)  # never over a key another build has just made
        except FileExistsError:
            existing = path.read_bytes()
            if len(existing) == 32:  # another build made it meanwhile: use theirs
                os.unlink(temporary)
                return existing
            os.replace(temporary, path)  # a damaged key: entries signed with it are lost
            return key
        os.unlink(temporary)
    return key


def signed(key: bytes, payload: bytes) -> bytes:
    """`payload` behind its HMAC-SHA256 under `key`: what `verified` gives back."""
    return hmac.new(key, payload, hashlib.sha256).digest() + payload


def verified(key: bytes, blob: bytes) -> bytes | None:
    """The payload of a `signed` blob, or None when its signature does not match."""
    signature, payload = blob[:32], blob[32:]
    expected = hmac.new(key, payload, hashlib.sha256).digest()
    return payload if hmac.compare_digest(signature, expected) else None


def read_signed(path: Path, key: bytes) -> bytes | None:
    """The payload of the file `write_signed` left at `path`, if it is there and signed
    with `key`; a file whose signature does not match is removed, never used."""
    try:
        blob = path.read_bytes()
    except OSError:  # not there, or unreadable: as good as missing
        return None
    payload = verified(key, blob)
    if payload is None:
        discard(path)
    return payload


def write_signed(path: Path, key: bytes, payload: bytes) -> None:
    """Store `payload` signed at `path`, whole or not at all, with other processes writing
    at once; a cache only saves time, so a failure to write is silent."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(signed(key, payload))
        os.replace(temporary, path)
    except OSError:
        discard(temporary)


class BlobCache:
    """Documents already read from git blobs: a blob never changes, so neither does its document.

    Each entry is the checked plain data of a document (building the dataclasses
    from it is quick; unpickling thousands of dataclasses is not) and the digest
    of its wording. Stored as one pickle file in the cache folder, signed with the
    user's key (`signing_key`, an HMAC-SHA256 over the bytes): the file is unpickled
    only when the signature matches, so a planted or damaged file is never loaded,
    only discarded (noted in `damaged` for a warning). A file from another version
    of the tool is ignored.
    """

    def __init__(self, folder: Path | None, name: str = "documents.pickle") -> None:
        self.path = folder / name if folder else None
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.hits = 0  # entries found by `get`, so a caller can say what the cache saved
        self.changed = False
        self.damaged: str | None = None  # why the file was discarded, for a warning
        self.file = self.path
        if self.path is None:
            return
        try:
            self.key = signing_key(self.path.parent.parent)
        except OSError as err:  # no key, no cache: documents are read from git each time
            self.damaged = f"the signing key could not be made ({err.strerror or err})"
            self.path = None
            return
        try:
            blob = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as err:
            self._discard(err.strerror or type(err).__name__)
            return
        payload = verified(self.key, blob)
        if payload is None:
            self._discard("its signature does not match (damaged, or not written by this tool)")
            return
        try:
            version, entries = pickle.loads(payload)  # signed by this user's own builds
        except Exception as err:  # signed yet unreadable: a bug, never a planted file
            self._discard(f"it could not be read ({type(err).__name__})")
            return
        if version == tool_fingerprint() and isinstance(entries, dict):
            self.entries = entries

    def _discard(self, reason: str) -> None:
        assert self.path is not None
        self.damaged = reason
        discard(self.path)
        if self.path.exists():  # could not be removed: do not write over it either
            self.path = None

    def get(self, blob: str) -> Any | None:
        entry = self.entries.get(blob)
        if entry is not None:
            self.used.add(blob)
            self.hits += 1
        return entry

    def put(self, blob: str, entry: Any) -> None:
        self.entries[blob] = entry
        self.used.add(blob)
        self.changed = True

    def save(self) -> None:
        """Keep only what this run used, so the cache is the size of one history.

        The cache only saves time: if it cannot be written, documents are read from
        git again next time.
        """
        if self.path is None or (not self.changed and self.used == set(self.entries)):
            return
        kept = {blob: self.entries[blob] for blob in self.used}
        payload = pickle.dumps((tool_fingerprint(), kept), protocol=pickle.HIGHEST_PROTOCOL)
        write_signed(self.path, self.key, payload)
