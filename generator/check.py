"""Stages 1 to 3, load -> validate -> history: shared by `charters build` and `charters validate`.

Kept apart from `build.py` so that validating imports neither the site nor the
engine, and git only when a folder's history is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.load.files import by_folder, folders_named, load_paths
from generator.model.document import Document
from generator.model.history import RepositoryHistory
from generator.model.problems import Problem, sort_problems
from generator.validate.checks import check_documents


@dataclass(slots=True)
class Checked:
    """What the load, validate and history stages found in the files and folders named."""

    files: list[str]
    documents: list[Document]
    problems: list[Problem] = field(default_factory=list)
    histories: dict[Path, RepositoryHistory] = field(default_factory=dict)  # folder -> history

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def check_paths(
    paths: Sequence[Path],
    jobs: int | None = None,
    with_history: bool = True,
    cache_dir: Path | None = None,
) -> Checked:
    """Stages 1 to 3 on files and folders: load, validate, and (for folders) history.

    A folder inside a git repository is checked against its history; git is
    imported only then.
    """
    loaded = load_paths(paths, jobs)
    folders = folders_named(paths) if with_history else []
    problems = [*loaded.problems, *check_documents(loaded, folders, jobs)]
    checked = Checked(loaded.files, loaded.documents)
    if folders:
        from generator.history.stage import folder_history

        inside, _ = by_folder(loaded.documents, folders)
        for folder, documents in inside.items():
            found, history = folder_history(
                folder, documents, loaded.texts, cache_dir, loaded.translations, jobs=jobs
            )
            problems += found
            if history is not None:
                checked.histories[folder] = history
    checked.problems = sort_problems(problems)
    return checked
