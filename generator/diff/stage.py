"""Stage 4, diff: the redlines the site shows, for a document render will write.

For each document: each version against the one before, each earlier version
against the current text, and the proposal against the current text. The build
diffs only the documents the render stage has to write (the pages of the others
are reused from the cache).
"""

from __future__ import annotations

from itertools import pairwise

from generator.diff.clauses import diff_documents
from generator.model.changes import DocumentRedlines
from generator.model.history import DocumentHistory


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
