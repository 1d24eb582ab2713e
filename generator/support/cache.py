"""Where build caches live, and the cache of documents read from git blobs.

Caches live outside the repository (in the user's cache folder, one subfolder per
repository), never in the working tree: a pull request could otherwise plant a
cache entry, and a planted page or pickled object must never reach the site or
run. Every entry is keyed by content (a git blob id, a page's source) and by the
version of this tool, so a stale entry is never used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any

import generator


@cache
def tool_fingerprint() -> str:
    """This tool's version and the digest of its code, schemas and default templates.

    Part of every cache key, so an entry made by other code is never reused (a
    development checkout changes without its version number changing).
    """
    package = Path(generator.__file__).resolve().parent
    digest = hashlib.sha256(generator.__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".html", ".yml", ".css", ".js"):
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_folder(repo_root: Path) -> Path:
    """This repository's cache folder: $CHARTERS_CACHE_DIR, else ~/.cache/charters/<repo>."""
    base = os.environ.get("CHARTERS_CACHE_DIR")
    if base:
        root = Path(base)
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "charters"
    key = hashlib.sha256(str(repo_root.resolve()).encode()).hexdigest()[:16]
    return root / key


class BlobCache:
    """Documents already read from git blobs: a blob never changes, so neither does its document.

    Each entry is the checked plain data of a document (building the dataclasses
    from it is quick; unpickling thousands of dataclasses is not) and the digest
    of its wording. Stored as one pickle file in the cache folder, which only this
    user can write; a file from another version of the tool is ignored.
    """

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / "documents.pickle" if folder else None
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.changed = False
        if self.path is not None and self.path.is_file():
            try:
                with self.path.open("rb") as stream:
                    version, entries = pickle.load(stream)
                if version == tool_fingerprint():
                    self.entries = entries
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
                self.entries = {}

    def get(self, blob: str) -> Any | None:
        entry = self.entries.get(blob)
        if entry is not None:
            self.used.add(blob)
        return entry

    def put(self, blob: str, entry: Any) -> None:
        self.entries[blob] = entry
        self.used.add(blob)
        self.changed = True

    def save(self) -> None:
        """Keep only what this run used, so the cache is the size of one history."""
        if self.path is None or (not self.changed and self.used == set(self.entries)):
            return
        kept = {blob: self.entries[blob] for blob in self.used}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as stream:
            pickle.dump((tool_fingerprint(), kept), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
