"""Pages shared with forked workers are each rendered once, and the site is the same bytes.

The engine's main process takes the waiting pages from the front as MkDocs'
loop meets them, its workers from the back (`generator/engine/staged_pages.py`,
`Claims`). These tests run that race with real processes, and build real
repositories on one core and on two, with and without the page cache.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import pytest
from test_site import tree_digest

from generator.build import BuildReport, build_site
from generator.engine.staged_pages import PARALLEL_FROM, Claims

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import synth

PAGES = 5000


def _take_from_back(claims: Claims, taken: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    mine = []
    while (index := claims.take_back()) is not None:
        mine.append(index)
    taken.put(mine)


def test_each_waiting_page_is_taken_once_by_one_side() -> None:
    context = multiprocessing.get_context("fork")
    claims = Claims(context, PAGES)
    taken = context.Queue()
    workers = [context.Process(target=_take_from_back, args=(claims, taken)) for _ in range(2)]
    for worker in workers:
        worker.start()
    front = [index for index in range(PAGES) if claims.take_front(index)]
    backs = [taken.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    every = front + backs[0] + backs[1]
    assert sorted(every) == list(range(PAGES))  # each page once, none left
    assert front == list(range(len(front)))  # this side took a run from the front
    assert sorted(backs[0] + backs[1]) == list(range(len(front), PAGES))


def test_a_worker_takes_nothing_once_the_front_has_taken_all() -> None:
    claims = Claims(multiprocessing.get_context("fork"), 3)
    assert [claims.take_front(i) for i in range(3)] == [True, True, True]
    assert claims.take_back() is None


def test_the_front_cannot_take_what_a_worker_took() -> None:
    claims = Claims(multiprocessing.get_context("fork"), 3)
    assert claims.take_back() == 2
    assert claims.take_front(0) is True
    assert claims.take_back() == 1
    assert claims.take_front(1) is False
    assert claims.take_front(2) is False
    assert claims.take_back() is None


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough old versions and redlines (left out of search) for the workers to start."""
    return synth.community_repository(tmp_path_factory.mktemp("workers") / "repo", 8, 12, 4).root


def _build(root: Path, site: Path, jobs: int, cache: bool = False) -> BuildReport:
    return build_site(
        root, root / "constitutions", site, jobs=jobs, pdfs=False, no_previous=True, cache=cache
    )


def test_two_cores_build_the_bytes_one_core_builds(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = _build(repo, tmp_path / "one", 1)
    two = _build(repo, tmp_path / "two", 2)
    assert one.pages - one.documents >= PARALLEL_FROM  # enough pages for workers
    assert (two.pages, two.rendered) == (one.pages, one.rendered)
    assert tree_digest(tmp_path / "two") == tree_digest(tmp_path / "one")


def test_pages_written_by_either_side_are_reused_from_the_cache(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("CHARTERS_CACHE_DIR", str(tmp_path / "cache"))
    first = _build(repo, tmp_path / "first", 2, cache=True)
    again = _build(repo, tmp_path / "again", 2, cache=True)
    assert first.reused == 0 and first.cache_warnings == []
    assert again.reused == again.pages and again.rendered == 0
    assert tree_digest(tmp_path / "again") == tree_digest(tmp_path / "first")
