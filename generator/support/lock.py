"""One build at a time per repository: a lock file in the repository's cache folder.

Two builds at once would empty and fill the same spare folder and race to swap
it in. The lock is an advisory `flock` on a file in the cache folder (never in
the repository, where a pull request could plant one); the kernel releases it
when the process ends, however it ends, so a killed build never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class BuildLocked(Exception):
    """Another build of the same repository holds the lock."""


@contextlib.contextmanager
def build_lock(cache_dir: Path) -> Iterator[None]:
    """Hold this repository's build lock for the `with` block, or raise `BuildLocked`."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / "build.lock"
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                "another build of this repository is running (it holds the lock "
                f"{path}); wait for it to finish, then build again."
            ) from None
        yield
    finally:
        os.close(descriptor)
