"""Shared by the redline tests: the golden fixtures and a git repository holding them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import git
import pytest

from generator.diff.clauses import DocumentDiff, diff_documents
from generator.load.documents import read_document
from generator.model.document import Document

FIXTURES = Path(__file__).parent / "fixtures" / "redline"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def load(path: Path) -> Document:
    result = read_document(path.read_bytes(), str(path))
    assert result.document is not None, result.problems
    return result.document


def fixture_diffs() -> list[DocumentDiff]:
    """The golden amendment: every fixture document, version 1.0 against 1.1."""
    return [
        diff_documents(load(FIXTURES / "v1.0" / name), load(FIXTURES / "v1.1" / name))
        for name in sorted(os.listdir(FIXTURES / "v1.0"))
    ]


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it (then read the change!)."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path} is missing; run with UPDATE_GOLDEN=1 and review it")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if the change is intended, run "
        "UPDATE_GOLDEN=1 python -m pytest and review the diff of tests/golden/"
    )


def commit_all(repo: git.Repo, message: str) -> str:
    repo.git.add(A=True)
    repo.git.commit("-q", "-m", message, "--no-verify")
    return repo.head.commit.hexsha


def new_repo(root: Path) -> git.Repo:
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test Secretary")
        config.set_value("user", "email", "secretary@example.org")
        config.set_value("commit", "gpgsign", "false")
    return repo


def fixture_repo(root: Path) -> git.Repo:
    """A community repository: version 1.0 on main (tag v1.0), 1.1 on branch 'amend' (tag v1.1)."""
    repo = new_repo(root)
    documents = root / "constitutions"
    shutil.copytree(FIXTURES / "v1.0", documents)
    commit_all(repo, "Adopt version 1.0")
    repo.create_tag("v1.0")
    repo.git.checkout("-q", "-b", "amend")
    for path in (FIXTURES / "v1.1").iterdir():
        shutil.copy(path, documents / path.name)
    commit_all(repo, "Propose version 1.1")
    repo.create_tag("v1.1")
    return repo
