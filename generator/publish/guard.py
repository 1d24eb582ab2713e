"""Before publishing: does the new site keep every promise of the sites before it?

The promises are those of the deployed site (its manifest at `site_url`, or
one named with `--previous`) and of the local `site/`. A local site/ built
before manifests existed is compared file by file, as before.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.publish.manifest import (
    ManifestError,
    Previous,
    compare,
    explain,
    read_previous,
    same_site,
)
from generator.publish.swap import lost_urls
from generator.site.record import MANIFEST


class BrokenPromise(Exception):
    """The new site would break what an earlier site published; the message names it."""


def check_promises(
    new_site: Path,
    site_dir: Path,
    *,
    site_url: str | None,
    previous: str | None = None,
    deployed: bool = False,
    no_previous: bool = False,
    allow_removed_urls: bool = False,
) -> list[str]:
    """Raise BrokenPromise (or ManifestError) if `new_site` breaks a promise; else the sources.

    Returns where the previous manifests were read from, for the build's report.
    """
    if no_previous:
        return []
    new = json.loads((new_site / MANIFEST).read_text(encoding="utf-8"))
    sources: list[str] = []
    if previous:
        sources.append(previous)
    elif deployed and site_url:
        sources.append(site_url)
    if not previous and (site_dir / MANIFEST).is_file():
        sources.append(str(site_dir))
    elif not previous and site_dir.is_dir():
        _legacy(site_dir, new_site, allow_removed_urls)
    for source in sources:
        _against(read_previous(source), new, site_url, allow_removed_urls)
    return sources


def _against(previous: Previous, new: dict, site_url: str | None, allow_removed: bool) -> None:
    if not same_site(previous, site_url):
        raise ManifestError(
            f"the previous manifest at {previous.where} is from another site "
            f"({previous.site_url}), not {site_url}; it says nothing about this site's "
            "promises. Give this site's own manifest with --previous, or build with "
            "--no-previous to proceed knowingly."
        )
    comparison = compare(previous, new)
    if allow_removed:
        comparison.lost.clear()
        comparison.dropped.clear()
    if not comparison.ok:
        raise BrokenPromise(explain(comparison, previous))


def _legacy(site_dir: Path, new_site: Path, allow_removed: bool) -> None:
    """A site/ from before manifests: the addresses it served, file by file."""
    lost = lost_urls(site_dir, new_site)
    if lost and not allow_removed:
        shown = ", ".join(lost[:5]) + (f" and {len(lost) - 5} more" if len(lost) > 5 else "")
        raise BrokenPromise(
            f"this build would stop serving addresses the site served before ({shown}); "
            "published links must keep working, so the site was not changed. If git history "
            "was rewritten on purpose, build with --allow-removed-urls."
        )
