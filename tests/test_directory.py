"""A site of many documents: the directory comes in pages, and no page lists every document.

One real build of 101 single-version constitutions (one more than a page of the
directory holds), made with the benchmark's generator: the home page lists the
first 100 and links to the second page, which lists the last; every document is
reached from the directory; the navigation on each page holds the home page
alone; and both directory pages pass axe in a real browser.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import build
from test_browser import _axe_violations, browser, server  # noqa: F401 (fixtures)

from generator.site import urls
from generator.site.views.directory import NAV_DOCUMENTS, PAGE_SIZE, pager

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402

COUNT = PAGE_SIZE + 1


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> synth.SynthRepo:
    return synth.community_repository(tmp_path_factory.mktemp("many") / "repo", COUNT, 1, 3)


@pytest.fixture(scope="module")
def site(many: synth.SynthRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("many-site") / "site"
    result = build(many.root, out)
    assert result.exit_code == 0, result.output
    return out


def _links(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="([^"]+)"', html)


def test_the_directory_is_in_pages_and_reaches_every_document(
    many: synth.SynthRepo, site: Path
) -> None:
    home = (site / "index.html").read_text()
    second = (site / urls.page_output(urls.directory(2))).read_text()
    assert len(_links(home)) == PAGE_SIZE
    assert len(_links(second)) == 1
    assert f"Documents 1 to {PAGE_SIZE} of {COUNT} (page 1 of 2)" in home
    assert f"Documents {COUNT} to {COUNT} of {COUNT} (page 2 of 2)" in second
    # Every document is listed once, and every link leads to a page of the site.
    found = {link.strip("/") for link in _links(home)}
    found |= {link.removeprefix("../../").strip("/") for link in _links(second)}
    assert found == {s.id for s in many.series}
    for link in _links(second):
        assert (site / "index" / "2" / link / "index.html").resolve().is_file()
    assert 'href="index/2/"' in home and 'href="../../"' in second


def test_no_page_lists_every_document_in_its_navigation(many: synth.SynthRepo, site: Path) -> None:
    assert COUNT > NAV_DOCUMENTS
    doc_id = many.series[0].id
    for url in (urls.document(doc_id), urls.history(doc_id), urls.INDEX):
        html = (site / urls.page_output(url)).read_text()
        nav = html[html.index('class="md-nav md-nav--primary"') :]
        nav = nav[: nav.index("</nav>")]
        assert nav.count('class="md-nav__link') == 1, url  # the home page alone
        assert not any(s.id in nav for s in many.series)


def test_only_the_first_page_of_the_directory_is_searched(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    locations = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert "" in locations
    assert urls.directory(2) not in locations


def test_a_pager_links_a_fixed_number_of_pages_however_many_there_are() -> None:
    for count in (3, 50, 5000):
        for number in {1, 2, count // 2, count - 1, count}:
            links = pager(urls.INDEX if number == 1 else urls.directory(number), number, count)
            assert len(links) <= 9
            assert [link.label for link in links if link.current] == [f"Page {number}"]
    middle = pager(urls.directory(2500), 2500, 5000)
    labels = [link.label for link in middle]
    assert labels[:2] == ["First page", "Previous page"]
    assert labels[-2:] == ["Next page", "Last page (5000)"]
    assert middle[0].url == "../../" and middle[-1].url == "../5000/"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
@pytest.mark.parametrize("address", [urls.INDEX, urls.directory(2)], ids=["home", "page-2"])
def test_directory_pages_pass_axe(browser: object, server: str, address: str, width: int) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(server + address)
        page.wait_for_load_state("load")
        assert _axe_violations(page) == []
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
    finally:
        context.close()
