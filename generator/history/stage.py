"""Stage 3, history: read each documents folder's versions from git and check the history rules.

The stage is run after validation, on the documents that loaded; it returns the
history the later stages publish and the problems found along it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.history.messages import SHALLOW_NOT_CHECKED
from generator.history.repository import HistoryError, read_history
from generator.history.rules import check_history
from generator.load.files import locate
from generator.model.document import Document
from generator.model.history import RepositoryHistory
from generator.model.problems import Problem
from generator.support.collector import collector_paused
from generator.validate.translations import amended_in_one_language


def folder_history(
    folder: Path,
    documents: list[Document],
    texts: dict[str, str],
    cache_dir: Path | None = None,
    translations: Sequence[Document] = (),
    jobs: int | None = None,
    known: Mapping[str, tuple[Document, Any]] | None = None,
) -> tuple[list[Problem], RepositoryHistory | None]:
    """The history of the documents in `folder`, and its problems (no history outside git).

    `documents` are the loaded documents inside `folder`, `translations` the loaded
    translations (each is checked against its original's history); `texts` their
    files' text, to give each problem a line and column. Committed copies are
    parsed on `jobs` processes (default: one per core) when there are many; a copy
    with the same bytes as a file the load stage read is taken from `known` (by blob id).
    """
    try:
        with collector_paused():  # every version read outlives the stage: nothing to collect
            history = read_history(
                folder, documents, allow_shallow=True, cache_dir=cache_dir, jobs=jobs, known=known
            )
            problems = check_history(history, documents)
    except HistoryError as err:  # a missing branch, a bad commit: publishing would lose versions
        return [Problem(str(folder), str(err), "error", line=1, column=1)], None
    problems += amended_in_one_language(history, documents, translations)
    if history.shallow:
        problems.append(Problem(str(folder), SHALLOW_NOT_CHECKED, "warning", line=1, column=1))
    return locate(problems, texts), history
