"""The PDF of every adopted version: real builds, real PDFs, read back with pypdf.

The example community (constitutions/, with this repository's history) is built
once with its PDFs; every page of every PDF must name the document and version,
and every clause number must be in the text. Hostile templates and text must
not make the build read anything outside the built site or reach the network,
and a rebuild must print only what changed.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import socketserver
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath

import pytest
from conftest import EXAMPLE, ROOT
from gitrepo import DocRepo, amended, charter, constitution, find_clause

from generator.build import BuildReport, build_site
from generator.pdf.files import SiteFiles
from generator.site import urls

pypdf = pytest.importorskip("pypdf")


@functools.cache
def text_of(path: Path) -> list[str]:
    """The text of each page of a PDF, with runs of white space made one space."""
    reader = pypdf.PdfReader(path)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def clause_numbers(data: dict) -> list[str]:
    """Every clause number of a version, from its published JSON."""
    found: list[str] = []

    def walk(clauses: list[dict]) -> None:
        for clause in clauses:
            found.append(clause["number"])
            walk(clause.get("clauses", []))

    for article in data["articles"]:
        walk(article["clauses"])
        for section in article.get("sections", []):
            walk(section["clauses"])
    return found


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport, BuildReport]:
    """The example community built twice with its PDFs: cold, then again from the cache."""
    out = tmp_path_factory.mktemp("example") / "site"
    first = build_site(ROOT, EXAMPLE, out, no_previous=True)
    if first.versions < 2:
        pytest.skip("this checkout holds too little of the example's history (a shallow clone)")
    second = build_site(ROOT, EXAMPLE, out, no_previous=True)
    return out, first, second


def adopted_versions(site: Path) -> list[dict]:
    index = json.loads((site / urls.SITE_DATA).read_text(encoding="utf-8"))
    return [
        {**version, "id": document["id"], "title": document["title"]}
        for document in index["documents"]
        for version in document["versions"]
    ]


def test_every_page_of_every_pdf_names_the_document_and_version(example) -> None:
    site, first, _second = example
    versions = adopted_versions(site)
    assert len(versions) == first.versions
    assert first.pdfs_made == first.versions * len(first.languages)  # each language prints its own
    for version in versions:
        for folder in [language for language in first.languages[1:]]:
            assert (site / folder / urls.pdf(version["id"], version["version"])).is_file()
    for version in versions:
        data = json.loads((site / urls.data(version["id"], version["version"])).read_text())
        pages = text_of(site / urls.pdf(version["id"], version["version"]))
        assert len(pages) >= 2, version  # the running head is tried on more than one page
        for number, text in enumerate(pages, start=1):
            where = (version["id"], version["version"], number)
            assert data["title"] in text, where
            assert f"Version {version['version']}" in text, where
            assert f"Page {number} of {len(pages)}" in text, where
        whole = " ".join(pages)
        for clause in clause_numbers(data):
            assert re.search(rf"(?<![\w.]){re.escape(clause)}(?![\w(])", whole), (
                version["id"],
                version["version"],
                clause,
            )


def test_no_page_ends_with_a_heading(example) -> None:
    """A heading is kept with the text after it, never stranded at the foot of a page."""
    site, _first, _second = example
    for version in adopted_versions(site):
        data = json.loads((site / urls.data(version["id"], version["version"])).read_text())
        headings = [a["title"] for a in data["articles"]]
        headings += [s["title"] for a in data["articles"] for s in a.get("sections", [])]
        pages = text_of(site / urls.pdf(version["id"], version["version"]))
        head = f"{data['title']} · Version {version['version']} ·"
        for number, text in enumerate(pages[:-1], start=1):
            body = text[: text.index(head)].rstrip()  # the running head follows the page's text
            stranded = [h for h in headings if h and body.endswith(h)]
            assert not stranded, (version["id"], version["version"], number, stranded)


def test_superseded_versions_say_so_on_every_page(example) -> None:
    site, _first, _second = example
    for version in adopted_versions(site):
        pages = text_of(site / urls.pdf(version["id"], version["version"]))
        superseded = version["in_force"]["until"] is not None
        for text in pages:
            assert ("Superseded" in text) == superseded, (version["version"], text[:200])


def test_the_pdfs_are_archival_pdf_a_3b(example) -> None:
    site, _first, _second = example
    for version in adopted_versions(site):
        reader = pypdf.PdfReader(site / urls.pdf(version["id"], version["version"]))
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert re.search(r'pdfaid:part(="|>)3', xmp), xmp[:500]
        assert re.search(r'pdfaid:conformance(="|>)B', xmp), xmp[:500]
        assert reader.metadata.title.startswith(version["title"])


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pdf: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._in = dict(attrs).get("href")

    def handle_data(self, data: str) -> None:
        if self._in is not None and data.strip() == "Download PDF":
            self.pdf.append(self._in)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in = None


def test_each_version_page_links_its_pdf_and_its_data_lists_it(example) -> None:
    site, _first, _second = example
    for version in adopted_versions(site):
        doc_id, text = version["id"], version["version"]
        pages = [urls.version(doc_id, text)]
        if version["in_force"]["until"] is None:
            pages.append(urls.document(doc_id))  # the current text links it too
        for page in pages:
            links = _Links()
            links.feed((site / urls.page_output(page)).read_text(encoding="utf-8"))
            assert len(links.pdf) == 1, page
            target = site / normpath(page + links.pdf[0])
            assert target == site / urls.pdf(doc_id, text), page
            assert target.read_bytes().startswith(b"%PDF-"), page
        data = json.loads((site / urls.data(doc_id, text)).read_text(encoding="utf-8"))
        assert data["pdf"] == f"/{urls.pdf(doc_id, text)}"
        assert version["pdf"] == data["pdf"]  # the site's index lists it too


def test_a_rebuild_takes_every_pdf_from_the_cache_unchanged(example) -> None:
    _site, first, second = example
    assert second.pdfs_made == 0
    assert second.pdfs_reused == first.pdfs_made == first.versions * len(first.languages)
    assert second.pdf_warnings == [] and second.cache_warnings == []


def test_the_same_commit_prints_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt the constitution", "2024-01-20")
    pdf = urls.pdf("riverside-constitution", "1.0")
    # No cache: printed twice, in two folders, at two times. The embedded fonts' time
    # would come from the clock or SOURCE_DATE_EPOCH (fontTools); two different epochs
    # stand for two different moments, deterministically.
    for name, epoch in (("one", "1000000000"), ("two", "1700000000")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        report = build_site(repo.root, repo.docs, tmp_path / name, cache=False)
        assert report.pdfs_made == 1
    assert (tmp_path / "one" / pdf).read_bytes() == (tmp_path / "two" / pdf).read_bytes()


def test_a_welsh_site_prints_its_pdfs_in_welsh(tmp_path: Path) -> None:
    """Running head, page numbers, facts and default numbering words in the site's language;
    the status of an old version from the view, not cut out of an English sentence."""
    repo = DocRepo(tmp_path / "repo")
    first = constitution()
    repo.save(first, "Adopt the constitution", "2024-01-20")
    repo.save(amended(first, "1.1", "2024-06-20"), "Adopt 1.1", "2024-06-20")
    (repo.root / "mkdocs.yml").write_text("site_name: Partneriaeth\ntheme:\n  language: cy\n")
    report = build_site(repo.root, repo.docs, tmp_path / "site", cache=False)
    assert report.pdfs_made == 2
    old = text_of(tmp_path / "site" / urls.pdf("riverside-constitution", "1.0"))
    for number, text in enumerate(old, start=1):
        assert "Fersiwn 1.0 · Disodlwyd" in text, text[:200]
        assert f"Tudalen {number} o {len(old)}" in text, text[-200:]
    whole = " ".join(old)
    assert "Statws" in whole and "Disodlwyd ar 20 Mehefin 2024 gan fersiwn 1.1" in whole
    assert "Erthygl 1" in whole and "20 Ionawr 2024" in whole
    english = ("Superseded", "Page 1 of", "Version 1.0", "Status", "Article 1", "In force")
    assert [word for word in english if word in whole] == []
    current = " ".join(text_of(tmp_path / "site" / urls.pdf("riverside-constitution", "1.1")))
    assert "Fersiwn 1.1 · Mewn grym" in current
    assert "Mabwysiadwyd; y testun sydd mewn grym" in current


# --- what changed is printed again, and nothing else -------------------------------------


def test_an_amendment_reprints_only_the_versions_whose_text_or_status_changed(
    tmp_path: Path,
) -> None:
    repo = DocRepo(tmp_path / "repo")
    v1 = constitution()
    repo.save(v1, "Adopt the constitution", "2024-01-20")
    repo.save(charter(), "Adopt the youth charter", "2024-03-01")
    site = tmp_path / "site"
    cold = build_site(repo.root, repo.docs, site)
    assert (cold.pdfs_made, cold.pdfs_reused) == (2, 0)

    v2 = amended(v1, "1.1", "2024-06-20")
    find_clause(v2, "quorum")["text"] = "The quorum is 25 members."
    repo.save(v2, "Adopt 1.1", "2024-06-20")
    after = build_site(repo.root, repo.docs, site)
    # 1.1 is new and 1.0 now reads "superseded"; the charter's PDF is the same.
    assert (after.pdfs_made, after.pdfs_reused) == (2, 1)
    assert "The quorum is 25 members." in " ".join(text_of(site / urls.pdf(v1["id"], "1.1")))

    (repo.root / "templates" / "assets").mkdir(parents=True)
    (repo.root / "templates" / "assets" / "pdf.css").write_text("html { font-size: 12pt; }\n")
    restyled = build_site(repo.root, repo.docs, site)
    assert (restyled.pdfs_made, restyled.pdfs_reused) == (3, 0)  # every PDF read the sheet


def test_a_build_without_pdfs_offers_none(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt the constitution", "2024-01-20")
    site = tmp_path / "site"
    report = build_site(repo.root, repo.docs, site, pdfs=False)
    assert report.pdfs_made == report.pdfs_reused == 0
    assert not list(site.rglob("*.pdf"))
    page = (site / urls.page_output(urls.document("riverside-constitution"))).read_text()
    assert "Download PDF" not in page
    data = json.loads((site / urls.data("riverside-constitution", "1.0")).read_text())
    assert "pdf" not in data


# --- nothing outside the built site is ever read -----------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    def __init__(self, seen: list[str], *args: object) -> None:
        self.seen = seen
        super().__init__(*args)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"h1 { color: red }")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local web server that notes every request made to it."""
    seen: list[str] = []
    handler = functools.partial(_Recorder, seen)
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
        httpd.shutdown()


def test_hostile_templates_and_text_cannot_make_a_pdf_read_outside_the_site(
    tmp_path: Path, listener: tuple[str, list[str]]
) -> None:
    address, seen = listener
    repo = DocRepo(tmp_path / "repo")
    doc = constitution()
    find_clause(doc, "quorum")["text"] = (
        f"The quorum is 20. ![map]({address}/clause.png) "
        f'<img src="{address}/raw.png"> [minutes](file:///etc/passwd)'
    )
    repo.write(doc)
    assets = repo.root / "templates" / "assets"
    assets.mkdir(parents=True)
    (assets / "pdf.css").write_text(
        '@import url("file:///etc/passwd");\n'
        f'@import url("{address}/remote.css");\n'
        "body { background: url(file:///etc/hostname); }\n"
        f'@font-face {{ font-family: Planted; src: url("{address}/font.woff"); }}\n'
        "h1 { font-family: Planted; }\n"
        '@import url("../../../../../../../../etc/passwd");\n'
    )
    default = (ROOT / "templates" / "pdf" / "version.html").read_text()
    planted = (
        f'<img src="{address}/template.png"><img src="file:///etc/passwd">'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<img src="../../../../../../../../etc/passwd">'
        '<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    (repo.root / "templates" / "pdf").mkdir()
    (repo.root / "templates" / "pdf" / "version.html").write_text(
        default.replace("<body>", "<body>" + planted)
    )
    repo.commit("Adopt the constitution, with planted addresses", "2024-01-20")

    site = tmp_path / "site"
    report = build_site(repo.root, repo.docs, site)
    assert report.pdfs_made == 1
    assert seen == []  # the network was never reached
    refused = " ".join(report.pdf_warnings)
    for url in ("file:///etc/passwd", "file:///etc/hostname", f"{address}/remote.css"):
        assert url in refused
    assert f"{address}/font.woff" in refused and f"{address}/template.png" in refused
    pdf = site / urls.pdf("riverside-constitution", "1.0")
    reader = pypdf.PdfReader(pdf)
    assert reader.attachments == {}  # /etc/passwd was not attached
    text = " ".join(text_of(pdf))
    assert "The quorum is 20." in text
    assert "root:" not in text and b"root:x:0" not in pdf.read_bytes()


def test_only_regular_files_inside_the_site_are_given(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "pdf.css").write_text("h1 {}")
    (tmp_path / "secret.txt").write_text("secret")
    (site / "assets" / "link.css").symlink_to(tmp_path / "secret.txt")
    (site / "assets" / "inside.css").symlink_to(site / "assets" / "pdf.css")
    for site_url in (None, "https://example.org/charters/"):
        files = SiteFiles(site, site_url)
        base = files.page_base("")
        assert files.resolve(base + "assets/pdf.css") == (site / "assets" / "pdf.css").resolve()
        assert files.resolve((site / "assets" / "pdf.css").as_uri()) is not None
        assert files.resolve(base + "assets/inside.css") is not None  # a link that stays inside
        for refused in (
            base + "assets/link.css",  # a link planted in the site, leading out of it
            base + "assets/",  # a folder
            base + "assets/missing.css",
            base + "../secret.txt",
            base + "assets/%2e%2e/%2e%2e/secret.txt",
            (tmp_path / "secret.txt").as_uri(),
            "file:///etc/passwd",
            "http://127.0.0.1/x.css",
            "https://example.com/x.css",
            "ftp://example.com/x.css",
        ):
            assert files.resolve(refused) is None, refused


# --- in a real browser ----------------------------------------------------------------------


@pytest.mark.browser
def test_the_download_link_gives_the_pdf_in_a_browser(example) -> None:
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    site, _first, _second = example
    version = next(v for v in adopted_versions(site) if v["in_force"]["until"] is not None)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *_args: None  # type: ignore[method-assign]
    with (
        socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd,
        sync_api.sync_playwright() as playwright,
    ):
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + urls.version(version["id"], version["version"]))
            link = page.get_by_role("link", name="Download PDF")
            assert link.count() == 1 and link.is_visible()
            with page.expect_download() as download:
                link.click()
            saved = Path(download.value.path())
            assert (
                saved.read_bytes()
                == (site / urls.pdf(version["id"], version["version"])).read_bytes()
            )
        finally:
            browser.close()
            httpd.shutdown()
