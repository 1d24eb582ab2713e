"""The publish stage: swap a finished build into site/, or leave site/ exactly as it was.

The new site is built next to the old one (same filesystem), then swapped in by
renaming, so readers and the folder never see half a site. A failed build never
reaches this stage, so the previous site/ stays untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def workspace(site_dir: Path) -> Path:
    """A fresh folder beside `site_dir` to build into (so the final rename is cheap)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))


def swap_in(built: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `built`."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.replace(site_dir, old)
    try:
        os.replace(built, site_dir)
    except OSError:
        if old is not None:
            os.replace(old, site_dir)  # put the previous site back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
