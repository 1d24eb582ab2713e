"""Shared test helpers: the real-data folder, the example community, the CLI runner."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from gitrepo import DocRepo, riverside
from hypothesis import settings

from generator.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "constitutions"
# ../shared/realdata, next to the repository (absent on machines other than this one).
REALDATA = ROOT.parent / "shared" / "realdata"

# Tests must not depend on the machine's speed: on a shared 2-core machine a property
# example can take longer than Hypothesis's default 200 ms deadline for no fault of ours.
settings.register_profile("charters", deadline=None)
settings.load_profile("charters")


def python_path(first: Path = ROOT) -> str:
    """PYTHONPATH for a child process: `first` (this checkout), then whatever the run already set.

    CI runs the suite a second time with the lowest MkDocs and Material laid over
    through PYTHONPATH; a child that dropped it would build with other versions.
    """
    return os.pathsep.join(filter(None, [str(first), os.environ.get("PYTHONPATH")]))


def build(repo: Path, site: Path, *extra: str, pdf: bool = False) -> Result:
    """`charters build` of a community repository at `repo` into `site`.

    Without the PDFs unless asked (`pdf=True`): printing takes about two seconds a
    version, and only the PDF tests (`test_pdf.py`) are about them.
    """
    flag = "--pdf" if pdf else "--no-pdf"
    return run(
        "build", "--source", repo / "constitutions", "--site-dir", site, flag, *extra, cwd=repo
    )


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Build caches go to a temporary folder, not the home folder."""
    os.environ["CHARTERS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, empty at first."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CHARTERS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def community(tmp_path_factory: pytest.TempPathFactory) -> DocRepo:
    """A community with three versions of its constitution, a charter and a proposal."""
    return riverside(tmp_path_factory.mktemp("community"))


@pytest.fixture(scope="session")
def site(community: DocRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The community's website, built once for the tests that only read it."""
    out = tmp_path_factory.mktemp("out") / "site"
    result = build(community.root, out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def realdata() -> Path:
    """The real governing documents with real histories; tests skip where they are absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real-data folder {REALDATA} is absent (it lives beside the repository)")
    return REALDATA


def run(*args: str | Path, input: str | None = None, cwd: Path | None = None) -> Result:
    """Run the `charters` command in-process (in folder `cwd`) and return its result."""
    with contextlib.chdir(cwd or Path.cwd()):
        return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that closed the connection early (a page left mid-load) is no fault."""


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1, as a reader's browser fetches a site; its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with _QuietServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()
