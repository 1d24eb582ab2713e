"""Finished pages from earlier builds, kept so that an unchanged page is not rendered again.

A page's output depends on its source (the staged file, named by its key, see
`generator.model.staging.page_key`) and on the whole site's surroundings: the
configuration, the navigation, the theme and its overrides, and the versions of
MkDocs, Material and this tool (the site key). A reused page therefore has exactly
the bytes a full build would make. A searched page's entries in the search index
are kept in the same entry, so that a reused page is not indexed again.

Pages are kept in packs, not a file each: each process that renders pages
appends them to a pack of its own (`<name>.pack`), and says where each one is
in that pack's index (`<name>.index`), written when it is done. Making a file
cost more than rendering a page into it, and a site of 10,000 documents has
40,000 pages. Each entry names its page's key and is sealed with its SHA-256
(`generator.support.sealed`), as is each index; both are checked before reuse.
A damaged, edited or unreadable pack or index is discarded, noted for a
warning, and its pages rendered again. Reused pages are written into the site
as new files, never linked, so the site shares no bytes with the cache.

After each build the packs are pruned: a pack none of whose pages this build
used is removed, and the pages still used in packs that are mostly unused are
copied into a new pack, so the cache stays about the size of one site.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.support.fsutil import Folders
from generator.support.sealed import DamagedEntry, discard, seal, sealed_start, unseal, write_sealed

PACK = ".pack"
INDEX = ".index"


@dataclass(slots=True)
class CachedPage:
    output: bytes
    search_entries: list[dict[str, Any]] | None


@dataclass(slots=True)
class _Place:
    """Where one page's entry is: its pack's name, where it starts and how long it is."""

    pack: str
    start: int
    length: int


class _Writer:
    """This process's own pack, open for appending, and the index of what it holds."""

    def __init__(self, folder: Path) -> None:
        self.pid = os.getpid()
        self.name = f"{self.pid}-{secrets.token_hex(6)}"
        self.path = folder / f"{self.name}{PACK}"
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        self.size = 0
        self.index: dict[str, list[int]] = {}

    def append(self, key: str, entry: bytes) -> None:
        written = os.write(self.fd, entry)
        while written < len(entry):  # a short write (a signal, a nearly full disk)
            written += os.write(self.fd, entry[written:])
        self.index[key] = [self.size, len(entry)]
        self.size += len(entry)

    def close(self) -> None:
        """Close the pack and write its index, which makes its pages known to later builds."""
        os.close(self.fd)
        index = {"size": self.size, "pages": self.index}
        write_sealed(self.path.with_suffix(INDEX), json.dumps(index).encode())


class PageCache:
    """Output files by page key, in a folder per site key; without a folder, it never hits."""

    def __init__(self, folder: Path | None, site_key: str, folders: Folders | None = None) -> None:
        self.folder = folder / site_key[:16] if folder else None
        self.used: set[str] = set()
        self.folders = folders or Folders()
        self.damaged: list[str] = []  # entries discarded by this build, for its warning
        self.places: dict[str, _Place] = {}  # what earlier builds kept, by page key
        self.sizes: dict[str, int] = {}  # each readable pack's size, by name
        self.broken: set[str] = set()  # packs found damaged: removed when the build ends
        self.readers: dict[str, int] = {}  # open packs, by name
        self.writer: _Writer | None = None
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
            self.folder.mkdir(exist_ok=True)
            self._read_indexes()
        except OSError as err:  # the cache cannot be used: build without it
            self.damaged.append(f"{folder}: {err.strerror or err}")
            self.folder = None

    def _damaged(self, err: DamagedEntry) -> None:
        self.damaged.append(str(err))
        discard(err.path)

    def _read_indexes(self) -> None:
        """Learn where each kept page is, from every pack's index; drop what cannot be read."""
        assert self.folder is not None
        for name, pages, size in self._indexes(report=True):
            self.sizes[name] = size
            for key, (start, length) in pages.items():
                self.places[key] = _Place(name, start, length)

    def _indexes(self, report: bool) -> list[tuple[str, dict[str, list[int]], int]]:
        """Each pack with an index that reads whole: its name, its pages and its size.

        A pack without an index was left by a process that stopped; an index
        without a pack has lost it; either is removed, and with `report`, an
        index or pack that is damaged is named in the warning.
        """
        assert self.folder is not None
        found: list[tuple[str, dict[str, list[int]], int]] = []
        names = {p.stem for p in self.folder.iterdir() if p.suffix in (PACK, INDEX)}
        for entry in self.folder.iterdir():
            if entry.suffix not in (PACK, INDEX) and not entry.name.endswith(".tmp"):
                discard(entry)  # nothing of ours: a stray file or folder
        for name in sorted(names):
            pack, index = self.folder / f"{name}{PACK}", self.folder / f"{name}{INDEX}"
            if self.writer is not None and name == self.writer.name:
                continue  # still being written by this process
            try:
                pages, size = _read_index(index, pack)
            except DamagedEntry as err:
                if report:
                    self.damaged.append(str(err))
                discard(pack)
                discard(index)
                continue
            if pages is None:  # an unfinished pack, or an index left alone
                discard(pack)
                discard(index)
                continue
            found.append((name, pages, size))
        return found

    def load(self, key: str) -> CachedPage | None:
        """The earlier output of the page with `key`, checked; None if none is kept whole."""
        if self.folder is None:
            return None
        self.used.add(key)
        place = self.places.get(key)
        if place is None or place.pack in self.broken:
            return None
        try:
            blob, start = self._read(key, place)
            head_end = blob.find(b"\n", start)
            if head_end < 0:
                raise DamagedEntry(self._pack(place), "a page's search entries are missing")
            entries = json.loads(blob[start:head_end])
            if entries is not None and not (
                isinstance(entries, list) and all(isinstance(e, dict) for e in entries)
            ):
                raise DamagedEntry(self._pack(place), "a page's search entries are not a list")
        except DamagedEntry as err:
            self._broken(place.pack, str(err))
            return None
        except (ValueError, UnicodeDecodeError) as err:  # sealed, yet not what is stored here
            self._broken(place.pack, f"{self._pack(place)}: a page's search entries ({err})")
            return None
        return CachedPage(blob[head_end + 1 :], entries)  # the one copy of the page's bytes

    def _pack(self, place: _Place) -> Path:
        assert self.folder is not None
        return self.folder / f"{place.pack}{PACK}"

    def _read(self, key: str, place: _Place) -> tuple[bytes, int]:
        """One page's entry, checked to be the page with `key`, and where its head starts.

        The entry is not copied: pages are large, and copying each at every step
        took as long as reading it.
        """
        path = self._pack(place)
        try:
            fd = self.readers.get(place.pack)
            if fd is None:
                fd = os.open(path, os.O_RDONLY)
                self.readers[place.pack] = fd
                if os.fstat(fd).st_size != self.sizes.get(place.pack):
                    raise DamagedEntry(path, "it is not the size its index says")
            blob = os.pread(fd, place.length, place.start)
        except OSError as err:  # gone, a folder in its place, an I/O error
            raise DamagedEntry(path, err.strerror or type(err).__name__) from None
        start = sealed_start(blob) if len(blob) == place.length else None
        name_end = -1 if start is None else blob.find(b"\n", start)
        if start is None or name_end < 0 or blob[start:name_end] != key.encode():
            raise DamagedEntry(path, "a page's bytes do not match their SHA-256")
        return blob, name_end + 1

    def _broken(self, pack: str, reason: str) -> None:
        """A damaged pack: none of its pages is reused, and it is removed when the build ends."""
        if pack not in self.broken:
            self.damaged.append(reason)
        self.broken.add(pack)

    def place(self, page: CachedPage, target: str | Path) -> None:
        """Write a reused page's output at `target`, as a file of its own."""
        self.folders.write(target, page.output)

    def store(
        self, key: str, output: bytes, search_entries: list[dict[str, Any]] | None = None
    ) -> None:
        """Keep the finished page's bytes (and its search entries) for the page with `key`.

        Appended to this process's pack. The cache only saves time: if the entry
        cannot be written, the page is simply rendered again next time.
        """
        if self.folder is None:
            return
        self.used.add(key)
        head = json.dumps(search_entries).encode()
        try:
            if self.writer is None or self.writer.pid != os.getpid():  # first, or a forked worker
                self.writer = _Writer(self.folder)
            self.writer.append(key, seal(key.encode() + b"\n" + head + b"\n" + output))
        except OSError as err:
            reason = err.strerror or err
            self.damaged.append(f"{self.folder}: a page could not be stored ({reason})")
            self.folder = None  # the rest of this build goes without the cache

    def flush(self) -> None:
        """Finish this process's pack, so later builds can read it (a worker, as it ends)."""
        writer, self.writer = self.writer, None
        if writer is None or writer.pid != os.getpid():
            return
        try:
            writer.close()
        except OSError as err:
            self.damaged.append(f"{writer.path}: could not be finished ({err.strerror or err})")
            discard(writer.path)

    def prune(self) -> None:
        """Keep only what this build used, so the cache stays about the size of one site.

        Run by the main process once every worker has finished its pack.
        """
        self.flush()
        for fd in self.readers.values():
            os.close(fd)
        self.readers = {}
        if self.folder is None or not self.folder.is_dir():
            return
        try:
            self._prune()
        except OSError as err:  # the cache only saves time: the next build starts afresh
            self.damaged.append(f"{self.folder}: could not be pruned ({err.strerror or err})")
            discard(self.folder)

    def _prune(self) -> None:
        assert self.folder is not None
        for name in self.broken:
            discard(self.folder / f"{name}{PACK}")
            discard(self.folder / f"{name}{INDEX}")
        packs = self._indexes(report=False)
        kept: set[str] = set()
        moving: list[tuple[str, str, list[int]]] = []  # pages to copy out of sparse packs
        for name, pages, size in packs:
            if name in self.broken:
                continue
            live = {k: p for k, p in pages.items() if k in self.used and k not in kept}
            if not live:
                discard(self.folder / f"{name}{PACK}")
                discard(self.folder / f"{name}{INDEX}")
                continue
            kept.update(live)
            if sum(length for _, length in live.values()) * 2 < size:
                moving += [(name, k, p) for k, p in live.items()]
        if moving:
            self._compact(moving)

    def _compact(self, moving: list[tuple[str, str, list[int]]]) -> None:
        """Copy the pages still used out of mostly unused packs into a new one; remove those."""
        assert self.folder is not None
        writer = _Writer(self.folder)
        sources = sorted({name for name, _, _ in moving})
        try:
            for name in sources:
                with open(self.folder / f"{name}{PACK}", "rb") as pack:
                    for source, key, (start, length) in moving:
                        if source == name:
                            pack.seek(start)
                            writer.append(key, pack.read(length))
        except OSError:
            os.close(writer.fd)
            discard(writer.path)
            raise
        writer.close()
        for name in sources:
            discard(self.folder / f"{name}{PACK}")
            discard(self.folder / f"{name}{INDEX}")

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


def _read_index(index: Path, pack: Path) -> tuple[dict[str, list[int]] | None, int]:
    """A pack's index: its pages' places and the pack's size; None if there is no index.

    Raises `DamagedEntry` for an index that cannot be read, is not sealed whole,
    or does not say what an index says.
    """
    try:
        blob = index.read_bytes()
    except FileNotFoundError:
        return None, 0
    except OSError as err:
        raise DamagedEntry(index, err.strerror or type(err).__name__) from None
    if not pack.is_file():
        raise DamagedEntry(pack, "its index is kept, but it is missing or not a file")
    data = unseal(blob)
    if data is None:
        raise DamagedEntry(index, "its bytes do not match their SHA-256")
    try:
        found = json.loads(data)
        size, pages = found["size"], found["pages"]
    except (ValueError, UnicodeDecodeError, TypeError, KeyError) as err:
        raise DamagedEntry(index, f"it is not an index ({err})") from None
    valid = isinstance(size, int) and isinstance(pages, dict)
    valid = valid and all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(n, int) and n >= 0 for n in p)
        for p in pages.values()
    )
    if not valid:
        raise DamagedEntry(index, "it is not an index")
    return pages, size
