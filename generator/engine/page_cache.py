"""Finished pages from earlier builds, kept so that an unchanged page is not rendered again.

A page's output depends on its source (the staged file, named by its key, see
`generator.model.staging.page_key`) and on the whole site's surroundings: the
configuration, the navigation, the theme and its overrides, and the versions of
MkDocs, Material and this tool (the site key). A reused page therefore has exactly
the bytes a full build would make. A searched page's entries in the search index
are kept in the same entry, so that a reused page is not indexed again.

Each entry is sealed with its SHA-256 (`generator.support.sealed`) and checked
before reuse; a damaged, edited or unreadable entry is discarded, noted for a
warning, and its page rendered again. Reused pages are written into the site as
new files, never linked, so the site shares no bytes with the cache.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.support.fsutil import Folders
from generator.support.sealed import DamagedEntry, discard, read_sealed, write_sealed


@dataclass(slots=True)
class CachedPage:
    output: bytes
    search_entries: list[dict[str, Any]] | None


class PageCache:
    """Output files by page key, in a folder per site key; without a folder, it never hits."""

    def __init__(self, folder: Path | None, site_key: str, folders: Folders | None = None) -> None:
        self.folder = folder / site_key[:16] if folder else None
        self.used: set[str] = set()
        self.folders = folders or Folders()
        self.damaged: list[str] = []  # entries discarded by this build, for its warning
        if folder is None:
            return
        try:
            if folder.exists() and not folder.is_dir():
                self._damaged(DamagedEntry(folder, "not a folder"))
            folder.mkdir(parents=True, exist_ok=True)
            for stale in folder.iterdir():  # another site key: another theme or config
                if stale != self.folder:
                    discard(stale)
            if self.folder.exists() and not self.folder.is_dir():
                self._damaged(DamagedEntry(self.folder, "not a folder"))
        except OSError as err:  # the cache cannot be used: build without it
            self.damaged.append(f"{folder}: {err.strerror or err}")
            self.folder = None

    def _damaged(self, err: DamagedEntry) -> None:
        self.damaged.append(str(err))
        discard(err.path)

    def entry_path(self, key: str) -> Path | None:
        """Where the page with `key` is kept (noting it as used by this build); None: no cache."""
        if self.folder is None:
            return None
        self.used.add(key)
        return self.folder / key[:2] / key

    def load(self, key: str) -> CachedPage | None:
        """The earlier output of the page with `key`, checked; None if none is kept whole."""
        entry = self.entry_path(key)
        if entry is None:
            return None
        try:
            data = read_sealed(entry)
            if data is None:
                return None
            head, _, output = data.partition(b"\n")
            entries = json.loads(head)
            if entries is not None and not (
                isinstance(entries, list) and all(isinstance(e, dict) for e in entries)
            ):
                raise DamagedEntry(entry, "its search entries are not a list of entries")
        except DamagedEntry as err:
            self._damaged(err)
            return None
        except (ValueError, UnicodeDecodeError) as err:  # sealed, yet not what is stored here
            self._damaged(DamagedEntry(entry, f"its search entries are not JSON ({err})"))
            return None
        return CachedPage(output, entries)

    def place(self, page: CachedPage, target: str | Path) -> None:
        """Write a reused page's output at `target`, as a file of its own."""
        self.folders.write(target, page.output)

    def store(
        self, key: str, output: bytes, search_entries: list[dict[str, Any]] | None = None
    ) -> None:
        """Keep the finished page's bytes (and its search entries) for the page with `key`.

        The cache only saves time: if the entry cannot be written, the page is simply
        rendered again next time.
        """
        entry = self.entry_path(key)
        if entry is None:
            return
        head = json.dumps(search_entries).encode()
        try:
            data = head + b"\n" + output
            self.folders.for_file(entry)
            write_sealed(entry, data)
        except OSError as err:
            self.damaged.append(f"{entry}: could not be stored ({err.strerror or err})")
            discard(entry.parent if entry.parent.is_file() else entry)

    def prune(self) -> None:
        """Forget pages this build did not use, so the cache stays the size of one site."""
        if self.folder is None or not self.folder.is_dir():
            return
        for bucket in self.folder.iterdir():
            if not bucket.is_dir() or bucket.is_symlink():
                discard(bucket)
                continue
            for entry in bucket.iterdir():
                if entry.name not in self.used:
                    discard(entry)

    def warning(self) -> str | None:
        """One warning for the entries this build found damaged and discarded."""
        if not self.damaged:
            return None
        first = self.damaged[0]
        more = f" and {len(self.damaged) - 1} more" if len(self.damaged) > 1 else ""
        return (
            f"the page cache held damaged entries ({first}{more}); they were discarded and "
            "their pages rendered again, so the site is as a clean build makes it"
        )
