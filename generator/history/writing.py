"""The git writes the tools around the pipeline make: a new repository, imported versions.

Kept in the history package, the one place that reads and writes git; callers
pass paths and words, never git objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import git


@dataclass(frozen=True, slots=True)
class Person:
    """Who wrote or committed a change, as git records it."""

    name: str
    email: str = ""


def init_repository(folder: Path) -> None:
    """Make `folder` a git repository on branch main (or keep its clone), every file staged."""
    if (folder / ".git").exists():
        repo = git.Repo(folder)
    else:
        repo = git.Repo.init(folder, initial_branch="main")
    with repo:
        repo.git.add(A=True)


def is_repository(folder: Path) -> bool:
    """Whether `folder` itself is (the top of) a git repository."""
    try:
        git.Repo(folder).close()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False
    return True


def has_staged_changes(folder: Path) -> bool:
    """Whether the repository at `folder` has changes staged but not committed."""
    with git.Repo(folder) as repo:
        return bool(repo.head.is_valid() and repo.index.diff("HEAD"))


class Committer:
    """Commits files one after another to the repository at a folder (made when missing)."""

    def __init__(self, folder: Path) -> None:
        if folder.exists() and (folder / ".git").exists():
            self._repo = git.Repo(folder)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            self._repo = git.Repo.init(folder, initial_branch="main")

    def commit(self, path: str, message: str, author: Person, committer: Person, when: str) -> str:
        """Stage `path` (relative to the repository) and commit it; the new commit's id.

        `when` is the author and commit date, as git reads it (e.g. 2021-06-02T12:00:00+0000).
        """
        self._repo.index.add([path])
        commit = self._repo.index.commit(
            message,
            author=git.Actor(author.name, author.email),
            committer=git.Actor(committer.name, committer.email),
            author_date=when,
            commit_date=when,
        )
        return commit.hexsha

    def close(self) -> None:
        self._repo.close()
