"""Script through settings (issue 11, categories 3 and 9): mkdocs.yml from a stranger.

One real repository carries every hostile setting at once; its real build must
warn about each at its line and column, and no page may carry any of them as a
link or a script. The pages are then opened in a real browser that fails on any
dialog (alert, confirm, prompt) and clicks every link in the header and footer.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import build
from conftest import served as served_folder
from gitrepo import DocRepo, constitution

from generator.load.settings import link_problem

TITLE = 'Town\'s <b>Residents</b> & "Friends"'

SETTINGS = """\
site_name: "Town's <Residents> & Co"
repo_url: "javascript:alert('repo')"
site_url: "data:text/html,<script>alert('site')</script>"
extra:
  homepage: "javascript:alert('home')"
  scope: "\\");alert('scope');//"
  social:
    - icon: fontawesome/brands/github
      link: "JaVaScRiPt:alert('social')"
    - icon: fontawesome/brands/mastodon
      link: "https://example.org/@town"
  alternate:
    - name: Cymraeg
      link: "vbscript:msgbox('alt')"
      lang: cy
    - name: English
      link: /en/
      lang: en
  more:
    help_url: "java\\tscript:alert('tab')"
    about_link: "javascript&#58;alert('entity')"
    docs_url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
theme:
  name: material
  logo: images/logo.svg
  favicon: images/evil.html
"""

# (words in the warning, line, column): each hostile setting, where it is written above.
WARNINGS = {
    "repo_url": ("repo_url is ignored: links starting with 'javascript:'", 2, 11),
    "site_url": ("site_url must be a web address", 3, 11),
    "homepage": ("extra.homepage is ignored: links starting with 'javascript:'", 5, 13),
    "scope": ("extra.scope is ignored: it is not a web address", 6, 10),
    "social": ("extra.social[0] is ignored: its link: links starting with 'javascript:'", 9, 13),
    "alternate": (
        "extra.alternate[0] is ignored: its link: links starting with 'vbscript:'",
        14,
        13,
    ),
    "tab": ("extra.more.help_url is ignored: the address holds spaces or control", 20, 15),
    "entity": ("extra.more.about_link is ignored: it is not a web address", 21, 17),
    "data": ("extra.more.docs_url is ignored: links starting with 'data:'", 22, 15),
    "svg logo": ("the logo is an SVG image, which can carry script", 25, 9),
    "html favicon": ("the favicon must be a PNG, JPEG, GIF, WebP or ICO image file", 26, 12),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("hostile-settings")
    repo = DocRepo(root / "repo")
    doc = constitution()
    doc["title"] = TITLE
    repo.save(doc, "Adopt", "2024-01-20")
    (repo.root / "images").mkdir()
    (repo.root / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg")</script></svg>'
    )
    (repo.root / "images" / "evil.html").write_text("<script>alert('favicon')</script>")
    (repo.root / "mkdocs.yml").write_text(SETTINGS)
    site = root / "site"
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    return site, result.output


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_each_hostile_setting_is_named_at_its_position(
    name: str, hostile: tuple[Path, str]
) -> None:
    words, line, column = WARNINGS[name]
    _site, output = hostile
    found = [text for text in output.splitlines() if words in text]
    assert len(found) == 1, output
    assert found[0].startswith(f"mkdocs.yml:{line}:{column}: warning: "), output


class _Links(HTMLParser):
    """Every link and script address, and every inline script, on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.text: dict[str, str] = {}
        self._class: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("href", "src", "action", "formaction", "data"):
            if values.get(key):
                self.addresses.append(values[key] or "")
        self._in_script = tag == "script"
        self._class = values.get("class")

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        if self._class:
            self.text[self._class] = self.text.get(self._class, "") + data

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False
        self._class = None


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_links_or_runs_any_hostile_setting(hostile: tuple[Path, str]) -> None:
    site, _output = hostile
    pages = _pages(site)
    assert len(pages) >= 4
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text())
        for address in parser.addresses:
            assert link_problem(address) is None, (page, address)
        for script in parser.scripts:
            assert "alert" not in script and "msgbox" not in script, (page, script[:200])
    assert not list(site.rglob("*.svg")) or all(
        b"<script" not in p.read_bytes() for p in site.rglob("*.svg")
    )
    assert not (site / "images").exists()
    assert "https://example.org/@town" in (site / "index.html").read_text()


def test_a_title_with_quotes_and_brackets_is_escaped_once_in_the_version_bar(
    hostile: tuple[Path, str],
) -> None:
    site, _output = hostile
    parser = _Links()
    parser.feed((site / "riverside-constitution" / "index.html").read_text())
    assert parser.text["charters-versionbar__doc"] == TITLE


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "javascript&colon;alert(1)",
        "https://",
        "<script>",
        '"onmouseover="x',
    ],
)
def test_link_check_refuses(value: str) -> None:
    assert link_problem(value) is not None


@pytest.mark.parametrize(
    "value",
    ["https://example.org/a?b=1&c=2#d", "http://example.org", "mailto:sec@example.org", "/en/", ""],
)
def test_link_check_accepts(value: str) -> None:
    assert link_problem(value) is None


# --- the real browser: no dialog ever opens -----------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(name="served", scope="module")
def served_site(hostile: tuple[Path, str]) -> Iterator[str]:
    site, _ = hostile
    with served_folder(site) as address:
        yield address


@pytest.mark.browser
def test_no_dialog_opens_in_a_real_browser(served: str, hostile: tuple[Path, str]) -> None:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    from test_browser import CHROMIUM_ARGS

    site, _ = hostile
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path in ["", "riverside-constitution/", "riverside-constitution/history/"]:
                page.goto(served + path)
                page.wait_for_load_state("load")
                # Follow every link in the header and footer (where settings become links).
                hrefs = page.eval_on_selector_all(
                    "header a[href], footer a[href]", "els => els.map(e => e.href)"
                )
                for href in hrefs:
                    assert not href.lower().startswith(("javascript:", "data:", "vbscript:"))
                page.goto(served + "riverside-constitution/")
            assert page.locator(".charters-versionbar__doc").inner_text() == TITLE
        finally:
            browser.close()
    assert dialogs == []
    assert site.is_dir()
