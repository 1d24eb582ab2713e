"""A page waiting to be rendered holds only the meta MkDocs reads before rendering it.

At 40,000 pages, every page's parsed front matter held from the moment MkDocs
read the pages to the end of the build was about a quarter of a gigabyte, copied
into each worker. The engine's plugin keeps the title and search settings of a
page to render (`StagedPages.lighten`), reads its whole front matter again just
before rendering it (`make_whole`), and lets it go once the page is written.
Real MkDocs pages and a real staged file here; whole builds, on one core and on
two, are compared byte for byte in `test_engine_workers.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.engine.page_cache import PageCache
from generator.engine.staged_pages import StagedPages, WorkerError
from generator.model.staging import StagedSite, page_key

META = {
    "title": "Constitution, version 1.0 (not current)",
    "charters_html": True,
    "charters_toc": [{"level": 2, "id": "name", "name": "1. Name", "children": []}],
    "charters_versions": [{"label": "1.0", "url": "./", "selected": True}],
    "charters_document": "Constitution",
    "search": {"exclude": True},
}


@pytest.fixture
def staged_page(tmp_path: Path) -> tuple[StagedPages, Page]:
    docs = tmp_path / "docs"
    docs.mkdir()
    source = f"---\n{json.dumps(META)}\n---\n\n<p>The body.</p>\n"
    (docs / "doc.md").write_text(source, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: docs\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    staged = StagedSite(tmp_path, docs, tmp_path / "overrides")
    staged.page_keys["doc.md"] = (page_key("doc.md", source), False)
    plugin = StagedPages(staged, PageCache(None, "site"), 1)
    page = Page(None, File("doc.md", str(docs), str(tmp_path / "site"), True), config)
    assert plugin.on_page_read_source(page=page, config=config) == ""
    return plugin, page


def test_a_page_to_render_holds_its_title_and_search_settings_alone(
    staged_page: tuple[StagedPages, Page],
) -> None:
    plugin, _page = staged_page
    held = plugin.pages["doc.md"]
    assert held.meta == {"title": META["title"], "search": {"exclude": True}}
    assert [entry.anchor for entry in held.toc] == ["name"]  # its contents are kept apart
    assert held.body_from > 0


def test_its_whole_front_matter_is_read_again_to_render_it_then_let_go(
    staged_page: tuple[StagedPages, Page],
) -> None:
    plugin, page = staged_page
    held = plugin.pages["doc.md"]
    page.meta = held.meta  # as MkDocs is given it (`on_page_markdown`)
    plugin.make_whole(held, page)
    assert held.meta == META and page.meta == META  # the page's own meta, changed in place
    plugin.lighten(held)
    assert page.meta == {"title": META["title"], "search": {"exclude": True}}
    plugin.make_whole(held, page)  # rendered again (a second language, a retry): whole again
    assert page.meta == META


def test_a_staged_file_changed_during_the_build_stops_it(
    staged_page: tuple[StagedPages, Page],
) -> None:
    plugin, page = staged_page
    Path(page.file.abs_src_path).write_text("<p>No front matter now.</p>\n", encoding="utf-8")
    with pytest.raises(WorkerError, match="changed during the build"):
        plugin.make_whole(plugin.pages["doc.md"], page)
