"""The staging dir: what the render stage hands to the engine (plain data, no MkDocs)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    community_overrides: bool = False  # the community's repository overrides theme templates
    # Document id -> version -> SHA-256 of its canonical content, for the site's record.
    content_hashes: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(slots=True)
class TocEntry:
    """One heading in a page's table of contents, with the headings below it.

    `title` is HTML (text already escaped), as the page prints it; `anchor` is
    the id of the heading on the page. In a staged page's front matter
    (`charters_toc`) an entry is the plain JSON of `as_json`.
    """

    title: str
    anchor: str
    level: int
    children: list[TocEntry] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "id": self.anchor,
            "name": self.title,
            "children": [child.as_json() for child in self.children],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TocEntry:
        children = [cls.from_json(child) for child in data.get("children", [])]
        return cls(str(data["name"]), str(data["id"]), int(data["level"]), children)


def page_key(path: str, source: str) -> str:
    """The digest that names a staged page's source (the engine's page cache key)."""
    return hashlib.sha256(f"{path}\0{source}".encode()).hexdigest()
