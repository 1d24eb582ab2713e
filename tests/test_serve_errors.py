"""`charters serve` shows a broken document's error in the browser until it is fixed.

A real `charters serve` process on a free port, a real Chromium page left open as
a person editing would leave it: the page must reload by itself into a notice
naming file:line:col and the command line's words, with the document's hostile
text shown as text, and reload again into the fixed text once the edit is good.
Every wait polls against a generous deadline; none assumes the machine's speed.
"""

from __future__ import annotations

import copy
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import python_path
from gitrepo import DocRepo, constitution, find_clause
from test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

# Generous: a build on a loaded shared machine can take many times its usual seconds.
DEADLINE_S = 180
NOTICE = "#charters-build-error"
HOSTILE_KEY = '<img src=x onerror="window.pwned=1">'


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A `charters serve` process in a community repository, stopped when the test ends."""

    def __init__(self, repo: Path, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator", "serve", "--port", str(self.port)],
                cwd=repo,
                env={**os.environ, "PYTHONPATH": python_path()},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"serve stopped:\n{self.output()}"
            try:
                with urllib.request.urlopen(self.url, timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # an answer, even "not found": the server is up
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        pytest.fail(f"serve did not answer within {DEADLINE_S} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[DocRepo, object]]:
    """A repository with an adopted constitution, and a way to start serving it."""
    repo = DocRepo(tmp_path / "community")
    repo.save(constitution(), "Adopt the constitution", "2024-01-20")
    started: list[Served] = []

    def start() -> Served:
        served = Served(repo.root, tmp_path / "serve.log")
        started.append(served)
        served.wait_until_serving()
        return served

    yield repo, start
    for served in started:
        served.stop()


def _proposal(quorum: int) -> dict[str, object]:
    """The constitution as being amended in the working tree: a draft 1.1."""
    doc = copy.deepcopy(constitution())
    doc["version"] = "1.1"
    doc["status"] = "draft"
    del doc["decision"]
    find_clause(doc, "quorum")["text"] = f"The quorum is {quorum} members."
    return doc


def _break(repo: DocRepo, doc: dict[str, object]) -> str:
    """Write `doc` with a key no schema allows, named in markup; return its file:line:col."""
    broken = {**doc, HOSTILE_KEY: "x"}
    path = repo.write(broken)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "<img" in text)
    column = lines[line - 1].index('"') + 1
    return f"constitutions/riverside-constitution.yaml:{line}:{column}"


def test_a_broken_edit_is_shown_on_the_open_page_until_it_is_fixed(
    serve: tuple[DocRepo, object], browser: object
) -> None:
    from playwright.sync_api import expect

    repo, start = serve
    repo.write(_proposal(22))
    served = start()  # type: ignore[operator]
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(served.url + "riverside-constitution/proposed/")
        expect(page.get_by_text("The quorum is 22 members.").first).to_be_visible()
        assert page.locator(NOTICE).count() == 0

        location = _break(repo, _proposal(22))
        # The open page reloads by itself into the notice: no navigation by the test.
        notice = page.locator(NOTICE)
        expect(notice).to_be_visible(timeout=DEADLINE_S * 1000)
        text = notice.inner_text()
        assert location in text, (text, served.output())
        # The command line's own words, the document's markup shown as text, not run.
        assert f"unknown key '{HOSTILE_KEY}' in this constitution." in text
        assert location in served.output()
        assert "Build failed:" in text
        assert notice.locator("img").count() == 0
        assert page.evaluate("window.pwned") is None
        # Unmissable: across the top of the screen, above the site's own header.
        box = notice.bounding_box()
        assert box is not None and box["y"] <= 0 and box["width"] >= 0.9 * 1280
        assert page.evaluate(
            "(() => { const n = document.querySelector('#charters-build-error');"
            " const r = n.getBoundingClientRect();"
            " return document.elementFromPoint(r.left + r.width / 2, r.top + 10)"
            ".closest('#charters-build-error') === n; })()"
        )
        # The last good build is still underneath.
        assert page.get_by_text("The quorum is 22 members.").count() >= 1
        # Every page carries it, not only the one that was open.
        page.goto(served.url)
        expect(page.locator(NOTICE)).to_contain_text(location)

        repo.write(_proposal(23))
        expect(page.locator(NOTICE)).to_have_count(0, timeout=DEADLINE_S * 1000)
        page.goto(served.url + "riverside-constitution/proposed/")
        expect(page.get_by_text("The quorum is 23 members.").first).to_be_visible()
        assert page.locator(NOTICE).count() == 0
    finally:
        page.close()


def test_a_document_broken_before_the_first_build_is_shown_then_the_site(
    serve: tuple[DocRepo, object], browser: object
) -> None:
    from playwright.sync_api import expect

    repo, start = serve
    path = repo.write(_proposal(24))
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace('"version": "1.1",', '"version": "1.1",,'), encoding="utf-8")
    line = next(n for n, text in enumerate(good.splitlines(), 1) if '"version"' in text)
    served = start()  # type: ignore[operator]
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(served.url)
        notice = page.locator(NOTICE)
        expect(notice).to_be_visible(timeout=DEADLINE_S * 1000)
        expect(notice).to_contain_text(f"constitutions/riverside-constitution.yaml:{line}:")
        expect(notice).to_contain_text("not valid YAML")
        expect(notice).to_contain_text("Nothing has been built yet.")

        path.write_text(good, encoding="utf-8")
        # The notice's own poller reloads the page: there was no site to live-reload.
        expect(page.locator(NOTICE)).to_have_count(0, timeout=DEADLINE_S * 1000)
        expect(page.get_by_text("Constitution of the Riverside Residents").first).to_be_visible(
            timeout=DEADLINE_S * 1000
        )
    finally:
        page.close()
