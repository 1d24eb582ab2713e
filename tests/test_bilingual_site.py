"""The site in two languages (issue 17, item 3): every page has its Welsh counterpart under /cy/.

A real git repository holds a constitution adopted in English and Welsh at 1.0
and amended in both at 1.1, and a charter with no translation. It is built
once with `charters build`; the tests read the built files, and a real browser
(Chromium) follows the language switch and runs axe-core on Welsh pages.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from conftest import ROOT, build, run, served
from gitrepo import DocRepo, amended, charter, constitution, find_clause, git
from test_browser import _axe_violations, browser  # noqa: F401 (a fixture)

from generator.support.i18n import gettext, use_language

QUORUM_EN = "The quorum is 20 members."
QUORUM_CY = "Y cworwm yw 20 aelod."
QUORUM_EN_11 = "The quorum is 25 members."
QUORUM_CY_11 = "Y cworwm yw 25 aelod."


def _welsh(english: dict[str, Any]) -> dict[str, Any]:
    """The Welsh translation of the riverside constitution: same ids, numbers and dates."""
    welsh = copy.deepcopy(english)
    welsh["language"] = "cy"
    del welsh["authoritative"]
    welsh["title"] = "Cyfansoddiad Cymdeithas Trigolion Glan-yr-afon"
    welsh["preamble"] = "Rydym ni, trigolion Glan-yr-afon, yn cytuno ar y rheolau hyn."
    titles = {"name": "Enw", "purpose": "Diben", "meetings": "Cyfarfodydd", "money": "Arian"}
    for article in welsh["articles"]:
        article["title"] = titles[article["id"]]
        for section in article.get("sections", []):
            section["title"] = "Pleidleisio"
    find_clause(welsh, "association-name")["text"] = "Yr enw yw Cymdeithas Trigolion Glan-yr-afon."
    find_clause(welsh, "notice")["text"] = "Mae aelodau'n cael 14 diwrnod o rybudd o gyfarfod."
    find_clause(welsh, "quorum")["text"] = (
        QUORUM_CY if find_clause(english, "quorum")["text"] == QUORUM_EN else QUORUM_CY_11
    )
    return welsh


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository, committed as a community would, and its site built."""
    root = tmp_path_factory.mktemp("bilingual")
    repo = DocRepo(root)
    english = constitution()
    english["language"] = "en"
    english["authoritative"] = ["en", "cy"]
    repo.write(english)
    repo.write(_welsh(english), "riverside-constitution.cy")
    repo.commit("Adopt the constitution in English and Welsh", "2024-01-20")
    repo.save(charter(), "Adopt the youth charter (English only)", "2024-03-01")
    english_11 = amended(english, "1.1", "2024-05-15")
    find_clause(english_11, "quorum")["text"] = QUORUM_EN_11
    repo.write(english_11)
    repo.write(_welsh(english_11), "riverside-constitution.cy")
    repo.commit("Adopt 1.1 in both languages", "2024-05-15")
    site = root / "site"
    result = build(root, site)
    assert result.exit_code == 0, result.output
    return site


def _pages(site: Path) -> set[str]:
    return {
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if not str(p.relative_to(site)).startswith("cy/")
    }


def _hreflang(page: Path) -> dict[str, str]:
    html = page.read_text(encoding="utf-8")
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped example community, whose family coaching charter is also in Welsh."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = run(
        "build", "--site-dir", site, "--no-pdf", "--no-previous", "--allow-shallow", cwd=ROOT
    )
    assert result.exit_code == 0, result.output
    return site


def test_the_example_has_every_page_in_welsh_too(example: Path) -> None:
    _counterparts_both_ways(example)
    charter = (example / "cy/family-coaching-charter/index.html").read_text("utf-8")
    assert '<h1 id="doc_title">Siarter' in charter  # the Welsh the community adopted
    constitution = (example / "cy/kestrel-vale-constitution/index.html").read_text("utf-8")
    assert '<h1 id="doc_title" lang="en">' in constitution  # not translated: marked English


def test_every_page_has_its_welsh_counterpart_and_back(bilingual: Path) -> None:
    _counterparts_both_ways(bilingual)


def _counterparts_both_ways(bilingual: Path) -> None:
    english = _pages(bilingual)
    welsh = {str(p.relative_to(bilingual / "cy")) for p in (bilingual / "cy").rglob("*.html")}
    assert len(english) >= 15
    assert english == welsh
    for name in english:
        page = bilingual / name
        if name == "404.html" or 'http-equiv="refresh"' in page.read_text("utf-8"):
            continue  # a redirect to the page that has them
        links = _hreflang(page)
        assert set(links) == {"en", "cy", "x-default"}, name
        url = page.as_uri()
        counterpart = Path(urljoin(url, links["cy"]).removeprefix("file://")) / "index.html"
        assert counterpart == bilingual / "cy" / name, name
        back = _hreflang(counterpart)
        returned = urljoin(counterpart.as_uri(), back["en"]).removeprefix("file://")
        assert Path(returned) == page.parent
        assert back["x-default"] == back["en"]


def test_welsh_pages_say_they_are_welsh_and_show_the_welsh_text(bilingual: Path) -> None:
    current = (bilingual / "cy/riverside-constitution/index.html").read_text("utf-8")
    assert '<html lang="cy"' in current
    assert QUORUM_CY_11 in current and QUORUM_EN_11 not in current
    assert "Cyfarfodydd" in current
    assert "15 Mai 2024" in current  # the adoption date, with the Welsh month's name
    old = (bilingual / "cy/riverside-constitution/1.0/index.html").read_text("utf-8")
    assert QUORUM_CY in old and "20 Ionawr 2024" in old
    # A Welsh clause is cited at its Welsh address, and its data says the same.
    assert ", /cy/riverside-constitution/1.0/#quorum</p>" in old
    data = (bilingual / "cy/riverside-constitution/1.0.json").read_text("utf-8")
    assert '"/cy/riverside-constitution/1.0/#quorum"' in data
    english = (bilingual / "riverside-constitution/index.html").read_text("utf-8")
    assert '<html lang="en"' in english and QUORUM_EN_11 in english and QUORUM_CY_11 not in english


def test_the_welsh_redline_compares_welsh_with_welsh(bilingual: Path) -> None:
    changes = (bilingual / "cy/riverside-constitution/1.1/changes/index.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", changes)
    assert "Y cworwm yw" in text
    assert re.search(r"<del[^>]*>\s*20\s*</del>", changes) and re.search(
        r"<ins[^>]*>\s*25\s*</ins>", changes
    )
    assert "The quorum is" not in text


def test_an_untranslated_document_is_marked_as_english_on_welsh_pages(bilingual: Path) -> None:
    page = (bilingual / "cy/riverside-youth-charter/index.html").read_text("utf-8")
    assert '<html lang="cy"' in page
    assert '<h1 id="doc_title" lang="en">' in page
    assert re.search(r'class="charters-text" lang="en">\s*<p>Run a youth club', page)
    notice = re.search(r'class="charters-untranslated">([^<]+)<', page)
    assert notice and "Saesneg" in notice.group(1), "the notice says, in Welsh, it is English"
    translated = (bilingual / "cy/riverside-constitution/index.html").read_text("utf-8")
    assert "charters-untranslated" not in translated and 'lang="en">' not in translated


def test_data_feeds_search_and_manifest_per_language(bilingual: Path) -> None:
    data = (bilingual / "cy/riverside-constitution/1.1.json").read_text("utf-8")
    assert QUORUM_CY_11 in data
    assert "Cyfansoddiad" in (bilingual / "cy/feed.xml").read_text("utf-8")
    search = (bilingual / "cy/search/search_index.json").read_text("utf-8")
    assert "cworwm" in search and "cworwm" not in (
        bilingual / "search/search_index.json"
    ).read_text("utf-8")
    manifest = json.loads((bilingual / "manifest.json").read_text("utf-8"))
    assert "cy/riverside-constitution/1.0/" in manifest["addresses"]
    assert set(manifest["versions"]["cy/riverside-constitution"]) == {"1.0", "1.1"}
    assert "cy/riverside-youth-charter" in manifest["versions"]  # shown in English there
    assert not (bilingual / "cy/manifest.json").exists()  # one record, at the root


def test_a_reworded_or_deleted_welsh_version_is_refused(tmp_path: Path) -> None:
    """A force-push that rewords a frozen Welsh version, or drops the translation, is refused."""
    repo = DocRepo(tmp_path)
    english = constitution()
    english["language"] = "en"
    english["authoritative"] = ["en"]  # so that dropping the Welsh is valid in itself
    repo.write(english)
    repo.write(_welsh(english), "riverside-constitution.cy")
    adopted = repo.commit("Adopt in English, with a Welsh translation", "2024-01-20")
    site = tmp_path / "site"
    assert build(tmp_path, site).exit_code == 0
    published = (site / "cy/riverside-constitution/index.html").read_bytes()

    reworded = _welsh(english)
    find_clause(reworded, "notice")["text"] = "Mae aelodau'n cael 7 diwrnod o rybudd."
    repo.write(reworded, "riverside-constitution.cy")
    git(tmp_path, "add", "constitutions")
    git(tmp_path, "commit", "-q", "--amend", "--no-edit", date="2024-01-20")
    refused = build(tmp_path, site)
    assert refused.exit_code == 1, refused.output
    assert "would change under the same version number (cy/riverside-constitution 1.0)" in (
        refused.output
    )

    # Back to the published history, then the translation deleted: its pages would fall
    # back to the English text, so the published Welsh wording would change.
    git(tmp_path, "reset", "-q", "--hard", adopted)
    git(tmp_path, "rm", "-q", "constitutions/riverside-constitution.cy.yaml")
    git(tmp_path, "commit", "-q", "-m", "Drop the Welsh", date="2024-02-01")
    refused = build(tmp_path, site)
    assert refused.exit_code == 1, refused.output
    assert "would change under the same version number (cy/riverside-constitution 1.0)" in (
        refused.output
    )
    assert (site / "cy/riverside-constitution/index.html").read_bytes() == published


def test_the_untranslated_notice_is_in_the_welsh_catalogue() -> None:
    with use_language("cy"):
        notice = gettext(
            "This text has no %(language)s translation yet; it is shown in %(original)s."
        )
    assert notice.startswith("Nid oes cyfieithiad")


def test_a_translation_in_a_language_without_interface_words_is_reported_not_published(
    tmp_path: Path,
) -> None:
    repo = DocRepo(tmp_path)
    english = constitution()
    english["language"] = "en"
    repo.write(english)
    breton = copy.deepcopy(english)
    breton["language"] = "br"
    breton["title"] = "Reolennoù"
    repo.write(breton, "riverside-constitution.br")
    repo.commit("Adopt, with a Breton translation", "2024-01-20")
    result = build(tmp_path, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "translations into br were checked but are not published" in result.output
    assert not (tmp_path / "site/br").exists()
    assert "hreflang" not in (tmp_path / "site/riverside-constitution/index.html").read_text()


# --- in a browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(bilingual: Path) -> Iterator[str]:
    with served(bilingual) as address:
        yield address


@pytest.mark.browser
def test_the_language_switch_keeps_the_document_version_and_clause(
    browser: object,  # noqa: F811 (the fixture imported above)
    server: str,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server + "riverside-constitution/1.0/#quorum")
        page.locator(".md-header .md-select button").hover()
        page.get_by_role("link", name="Cymraeg", exact=True).click()
        page.wait_for_url("**/cy/riverside-constitution/1.0/#quorum")
        assert QUORUM_CY in page.locator("#quorum").inner_text()
        page.locator(".md-header .md-select button").hover()
        page.get_by_role("link", name="English", exact=True).click()
        page.wait_for_url("**/riverside-constitution/1.0/#quorum")
        assert "/cy/" not in page.url
        assert QUORUM_EN in page.locator("#quorum").inner_text()
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "cy/",
        "cy/riverside-constitution/",
        "cy/riverside-constitution/1.0/",
        "cy/riverside-constitution/1.1/changes/",
        "cy/riverside-constitution/history/",
        "cy/riverside-constitution/clauses/",
        "cy/riverside-youth-charter/",
    ],
)
def test_welsh_pages_pass_axe(
    browser: object,  # noqa: F811 (the fixture imported above)
    server: str,
    path: str,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server + path)
        assert page.locator("html").get_attribute("lang") == "cy"
        assert _axe_violations(page) == []
    finally:
        page.close()


def test_a_document_named_like_a_language_of_the_site_is_an_error(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path)
    english = constitution()
    english["language"] = "en"
    repo.write(english)
    repo.write(_welsh({**english, "authoritative": []}), "riverside-constitution.cy")
    repo.write(charter("cy"))
    repo.commit("A charter whose id is the Welsh pages' folder", "2024-01-20")
    result = build(tmp_path, tmp_path / "site")
    assert result.exit_code == 1
    assert "constitutions/cy.yaml:3:9: error: the id 'cy' is the code of a language" in (
        result.output
    ), result.output
    assert not (tmp_path / "site").exists()


def test_a_translation_lagging_as_a_draft_is_shown_as_such(tmp_path: Path) -> None:
    """English 1.1 adopted, its Welsh a draft: the Welsh 1.1 pages give the English, and why."""
    repo = DocRepo(tmp_path)
    english = constitution()
    english["language"] = "en"
    english["authoritative"] = ["en"]
    repo.write(english)
    repo.write(_welsh(english), "riverside-constitution.cy")
    repo.commit("Adopt in English, with a Welsh translation", "2024-01-20")
    english_11 = amended(english, "1.1", "2024-05-15")
    find_clause(english_11, "quorum")["text"] = QUORUM_EN_11
    draft = _welsh(english_11)
    draft["status"] = "draft"
    repo.write(english_11)
    repo.write(draft, "riverside-constitution.cy")
    repo.commit("Adopt 1.1; its Welsh is being checked", "2024-05-15")
    site = tmp_path / "site"
    result = build(tmp_path, site)
    assert result.exit_code == 0, result.output
    current = (site / "cy/riverside-constitution/index.html").read_text("utf-8")
    assert QUORUM_EN_11 in current and '<h1 id="doc_title" lang="en">' in current
    assert "Drafft yw cyfieithiad Cymraeg y fersiwn hon o hyd" in current
    assert QUORUM_CY in (site / "cy/riverside-constitution/1.0/index.html").read_text("utf-8")
    changes = (site / "cy/riverside-constitution/1.1/changes/index.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", changes)
    assert "The quorum is" in text and "cworwm yw" not in text  # English against English
    # The Welsh draft is beside it, as a proposal, compared with the Welsh 1.0.
    proposed = (site / "cy/riverside-constitution/proposed/index.html").read_text("utf-8")
    assert QUORUM_CY_11 in proposed and '<html lang="cy"' in proposed
    assert re.search(r"<del[^>]*>\s*20\s*</del>", proposed), "a Welsh redline against 1.0"
    assert "proposed/" in current  # the Welsh page links the draft


@pytest.mark.browser
def test_what_the_script_writes_on_a_welsh_page_is_welsh(
    browser: object,  # noqa: F811 (the fixture imported above)
    server: str,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server + "cy/riverside-constitution/history/")
        answer = page.locator(".charters-in-force-answer")
        page.locator("#in_force_date").press("Enter")
        assert answer.inner_text() == "Dewiswch ddyddiad yn gyntaf."
        page.locator("#in_force_date").fill("2024-02-01")
        page.locator("#in_force_date").press("Enter")
        assert answer.inner_text() == "Roedd fersiwn 1.0 mewn grym ar y dyddiad hwnnw."
        # Changes are announced to screen readers in Welsh too.
        page.goto(server + "cy/riverside-constitution/1.1/changes/")
        marker = page.evaluate(
            "getComputedStyle(document.querySelector('.md-typeset ins'), '::before').content"
        )
        assert "ychwanegiad" in marker
        page.goto(server + "cy/riverside-constitution/history/")
        page.locator("#in_force_date").fill("2024-02-01")
        page.locator("#in_force_date").press("Enter")
        answer.get_by_role("link").click()
        page.wait_for_url("**/cy/riverside-constitution/1.0/")
    finally:
        page.close()


def test_a_community_switch_entry_cannot_pose_as_ours(tmp_path: Path) -> None:
    """mkdocs.yml's own `alternate` entries keep their link; keys of ours in them are dropped."""
    repo = DocRepo(tmp_path)
    repo.save(constitution(), "Adopt", "2024-01-20")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Riverside\nextra:\n  alternate:\n    - name: Elsewhere\n"
        "      link: https://example.org/\n      lang: fr\n      root: https://evil.example/\n"
        "      near: ../../evil/\n      absolute: true\n      first: true\n"
    )
    result = build(tmp_path, tmp_path / "site")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site/riverside-constitution/index.html").read_text("utf-8")
    assert "evil" not in page
    assert 'href="https://example.org/" hreflang="fr"' in page
