"""Finished pages from earlier builds, kept so that an unchanged page is not rendered again.

A page's output depends on its source (the staged file, named by its key, see
`generator.model.staging.page_key`) and on the whole site's surroundings: the
configuration, the navigation, the theme and its overrides, and the versions of
MkDocs, Material and this tool (the site key). A reused page therefore has exactly
the bytes a full build would make. A searched page's entries in the search index
are kept beside its output (`<key>.search.json`), so that a reused page is not
indexed again.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from generator.support.fsutil import Folders


class PageCache:
    """Output files by page key, in a folder per site key; without a folder, it never hits."""

    def __init__(self, folder: Path | None, site_key: str, folders: Folders | None = None) -> None:
        self.folder = folder / site_key[:16] if folder else None
        self.used: set[str] = set()
        self.folders = folders or Folders()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            for stale in folder.iterdir():  # another site key: another theme or config
                if stale.is_dir() and stale != self.folder:
                    shutil.rmtree(stale, ignore_errors=True)

    def entry_path(self, key: str) -> Path | None:
        """Where the page with `key` is kept (noting it as used by this build); None: no cache."""
        if self.folder is None:
            return None
        self.used.add(key)
        return self.folder / key[:2] / key

    def reuse(self, key: str, target: str | Path) -> bool:
        """Place the earlier output of the page with `key` at `target`, if the cache has it."""
        entry = self.entry_path(key)
        if entry is None or not entry.is_file():
            return False
        self.folders.link_or_copy(entry, target)
        return True

    def search_entries(self, key: str) -> list[dict[str, Any]] | None:
        """The search entries kept with the page with `key`; None if none were kept."""
        entry = self.entry_path(key)
        if entry is None:
            return None
        try:
            text = entry.with_suffix(".search.json").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return json.loads(text)

    def store(
        self, key: str, output: str | Path, search_entries: list[dict[str, Any]] | None = None
    ) -> None:
        """Keep the finished page at `output` (and its search entries) for the page with `key`."""
        entry = self.entry_path(key)
        if entry is None:
            return
        self.folders.for_file(entry)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        if search_entries is not None:
            temporary.write_text(json.dumps(search_entries), encoding="utf-8")
            os.replace(temporary, entry.with_suffix(".search.json"))
        shutil.copyfile(output, temporary)
        os.replace(temporary, entry)  # whole or not at all, even with workers storing at once

    def prune(self) -> None:
        """Forget pages this build did not use, so the cache stays the size of one site."""
        if self.folder is None or not self.folder.is_dir():
            return
        for bucket in self.folder.iterdir():
            for entry in bucket.iterdir():
                if entry.name.split(".")[0] not in self.used:
                    entry.unlink(missing_ok=True)
