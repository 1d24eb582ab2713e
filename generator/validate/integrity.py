"""Rules that stop text being shown wrongly, dates that cannot be true, and lost links.

Each of these once passed validation and then misled a reader: a citation typed
wrongly was printed raw, a draft showed the previous version's decision as if the
proposal had been decided, dates ran backwards or years ahead, and a clause given
a new id with the same words broke every link to it. The rules about one document
run from `rules.check_document`; those that need other versions take them as
arguments, so the history stage can call them with what it has read from git.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from generator.model import markup
from generator.model.document import Clause, Document
from generator.model.problems import NodePath, Problem, Severity
from generator.model.wording import same_but_typography

# An adoption date may be a day ahead of the build (time zones, a meeting tonight).
FUTURE_GRACE = timedelta(days=1)


def check_document(
    doc: Document, fields: Iterable[tuple[NodePath, str]], today: date | None = None
) -> list[Problem]:
    """The rules of this module that need only the document (`fields`: its texts)."""
    problems = malformed_citations(doc, fields)
    problems += adopted_in_the_future(doc, today or date.today())
    return problems


def malformed_citations(doc: Document, fields: Iterable[tuple[NodePath, str]]) -> list[Problem]:
    """A `[[` that does not start a well-formed citation would be printed raw: an error."""
    problems = []
    for path, text in fields:
        if "[[" not in text:
            continue
        for bad in markup.malformed_citations(text):
            problems.append(
                Problem(
                    doc.source,
                    f"the citation {bad.written} is not well formed: {bad.reason}.",
                    path=path,
                )
            )
    return problems


def draft_with_decision(doc: Document, previous: Document) -> list[Problem]:
    """A draft that still carries the decision record of the version it amends.

    The record was copied with the text when the draft was started; left there, the
    site shows it under the proposal as if the proposal had been decided.
    """
    if doc.status != "draft" or doc.decision is None or previous.decision is None:
        return []
    decision, earlier = doc.decision, previous.decision
    if (decision.adopted, decision.body) != (earlier.adopted, earlier.body):
        return []
    return [
        Problem(
            doc.source,
            f"this version is a draft, but it still carries the decision record of version "
            f"{previous.version} (adopted {earlier.adopted.isoformat()} by {earlier.body}), "
            "which the site would show under the proposal as if it had been decided. Remove "
            "'decision:' until a meeting adopts this text, then set status: adopted and "
            "record that decision.",
            path=("decision",),
            at="key",
        )
    ]


def adopted_in_the_future(doc: Document, today: date) -> list[Problem]:
    """An adoption date more than a day after today is a typing error (2052 for 2025)."""
    if doc.decision is None or doc.decision.adopted <= today + FUTURE_GRACE:
        return []
    return [
        Problem(
            doc.source,
            f"the adoption date {doc.decision.adopted.isoformat()} is more than a day in the "
            "future; record the date the meeting adopted this version.",
            path=("decision", "adopted"),
        )
    ]


@dataclass(frozen=True, slots=True)
class Dated:
    """One published version of a document, with its adoption date and where it is."""

    document: Document
    adopted: date
    file: str
    commit: str = ""


def dates_backwards(versions: Sequence[Dated], newest_is_error: bool = True) -> list[Problem]:
    """Each version must be adopted on or after the version before it.

    Only the newest version can still be corrected, so only it is an error; an
    older pair is a warning, as it is already history.
    """
    problems = []
    for index in range(1, len(versions)):
        before, after = versions[index - 1], versions[index]
        if after.adopted >= before.adopted:
            continue
        newest = index == len(versions) - 1
        problems.append(
            _dated_problem(
                after,
                f"version {after.document.version} is dated {after.adopted.isoformat()}, before "
                f"version {before.document.version} ({before.adopted.isoformat()}) that it "
                "amends; check the adoption date.",
                "error" if newest and newest_is_error else "warning",
            )
        )
    return problems


def adopted_before_constitution(charter: Dated, constitution: Dated) -> list[Problem]:
    """A charter is made under a constitution, so it cannot be adopted before the first one."""
    if charter.adopted >= constitution.adopted:
        return []
    name = constitution.document.id
    return [
        _dated_problem(
            charter,
            f"this charter is dated {charter.adopted.isoformat()}, but the constitution "
            f"'{name}' it is made under was first adopted on "
            f"{constitution.adopted.isoformat()} (version {constitution.document.version}); "
            "a charter cannot be adopted before its constitution existed. Check the date.",
            "error",
        )
    ]


def _dated_problem(version: Dated, message: str, severity: Severity) -> Problem:
    """In the working tree, at the date itself; in a commit, named by the commit."""
    if not version.commit:
        return Problem(version.file, message, severity, path=("decision", "adopted"))
    where = f"version {version.document.version} (commit {version.commit[:10]}): "
    return Problem(version.file, where + message, severity, line=1, column=1)


def renamed_ids(
    published: Document, newer: Document, severity: Severity = "error"
) -> list[Problem]:
    """A published clause id that is gone while a new id holds the same words: a renamed id.

    Links to the old id (`#quorum`) would stop working for no reason; the id of a
    clause must never change once published.
    """
    old_clauses = {c.id: c for c in published.provisions() if isinstance(c, Clause)}
    new_clauses = [c for c in newer.provisions() if isinstance(c, Clause)]
    new_ids = {c.id for c in new_clauses}
    gone = {i: c for i, c in old_clauses.items() if i not in new_ids}
    if not gone:
        return []
    problems = []
    for clause in new_clauses:
        if clause.id in old_clauses:
            continue
        match = next((c for c in gone.values() if same_but_typography(c.text, clause.text)), None)
        if match is None:
            continue
        del gone[match.id]
        problems.append(
            Problem(
                newer.source,
                f"the clause '{clause.id}' has the same words as clause '{match.id}' of version "
                f"{published.version}, whose id is gone: an id must never change once "
                f"published, or links to #{match.id} stop working. Give it back its id: "
                f"id: {match.id}",
                severity,
                path=_id_path(clause.path),
            )
        )
    return problems


def _id_path(path: NodePath) -> NodePath:
    return (*path, "id")
