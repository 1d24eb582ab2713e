"""Stage 4, diff: the redlines the site shows, for the documents render will write.

For each document: each version against the one before, each earlier version
against the current text, and the proposal against the current text. Only the
documents the render stage has to write are diffed (the pages of the others are
reused from the cache), in parallel when they hold many versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from generator.diff.clauses import diff_documents
from generator.model.changes import DocumentRedlines
from generator.model.history import DocumentHistory, RepositoryHistory
from generator.support import pool

# Below this many versions in all, starting worker processes costs more than it saves.
PARALLEL_FROM = 100


def site_redlines(
    history: RepositoryHistory, ids: Iterable[str], jobs: int | None = None
) -> dict[str, DocumentRedlines]:
    """The redlines of the documents `ids`, by document id."""
    entries = [history.documents[doc_id] for doc_id in ids]
    versions = sum(len(e.versions) for e in entries)
    jobs = pool.default_jobs(jobs) if versions >= PARALLEL_FROM else 1
    found = pool.run(document_redlines, entries, jobs)
    return {entry.id: redlines for entry, redlines in zip(entries, found, strict=True)}


def document_redlines(entry: DocumentHistory) -> DocumentRedlines:
    """Every redline of one document's pages."""
    versions = entry.versions
    current = entry.current
    redlines = DocumentRedlines(
        changes=[
            diff_documents(before.document, after.document) for before, after in pairwise(versions)
        ],
        since=[diff_documents(v.document, current.document) for v in versions[:-1]]
        if current is not None
        else [],
    )
    if entry.proposed is not None:
        old = current.document if current else None
        redlines.proposed = diff_documents(old, entry.proposed.document)
    return redlines
