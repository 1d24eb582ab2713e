"""The two engines build the same site (issue 16, item 5).

The example community (constitutions/, with its real history in this
repository) is built by the real command once with MkDocs and once with
Zensical. The pages are compared as parsed HTML, not as bytes: the themes'
own markup differs (Zensical adds a skip anchor, its assets have other names),
what the site promises its readers must not. For every page: it exists in both;
its content holds the same elements with the same ids (every clause anchor),
attributes and words; its table of contents lists the same entries; and the
old-version banner, the version selector and the redlines are the same.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import EXAMPLE, ROOT, build

pytest.importorskip("zensical", reason="Zensical is an optional dependency (extra 'zensical')")

ENGINES = ("mkdocs", "zensical")
# Files that are the theme's own, named differently by each engine.
THEME_FILES = ("assets/javascripts/", "assets/stylesheets/", "search/", "search.json")
THEME_FILE_NAMES = ("sitemap.xml.gz",)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built = {}
    for engine in ENGINES:
        site = tmp_path_factory.mktemp(engine) / "site"
        result = build(ROOT, site, "--engine", engine, "--no-previous", "--no-cache")
        if "shallow clone" in result.output:
            pytest.skip("this checkout is a shallow clone: the example's history is not here")
        assert result.exit_code == 0, result.output
        built[engine] = site
    return built


def _site_files(site: Path) -> set[str]:
    """The site's own files, in every language: each engine ships its theme files its own way."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}

    def own(name: str) -> bool:
        inside = name.removeprefix("cy/")  # the Welsh half of the example, built the same way
        return not inside.startswith(THEME_FILES) and inside not in THEME_FILE_NAMES

    return {f for f in files if own(f) and f not in ("404.html", "cy/404.html")}


def _pages(sites: dict[str, Path]) -> list[str]:
    return sorted(
        p.relative_to(sites["mkdocs"]).as_posix()
        for p in sites["mkdocs"].rglob("*.html")
        if p.name != "404.html"
    )


def _parsed(site: Path, page: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / page)).getroot()


def _content(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The page's content; a redirect stub (written by the tool, not the theme) is all content."""
    found = root.xpath('//article[contains(@class, "md-content__inner")]') or root.xpath("//body")
    return found[0]


def _shape(element: lxml.html.HtmlElement | None) -> list[tuple[str, tuple, str]]:
    """Each element below `element`: tag, attributes, own words (not the theme's `__` ids)."""
    if element is None:
        return []
    return [
        (e.tag, tuple(sorted(e.attrib.items())), " ".join((e.text or "").split()))
        for e in element.iter()
        if isinstance(e.tag, str) and not e.get("id", "").startswith("__")
    ]


def _ids(root: lxml.html.HtmlElement) -> list[str]:
    return [i for i in _content(root).xpath(".//@id") if not i.startswith("__")]


def _toc(root: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    links = root.xpath('//nav[contains(@class, "md-nav--secondary")]//a[@href]')
    return [(a.get("href"), " ".join(a.text_content().split())) for a in links]


def _one(root: lxml.html.HtmlElement, xpath: str) -> list[tuple[str, tuple, str]]:
    found = root.xpath(xpath)
    return [item for element in found for item in _shape(element)]


BANNER = '//*[contains(@class, "charters-banner")]'
SELECTOR = '//nav[contains(@class, "charters-versionbar")]'
REDLINE = '//section[contains(@class, "redline")]'


def test_the_same_files_are_published(sites: dict[str, Path]) -> None:
    assert _site_files(sites["mkdocs"]) == _site_files(sites["zensical"])
    assert (sites["zensical"] / "404.html").is_file()


def test_every_page_has_the_same_content(sites: dict[str, Path]) -> None:
    pages = _pages(sites)
    assert len(pages) >= 20
    for page in pages:
        mkdocs, zensical = (_parsed(sites[e], page) for e in ENGINES)
        assert mkdocs.findtext(".//title") == zensical.findtext(".//title"), page
        assert _ids(mkdocs) == _ids(zensical), page
        assert _shape(_content(mkdocs)) == _shape(_content(zensical)), page


def test_every_clause_anchor_is_on_both(sites: dict[str, Path]) -> None:
    page = "kestrel-vale-constitution/1.0/index.html"
    mkdocs, zensical = (_ids(_parsed(sites[e], page)) for e in ENGINES)
    assert len(mkdocs) > 100  # every clause and article of the constitution has its anchor
    assert mkdocs == zensical


def test_every_table_of_contents_is_the_same(sites: dict[str, Path]) -> None:
    with_toc = 0
    for page in _pages(sites):
        mkdocs, zensical = (_toc(_parsed(sites[e], page)) for e in ENGINES)
        assert mkdocs == zensical, page
        with_toc += bool(mkdocs)
    version = _toc(_parsed(sites["zensical"], "kestrel-vale-constitution/1.0/index.html"))
    assert ("#membership", "Article 4. Membership") in version
    assert with_toc >= 8  # every version page of every document


@pytest.mark.parametrize(
    ("what", "xpath", "page"),
    [
        ("old-version banner", BANNER, "kestrel-vale-constitution/1.0/index.html"),
        ("version selector", SELECTOR, "kestrel-vale-constitution/1.1/index.html"),
        ("redline", REDLINE, "kestrel-vale-constitution/2.0/changes/index.html"),
    ],
)
def test_banner_selector_and_redlines_are_the_same(
    sites: dict[str, Path], what: str, xpath: str, page: str
) -> None:
    for each in _pages(sites):
        mkdocs, zensical = (_one(_parsed(sites[e], each), xpath) for e in ENGINES)
        assert mkdocs == zensical, f"{what} on {each}"
    shown = _one(_parsed(sites["zensical"], page), xpath)
    assert shown, f"no {what} on {page}"
    if what == "redline":
        tags = {tag for tag, _attrs, _text in shown}
        assert {"ins", "del"} <= tags


def test_the_example_is_what_is_compared() -> None:
    assert (EXAMPLE / "kestrel-vale-constitution.yaml").is_file()
