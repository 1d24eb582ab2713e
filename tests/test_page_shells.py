"""Pages made from a shell are, byte for byte, the pages the theme renders (issue 16).

The engine renders Material's template once for pages alike and puts each page's
own values in (`generator/engine/page_shells.py`). These tests build real
repositories twice, with shells and with every page rendered through the theme
(CHARTERS_PAGE_SHELLS=0), and compare every byte, with hostile titles and
settings that try to pass for a shell's markers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from gitrepo import git
from test_site import tree_digest

from generator.build import BuildReport, build_site
from generator.site.views.directory import NAV_DOCUMENTS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import synth

HOSTILE_TITLE = "<script>alert(1)</script> & \"Q\" 'charters0slot1z' chartersSLOT3z"


def _build(root: Path, site: Path, monkeypatch: pytest.MonkeyPatch, shells: bool) -> BuildReport:
    monkeypatch.setenv("CHARTERS_PAGE_SHELLS", "1" if shells else "0")
    return build_site(
        root, root / "constitutions", site, jobs=1, pdfs=False, no_previous=True, cache=False
    )


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """More documents than the navigation lists, at two versions; one titled with markup."""
    repo = synth.community_repository(tmp_path / "repo", NAV_DOCUMENTS + 2, 2, 6)
    first = sorted((repo.root / "constitutions").glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    doc_id = next(line for line in text.splitlines() if line.startswith("id:"))
    escaped = HOSTILE_TITLE.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace(title, f'title: "{escaped}"', 1).replace(doc_id, "id: hostile-title", 1)
    (repo.root / "constitutions" / "hostile-title.yaml").write_text(text, encoding="utf-8")
    settings = repo.root / "mkdocs.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "site_name: Synthetic council documents",
            "site_name: \"Council 'chartersslot1tolsz' & <b>friends</b>\"",
        ),
        encoding="utf-8",
    )
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", "A hostile title and site name")
    return repo.root


def test_pages_from_shells_are_the_bytes_the_theme_renders(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shelled = _build(many, tmp_path / "shelled", monkeypatch, shells=True)
    themed = _build(many, tmp_path / "themed", monkeypatch, shells=False)
    assert themed.filled == 0
    assert shelled.filled > shelled.rendered / 2  # most pages came from shells
    assert tree_digest(tmp_path / "shelled") == tree_digest(tmp_path / "themed")
    pages = list((tmp_path / "shelled").rglob("*.html"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>friends</b>" not in text


def test_the_shipped_example_is_the_same_with_and_without_shells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(__file__).resolve().parents[1]
    shelled = _build(root, tmp_path / "shelled", monkeypatch, shells=True)
    _build(root, tmp_path / "themed", monkeypatch, shells=False)
    assert shelled.filled > 0
    assert tree_digest(tmp_path / "shelled") == tree_digest(tmp_path / "themed")


def test_a_community_override_renders_every_page_through_the_theme(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its template may test a page's values in ways a shell cannot see."""
    own = many / "templates" / "overrides" / "partials"
    own.mkdir(parents=True)
    (own / "data-head.html").write_text(
        "{% if page and page.title and page.title|length > 60 %}<meta name=long>{% endif %}",
        encoding="utf-8",
    )
    git(many, "add", "-A")
    git(many, "commit", "-q", "-m", "An override of our own")
    report = _build(many, tmp_path / "site", monkeypatch, shells=True)
    assert report.filled == 0
    long_titles = [
        p
        for p in (tmp_path / "site").rglob("index.html")
        if "<meta name=long>" in p.read_text(encoding="utf-8")
    ]
    assert long_titles  # the override ran for each page, as written
