"""The history stage holds off Python's cycle collector, and always hands it back.

The stage builds every version of every document, objects that all outlive it;
the collector walking them again and again was most of a rebuild's history
stage. These tests check the pause itself and that a real stage, on a real
repository, leaves the collector as it found it, even when the stage fails.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from gitrepo import DocRepo, amended, constitution

from generator.history import stage
from generator.history.stage import folder_history
from generator.load.files import load_paths
from generator.support.collector import collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


def test_no_collection_inside_and_the_collector_back_after(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a stage that fails")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(collector_on: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def _repository(root: Path) -> DocRepo:
    repo = DocRepo(root)
    first = constitution()
    repo.save(first, "Adopt version 1.0", "2025-01-10T12:00:00")
    repo.save(amended(first, "1.1", "2025-03-01"), "Adopt version 1.1", "2025-03-02T12:00:00")
    return repo


def test_the_history_stage_reads_with_the_collector_off_and_gives_it_back(
    tmp_path: Path, collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path / "repo")
    loaded = load_paths([repo.docs], 1)
    seen: list[bool] = []
    real_check = stage.check_history

    def check_and_note(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_check(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stage, "check_history", check_and_note)
    problems, history = folder_history(repo.docs, loaded.documents, loaded.texts)
    assert history is not None and not problems
    assert [v.version.text for v in history.documents["riverside-constitution"].versions] == [
        "1.0",
        "1.1",
    ]
    assert seen == [False]  # the versions were read, and checked, without collections
    assert gc.isenabled()


def test_a_failing_history_stage_gives_the_collector_back(
    tmp_path: Path, collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path / "repo")
    loaded = load_paths([repo.docs], 1)

    def failing_check(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a rule that fails while the collector is paused")

    monkeypatch.setattr(stage, "check_history", failing_check)
    with pytest.raises(RuntimeError):
        folder_history(repo.docs, loaded.documents, loaded.texts)
    assert gc.isenabled()
