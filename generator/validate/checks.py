"""The validate stage: every problem in every file, in one run.

Files are read and checked on their own (in parallel on several cores when there
are many); then the rules that need all documents run once. A file that fails to
load never stops the others from being checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.load.documents import read_document
from generator.load.yamlsafe import SourceMap
from generator.model.document import Document
from generator.model.problems import Problem, sort_problems
from generator.validate import rules

if TYPE_CHECKING:  # git is imported only when history is read
    from generator.history.repository import RepositoryHistory

YAML_SUFFIXES = (".yaml", ".yml")
# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 64


@dataclass(slots=True)
class Validation:
    """The outcome of validating a set of files."""

    files: list[str]
    documents: list[Document]
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # file -> text, to locate problems
    histories: dict[Path, RepositoryHistory] = field(default_factory=dict)  # folder -> history

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files named, or found under the directories named, in a stable order."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_symlink():
            problems.append(_symlink_problem(path))
        elif path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if _hidden(candidate, path):
                    continue
                if candidate.is_symlink():  # any link, even one to a folder of documents
                    problems.append(_symlink_problem(candidate))
                elif candidate.suffix in YAML_SUFFIXES and candidate.is_file():
                    found.append(candidate)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(
                Problem(str(path), "there is no such file or folder.", line=1, column=1)
            )
    return found, problems


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _symlink_problem(path: Path) -> Problem:
    return Problem(
        str(path),
        "this is a symbolic link; documents must be real files inside the repository, "
        "so links are not followed.",
        line=1,
        column=1,
    )


def validate_paths(
    paths: Sequence[Path],
    jobs: int | None = None,
    with_history: bool = True,
    cache_dir: Path | None = None,
) -> Validation:
    """Validate files and folders; a folder inside a git repository is checked against history."""
    files, problems = find_files(paths)
    validation = validate_files(files, jobs)
    unchecked = list(validation.documents)
    if with_history:
        for folder in (p for p in paths if p.is_dir() and not p.is_symlink()):
            inside = [d for d in unchecked if _within(Path(d.source), folder)]
            taken = {id(d) for d in inside}
            unchecked = [d for d in unchecked if id(d) not in taken]
            found, history = history_problems(folder, inside, validation.texts, cache_dir)
            problems += found
            if history is not None:
                validation.histories[folder] = history
    # Documents not checked against history: their vote is judged by their own rule.
    for doc in unchecked:
        problems += locate(rules.vote_problems(doc, doc.amendment_rule), validation.texts)
    validation.problems = sort_problems([*problems, *validation.problems])
    return validation


def history_problems(
    folder: Path, documents: list[Document], texts: dict[str, str], cache_dir: Path | None = None
) -> tuple[list[Problem], RepositoryHistory | None]:
    """Problems of the documents in `folder` against their git history (none outside git)."""
    from generator.history.repository import HistoryError, read_history
    from generator.history.rules import check_history

    try:
        history = read_history(folder, documents, allow_shallow=True, cache_dir=cache_dir)
    except HistoryError as err:  # a missing branch, a bad commit: publishing would lose versions
        return [Problem(str(folder), str(err), "error", line=1, column=1)], None
    problems = check_history(history, documents)
    if history.shallow:
        problems.append(
            Problem(
                str(folder),
                "this is a shallow clone, so the history of versions was not checked; "
                "fetch it with 'git fetch --unshallow' (in CI: 'fetch-depth: 0').",
                "warning",
                line=1,
                column=1,
            )
        )
    return locate(problems, texts), history


def _within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def validate_files(files: Sequence[Path], jobs: int | None = None) -> Validation:
    names = [_display(f) for f in files]
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs > 1 and len(files) >= _PARALLEL_FROM:
        chunk = max(1, len(files) // (jobs * 4))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_check_one, files, names, chunksize=chunk))
    else:
        results = [_check_one(f, n) for f, n in zip(files, names, strict=True)]
    documents: list[Document] = []
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    unreadable: set[str] = set()
    for name, (document, located, text, declared_id) in zip(names, results, strict=True):
        problems.extend(located)
        if document is not None:
            documents.append(document)
            if text is not None:
                texts[document.source] = text
        else:  # known by its file name (files are named after their id) or the id it declares
            unreadable.add(Path(name).stem)
            if declared_id is not None:
                unreadable.add(declared_id)
    problems.extend(locate(rules.check_repository(documents, unreadable), texts))
    return Validation(names, documents, sort_problems(problems), texts)


def _check_one(
    path: Path, name: str
) -> tuple[Document | None, list[Problem], str | None, str | None]:
    """Read and check one file; runs in a worker process when there are many files.

    Returns the document (if it could be built), its problems with positions, its
    text, and the id it declares if it could not be built.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        problem = Problem(name, f"cannot read this file: {err.strerror}.", line=1, column=1)
        return None, [problem], None, None
    result = read_document(raw, name)
    problems = list(result.problems)
    if result.document is not None:
        problems += rules.check_document(result.document)
    texts = {name: result.text} if result.text is not None else {}
    return result.document, locate(problems, texts), result.text, result.declared_id


def locate(problems: list[Problem], texts: dict[str, str]) -> list[Problem]:
    """Give every problem that knows only its node path a line and column."""
    maps: dict[str, SourceMap] = {}
    out = []
    for problem in problems:
        if problem.line is None and problem.path is not None and problem.file in texts:
            source = maps.setdefault(problem.file, SourceMap(texts[problem.file]))
            line, column = source.locate(problem.path, problem.at)
            problem = problem.located(line, column)
        out.append(problem)
    return out


def _display(path: Path) -> str:
    """Paths relative to the current folder when inside it, as editors and CI expect."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
