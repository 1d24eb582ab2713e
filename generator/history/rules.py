"""Rules about a document's versions along git history.

* An adopted version is frozen: a later commit (or the working tree, or a pull
  request) that changes its wording without a new version number is an error.
* Version numbers only go up.
* The vote that adopted version N must meet the amendment rule of version N-1,
  the rule in force when the amendment was made.
"""

from __future__ import annotations

from generator.history.renames import rename_problems
from generator.history.repository import content_digest
from generator.model.document import PUBLISHED_STATUSES, AmendmentRule, Document, Version
from generator.model.history import (
    DocumentHistory,
    PublishedVersion,
    RepositoryHistory,
)
from generator.model.problems import Problem
from generator.validate.integrity import (
    Dated,
    adopted_before_constitution,
    dates_backwards,
    draft_with_decision,
    renamed_ids,
)
from generator.validate.rules import OWN_RULE, vote_problems


def check_history(history: RepositoryHistory, latest: list[Document]) -> list[Problem]:
    """History rules, plus the vote of each `latest` document under the rule in force.

    `latest` are the working-tree documents; their problems point into their files.
    """
    problems = list(history.problems)
    in_worktree: dict[str, set[str]] = {}
    for doc in latest:
        entry = history.documents.get(doc.id)
        problems += vote_problems(doc, *rule_in_force(doc, entry))
        in_worktree.setdefault(doc.id, set()).add(doc.version.text)
    for entry in history.documents.values():
        problems += _frozen_versions(entry)
        problems += _increasing(entry)
        problems += _votes_under_previous_rule(entry, in_worktree.get(entry.id, set()))
        problems += _proposal(entry)
    problems += _integrity(history, latest)
    problems += rename_problems(history, latest)
    return problems


def _integrity(history: RepositoryHistory, latest: list[Document]) -> list[Problem]:
    """Each working-tree document against the versions before it (see validate.integrity)."""
    problems = []
    for doc in latest:
        entry = history.documents.get(doc.id)
        earlier = [v for v in entry.versions if v.version < doc.version] if entry else []
        if earlier:
            problems += renamed_ids(earlier[-1].document, doc)
            problems += draft_with_decision(doc, earlier[-1].document)
        dated = [Dated(v.document, v.date, v.path, v.commit) for v in earlier]
        if doc.decision is not None:
            dated.append(Dated(doc, doc.decision.adopted, doc.source))
        problems += dates_backwards(dated)
        under = history.documents.get(doc.charter.constitution) if doc.charter else None
        # A shallow clone holds only recent versions: the first is not known there.
        if under and under.versions and doc.decision is not None and not history.shallow:
            first = min(under.versions, key=lambda v: v.date)
            problems += adopted_before_constitution(
                Dated(doc, doc.decision.adopted, doc.source),
                Dated(first.document, first.date, first.path, first.commit),
            )
    return problems


def _frozen_versions(entry: DocumentHistory) -> list[Problem]:
    """The text published for each version must be the text that was adopted.

    A change that was later undone is history and not reported; a change that
    still stands is an error naming the commit that made it.
    """
    adopted: dict[str, tuple[str, str]] = {}  # version -> (digest, commit that adopted it)
    first_change: dict[str, str] = {}  # version -> first commit that changed it
    last_seen: dict[str, tuple[str, str]] = {}  # version -> (digest, path)
    for seen in entry.observations:
        last_seen[seen.version] = (seen.content, seen.path)
        first = adopted.get(seen.version)
        if first is None:
            if seen.status in PUBLISHED_STATUSES:
                adopted[seen.version] = (seen.content, seen.commit)
        elif seen.content != first[0]:
            first_change.setdefault(seen.version, seen.commit)
    problems = []
    for version, (digest, commit) in adopted.items():
        final, path = last_seen[version]
        if final != digest:
            problems.append(
                Problem(
                    path,
                    f"version {version} was adopted in commit {commit[:10]}, but commit "
                    f"{first_change[version][:10]} changed its text without giving it a new "
                    "version number. An adopted version must never change: restore its text, "
                    "and put the change in a new version.",
                    line=1,
                    column=1,
                )
            )
    return problems


def _increasing(entry: DocumentHistory) -> list[Problem]:
    """Version numbers go up. Only the newest version can still be fixed, so only it is an error."""
    problems = []
    pairs = list(zip(entry.versions, entry.versions[1:], strict=False))
    for index, (before, after) in enumerate(pairs):
        if not before.version < after.version:
            newest = index == len(pairs) - 1
            problems.append(
                Problem(
                    after.path,
                    f"version {after.version} (commit {after.commit[:10]}) comes after version "
                    f"{before.version} in the history, but its number is not higher. Version "
                    "numbers must go up with every adopted amendment.",
                    "error" if newest else "warning",
                    line=1,
                    column=1,
                )
            )
    return problems


def rule_in_force(doc: Document, entry: DocumentHistory | None) -> tuple[AmendmentRule | None, str]:
    """The amendment rule a vote on `doc` had to meet, and words that name it.

    That is the rule of the newest published version before this one; a first
    version is judged by its own rule.
    """
    if entry is not None:
        earlier = [v for v in entry.versions if v.version < doc.version]
        if earlier:
            previous = earlier[-1]
            return (
                previous.document.amendment_rule,
                f"the amendment rule of version {previous.version} "
                "(the rule in force when it was amended)",
            )
    return doc.amendment_rule, OWN_RULE


def _votes_under_previous_rule(entry: DocumentHistory, skip: set[str]) -> list[Problem]:
    """Each adopted version's vote against the rule in force when it was adopted.

    Versions in `skip` are checked elsewhere, at their position in the working tree,
    as errors; older versions cannot be changed any more, so theirs are warnings.
    """
    problems = []
    unrecorded: list[PublishedVersion] = []
    for published in entry.versions:
        if published.version.text in skip:
            continue
        doc = published.document
        if doc.decision is not None and doc.decision.votes is None:
            unrecorded.append(published)  # reported once for all such versions, below
            continue
        for problem in vote_problems(doc, *rule_in_force(doc, entry)):
            problems.append(
                Problem(
                    published.path,
                    f"version {published.version} (commit {published.commit[:10]}): "
                    f"{problem.message}",
                    "warning",  # already on the default branch: a record, not fixable here
                    line=1,
                    column=1,
                )
            )
    if unrecorded and any(v.document.amendment_rule for v in entry.versions):
        listed = ", ".join(v.version.text for v in unrecorded)
        problems.append(
            Problem(
                unrecorded[-1].path,
                f"the votes that adopted earlier versions ({listed}) are not recorded, so they "
                "cannot be checked against the amendment rule.",
                "warning",
                line=1,
                column=1,
            )
        )
    return problems


def _proposal(entry: DocumentHistory) -> list[Problem]:
    """The guard for reviewers: a proposal must carry a new, higher version number."""
    proposed = entry.proposed
    current = entry.current
    if proposed is None or current is None:
        return []
    doc: Document = proposed.document
    if doc.version == current.version:
        if content_digest(doc) == content_digest(current.document):
            return []
        return [
            Problem(
                doc.source,
                f"this changes the text of version {doc.version}, which was adopted on "
                f"{current.date.isoformat()}; an adopted version must never change. To propose "
                f"an amendment, give it a new version number (for example "
                f'"{_next(doc.version)}") and set status: draft. When a meeting adopts it, set '
                "status: adopted and add its decision record.",
                path=("version",),
            )
        ]
    if doc.version < current.version:
        return [
            Problem(
                doc.source,
                f"the version number {doc.version} is lower than the adopted version "
                f"{current.version}; a new version needs a higher number.",
                path=("version",),
            )
        ]
    return []


def _next(version: Version) -> str:
    parts = version.text.split(".")
    if len(parts) == 1:
        return f"{parts[0]}.1"
    parts[-1] = str(int(parts[-1]) + 1)
    return ".".join(parts)
