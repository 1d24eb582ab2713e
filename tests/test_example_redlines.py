"""Golden redlines of the example community's real amendments, read from git history.

The example constitution and charters in constitutions/ are amended by commits on
the default branch (constitution 1.0 -> 1.1 -> 2.0, family coaching charter 1.0 ->
1.1 -> 1.2). Each adopted version is read from history, compared with the one before,
and rendered as pull-request Markdown and as JSON; both must match the reviewed
files in tests/golden/example/. Adopted versions never change, so neither may these.
Where the history is not there (a shallow clone, or a branch without it), they skip.
"""

from __future__ import annotations

from functools import cache

import pytest
from conftest import EXAMPLE
from redline_helpers import check_golden

from generator.diff.as_json import render_json
from generator.diff.as_markdown import render_markdown
from generator.diff.clauses import diff_documents
from generator.diff.view import redline_view
from generator.history.repository import HistoryError, PublishedVersion, read_history

AMENDMENTS = [
    ("kestrel-vale-constitution", "1.0", "1.1"),
    ("kestrel-vale-constitution", "1.1", "2.0"),
    ("family-coaching-charter", "1.0", "1.1"),
    ("family-coaching-charter", "1.1", "1.2"),
]


@cache
def published() -> dict[str, list[PublishedVersion]]:
    try:
        history = read_history(EXAMPLE)
    except HistoryError:
        return {}
    return {doc_id: entry.versions for doc_id, entry in history.documents.items()}


def versions(doc_id: str, old: str, new: str) -> tuple[PublishedVersion, PublishedVersion]:
    found = {v.version.text: v for v in published().get(doc_id, [])}
    if old not in found or new not in found:
        pytest.skip(f"{doc_id} {old} and {new} are not both in this repository's history")
    return found[old], found[new]


@pytest.mark.parametrize(("doc_id", "old", "new"), AMENDMENTS)
def test_golden_redline_of_an_example_amendment(doc_id: str, old: str, new: str):
    before, after = versions(doc_id, old, new)
    diff = diff_documents(before.document, after.document)
    compared = f"Before: version {old}. After: version {new}."
    name = f"example/{doc_id}-{old}-to-{new}"
    check_golden(f"{name}.md", render_markdown([redline_view(diff)], compared=compared))
    check_golden(f"{name}.json", render_json([diff], base=old, head=new))
