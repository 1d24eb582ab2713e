"""Which addresses a PDF may read: files of the built site, and nothing else.

A print page and its style sheets may come from a community's templates, which
may come from a stranger's pull request: an `@import url(file:///etc/passwd)`,
an image at `http://...` or a link planted in the site folder must never make
the build read a file elsewhere on the machine or reach the network. The PDF
stage asks `SiteFiles.resolve` for every address WeasyPrint wants; only a
regular file whose real path is inside the site folder is given.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

# Where a site has no address of its own, its print pages are placed here; the
# name is reserved (RFC 2606), so no link in a PDF can lead anywhere real.
LOCAL_BASE = "https://charters.invalid/"


class SiteFiles:
    """The files of one built site, reachable by their addresses in it."""

    def __init__(self, root: Path, site_url: str | None) -> None:
        self.root = Path(os.path.realpath(root))
        self.base = site_url or LOCAL_BASE

    def page_base(self, page_url: str) -> str:
        """The address a print page is placed at, so its relative links resolve in the site."""
        return f"{self.base}{page_url}"

    def resolve(self, url: str) -> Path | None:
        """The site file at `url`, or None: refused (outside the site, a folder, missing)."""
        if url.startswith(self.base):
            relative = unquote(urlsplit(url[len(self.base) :]).path)
            if relative.endswith("/") or not relative:
                relative += "index.html"
            candidate = self.root / relative
        elif url[:5].lower() == "file:":
            candidate = Path(url2pathname(urlsplit(url).path))
        else:  # http(s), ftp and every other scheme: never fetched
            return None
        real = Path(os.path.realpath(candidate))
        if not real.is_relative_to(self.root) or not real.is_file():
            return None
        return real

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()
