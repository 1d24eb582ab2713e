"""Stage 4, diff: the redlines the site shows, for a document render will write.

For each document: each version against the one before, each earlier version
against the current text, and the proposal against the current text. The build
diffs only the documents the render stage has to write (the pages of the others
are reused from the cache).
"""

from __future__ import annotations

from generator.diff.clauses import Prepared, diff_documents, prepare
from generator.model.changes import DocumentDiff, DocumentRedlines
from generator.model.document import Document
from generator.model.history import DocumentHistory


def document_redlines(
    entry: DocumentHistory, original: DocumentHistory | None = None
) -> DocumentRedlines:
    """Every redline of one document's pages.

    `original` is given when `entry` is the document read in another language
    (`history/translated.py`): two versions both in that language are compared
    as they are, and a pair where one is still in the original's language is
    compared in the original's, so a redline never sets one language against the
    other.
    """
    versions = entry.versions
    ready: dict[int, Prepared] = {}  # by id(): every document here outlives this call

    def prepared(doc: Document) -> Prepared:
        found = ready.get(id(doc))
        if found is None:
            found = ready[id(doc)] = prepare(doc)
        return found

    def diff(i: int, j: int) -> DocumentDiff:
        before, after = versions[i], versions[j]
        if original is not None and (before is original.versions[i]) != (
            after is original.versions[j]
        ):
            before, after = original.versions[i], original.versions[j]
        return diff_documents(before.document, after.document, prepared)

    last = len(versions) - 1
    redlines = DocumentRedlines(
        changes=[diff(i, i + 1) for i in range(last)],
        since=[diff(i, last) for i in range(last)],
    )
    if entry.proposed is not None:
        base = _proposal_base(entry, original)
        redlines.proposed = diff_documents(base, entry.proposed.document, prepared)
    return redlines


def _proposal_base(entry: DocumentHistory, original: DocumentHistory | None) -> Document | None:
    """What a proposal is compared with: the current text, in the proposal's own language.

    A translation's draft is compared with the newest version adopted in that
    language; a proposal in the original's language, with the original's current text.
    """
    current = entry.current
    if original is None or entry.proposed is None:
        return current.document if current else None
    if entry.proposed is original.proposed:
        return original.current.document if original.current else None
    translated = [v for v, o in zip(entry.versions, original.versions, strict=True) if v is not o]
    return translated[-1].document if translated else None
