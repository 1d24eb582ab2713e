"""Versions withdrawn by decision: the one deliberate exception to "published text never changes".

A community may decide that a published version should never have been
published (adopted at a meeting later found inquorate, say). It records that
decision in the document's `withdrawn:` list. The version's text then leaves
the site, but not silently: its addresses stay and say what was decided, and
the manifest lets a later build accept that the version changed or went.
"""

from __future__ import annotations

import dataclasses

from generator.history.renames import newest_text
from generator.history.repository import RepositoryHistory
from generator.model.document import Withdrawal


def withdrawals(history: RepositoryHistory) -> dict[str, dict[str, Withdrawal]]:
    """Document id -> version -> the decision that withdrew it (from the newest text)."""
    found: dict[str, dict[str, Withdrawal]] = {}
    for doc_id, entry in history.documents.items():
        doc = newest_text(entry)
        if doc is not None and doc.withdrawn:
            found[doc_id] = {w.version: w for w in doc.withdrawn}
    return found


def apply_withdrawals(history: RepositoryHistory) -> RepositoryHistory:
    """The history without the withdrawn versions (the given history is not changed)."""
    withdrawn = withdrawals(history)
    if not withdrawn:
        return history
    documents = dict(history.documents)
    for doc_id, versions in withdrawn.items():
        entry = documents[doc_id]
        kept = [v for v in entry.versions if v.version.text not in versions]
        documents[doc_id] = dataclasses.replace(entry, versions=kept)
    return dataclasses.replace(history, documents=documents)
