"""The staging folder keeps its pages between builds, and holds this build's files alone.

With the cache on, a staged file that a rebuild writes with the same bytes is
left in place (`Folders.keep_same`); whatever the rebuild did not write is
removed before the engine reads the folder. These tests build real
repositories with the CLI, then look at the cache's staging folder and compare
the site with a clean build.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import build
from gitrepo import DocRepo, amended, constitution, find_clause, git, riverside
from test_build_cache import _clean_build
from test_site import tree_digest

from generator.support.cache import cache_folder

pytestmark = pytest.mark.usefixtures("own_cache")  # each test's own cache folder


def _staged_pages(repo_root: Path) -> dict[str, int]:
    """The staged pages (Markdown sources) and their inodes."""
    docs = cache_folder(repo_root) / "staging" / "docs"
    return {str(p.relative_to(docs)): p.stat().st_ino for p in docs.rglob("*.md")}


def _built(tmp_path: Path) -> tuple[DocRepo, Path]:
    """The riverside repository (with an uncommitted proposal), built once with the cache."""
    repo = riverside(tmp_path / "repo")
    site = tmp_path / "site"
    assert build(repo.root, site).exit_code == 0
    return repo, site


def test_unchanged_pages_stay_and_the_amended_documents_are_written_again(tmp_path: Path) -> None:
    repo, site = _built(tmp_path)
    before = _staged_pages(repo.root)
    v3 = amended(constitution(), "3.0", "2025-09-01")
    find_clause(v3, "notice")["text"] = "Members get 30 days' notice."
    repo.save(v3, "Adopt 3.0", "2025-09-01")
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    after = _staged_pages(repo.root)
    charter = [p for p in before if p.startswith("riverside-youth-charter/")]
    assert charter and all(after[p] == before[p] for p in charter)  # the same files, kept
    assert any(p.startswith("riverside-constitution/3.0") for p in after)
    assert tree_digest(site) == _clean_build(repo.root, tmp_path / "clean")


def test_a_page_no_longer_made_leaves_nothing_staged(tmp_path: Path) -> None:
    repo, site = _built(tmp_path)
    assert any("/proposed" in p for p in _staged_pages(repo.root))
    git(repo.root, "checkout", "--", "constitutions")  # the proposal is dropped
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert not any("/proposed" in p for p in _staged_pages(repo.root))
    assert not any("proposed" in str(p) for p in site.rglob("*"))
    assert tree_digest(site) == _clean_build(repo.root, tmp_path / "clean")


def test_files_planted_in_the_staging_folder_never_reach_the_site(tmp_path: Path) -> None:
    repo, site = _built(tmp_path)
    docs = cache_folder(repo.root) / "staging" / "docs"
    page = next(p for p in sorted(docs.rglob("*.md")) if "youth-charter" in str(p))
    page.write_text(page.read_text(encoding="utf-8") + "<script>alert(1)</script>\n")
    (docs / "planted").mkdir()
    (docs / "planted" / "index.md").write_text("---\n{}\n---\n\n<script>alert(2)</script>\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    linked = next(p for p in sorted(docs.rglob("*.md")) if "riverside-constitution" in str(p))
    linked.unlink()
    os.symlink(secret, linked)
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert secret.read_text() == "private"  # never written through the link
    assert not linked.is_symlink()
    assert not (site / "planted").exists()
    assert not any("alert(" in p.read_text(errors="replace") for p in site.rglob("*.html"))
    assert tree_digest(site) == _clean_build(repo.root, tmp_path / "clean")


def test_folders_only_the_kept_site_needed_are_removed(tmp_path: Path) -> None:
    repo, site = _built(tmp_path)
    assert build(repo.root, site).exit_code == 0  # the first site is now the kept spare
    spare = site.with_name(f".{site.name}.spare")
    assert any(p.name == "proposed" and p.is_dir() for p in spare.rglob("*"))
    git(repo.root, "checkout", "--", "constitutions")  # the proposal is dropped
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    assert not any("proposed" in str(p) for p in site.rglob("*"))  # not even an empty folder
    assert all(any(p.iterdir()) for p in site.rglob("*") if p.is_dir())
    assert tree_digest(site) == _clean_build(repo.root, tmp_path / "clean")
