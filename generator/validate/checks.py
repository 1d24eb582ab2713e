"""Stage 2, validate: the domain rules the loaded documents must meet, every problem in one run.

Each document's own rules run on their own (in parallel when there are many);
then the rules that need all documents run once. The rules about versions along
git history are the history stage's (`generator.history.stage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.load.files import PARALLEL_FROM, by_folder, locate
from generator.model.loaded import LoadedFiles
from generator.model.problems import Problem
from generator.support import pool
from generator.validate import rules
from generator.validate.translations import check_translations


def check_documents(
    loaded: LoadedFiles, history_folders: Sequence[Path] = (), jobs: int | None = None
) -> list[Problem]:
    """Problems of the loaded documents, each with a line and column.

    A document inside one of `history_folders` has its vote checked by the history
    stage, under the rule in force when it was amended; any other is judged by
    its own amendment rule here.
    """
    documents = loaded.documents
    jobs = pool.default_jobs(jobs) if len(documents) >= PARALLEL_FROM else 1
    problems: list[Problem] = []
    for found in pool.run(rules.check_document, documents, jobs):
        problems += locate(found, loaded.texts)
    problems += locate(rules.check_repository(documents, loaded.unreadable), loaded.texts)
    _, without_history = by_folder(documents, history_folders)
    for doc in without_history:
        problems += locate(rules.vote_problems(doc, doc.amendment_rule), loaded.texts)
    found = check_translations(documents, loaded.translations, loaded.texts, loaded.files)
    problems += locate(found, loaded.texts)
    return problems
