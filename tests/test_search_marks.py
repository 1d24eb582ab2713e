"""Material's search marks are stripped from every page, however the page is rendered.

Material's search plugin removes `data-search-*` attributes from each page's
body. The engine reads the body of a page left out of search only after that
plugin has passed, and hands it back to the plugin when it holds such a mark
(`StagedPages.read_after_search`). A community template with a mark must come
out as Material makes it: the element kept, the mark gone, on pages rendered by
this process and by forked workers, and the current text still searchable.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gitrepo import git

from generator.build import build_site
from generator.engine.staged_pages import PARALLEL_FROM

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import synth

ROOT = Path(__file__).resolve().parents[1]
MARKED = '<p data-search-exclude="yes" class="community-mark">Read the minutes too.</p>\n'


def test_search_marks_are_stripped_from_every_version_page(tmp_path: Path) -> None:
    repo = synth.community_repository(tmp_path / "repo", 8, 12, 4)
    template = ROOT / "templates" / "pages" / "version.html"
    own = repo.root / "templates" / "pages" / "version.html"
    own.parent.mkdir(parents=True)
    own.write_text(MARKED + template.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", "A template with a search mark")

    site = tmp_path / "site"
    report = build_site(
        repo.root, repo.documents, site, jobs=2, pdfs=False, no_previous=True, cache=False
    )

    assert report.pages - report.documents >= PARALLEL_FROM  # enough for forked workers
    version_pages = [
        page
        for series in repo.series
        for page in [
            site / series.id / "index.html",
            *(site / series.id).glob("1.*/index.html"),  # the frozen versions, 1.0 to 1.11
        ]
    ]
    assert len(version_pages) == 8 * (1 + 12)
    for page in version_pages:
        text = page.read_text(encoding="utf-8")
        assert '<p class="community-mark">Read the minutes too.</p>' in text, page
    marked = [p for p in site.rglob("*.html") if "data-search-" in p.read_text(encoding="utf-8")]
    assert marked == []
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {entry["location"] for entry in index["docs"]}
    for series in repo.series:
        assert f"{series.id}/" in locations
