"""The real publish path, end to end: build, deploy, and build again from a fresh clone.

The "deployment" is a folder served over HTTP on 127.0.0.1 under a project
sub-path (/riverside/), as GitHub Pages serves a project site, with its 404 page
for missing addresses. Each later build runs in a fresh clone (no site/ on the
disk) and fetches the deployed manifest, as a CI runner does.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import socketserver
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build, run
from gitrepo import DocRepo, amended, constitution, find_clause, git
from test_browser import CHROMIUM, CHROMIUM_ARGS

from generator.site import urls

DOC = "riverside-constitution"
NEW = "riverside-rules"
PROJECT = "riverside"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, and the project's 404.html for a missing address, as GitHub Pages does."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / PROJECT / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture
def pages(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A web server for the deployed sites: (its folder, the project site's address)."""
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(_PagesHandler, directory=str(www))
    socketserver.TCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield www, f"http://127.0.0.1:{httpd.server_address[1]}/{PROJECT}/"
        httpd.shutdown()


def deploy(site: Path, www: Path) -> None:
    target = www / PROJECT
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(site, target)


def get(address: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(address, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def fresh_clone(origin: Path, into: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(origin), str(into)], check=True, capture_output=True)
    return into


def push(repo: DocRepo, force: bool = False) -> None:
    git(repo.root, "push", "-q", *(["--force"] if force else []), "origin", "main")


def community(tmp_path: Path) -> tuple[DocRepo, Path, dict[str, str]]:
    """A community's repository with versions 1.0, 1.1 and 2.0, pushed to a bare origin."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    repo = DocRepo(tmp_path / "work")
    git(repo.root, "remote", "add", "origin", str(origin))
    v1 = constitution()
    commits = {"1.0": repo.save(v1, "Adopt", "2024-01-20")}
    v11 = amended(v1, "1.1", "2024-05-01")
    find_clause(v11, "notice")["text"] = "Members get 21 days' notice of a general meeting."
    commits["1.1"] = repo.save(v11, "Adopt 1.1", "2024-05-01")
    v2 = amended(v11, "2.0", "2025-02-01")
    find_clause(v2, "quorum")["text"] = "The quorum is 15 members."
    commits["2.0"] = repo.save(v2, "Adopt 2.0", "2025-02-01")
    push(repo)
    return repo, origin, commits


def test_the_publish_path_keeps_the_record(tmp_path: Path, pages) -> None:
    www, site_url = pages
    repo, origin, commits = community(tmp_path)

    # First publication: knowingly, with nothing deployed to compare with.
    first = fresh_clone(origin, tmp_path / "clone-first")
    assert "no manifest" in build(first, first / "site", "--site-url", site_url).output
    published = build(first, first / "site", "--site-url", site_url, "--no-previous")
    assert published.exit_code == 0, published.output
    deploy(first / "site", www)
    status, text = get(site_url + "manifest.json")
    deployed = json.loads(text)
    assert status == 200 and deployed["site_url"] == site_url

    # An unchanged repository builds again on a fresh runner, checked against the deployment.
    again = fresh_clone(origin, tmp_path / "clone-again")
    result = build(again, again / "site", "--site-url", site_url)
    assert result.exit_code == 0, result.output

    # (a) History force-pushed without version 2.0: the build refuses.
    git(repo.root, "reset", "-q", "--hard", commits["1.1"])
    push(repo, force=True)
    dropped = fresh_clone(origin, tmp_path / "clone-dropped")
    refused = build(dropped, dropped / "site", "--site-url", site_url)
    assert refused.exit_code == 1
    assert f"published versions would disappear ({DOC} 2.0)" in refused.output
    assert f"{DOC}/2.0/" in refused.output and f"{DOC}/2.0.json" in refused.output
    assert f"Compared with the manifest at {site_url}manifest.json" in refused.output
    assert not (dropped / "site").exists()

    # (b) History rewritten so that 1.1 has other words under the same number: refused.
    git(repo.root, "reset", "-q", "--hard", commits["1.0"])
    v11 = amended(constitution(), "1.1", "2024-05-01")
    find_clause(v11, "notice")["text"] = "Members get 7 days' notice of a general meeting."
    repo.save(v11, "Adopt 1.1", "2024-05-01")
    v2 = amended(v11, "2.0", "2025-02-01")  # 2.0 as it was published
    find_clause(v2, "notice")["text"] = "Members get 21 days' notice of a general meeting."
    find_clause(v2, "quorum")["text"] = "The quorum is 15 members."
    repo.save(v2, "Adopt 2.0", "2025-02-01")
    push(repo, force=True)
    reworded = fresh_clone(origin, tmp_path / "clone-reworded")
    # The rewritten history is consistent in itself: only the deployed manifest shows the change.
    assert run("validate", reworded / "constitutions", cwd=reworded).exit_code == 0
    refused = build(reworded, reworded / "site", "--site-url", site_url)
    assert refused.exit_code == 1
    assert f"would change under the same version number ({DOC} 1.1)" in refused.output
    assert f"{DOC} 1.0" not in refused.output and f"{DOC} 2.0" not in refused.output

    # Back to the history that was published.
    git(repo.root, "reset", "-q", "--hard", commits["2.0"])
    push(repo, force=True)

    # (c) The document is renamed: every old address serves a redirect to the new one.
    data = json.loads((repo.docs / f"{DOC}.yaml").read_text())
    data["id"] = NEW
    data["former_ids"] = [DOC]
    git(repo.root, "mv", f"constitutions/{DOC}.yaml", f"constitutions/{NEW}.yaml")
    repo.write(data)
    repo.commit("Rename the constitution", "2025-04-01")
    push(repo)
    renamed = fresh_clone(origin, tmp_path / "clone-renamed")
    result = build(renamed, renamed / "site", "--site-url", site_url)
    assert result.exit_code == 0, result.output
    deploy(renamed / "site", www)
    old_addresses = [a for a in deployed["addresses"] if a.startswith(f"{DOC}/")]
    assert len(old_addresses) >= 12
    for address in old_addresses:
        status, text = get(site_url + address)
        assert status == 200, address
        if address.endswith("/"):
            assert "This document has a new address" in text
            canonical = text.split('<link rel="canonical" href="')[1].split('"')[0]
            assert canonical.startswith(f"{site_url}{NEW}/")
            assert get(canonical)[0] == 200, canonical
        elif address.endswith("/index.json"):  # the document's own data: names the new id
            assert NEW in text
        elif address.endswith(".json"):
            assert json.loads(text)["url"] == site_url + urls.version(
                NEW, address.split("/")[-1].removesuffix(".json")
            )
        else:
            assert f"{site_url}{NEW}/feed.xml" in text

    # (d) verify: the deployed site says what the repository says, until someone edits it.
    verified = run("verify", site_url, cwd=renamed)
    assert verified.exit_code == 0, verified.output
    assert "each says what the repository says" in verified.output
    page = www / PROJECT / NEW / "1.1" / "index.html"
    text = page.read_text()
    assert text.count("21 days") == 1
    page.write_text(text.replace("21 days", "28 days"))
    mismatch = run("verify", site_url, cwd=renamed)
    assert mismatch.exit_code == 1
    assert f"mismatch /{NEW}/1.1/: its text differs" in mismatch.output


@pytest.fixture
def browser() -> Iterator[object]:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        # org.github.io resolves to this machine, to stand for a GitHub Pages project site.
        args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP org.github.io 127.0.0.1"]
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield launched
        launched.close()


@pytest.mark.browser
def test_redirects_keep_the_clause_and_the_404_page_works_on_a_sub_path(
    tmp_path: Path, pages, browser
) -> None:
    www, site_url = pages
    repo, _origin, _commits = community(tmp_path)
    data = json.loads((repo.docs / f"{DOC}.yaml").read_text())
    data["id"] = NEW
    data["former_ids"] = [DOC]
    git(repo.root, "mv", f"constitutions/{DOC}.yaml", f"constitutions/{NEW}.yaml")
    repo.write(data)
    repo.commit("Rename the constitution", "2025-04-01")
    # Built without site_url, as before the publish workflow gave it.
    assert build(repo.root, repo.root / "site", "--no-previous").exit_code == 0
    deploy(repo.root / "site", www)
    github = site_url.replace("127.0.0.1", "org.github.io")
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(f"{github}{DOC}/1.1/#notice")
        page.wait_for_url(f"{github}{NEW}/1.1/#notice")
        assert page.locator("#notice").is_visible()
        # A missing address deep in the project site gets the 404 page, with its styles.
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        response = page.goto(f"{github}no/such/page/")
        assert response is not None and response.status == 404
        page.wait_for_load_state("load")
        # (The browser may guess asset addresses before the page's script sets its base;
        # what counts is that every asset under the project site loaded and applies.)
        assert not [u for u in failed if u.startswith(f"{github}assets/")], failed
        sheets = page.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
        assert any(s.startswith(f"{github}assets/stylesheets/main.") for s in sheets)
        header = "getComputedStyle(document.querySelector('.md-header')).position"
        assert page.evaluate(header) == "sticky"  # the theme's stylesheet is applied
        logo = page.evaluate("document.querySelector('a.md-logo').href")
        assert logo == github  # links lead into the project site, not to the host's root
    finally:
        page.close()
