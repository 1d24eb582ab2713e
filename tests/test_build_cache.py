"""Rebuilds that reuse earlier work give exactly the bytes of a clean build."""

from __future__ import annotations

import copy
import os
from pathlib import Path

from conftest import build, python_path
from gitrepo import DocRepo, amended, constitution, find_clause, riverside
from test_site import tree_digest


def _clean_build(repo: Path, out: Path) -> str:
    result = build(repo, out, "--no-cache")
    assert result.exit_code == 0, result.output
    return tree_digest(out)


def test_cached_rebuild_after_an_amendment_matches_a_clean_build(
    tmp_path: Path, own_cache: Path
) -> None:
    repo = riverside(tmp_path / "repo")
    site = tmp_path / "site"
    first = build(repo.root, site)
    assert first.exit_code == 0, first.output
    assert "reused" not in first.output
    again = build(repo.root, site)
    assert "reused unchanged" in again.output
    assert tree_digest(site) == _clean_build(repo.root, tmp_path / "clean-1")
    # One more amendment, committed: only that document's pages change.
    v3 = amended(constitution(), "3.0", "2025-09-01")
    find_clause(v3, "notice")["text"] = "Members get 30 days' notice."
    repo.save(v3, "Adopt 3.0", "2025-09-01")
    rebuilt = build(repo.root, site)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "reused unchanged" in rebuilt.output
    assert tree_digest(site) == _clean_build(repo.root, tmp_path / "clean-2")
    assert (site / "riverside-constitution" / "3.0" / "index.html").exists()
    assert "30 days" in (site / "riverside-constitution" / "index.html").read_text()


def test_a_template_change_invalidates_the_cache(tmp_path: Path, own_cache: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    v2 = copy.deepcopy(amended(constitution(), "1.1", "2024-05-01"))
    find_clause(v2, "notice")["text"] = "Members get 21 days' notice."
    repo.save(v2, "Adopt 1.1", "2024-05-01")
    site = tmp_path / "site"
    assert build(repo.root, site).exit_code == 0
    templates = repo.root / "templates" / "partials"
    templates.mkdir(parents=True)
    default = Path(__file__).resolve().parents[1] / "templates" / "partials" / "banner.html"
    text = default.read_text().replace("This is not the current text.", "Superseded text.")
    (templates / "banner.html").write_text(text)
    rebuilt = build(repo.root, site)
    assert rebuilt.exit_code == 0, rebuilt.output
    old = (site / "riverside-constitution" / "1.0" / "index.html").read_text()
    assert "Superseded text." in old and "This is not the current text." not in old
    assert tree_digest(site) == _clean_build(repo.root, tmp_path / "clean")


def test_cache_lives_outside_the_repository(tmp_path: Path, own_cache: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    assert build(repo.root, tmp_path / "site").exit_code == 0
    assert any(own_cache.rglob("*"))
    assert not any(p.name.startswith(".charters") for p in repo.root.iterdir())
    assert os.environ["CHARTERS_CACHE_DIR"] == str(own_cache)


def test_a_source_checkout_keys_its_caches_by_the_default_templates_too(tmp_path: Path) -> None:
    """Editing templates/ in a checkout must not let a build reuse pages made with the old ones."""
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    checkout = tmp_path / "checkout"
    shutil.copytree(
        ROOT / "generator", checkout / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "templates", checkout / "templates")

    def fingerprint() -> str:
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "from generator.support.cache import tool_fingerprint as f; print(f())",
            ],
            cwd=checkout,
            env={**os.environ, "PYTHONPATH": python_path(checkout)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    before = fingerprint()
    # Bytecode is no change of code; the same fingerprint in every process.
    (checkout / "generator" / "__pycache__").mkdir(exist_ok=True)
    (checkout / "generator" / "__pycache__" / "planted.py").write_text("x = 1\n")
    assert fingerprint() == before
    page = checkout / "templates" / "partials" / "banner.html"
    page.write_text(page.read_text() + "\n<!-- edited -->\n")
    edited = fingerprint()
    assert edited != before
    # An edit that keeps the size (one letter for another) changes it too.
    module = checkout / "generator" / "support" / "cache.py"
    text = module.read_text()
    module.write_text(text.replace("Caches live", "Caches life", 1))
    assert len(module.read_text()) == len(text) and module.read_text() != text
    assert fingerprint() != edited
