"""Kill a build at any instant (issue 11, category 6): site/ is always a complete old or new site.

Real builds in real processes are killed with SIGKILL after random delays (seeded,
so the run can be repeated), and once exactly in the middle of the swap (the build
is told to pause there by CHARTERS_SWAP_PAUSE). After each kill, site/ must be,
file for file and byte for byte, either the site before the build or the site
after it; and the next build must finish the job and leave no temporary folders.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import build, python_path
from gitrepo import DocRepo, constitution

from generator import publish

Snapshot = dict[str, bytes]
KILLS_PER_MODE = 6


def snapshot(folder: Path) -> Snapshot:
    """Every file below `folder` and its bytes; one removed while it is read is left out."""
    files: Snapshot = {}
    for path in sorted(folder.rglob("*")):
        try:
            if path.is_file():
                files[str(path.relative_to(folder))] = path.read_bytes()
        except FileNotFoundError:  # a build swapping folders meanwhile: the state is in flux
            continue
    return files


def snapshot_if_there(folder: Path) -> Snapshot | None:
    """`snapshot(folder)`, or None if there is no such folder (or it is renamed away meanwhile)."""
    try:
        return snapshot(folder) if folder.is_dir() else None
    except FileNotFoundError:
        return None


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob(".site.*") if p.name != ".site.spare")


class Scene:
    """A repository whose site/ holds version 1.0 while its history has gained 1.1."""

    def __init__(self, root: Path) -> None:
        self.repo = DocRepo(root / "repo")
        self.errors = root / "builds.stderr"  # what the killed builds printed
        self.repo.save(constitution(), "Adopt 1.0", "2024-01-20")
        self.site = self.repo.root / "site"
        assert build(self.repo.root, self.site).exit_code == 0
        self.old = snapshot(self.site)
        self.old_copy = root / "old-site"
        shutil.copytree(self.site, self.old_copy)
        amended = constitution(version="1.1")
        amended["articles"][0]["clauses"][0]["text"] += " Amended at the AGM."
        self.repo.save(amended, "Adopt 1.1", "2024-06-20")
        reference = root / "new-site"
        started = time.monotonic()  # as long as a killed build runs, to spread the kills
        assert self.start(extra=("--site-dir", str(reference))).wait() == 0
        self.seconds = time.monotonic() - started
        self.new = snapshot(reference)
        assert self.new != self.old

    def reset(self) -> None:
        """Put the old site back in site/ (leftovers of earlier kills stay, to be cleaned)."""
        if self.site.exists():
            shutil.rmtree(self.site)
        shutil.copytree(self.old_copy, self.site)

    def start(
        self, env: dict[str, str] | None = None, extra: tuple[str, ...] = ()
    ) -> subprocess.Popen:
        return subprocess.Popen(
            # Without PDFs, as conftest's `build` makes the site it is compared with.
            [sys.executable, "-m", "generator", "build", "--quiet", "--no-pdf", *extra],
            cwd=self.repo.root,
            env={**os.environ, "PYTHONPATH": python_path(), **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=self.errors.open("ab"),  # says why, should a build end by itself
            start_new_session=True,
        )

    def state(self) -> str:
        current = snapshot_if_there(self.site)
        if current == self.old:
            return "old"
        if current == self.new:
            return "new"
        return "missing" if current is None else "broken"

    def difference(self) -> str:
        """Which files of site/ differ from the new site, to say why a state is "broken"."""
        current = snapshot_if_there(self.site) or {}
        changed = sorted(k for k in current.keys() & self.new.keys() if current[k] != self.new[k])
        return (
            f"missing {sorted(self.new.keys() - current.keys())[:5]}, "
            f"extra {sorted(current.keys() - self.new.keys())[:5]}, changed {changed[:5]}"
        )


def kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # it may have ended by itself
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    return Scene(tmp_path_factory.mktemp("swap"))


@pytest.mark.parametrize("exchange", ["1", "0"], ids=["exchange", "two-renames"])
def test_random_kills_leave_a_complete_old_or_new_site(scene: Scene, exchange: str) -> None:
    chance = random.Random(11 + int(exchange))
    seen = []
    for _ in range(KILLS_PER_MODE):
        scene.reset()
        process = scene.start({"CHARTERS_SWAP_EXCHANGE": exchange})
        time.sleep(chance.uniform(0.0, scene.seconds * 1.1))
        kill(process)
        state = scene.state()
        if exchange == "0" and state == "missing":  # killed in the gap between the renames
            publish.recover(scene.site)
            state = scene.state()
        assert state in ("old", "new"), state
        seen.append(state)
    # The next build recovers, publishes the new site and removes every temporary folder.
    assert build(scene.repo.root, scene.site).exit_code == 0
    assert scene.state() == "new", scene.difference()
    assert leftovers(scene.repo.root) == []
    print(f"kills with exchange={exchange}: {seen}")


def _kill_mid_swap(scene: Scene, exchange: str, ready: str) -> None:
    scene.reset()
    process = scene.start({"CHARTERS_SWAP_EXCHANGE": exchange, "CHARTERS_SWAP_PAUSE": "120"})
    deadline = time.monotonic() + 600
    try:  # killed however this ends, so no paused build holds the lock for the next test
        while scene.state() != ready:
            assert process.poll() is None, (
                f"the build ended without pausing in the swap: {scene.errors.read_text()[-2000:]}"
            )
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        kill(process)


def test_a_kill_mid_exchange_leaves_the_new_site(scene: Scene) -> None:
    _kill_mid_swap(scene, "1", ready="new")
    assert scene.state() == "new"
    assert build(scene.repo.root, scene.site).exit_code == 0
    assert scene.state() == "new", scene.difference()
    assert leftovers(scene.repo.root) == []


def test_a_kill_between_the_two_renames_is_undone_by_the_next_build(scene: Scene) -> None:
    _kill_mid_swap(scene, "0", ready="missing")
    assert (scene.repo.root / ".site.old").is_dir()  # the old site, complete, beside it
    assert snapshot(scene.repo.root / ".site.old") == scene.old
    publish.recover(scene.site)  # what the next build does first
    assert scene.state() == "old"
    assert leftovers(scene.repo.root) == []


def test_the_next_build_after_a_kill_between_renames_publishes_the_new_site(scene: Scene) -> None:
    _kill_mid_swap(scene, "0", ready="missing")
    assert build(scene.repo.root, scene.site).exit_code == 0
    assert scene.state() == "new", scene.difference()
    assert leftovers(scene.repo.root) == []
