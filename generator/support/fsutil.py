"""Writing thousands of small files quickly: each folder made once.

A site of several thousand pages is one folder per page; asking the file system
to make a folder that already exists costs a system call each time, which
dominated rebuilds. Files are copied, never hard-linked: a link would share its
bytes with the cache or the installed theme, so editing either would change the
published site at once, and a hand edit of the site would change them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class Folders:
    """Makes folders, remembering the ones it has made or seen."""

    def __init__(self) -> None:
        self._known: set[str] = set()

    def known(self, folder: Path | str) -> None:
        """Note a folder that exists already."""
        self._known.add(str(folder))

    def make(self, folder: Path | str) -> None:
        key = str(folder)
        if key not in self._known:
            os.makedirs(key, exist_ok=True)
            self._known.add(key)

    def for_file(self, path: Path | str) -> None:
        self.make(os.path.dirname(path))

    def copy(self, source: Path | str, target: Path | str) -> None:
        """Put the bytes of `source` in a new file at `target` (its own inode)."""
        self.for_file(target)
        shutil.copyfile(source, target)

    def write(self, target: Path | str, data: bytes) -> None:
        self.for_file(target)
        with open(target, "wb") as stream:
            stream.write(data)


class LinkRefused(Exception):
    """A file the tool reads from the repository is a symbolic link."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} is a symbolic link (to {os.readlink(path)}); files the site is built from "
            "must be real files in the repository, so links are never followed. Replace the "
            "link with the file itself."
        )


def refuse_links(path: Path) -> None:
    """Raise `LinkRefused` if `path`, or anything below it, is a symbolic link.

    A committed link can point anywhere (a private key, /etc/passwd); following it
    would publish that file or print it into every page.
    """
    if path.is_symlink():
        raise LinkRefused(path)
    if not path.is_dir():
        return
    for current, folders, files in os.walk(path):  # os.walk never descends into links
        for name in sorted([*folders, *files]):
            entry = Path(current) / name
            if entry.is_symlink():
                raise LinkRefused(entry)
