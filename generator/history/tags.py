"""Git tags that name a document's versions, so `charters diff 1.0 1.1 --doc ID` works.

Each imported version is tagged `<doc-id>/v<version>` (unique across documents);
a repository holding one document also gets the short `v<version>` the README
uses, unless a tag of that name already exists. Tags are lightweight: they only
name a commit and carry nothing a reader must trust.
"""

from __future__ import annotations

from pathlib import Path

import git

from generator.model.document import VERSION


def version_tag(doc_id: str, version: str) -> str:
    return f"{doc_id}/v{version}"


def tag_version(repo_path: Path, commit: str, doc_id: str, version: str, short: bool) -> list[str]:
    """Tag `commit` as the document's version; returns the tags written."""
    repo = git.Repo(repo_path)
    existing = {t.name for t in repo.tags}
    names = [version_tag(doc_id, version)]
    if short:
        names.append(f"v{version}")
    written = []
    for name in names:
        if name in existing:
            continue
        repo.create_tag(name, ref=commit)
        written.append(name)
    return written


def revision_for_version(source: Path, doc_id: str, text: str) -> str | None:
    """The tag naming version `text` ("1.1") of the document, if there is one."""
    if not VERSION.match(text):
        return None
    try:
        repo = git.Repo(source, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    names = {t.name for t in repo.tags}
    for candidate in (text, text.removesuffix(".0"), text.removesuffix(".0.0")):
        if version_tag(doc_id, candidate) in names:
            return version_tag(doc_id, candidate)
    return None
