"""The published record read in another language: each version in its translation where one exists.

A bilingual site is built once per language from the same record. In the
record for Welsh, say, every document keeps its versions, its order and its
addresses; a version whose Welsh translation was adopted with it shows the
Welsh text, and a version with none (the document was never translated, or the
translation lags as a draft) keeps the original's text, which the page marks as
being in the original's language; the draft translation is the proposal, shown
as not adopted, beside it. So every page of one language has its
counterpart, at the same path, in every other.
"""

from __future__ import annotations

from dataclasses import replace

from generator.model.history import DocumentHistory, ProposedVersion, RepositoryHistory


def translated_languages(history: RepositoryHistory) -> list[str]:
    """The languages any document has a translation in, in a stable order."""
    return sorted({language for _doc_id, language in history.translations})


def in_language(history: RepositoryHistory, language: str) -> RepositoryHistory:
    """The record with each document's versions in `language` where a translation has them."""
    documents = {
        doc_id: _document_in(entry, history.translations.get((doc_id, language)))
        for doc_id, entry in history.documents.items()
    }
    return replace(history, documents=documents)


def _document_in(original: DocumentHistory, translation: DocumentHistory | None) -> DocumentHistory:
    if translation is None or translation.deleted:
        return original
    by_version = {v.version.text: v for v in translation.versions}
    versions = [by_version.get(v.version.text, v) for v in original.versions]
    proposed = original.proposed
    draft = translation.latest  # a translation that lags behind stands as a draft
    if (
        draft is not None
        and draft.status == "draft"
        and draft.version.text not in by_version
        and (proposed is None or proposed.document.version == draft.version)
    ):
        proposed = ProposedVersion(draft, "translation draft")
    latest = draft if draft is not None else original.latest
    return replace(original, versions=versions, proposed=proposed, latest=latest)
