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
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(old_site)
            if relative.parts[1:2] == ("proposed",) or not path.is_file():
                continue
            if not (new_site / relative).is_file():
                lost.append(relative.as_posix())
    return lost
