"""Writing thousands of small files quickly: each folder made once, unchanged files kept.

A site of several thousand pages is one folder per page; asking the file system
to make a folder that already exists costs a system call each time, which
dominated rebuilds. Files are copied from the cache and the theme, never
hard-linked to them: a link would share its bytes with the cache or the
installed theme, so editing either would change the published site at once.

The one link made is to the published site itself (`keep_unchanged`): a file the
new site would hold with exactly the bytes the published site already has at
the same place is linked to that file instead of written, so after the swap the
published file is the same file as before (its inode and modification time are
kept, and a reader or a mirror sees nothing change). Files are then only ever
replaced, never written into, so no write can reach a published file.

The staging folder's pages are kept between builds too (`keep_same`): a staged
file that already holds the bytes to write is left as it is, and whatever this
build did not write is removed before the engine reads the folder
(`drop_unwritten`). Removing thousands of staged files and making them again,
with the same bytes, was most of a rebuild after one amendment; reading and
comparing a file costs a fraction of making it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path


class Folders:
    """Makes folders, remembering the ones it has made or seen."""

    def __init__(self) -> None:
        self._known: set[str] = set()
        self._previous: tuple[str, Published] | None = None  # (new site + "/", published site)
        self.kept = 0  # files linked to the published site's same file
        self._same: tuple[str, set[str]] | None = None  # (staged folder + "/", files found there)
        self.written: set[str] = set()  # below it, the files this process wrote or kept

    def known(self, folder: Path | str) -> None:
        """Note a folder that exists already."""
        self._known.add(str(folder))

    def found_below(self, root: Path | str) -> list[str]:
        """The folders noted so far inside `root` (not `root` itself)."""
        prefix = os.path.join(root, "")
        return [folder for folder in self._known if folder.startswith(prefix)]

    def forget(self) -> None:
        """Forget the folders seen: they may have been removed (make them again as needed)."""
        self._known.clear()

    def keep_unchanged(self, building: Path, published: Published) -> None:
        """Below `building`, link files whose bytes `published` holds at the same place."""
        self._previous = (os.path.join(building, ""), published)

    def keep_same(self, root: Path, files: set[str]) -> None:
        """Below `root`, leave `files` (relative paths) that already hold the bytes to write."""
        self._same = (os.path.join(root, ""), files)
        self.written = set()

    def note(self, target: Path | str) -> None:
        """A file written below the kept folder by other means (a copy), not to be removed."""
        if self._same is not None and str(target).startswith(self._same[0]):
            self.written.add(str(target)[len(self._same[0]) :])

    def drop_unwritten(self, root: Path, produced: set[str]) -> None:
        """Remove the files found below `root` that neither `produced` nor this process wrote.

        `produced` names the files other processes wrote (relative to `root`);
        after this, the folder holds this build's files alone.
        """
        if self._same is None or self._same[0] != os.path.join(root, ""):
            return
        prefix, found = self._same
        for relative in found - produced - self.written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(prefix + relative)
        self._same = None

    def make(self, folder: Path | str) -> None:
        key = str(folder)
        if key not in self._known:
            os.makedirs(key, exist_ok=True)
            self._known.add(key)

    def for_file(self, path: Path | str) -> None:
        self.make(os.path.dirname(path))

    def copy(self, source: Path | str, target: Path | str) -> None:
        """Put the bytes of `source` in a new file at `target` (its own inode)."""
        if self._previous is not None and str(target).startswith(self._previous[0]):
            with open(source, "rb") as stream:
                self.write(target, stream.read())
            return
        self.for_file(target)
        shutil.copyfile(source, target)

    def move(self, source: Path | str, target: Path | str) -> None:
        """Like `copy`, for a source nothing reads again: renamed into place where it can be.

        A rename writes no bytes, which for thousands of staged files was a large
        part of a build. Where the published site may keep its own file (unchanged),
        or the two folders are on different file systems, the bytes are copied.
        """
        if self._previous is not None and str(target).startswith(self._previous[0]):
            self.copy(source, target)
            return
        self.for_file(target)
        try:
            os.replace(source, target)
        except OSError:
            shutil.copyfile(source, target)

    def write(self, target: Path | str, data: bytes) -> None:
        self.for_file(target)
        if self._same is not None and str(target).startswith(self._same[0]):
            relative = str(target)[len(self._same[0]) :]
            self.written.add(relative)
            if relative in self._same[1]:
                if _holds(target, data):
                    return
                with contextlib.suppress(FileNotFoundError):  # replaced, never written into
                    os.unlink(target)
        elif self._previous is not None and str(target).startswith(self._previous[0]):
            building, published = self._previous
            if published.link_same(str(target)[len(building) :], target, data):
                self.kept += 1
                return
            with contextlib.suppress(FileNotFoundError):  # replaced, never written into
                os.unlink(target)
        with open(target, "wb") as stream:
            stream.write(data)


def _holds(path: Path | str, data: bytes) -> bool:
    """Whether the plain file at `path` (never a link) holds exactly `data`."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with os.fdopen(os.dup(descriptor), "rb") as stream:
            return stream.read(len(data) + 1) == data
    except OSError:
        return False
    finally:
        os.close(descriptor)


def plain_files(folder: Path, folders: Folders) -> set[str]:
    """The plain files below `folder` (relative paths); anything else there is removed.

    Links, and whatever else is not a plain file or folder, are removed rather than
    followed, and the folders found are remembered in `folders`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    found: set[str] = set()
    prefix = len(os.path.join(folder, ""))
    pending = [str(folder)]
    while pending:
        current = pending.pop()
        folders.known(current)
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    found.add(entry.path[prefix:])
                else:
                    os.unlink(entry.path)
    return found


class Published:
    """The published site's plain files, found without following any link (`os.walk`).

    Only these are ever linked into a new site: a folder that is a link, and
    whatever it leads to, are never looked into.
    """

    def __init__(self, root: Path) -> None:
        self.root = os.path.join(root, "")
        self.files: set[str] = set()
        if not hasattr(os, "O_NOFOLLOW"):  # links cannot be refused when opening: keep nothing
            return
        prefix = len(self.root)
        for current, _folders, names in os.walk(root):
            self.files.update(os.path.join(current, name)[prefix:] for name in names)

    def link_same(self, relative: str, target: Path | str, data: bytes | None = None) -> bool:
        """Link `target` to the published file at `relative` if it is a plain file holding `data`.

        With `data` None, the bytes `target` holds now are compared, and `target` is
        replaced by the link. The link must be to the very file opened and checked
        (same inode), so a file swapped in meanwhile is never kept. False if not
        linked, for any reason: the caller then writes the file as usual.
        """
        if relative not in self.files:
            return False
        try:
            descriptor = os.open(self.root + relative, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return False
        temporary = f"{target}.{os.getpid()}.link"
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                return False
            if data is None:
                new = os.lstat(target)
                if not stat.S_ISREG(new.st_mode) or new.st_size != info.st_size:
                    return False
                if (new.st_ino, new.st_dev) == (info.st_ino, info.st_dev):
                    return False  # already the published file
                with open(target, "rb") as stream:
                    data = stream.read()
            if info.st_size != len(data):
                return False
            with os.fdopen(os.dup(descriptor), "rb") as stream:
                if stream.read(len(data) + 1) != data:
                    return False
            os.link(self.root + relative, temporary, follow_symlinks=False)
            linked = os.lstat(temporary)
            if (linked.st_ino, linked.st_dev) != (info.st_ino, info.st_dev):
                os.unlink(temporary)  # not the file checked: it was replaced meanwhile
                return False
            os.replace(temporary, target)
            return True
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return False
        finally:
            os.close(descriptor)

    def link_all(self, building: Path) -> int:
        """Link every file below `building` that the published site holds unchanged; how many."""
        prefix = len(os.path.join(building, ""))
        linked = 0
        for current, _folders, names in os.walk(building):
            for name in names:
                path = os.path.join(current, name)
                linked += self.link_same(path[prefix:], path)
        return linked


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
