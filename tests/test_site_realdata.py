"""The 21-version history of the US Constitution, brought in with `charters import-history`,
built into a site: every version, redline, anchor and banner where the contract says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REALDATA, build, run

from generator.site import urls

DOC = "us-constitution"


@pytest.fixture(scope="module")
def us_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:

    folder = REALDATA / "us-constitution"
    if not folder.is_dir():
        pytest.skip(f"real-data folder {folder} is absent (it lives beside the repository)")
    repo = tmp_path_factory.mktemp("us") / "repo"
    files = sorted(folder.glob("v*.md"))
    assert len(files) == 21
    imported = run("import-history", *files, "--id", DOC, "--into", repo)
    assert imported.exit_code == 0, imported.output
    site = repo.parent / "site"
    built = build(repo, site)
    assert built.exit_code == 0, built.output
    return repo, site


def _html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text()


def test_every_version_has_its_page_redline_and_data(us_site: tuple[Path, Path]) -> None:
    _, site = us_site
    versions = [str(n) for n in range(1, 22)]
    for version in versions:
        assert (site / urls.version(DOC, version) / "index.html").is_file(), version
        assert json.loads((site / urls.data(DOC, version)).read_text())["version"] == version
    for version in versions[1:]:
        assert (site / urls.changes(DOC, version) / "index.html").is_file(), version
    for version in versions[:-1]:
        assert (site / urls.since(DOC, version) / "index.html").is_file(), version
    history = _html(site, urls.history(DOC))
    assert all(f'id="version_{v}"' in history for v in versions)
    feed = (site / urls.feed(DOC)).read_text()
    assert feed.count("<entry>") == 21


def test_anchors_are_the_same_in_every_version(us_site: tuple[Path, Path]) -> None:
    repo, site = us_site
    doc = (repo / "constitutions" / f"{DOC}.yaml").read_text()
    first_article = re.search(r"^  - id: ([a-z0-9-]+)", doc, re.MULTILINE)
    assert first_article is not None
    anchor = first_article.group(1)
    for version in ("2", "11", "21"):
        assert f'id="{anchor}"' in _html(site, urls.version(DOC, version))


def test_old_version_banner_links_the_same_clause_in_the_current_text(
    us_site: tuple[Path, Path],
) -> None:
    _, site = us_site
    old = _html(site, urls.version(DOC, "2"))
    assert "This is not the current text." in old and "the current text is version 21" in old
    links = re.findall(r'<a class="charters-current" href="\.\./#([a-z0-9-]+)"', old)
    assert len(links) > 50
    current = _html(site, urls.document(DOC))
    assert all(f'id="{anchor}"' in current for anchor in links)


def test_formatting_only_version_changes_no_wording(us_site: tuple[Path, Path]) -> None:
    _, site = us_site
    changes = _html(site, urls.changes(DOC, "21"))
    assert "<ins>" not in changes and "<del>" not in changes
    assert not re.search(r"(Clause|Article|Section) [\w.()]+ amended", changes)


def test_an_amendment_version_shows_only_that_amendment(us_site: tuple[Path, Path]) -> None:
    _, site = us_site
    changes = _html(site, urls.changes(DOC, "15"))  # v14 in the folder: Amendment XXII
    assert "inserted" in changes
    assert "No person shall be elected to the office of the President more than twice" in changes
    assert "removed" not in changes.split('class="redline-summary"')[1][:400]
