"""The staging dir: what the render stage hands to the engine (plain data, no MkDocs)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

# A navigation entry: a page (title, staged path), or a section (title, its pages).
NavPage = tuple[str, str]
NavSection = tuple[str, list[NavPage]]


@dataclass(slots=True)
class StagedSite:
    root: Path  # the staging dir
    docs: Path  # pages, data files and assets, as the site will serve them
    overrides: Path  # theme overrides
    nav: list[NavPage | NavSection] = field(default_factory=list)
    pages: int = 0
    # Page path -> (digest of its source, searched): lets an engine reuse earlier output
    # for a page without reading it again.
    page_keys: dict[str, tuple[str, bool]] = field(default_factory=dict)
    extra_css: list[str] = field(default_factory=lambda: ["assets/charters.css"])
    extra_javascript: list[str] = field(default_factory=lambda: ["assets/charters.js"])


def page_key(path: str, source: str) -> str:
    """The digest that names a staged page's source (the engine's page cache key)."""
    return hashlib.sha256(f"{path}\0{source}".encode()).hexdigest()
