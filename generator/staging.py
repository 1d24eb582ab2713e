"""The staging dir: what the render stage hands to the engine (plain data, no MkDocs)."""

from __future__ import annotations

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
    extra_css: list[str] = field(default_factory=lambda: ["assets/charters.css"])
    extra_javascript: list[str] = field(default_factory=lambda: ["assets/charters.js"])
