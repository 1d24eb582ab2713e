"""Stage 1, load: find the YAML files under the paths named and read each into a document.

Each file is read on its own (in parallel when there are many), and one that
cannot be read never stops the others. The structure check against the JSON
Schema happens here, inside loading, not in the validate stage: a document
model cannot be built from a file whose structure is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from generator.load.cached import CHECKED_DISCARDED, CHECKED_FILE, DocumentCache, blob_id
from generator.load.documents import read_document
from generator.model.document import Document
from generator.model.languages import translation_language
from generator.model.loaded import LoadedFiles
from generator.model.problems import Problem
from generator.support import pool

YAML_SUFFIXES = (".yaml", ".yml")
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 64

_Loaded = tuple[Document | None, list[Problem], str | None, str | None]


def load_paths(
    paths: Sequence[Path], jobs: int | None = None, cache_dir: Path | None = None
) -> LoadedFiles:
    """Every document under `paths` (files or folders), with the problems of each file.

    With `cache_dir`, a file whose bytes were read and checked without a problem
    before is built from the checked data kept then (`DocumentCache`), not parsed
    and checked again; what is read afresh is kept for next time.
    """
    from generator.load import yamlsafe  # the parser, only when there are files to read

    found, problems = find_files(paths)
    names = [display_name(f) for f in found]
    jobs = pool.default_jobs(jobs)
    cache = DocumentCache(cache_dir, CHECKED_FILE) if cache_dir is not None else None
    results: list[_Loaded] = [(None, [], None, None)] * len(found)
    todo: list[tuple[int, bytes]] = []
    by_blob: dict[str, tuple[Document, Any]] = {}
    for index, (path, name) in enumerate(zip(found, names, strict=True)):
        try:
            raw = path.read_bytes()
        except OSError as err:
            problem = Problem(name, f"cannot read this file: {err.strerror}.", line=1, column=1)
            results[index] = (None, [problem], None, None)
            continue
        hit = cache.lookup(raw, name) if cache is not None else None
        if hit is not None:
            results[index] = (hit.document, [], yamlsafe.decode(raw), None)
            if hit.document is not None:
                by_blob[blob_id(raw)] = (hit.document, hit.data)
        else:
            todo.append((index, raw))
    jobs = _jobs_for(todo, jobs)
    read = pool.run(_load_one, [(raw, names[i], cache is not None) for i, raw in todo], jobs)
    for (index, raw), (loaded_one, data) in zip(todo, read, strict=True):
        results[index] = loaded_one
        if cache is not None and data is not None:
            cache.keep_data(raw, data)
        document, located = loaded_one[0], loaded_one[1]
        if document is not None and not located:
            by_blob[blob_id(raw)] = (document, data)
    loaded = LoadedFiles(list(paths), names, [], problems, by_blob=by_blob)
    if cache is not None:
        loaded.reused = cache.hits
        if cache.damaged:
            loaded.problems.append(
                Problem(
                    str(cache.blobs.file), f"{CHECKED_DISCARDED} ({cache.damaged})", "warning", 1, 1
                )
            )
        cache.save()
    for name, (document, located, text, declared_id) in zip(names, results, strict=True):
        loaded.problems.extend(located)
        if document is not None:
            is_translation = translation_language(name) is not None
            (loaded.translations if is_translation else loaded.documents).append(document)
            if text is not None:
                loaded.texts[document.source] = text
        elif translation_language(name) is not None:
            if text is not None:  # kept to name a translation of the wrong kind plainly
                loaded.texts[name] = text
        else:
            # known by its file name (files are named after their id) or the id it declares
            loaded.unreadable.add(Path(name).stem)
            if declared_id is not None:
                loaded.unreadable.add(declared_id)
    return loaded


def _jobs_for(files: Sequence[object], jobs: int) -> int:
    return jobs if len(files) >= PARALLEL_FROM else 1


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


def _load_one(job: tuple[bytes, str, bool]) -> tuple[_Loaded, Any]:
    """Read one file's bytes; runs in a worker process when there are many files.

    Returns the document (if it could be built), its problems with positions, its
    text, and the id it declares if it could not be built; and, if `keep` and the file
    was read without a problem, its checked data, for the cache of checked documents.
    """
    raw, name, keep = job
    result = read_document(raw, name)
    texts = {name: result.text} if result.text is not None else {}
    located = locate(result.problems, texts)
    loaded = (result.document, located, result.text, result.declared_id)
    clean = keep and result.document is not None and not result.problems
    return loaded, (result.data if clean else None)


def locate(problems: list[Problem], texts: dict[str, str]) -> list[Problem]:
    """Give every problem that knows only its node path a line and column."""
    from generator.load.yamlsafe import SourceMap  # the YAML parser, only to place problems

    maps: dict[str, SourceMap] = {}
    out = []
    for problem in problems:
        if problem.line is None and problem.path is not None and problem.file in texts:
            source = maps.setdefault(problem.file, SourceMap(texts[problem.file]))
            line, column = source.locate(problem.path, problem.at)
            problem = problem.located(line, column)
        out.append(problem)
    return out


def display_name(path: Path) -> str:
    """Paths relative to the current folder when inside it, as editors and CI expect."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def by_folder(
    documents: Sequence[Document], folders: Sequence[Path]
) -> tuple[dict[Path, list[Document]], list[Document]]:
    """The documents inside each folder (a document in two goes to the first), and the rest."""
    inside: dict[Path, list[Document]] = {}
    rest = list(documents)
    for folder in folders:
        inside[folder] = [d for d in rest if _within(Path(d.source), folder)]
        taken = {id(d) for d in inside[folder]}
        rest = [d for d in rest if id(d) not in taken]
    return inside, rest


def folders_named(paths: Sequence[Path]) -> list[Path]:
    """The folders among the paths named: those whose documents have a history to check."""
    return [p for p in paths if p.is_dir() and not p.is_symlink()]


def _within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
