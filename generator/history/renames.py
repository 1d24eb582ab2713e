"""Renamed documents: a document's former ids, and the published ids that must not vanish.

A document's id is its address (`/<id>/`), and councils cite it. When a
community renames a document it records the old id in `former_ids:`; the
versions published under the old id then become versions of the renamed
document, and every old address redirects to the new one (see
`site/record.py`). Because an old id keeps serving redirects forever, it can
never be given to another document. A published id that disappears without
being recorded as renamed (or the document repealed) would break every link to
it, so it is an error.
"""

from __future__ import annotations

import dataclasses

from generator.history.repository import DocumentHistory, PublishedVersion, RepositoryHistory
from generator.model.document import Document
from generator.model.problems import Problem


def newest_text(entry: DocumentHistory) -> Document | None:
    """The newest text of a document: its proposal, else its newest commit, else current."""
    if entry.proposed is not None:
        return entry.proposed.document
    if entry.latest is not None:
        return entry.latest
    return entry.current.document if entry.current else None


def renames(documents: list[Document]) -> dict[str, str]:
    """Former id -> the id of the document that now has it (first claim wins)."""
    found: dict[str, str] = {}
    for doc in documents:
        for former in doc.former_ids:
            if former != doc.id:
                found.setdefault(former, doc.id)
    return found


def apply_renames(history: RepositoryHistory) -> tuple[RepositoryHistory, dict[str, str]]:
    """The history with each renamed document's old versions carried under its new id.

    Returns the new history and the renames it applied (former id -> new id). The
    history given is not changed. A version number published under both ids is
    kept once, as the new document has it.
    """
    texts = [d for d in (newest_text(e) for e in history.documents.values()) if d is not None]
    renamed = {old: new for old, new in renames(texts).items() if new in history.documents}
    if not renamed:
        return history, {}
    documents = dict(history.documents)
    for old, new in renamed.items():
        former = documents.pop(old, None)
        if former is None:
            continue
        target = documents[new]
        have = {v.version.text for v in target.versions}
        carried = [_under(v, new) for v in former.versions if v.version.text not in have]
        versions = sorted([*carried, *target.versions], key=lambda v: v.version.key)
        documents[new] = dataclasses.replace(target, versions=versions)
    return dataclasses.replace(history, documents=documents), renamed


def _under(published: PublishedVersion, new_id: str) -> PublishedVersion:
    return dataclasses.replace(
        published, document=dataclasses.replace(published.document, id=new_id)
    )


def rename_problems(history: RepositoryHistory, latest: list[Document]) -> list[Problem]:
    """Former ids reused or claimed twice, and published ids that vanished unrecorded."""
    problems: list[Problem] = []
    current_ids = {doc.id for doc in latest}
    claimed: dict[str, Document] = {}
    for doc in latest:
        for index, former in enumerate(doc.former_ids):
            where = ("former_ids", index)
            if former == doc.id:
                problems.append(
                    Problem(
                        doc.source,
                        f"'{former}' is this document's own id, so it cannot also be a former "
                        "id: its addresses would redirect to themselves.",
                        path=where,
                    )
                )
            elif former in current_ids:
                problems.append(
                    Problem(
                        doc.source,
                        f"the former id '{former}' is the id of another document. A former id "
                        "keeps redirecting to this document forever, so it can never be used "
                        "again: give the other document a new id.",
                        path=where,
                    )
                )
            elif former in claimed:
                problems.append(
                    Problem(
                        doc.source,
                        f"'{former}' is already a former id of {claimed[former].id}; an old "
                        "address can redirect to only one document.",
                        path=where,
                    )
                )
            else:
                claimed[former] = doc
    for entry in history.documents.values():
        if not entry.versions or entry.id in current_ids or entry.id in claimed:
            continue
        last = entry.versions[-1]
        gone_text = entry.latest or last.document
        if gone_text.status == "repealed":
            continue
        problems.append(
            Problem(
                last.path,
                f"the document '{entry.id}' was published (version {last.version}, commit "
                f"{last.commit[:10]}) but is no longer here, and its addresses would break. "
                f"If it was renamed, add '{entry.id}' to the new document's former_ids; if "
                "it was repealed, keep the file with status: repealed.",
                line=1,
                column=1,
            )
        )
    return problems
