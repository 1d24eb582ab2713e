"""Broken repositories and broken machines (issue 11, category 8): a short message, never a
traceback, and a non-zero exit.

Each case is a real git repository broken the way a stranger's branch, a bad clone
or a full disk breaks it, and the real `charters` command run in a real process
(as a user runs it), so an uncaught exception would show as a traceback on stderr.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import python_path
from gitrepo import DocRepo, constitution, git

from generator.support.cache import cache_folder
from generator.support.lock import build_lock


def charters(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": python_path(), **(env or {})}
    environment.pop("CHARTERS_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _short_failure(done: subprocess.CompletedProcess, *words: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Traceback" not in output, output
    assert len(output.splitlines()) <= 8, output
    for word in words:
        assert word in output, output


@pytest.fixture
def repo(tmp_path: Path) -> DocRepo:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt 1.0", "2024-01-20")
    amended = constitution(version="1.1")
    amended["articles"][0]["clauses"][0]["text"] += " Amended."
    repo.save(amended, "Adopt 1.1", "2024-06-20")
    return repo


def _corrupt_a_blob(repo: DocRepo) -> None:
    blob = git(repo.root, "rev-parse", "HEAD~1:constitutions/riverside-constitution.yaml")
    path = repo.root / ".git" / "objects" / blob[:2] / blob[2:]
    path.chmod(0o644)
    path.write_bytes(b"this is not a zlib stream")


@pytest.mark.parametrize("command", [["build", "--no-cache"], ["validate"], ["diff", "HEAD~1"]])
def test_a_corrupt_git_object_is_a_short_message(
    command: list[str], repo: DocRepo, tmp_path: Path
) -> None:
    _corrupt_a_blob(repo)
    done = charters(*command, cwd=repo.root, env={"CHARTERS_CACHE_DIR": str(tmp_path / "c")})
    _short_failure(done)
    assert "git" in (done.stdout + done.stderr).lower()


def test_a_missing_git_object_is_a_short_message(repo: DocRepo, tmp_path: Path) -> None:
    blob = git(repo.root, "rev-parse", "HEAD~1:constitutions/riverside-constitution.yaml")
    (repo.root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    done = charters("build", "--no-cache", cwd=repo.root, env={"CHARTERS_CACHE_DIR": str(tmp_path)})
    _short_failure(done)


def test_diff_against_a_branch_with_no_common_history(repo: DocRepo) -> None:
    git(repo.root, "checkout", "-q", "--orphan", "stranger")
    git(repo.root, "commit", "-q", "-m", "Unrelated", date="2024-07-01")
    done = charters("diff", cwd=repo.root)
    _short_failure(done)


def test_a_commit_dated_after_the_year_9999(repo: DocRepo, tmp_path: Path) -> None:
    doc = constitution(version="1.2")
    repo.write(doc)
    git(repo.root, "add", "-A")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "S",
        "GIT_AUTHOR_EMAIL": "s@example.org",
        "GIT_COMMITTER_NAME": "S",
        "GIT_COMMITTER_EMAIL": "s@example.org",
        "GIT_AUTHOR_DATE": "@253402300800 +0000",
        "GIT_COMMITTER_DATE": "@253402300800 +0000",
    }
    subprocess.run(["git", "commit", "-q", "-m", "Far future"], cwd=repo.root, env=env, check=True)
    done = charters("build", "--no-cache", cwd=repo.root, env={"CHARTERS_CACHE_DIR": str(tmp_path)})
    _short_failure(done, "is dated outside the years 1 to 9999")


def test_a_missing_default_branch_fails(repo: DocRepo, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = charters(
        "build",
        "--site-dir",
        str(site),
        cwd=repo.root,
        env={"CHARTERS_DEFAULT_BRANCH": "no-such-branch", "CHARTERS_CACHE_DIR": str(tmp_path)},
    )
    _short_failure(done, "no-such-branch")
    assert not site.exists()


def test_two_builds_at_once_the_second_says_another_is_running(
    repo: DocRepo, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    env = {"CHARTERS_CACHE_DIR": str(cache)}
    os.environ["CHARTERS_CACHE_DIR"], saved = str(cache), os.environ["CHARTERS_CACHE_DIR"]
    try:
        folder = cache_folder(repo.root)
    finally:
        os.environ["CHARTERS_CACHE_DIR"] = saved
    with build_lock(folder):
        done = charters("build", cwd=repo.root, env=env)
    _short_failure(done, "another build of this repository is running")
    assert not (repo.root / "site").exists()
    assert charters("build", cwd=repo.root, env=env).returncode == 0  # the lock was released


def _unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    return probe.returncode == 0


needs_unshare = pytest.mark.skipif(
    not _unshare(), reason="needs unshare (a private mount namespace) to fake a full or ro disk"
)


def _in_small_mount(
    repo: DocRepo, mount: Path, options: str, *args: str
) -> subprocess.CompletedProcess:
    """Run charters with `mount` as a private tmpfs mounted with `options`."""
    mount.mkdir()
    script = (
        f"mount -t tmpfs -o {options} tmpfs {mount} && "
        f"exec {sys.executable} -m generator {' '.join(args)}"
    )
    env = {**os.environ, "PYTHONPATH": python_path(), "CHARTERS_CACHE_DIR": str(mount.parent / "c")}
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@needs_unshare
def test_a_full_disk_is_a_short_message(repo: DocRepo, tmp_path: Path) -> None:
    mount = tmp_path / "small"
    done = _in_small_mount(repo, mount, "size=64k", "build", "--site-dir", f"{mount}/site")
    _short_failure(done, "the disk is full")


@needs_unshare
def test_a_read_only_folder_is_a_short_message(repo: DocRepo, tmp_path: Path) -> None:
    mount = tmp_path / "readonly"
    done = _in_small_mount(repo, mount, "ro", "build", "--site-dir", f"{mount}/site")
    _short_failure(done, "read-only")


def test_debug_shows_the_traceback(repo: DocRepo, tmp_path: Path) -> None:
    _corrupt_a_blob(repo)
    env = {"CHARTERS_CACHE_DIR": str(tmp_path)}
    done = charters("--debug", "build", "--no-cache", cwd=repo.root, env=env)
    assert done.returncode != 0
    assert "Traceback" in done.stderr
