"""The built site in a real browser: Debian's Chromium driven by Playwright, checked with axe-core.

Every page type is opened from a local server, checked for WCAG 2.2 A and AA
(axe tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) with zero violations, at
desktop and phone width; the version selector is followed to the same clause in
another version, by mouse and by keyboard; and the print layout hides the chrome.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import served

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots of every page type, at desktop and phone width, in both palettes, for a
# person to review the look (named in the README; git-ignored).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {
    "index": "",
    "current": "riverside-constitution/",
    "old version": "riverside-constitution/1.0/",
    "history": "riverside-constitution/history/",
    "clause history": "riverside-constitution/clauses/",
    "proposed": "riverside-constitution/proposed/",
    "changes": "riverside-constitution/1.1/changes/",
    "since": "riverside-constitution/1.0/since/",
    "charter": "riverside-youth-charter/",
    "not found": "404.html",
}


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built site served on localhost, as a reader's browser would fetch it."""
    with served(site) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _axe_violations(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    found = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
        found.append(f"{violation['id']}: {violation['help']} at {targets}")
    return found


@pytest.mark.parametrize("palette", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_type_passes_axe(
    browser: object, server: str, name: str, width: int, palette: str
) -> None:
    """Zero WCAG violations in both palettes, no sideways scroll; a screenshot for review."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 900}, color_scheme=palette
    )
    page = context.new_page()
    try:
        page.goto(server + PAGES[name])
        page.wait_for_load_state("load")
        assert page.locator("h1").count() >= 1
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == ("slate" if palette == "dark" else "default")
        SCREENSHOTS.mkdir(exist_ok=True)
        slug = name.replace(" ", "-")
        page.screenshot(path=str(SCREENSHOTS / f"{slug}-{width}-{palette}.png"), full_page=True)
        assert _axe_violations(page) == []
        # Nothing is wider than the screen, at phone width included.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
    finally:
        context.close()


_TAB_STOPS_PER_CLAUSE = """() => Array.from(document.querySelectorAll('.charters-clause')).map(
  clause => Array.from(clause.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]')).filter(
    el => el.closest('.charters-clause') === clause
      && el.tabIndex >= 0 && el.getClientRects().length > 0).length)"""


# Where Tab lands: outside the clause just left, on the next provision's one control.
_NEXT_STOP = """() => {
  const el = document.activeElement;
  return !document.getElementById('quorum').contains(el)
    && el.matches('details.charters-cite > summary');
}"""


def test_old_versions_add_at_most_one_tab_stop_per_clause(browser: object, server: str) -> None:
    """One control per clause; on old versions it also holds the same clause in the current text."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        for name in ("current", "old version"):
            page.goto(server + PAGES[name])
            # By keyboard: from one clause's control, Tab goes straight to the next clause.
            page.locator("#quorum > details.charters-cite > summary").focus()
            page.keyboard.press("Tab")
            assert page.evaluate(_NEXT_STOP), name
        page.locator("#quorum > details.charters-cite > summary").focus()
        page.keyboard.press("Enter")
        link = page.locator("#quorum > details.charters-cite a.charters-current")
        assert link.is_visible()
        for _ in range(4):  # a few stops inside the open control reach it
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('charters-current')"):
                break
        assert page.evaluate("document.activeElement.getAttribute('href')") == "../#quorum"
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_old_version_notice_stays_in_view_while_reading(
    browser: object, server: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 700})  # type: ignore[attr-defined]
    try:
        page.goto(server + PAGES["old version"] + "#majority")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
        banner = page.locator(".charters-banner--old")
        box = banner.bounding_box()
        header = page.locator(".md-header").bounding_box()
        assert box is not None and header is not None
        assert box["y"] >= header["y"] + header["height"] - 1  # under the header, not behind it
        assert box["y"] + box["height"] <= 700 / 2  # and leaves most of the screen to the text
        hit = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('.charters-banner--old') !== null",
            [box["x"] + 5, box["y"] + box["height"] / 2],
        )
        assert hit  # on top of the page, readable
        # A clause reached by its link is not hidden under the notice.
        page.goto(server + PAGES["old version"] + "#majority")
        page.locator("#majority").scroll_into_view_if_needed()
        page.evaluate("location.hash = ''; location.hash = '#majority'")
        clause = page.locator("#majority").bounding_box()
        box = banner.bounding_box()
        assert clause is not None and box is not None
        assert clause["y"] >= box["y"] + box["height"] - 1
    finally:
        page.close()


@pytest.mark.parametrize("name", ["current", "old version", "proposed", "charter"])
def test_text_begins_within_the_first_screen_on_phones(
    browser: object, server: str, name: str
) -> None:
    """On a 375 by 667 screen, the page's own text starts before the first scroll."""
    page = browser.new_page(viewport={"width": 375, "height": 667})  # type: ignore[attr-defined]
    try:
        page.goto(server + PAGES[name])
        first = page.locator(".redline, .charters-panel, .charters-clause").first
        box = first.bounding_box()
        assert box is not None
        assert box["y"] < 667 - 40, box
    finally:
        page.close()


def test_selector_keeps_the_reader_on_the_same_clause(browser: object, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server + "riverside-constitution/1.1/#quorum")
        page.locator("details.charters-selector summary").click()
        page.get_by_role("link", name="Version 1.0", exact=True).click()
        page.wait_for_url("**/riverside-constitution/1.0/#quorum")
        assert page.locator("#quorum").is_visible()
        assert "The quorum is 20 members." in page.locator("#quorum").inner_text()
        # And to the current text, from the old version's banner.
        page.get_by_role("link", name="Read the current text").click()
        page.wait_for_url("**/riverside-constitution/#quorum")
        assert "The quorum is 25 members." in page.locator("#quorum").inner_text()
    finally:
        page.close()


def test_selector_works_by_keyboard(browser: object, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server + "riverside-constitution/#notice")
        summary = page.locator("details.charters-selector summary")
        summary.focus()
        page.keyboard.press("Enter")
        assert page.locator("details.charters-selector").get_attribute("open") is not None
        link = page.get_by_role("link", name="Version 1.0", exact=True)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/riverside-constitution/1.0/#notice")
    finally:
        page.close()


def test_selector_links_work_without_javascript(browser: object, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(server + "riverside-constitution/1.1/")
        page.locator("details.charters-selector summary").click()
        page.get_by_role("link", name="Version 1.0", exact=True).click()
        page.wait_for_url("**/riverside-constitution/1.0/")
        assert "This is not the current text." in page.content()
    finally:
        context.close()


def test_print_layout_hides_navigation_and_selector(browser: object, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server + "riverside-constitution/1.0/")
        page.emulate_media(media="print")
        for chrome in (".charters-versionbar", ".md-sidebar--primary", ".md-header"):
            assert not page.locator(chrome).first.is_visible(), chrome
        assert page.locator("#quorum").is_visible()
        assert page.locator(".charters-banner").is_visible()  # an old version says so on paper too
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF")
    finally:
        page.close()


def test_search_finds_the_current_text_only(browser: object, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server)
        page.locator("input.md-search__input").focus()
        page.keyboard.type("quorum")
        results = page.locator(".md-search-result__item a")
        results.first.wait_for(timeout=10_000)
        # Read every result in one step: the list is re-rendered while search runs.
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item a", "links => links.map(a => a.getAttribute('href') || '')"
        )
        assert any("riverside-constitution/" in h for h in hrefs)
        assert not any("/1.0/" in h or "/proposed/" in h for h in hrefs)
    finally:
        page.close()


def test_search_finds_a_clause_by_its_words_and_links_to_it(browser: object, server: str) -> None:
    """Each clause is its own search entry: its result opens the page at the clause."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server)
        page.locator("input.md-search__input").focus()
        page.keyboard.type("quorum members")
        results = page.locator(".md-search-result__item a")
        results.first.wait_for(timeout=10_000)
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item a", "links => links.map(a => a.getAttribute('href') || '')"
        )
        clause = [h for h in hrefs if h.endswith("riverside-constitution/#quorum")]
        assert clause, hrefs
        page.locator(f'.md-search-result__item a[href="{clause[0]}"]').first.click()
        page.wait_for_url("**/riverside-constitution/#quorum")
        assert "25 members" in page.locator("#quorum").inner_text()
    finally:
        page.close()


def test_cite_and_copy_link_work_by_keyboard(browser: object, server: str) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    try:
        page.goto(server + "riverside-constitution/")
        summary = page.locator("#quorum summary")
        summary.focus()
        page.keyboard.press("Enter")
        box = page.locator("#quorum details.charters-cite")
        assert box.get_attribute("open") is not None
        page.keyboard.press("Tab")  # the permanent link
        page.keyboard.press("Tab")  # the clause's own history
        page.keyboard.press("Tab")  # "Copy link"
        assert page.evaluate("document.activeElement.textContent") == "Copy link"
        page.keyboard.press("Enter")
        box.locator(".charters-copied").filter(has_text="Copied").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == server + "riverside-constitution/2.0/#quorum"
        page.keyboard.press("Tab")  # "Cite"
        assert page.evaluate("document.activeElement.textContent") == "Cite"
        page.keyboard.press("Enter")
        box.locator(".charters-copied").filter(has_text="1 February 2025").wait_for()
        cited = page.evaluate("navigator.clipboard.readText()")
        assert cited.endswith(
            "version 2.0 (adopted 1 February 2025), clause 3.2.1, "
            + server
            + "riverside-constitution/2.0/#quorum"
        )
        page.keyboard.press("Escape")
        assert box.get_attribute("open") is None
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    finally:
        context.close()


def test_the_citation_is_reachable_without_javascript(browser: object, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(server + "riverside-constitution/1.0/#clause-3.2.1")
        summary = page.locator("#quorum summary")
        summary.focus()
        page.keyboard.press("Enter")
        text = page.locator("#quorum .charters-cite-text")
        assert text.is_visible()
        assert "version 1.0 (adopted 20 January 2024), clause 3.2.1" in text.inner_text()
        assert not page.locator("#quorum .charters-cite-actions").is_visible()
    finally:
        context.close()


def test_the_date_field_finds_the_text_in_force(browser: object, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(server + "riverside-constitution/history/")
        page.locator("#in_force_date").fill("2024-06-19")
        page.locator("#in_force_date").press("Enter")
        answer = page.locator(".charters-in-force-answer")
        assert answer.inner_text() == "Version 1.0 was in force on that date."
        page.locator("#in_force_date").fill("2024-06-20")
        page.get_by_role("button", name="Find the text in force").click()
        assert answer.inner_text() == "Version 1.1 was in force on that date."
        answer.get_by_role("link").click()
        page.wait_for_url("**/riverside-constitution/1.1/")
    finally:
        page.close()
