"""The publish stage: swap a finished build into site/, or leave site/ exactly as it was.

The new site is built in a folder beside site/ (same filesystem), then swapped in
by renaming, so readers and the folder never see half a site. A failed build
never reaches the swap, so the previous site/ stays untouched.

A kill at any instant leaves a complete site: on Linux the two folders are
exchanged in one atomic step (renameat2 with RENAME_EXCHANGE), so site/ is the
old or the new site and never missing. Elsewhere it takes two renames, and a kill
between them leaves the old site in `.site.old`; the next build puts it back
(`recover`) and removes the temporary folders killed builds left behind.

site/ and the folders beside it are deleted and written, and a pull request can
commit any of them as a symbolic link to somewhere else (a home folder, /etc).
So each is checked with lstat before anything is touched (`check_outputs`), and
the build refuses a link instead of following it.

With caching on, the folders are kept between builds: the site before the current
one becomes the spare that the next build fills, and the staging folder stays in
the cache. Their files are removed before each build but their folders stay, as
making thousands of folders (one per page) was the slowest part of a rebuild;
the staged pages themselves stay too, each kept only if this build writes the
same bytes (`support/fsutil.py`, `Folders.keep_same`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.support.fsutil import Folders, plain_files


class PublishError(Exception):
    """site/ or a folder the build uses beside it is not a plain folder of this build."""


@dataclass(slots=True)
class Workspace:
    staging: Path  # where the render stage writes
    site: Path  # where the engine builds the new site
    folders: Folders  # the folders that already exist in both
    spare: bool  # kept between builds (True) or made for this build only
    root: Path | None = None  # the temporary folder to remove afterwards
    # The folders the kept site held before this build: the only ones that can be left
    # empty by it (a folder the engine makes is made for a file).
    old_folders: list[str] = field(default_factory=list)

    def staging_for(self, folder: str) -> Path:
        """The staging folder of the site's pages in a second language (`folder`: "cy")."""
        if not folder:
            return self.staging
        staging = self.staging.with_name(f"{self.staging.name}-{folder}")
        if self.spare:
            empty_files(staging, self.folders)
        return staging

    def discard(self) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


def check_outputs(site_dir: Path) -> None:
    """Refuse to build when site/, or a folder this build writes or deletes, is a link."""
    site_dir = Path(os.path.abspath(site_dir))
    parent = site_dir.parent
    candidates = [site_dir, spare_folder(site_dir), _old_folder(site_dir)]
    if parent.is_dir():
        candidates += sorted(parent.glob(f".{site_dir.name}.*"))
    for path in candidates:
        if path.is_symlink():
            raise PublishError(
                f"{path} is a symbolic link (to {os.readlink(path)}); the build deletes and "
                "writes files there, so it would change files outside this folder. Nothing was "
                "changed. Delete the link (it may have come from a commit) and build again."
            )


def recover(site_dir: Path) -> None:
    """Finish what a killed build left: restore site/ if a kill came between the renames,
    and remove the temporary folders killed builds left behind."""
    site_dir = Path(os.path.abspath(site_dir))
    check_outputs(site_dir)
    old = _old_folder(site_dir)
    if not site_dir.exists() and old.is_dir():
        os.replace(old, site_dir)
    if not site_dir.parent.is_dir():
        return
    for leftover in site_dir.parent.glob(f".{site_dir.name}.*"):
        if leftover.name.startswith((f".{site_dir.name}.build-", f".{site_dir.name}.old")):
            shutil.rmtree(leftover, ignore_errors=True)


def workspace(site_dir: Path, keep: Path | None = None) -> Workspace:
    """Folders to build in: fresh ones, or with `keep` (a cache folder) the kept ones."""
    recover(site_dir)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    folders = Folders()
    if keep is None:
        root = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))
        return Workspace(root / "staging", root / "site", folders, spare=False, root=root)
    staging = keep / "staging"
    site = spare_folder(site_dir)
    empty_files(site, folders)
    old_folders = folders.found_below(site)
    docs = staging / "docs"
    staging.mkdir(parents=True, exist_ok=True)
    for entry in staging.iterdir():  # all but the staged pages: the theme, its settings
        if entry == docs:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if docs.is_symlink() or (docs.exists() and not docs.is_dir()):
        docs.unlink()
    shutil.rmtree(docs / "assets", ignore_errors=True)  # copied afresh from the templates
    folders.keep_same(docs, plain_files(docs, folders))
    return Workspace(staging, site, folders, spare=True, old_folders=old_folders)


def spare_folder(site_dir: Path) -> Path:
    return site_dir.resolve().with_name(f".{site_dir.name}.spare")


def empty_files(folder: Path, folders: Folders) -> None:
    """Remove every file below `folder`, keep its folders, and remember them in `folders`."""
    for relative in plain_files(folder, folders):
        os.unlink(folder / relative)


def remove_empty_folders(old_folders: list[str]) -> None:
    """Remove the folders a previous build needed and this one did not (deepest first).

    Only the kept site's own folders are tried: walking and trying every folder of
    the new site took seconds at ten thousand documents, on a cold build for nothing.
    """
    for current in sorted(old_folders, key=lambda path: path.count(os.sep), reverse=True):
        with contextlib.suppress(OSError):  # not empty: still used
            os.rmdir(current)


def swap_in(built: Path, site_dir: Path, keep_old_as: Path | None = None) -> None:
    """Replace `site_dir` with `built`; the old site is removed, or kept as `keep_old_as`."""
    check_outputs(site_dir)
    if site_dir.exists() and _exchange(built, site_dir):
        # site_dir is the new site; `built` now holds the old one.
        _pause_for_tests()
        if keep_old_as is None:
            shutil.rmtree(built, ignore_errors=True)
        elif keep_old_as != built:
            shutil.rmtree(keep_old_as, ignore_errors=True)
            os.replace(built, keep_old_as)
        return
    old = None
    if site_dir.exists():
        old = _old_folder(site_dir)
        if old.exists():
            shutil.rmtree(old)
        os.replace(site_dir, old)
        _pause_for_tests()  # a kill here leaves the old site in `old`: see `recover`
    try:
        os.replace(built, site_dir)
    except OSError:
        if old is not None:
            os.replace(old, site_dir)  # put the previous site back
        raise
    if old is None:
        return
    if keep_old_as is not None:
        os.replace(old, keep_old_as)
    else:
        shutil.rmtree(old, ignore_errors=True)


def _old_folder(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.old")


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux); False where that cannot be done.

    CHARTERS_SWAP_EXCHANGE=0 turns it off, to use (and test) the two-rename way.
    """
    if os.environ.get("CHARTERS_SWAP_EXCHANGE") == "0":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not Linux, or a C library without it
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return done == 0


def _pause_for_tests() -> None:
    """CHARTERS_SWAP_PAUSE=seconds waits mid-swap, so a fault test can kill the build there."""
    pause = os.environ.get("CHARTERS_SWAP_PAUSE")
    if pause:
        time.sleep(float(pause))


def lost_urls(old_site: Path, new_site: Path) -> list[str]:
    """Addresses the previous site served that the new one would not: promises broken.

    Counted are the pages and data of every document that had an adopted version
    (a folder with a feed), except its proposal, which goes when it is adopted or
    withdrawn; and the schemas.
    """
    if not old_site.is_dir():
        return []
    lost = []
    for folder in sorted(p for p in old_site.iterdir() if p.is_dir()):
        published = (folder / "feed.xml").is_file() or folder.name == "schema"
        if not published:
            continue
        old_files = _files_below(folder, old_site)
        new_files = _files_below(new_site / folder.name, new_site)
        lost += sorted(
            path for path in old_files - new_files if path.split("/")[1:2] != ["proposed"]
        )
    return lost


def _files_below(folder: Path, site: Path) -> set[str]:
    """Site-relative paths of the files below `folder` (os.walk: fast on large sites)."""
    prefix = len(str(site)) + 1
    return {
        os.path.join(current, name)[prefix:]
        for current, _folders, names in os.walk(folder)
        for name in names
    }
