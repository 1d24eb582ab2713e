"""PDFs already made, kept in the user's cache folder and found by what they were made from.

An entry is named by the digest of its print page, the page's address, the
WeasyPrint version and this tool's fingerprint; it holds the site files the
PDF read (each with its SHA-256) and the PDF. It is used only when every one
of those files still has the same bytes, so a changed style sheet remakes the
PDFs that used it and nothing else. Entries are sealed (`support/sealed.py`):
a damaged or edited entry is discarded, never published.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path

from generator.pdf.files import SiteFiles
from generator.support.cache import tool_fingerprint
from generator.support.sealed import DamagedEntry, discard, read_sealed, write_sealed


@cache
def printer_version() -> str:
    """WeasyPrint's version, read without importing it (an import takes a second)."""
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return "none"


def entry_key(html: str, page_url: str, site_url: str | None) -> str:
    digest = hashlib.sha256()
    for part in (tool_fingerprint(), printer_version(), site_url or "", page_url, html):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


class PdfCache:
    """The folder of cached PDFs (None: no cache, every PDF is made)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.damaged: list[str] = []
        self.kept: set[str] = set()

    def get(self, key: str, files: SiteFiles) -> bytes | None:
        """The cached PDF for `key`, if each site file it read still has the same bytes."""
        if self.folder is None:
            return None
        path = self.folder / f"{key}.pdf"
        try:
            data = read_sealed(path)
        except DamagedEntry as err:
            self.damaged.append(str(err))
            discard(path)
            return None
        if data is None:
            return None
        header, _, pdf = data.partition(b"\n")
        try:
            used = json.loads(header)
        except ValueError:
            discard(path)
            return None
        for name, digest in used.items():
            found = files.resolve(files.page_base(name))
            if found is None or hashlib.sha256(found.read_bytes()).hexdigest() != digest:
                return None  # a file it read has changed: made again, and stored over this
        self.kept.add(path.name)
        return pdf

    def put(self, key: str, used: dict[str, str], pdf: bytes) -> None:
        """Store a PDF made now; the cache only saves time, so a failure to write is ignored.

        May run in a worker process: the parent calls `keep` for it.
        """
        if self.folder is None:
            return
        header = json.dumps(used, sort_keys=True, separators=(",", ":")).encode()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_sealed(self.folder / f"{key}.pdf", header + b"\n" + pdf)
        except OSError:
            return

    def keep(self, key: str) -> None:
        """Note an entry as used by this build (one stored by a worker process, say)."""
        self.kept.add(f"{key}.pdf")

    def prune(self) -> None:
        """Remove the entries this build did not use: the cache stays the size of one site."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.kept:
                discard(path)
