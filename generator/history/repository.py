"""The history stage: every published version of every document, read from git.

Together with `writing.py`, the only place that talks to git. It walks the first-parent history of
the default branch once for the whole documents folder (`git log --raw`, with
rename detection), reads each changed file through GitPython's persistent object
reader (one `git cat-file --batch` process, not one process per version), and
groups what it finds by document id, so a file that is moved keeps its history.
The copies not found in a cache are parsed first, on every core when there are
many; the walk over the log then builds each version in order.

Per DESIGN.md: each distinct `version` value is a version; its text is the file at
the newest commit carrying that value; only adopted (or later superseded or
repealed) versions are published. What the working tree holds beyond the newest
published version is the *proposed* version.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from generator.history.messages import CACHE_DISCARDED, SHALLOW_REFUSED
from generator.load.cached import CHECKED_FILE, DocumentCache
from generator.load.documents import ReadResult, build, read_document
from generator.model.document import PUBLISHED_STATUSES, Document
from generator.model.history import (
    DocumentHistory,
    Observation,
    ProposedVersion,
    PublishedVersion,
    RepositoryHistory,
)
from generator.model.languages import translation_language
from generator.model.problems import Problem
from generator.support import pool
from generator.support.cache import BlobCache

DEFAULT_BRANCH_CANDIDATES = ("main", "master", "trunk", "default")
_SUFFIXES = (".yaml", ".yml")
# Below this many copies to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 16
# The most bytes of committed copies held at once while they wait for a worker.
BATCH_BYTES = 64 * 1024 * 1024

_Change = tuple[str, str, str, str]  # (status, blob, old path, new path)
_Commit = tuple[str, datetime, list[_Change]]
# A copy parsed by a worker: its blob cache entry (checked data, content digest), or
# None and why it could not be read.
_Parsed = tuple[tuple[Any, str] | None, str]

__all__ = [  # the model's types, re-exported for callers of the history stage
    "DocumentHistory",
    "Observation",
    "ProposedVersion",
    "PublishedVersion",
    "RepositoryHistory",
]


class HistoryError(Exception):
    """History cannot be read as asked (e.g. a shallow clone), with what to do about it."""


def content_digest(doc: Document) -> str:
    """A digest of what a version says, ignoring the decision record, status and summary.

    Recording who adopted a version, or marking it superseded, is not a change of
    its text; a change of any wording, numbering or charter term is.
    """
    wording = repr(
        (doc.kind, doc.title, doc.preamble, doc.articles, doc.amendment_rule, doc.charter)
    )
    return hashlib.sha256(wording.encode()).hexdigest()[:20]


def open_repository(path: Path) -> git.Repo | None:
    """The git repository containing `path`, or None when it is not in one."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        return None


def default_branch(repo: git.Repo) -> str | None:
    """The branch whose first-parent history holds the published versions.

    The remote's default (origin/HEAD) when known, as in CI; else a local branch
    with a conventional name; else whatever HEAD is (a detached HEAD included).
    """
    override = os.environ.get("CHARTERS_DEFAULT_BRANCH")
    if override:
        return override
    try:
        ref = repo.git.symbolic_ref("--quiet", "refs/remotes/origin/HEAD")
        return ref.removeprefix("refs/remotes/")
    except GitCommandError:
        pass
    names = {head.name for head in repo.heads}
    for candidate in DEFAULT_BRANCH_CANDIDATES:
        if candidate in names:
            return candidate
    try:
        repo.head.commit  # noqa: B018 - raises when there are no commits
    except ValueError:
        return None
    return "HEAD"


def is_shallow(repo: git.Repo) -> bool:
    return repo.git.rev_parse("--is-shallow-repository").strip() == "true"


def read_history(
    source: Path,
    latest: list[Document] | None = None,
    *,
    allow_shallow: bool = False,
    branch: str | None = None,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    known: Mapping[str, tuple[Document, Any]] | None = None,
) -> RepositoryHistory:
    """Every document's published versions and proposal, for the folder `source`.

    `source` is the documents folder (e.g. constitutions/) inside a git repository.
    `latest` are the documents as they stand now (the working tree, already
    validated); without them, the newest commit's texts are used. Outside a
    repository, or in one without commits, there are no published versions and
    every latest document is a proposal. Committed copies that must be parsed are
    parsed on `jobs` processes (default: one per core) when there are many.
    `known` are the documents the load stage read without a problem, by blob id
    (`LoadedFiles.by_blob`): a committed copy with the same bytes is taken as it is.
    """
    repo = open_repository(source)
    if repo is None:
        history = RepositoryHistory({}, None, None)
    else:
        with repo:
            history = _read_repository(repo, source, allow_shallow, branch, cache_dir, jobs, known)
    if latest is not None:
        _add_proposals(history, latest, "working tree")
    else:
        committed = [e.latest for e in history.documents.values() if e.latest and not e.deleted]
        _add_proposals(history, committed, history.head or "")
    return history


def _read_repository(
    repo: git.Repo,
    source: Path,
    allow_shallow: bool,
    branch: str | None,
    cache_dir: Path | None,
    jobs: int | None = None,
    known: Mapping[str, tuple[Document, Any]] | None = None,
) -> RepositoryHistory:
    branch = branch or default_branch(repo)
    if branch is None:
        return RepositoryHistory({}, None, None)
    shallow = is_shallow(repo)
    if shallow and not allow_shallow:
        raise HistoryError(SHALLOW_REFUSED)
    root = Path(repo.working_tree_dir or ".").resolve()
    folder = _relative_folder(source, root)
    try:
        head_commit = repo.rev_parse(branch)
    except (GitCommandError, ValueError, git.BadName) as err:
        raise HistoryError(f"the branch or revision '{branch}' does not exist: {err}") from None
    head = head_commit.hexsha
    history = RepositoryHistory({}, branch, head, head_commit.committed_date, shallow=shallow)
    blobs = BlobCache(cache_dir)
    if blobs.damaged:
        message = f"{CACHE_DISCARDED} ({blobs.damaged})"
        history.problems.append(Problem(str(blobs.file), message, "warning", 1, 1))
    # The load stage's own cache, read again only when its documents were not handed over.
    checked = DocumentCache(cache_dir, CHECKED_FILE) if cache_dir and known is None else None
    _walk(repo, head, folder, history, blobs, checked, jobs, known or {})
    blobs.save()
    return history


def _relative_folder(source: Path, root: Path) -> str:
    absolute = source.resolve()
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        raise HistoryError(f"{source} is not inside the git repository at {root}.") from None
    return relative.as_posix() if str(relative) != "." else ""


def _walk(
    repo: git.Repo,
    head: str,
    folder: str,
    history: RepositoryHistory,
    blobs: BlobCache,
    checked: DocumentCache | None = None,
    jobs: int | None = None,
    known: Mapping[str, tuple[Document, Any]] | None = None,
) -> None:
    """One `git log` over the folder, oldest first, reading each changed file once.

    A blob never changes, so a document read from it in an earlier build is
    taken from `blobs` instead of being parsed and checked again; nor is one whose
    bytes the load stage has just checked in the working tree (`known`, the very
    documents it built, else its cache `checked`). The copies left to parse are
    parsed first, on every core when there are many; the walk itself stays in
    order, so warnings and cache entries come out as if each copy had been parsed
    where the walk meets it.
    """
    args = [
        "--first-parent",
        "--reverse",
        "--raw",
        "--no-abbrev",
        "-M",
        "--diff-merges=first-parent",
        "--format=%x00%H %ct",
        head,
        "--",
    ]
    args.append(folder or ".")
    log = list(_parse_log(repo.git.log(*args)))
    parsed = _parse_ahead(repo, _to_parse(log, folder, blobs, checked, known), jobs)
    path_to_id: dict[str, str] = {}
    path_to_translation: dict[str, tuple[str, str]] = {}
    for commit, committed, changes in log:
        for status, blob, old_path, new_path in changes:
            if old_path and old_path in path_to_id and status in ("D", "R"):
                gone = path_to_id.pop(old_path)
                if status == "D":
                    history.documents[gone].deleted = True
            if old_path and old_path in path_to_translation and status in ("D", "R"):
                gone_translation = path_to_translation.pop(old_path)
                if status == "D":
                    history.translations[gone_translation].deleted = True
            if status == "D":
                continue
            language = _translation(new_path, folder)
            if language is None and not _is_document(new_path, folder):
                continue
            read = _read_blob(repo, blobs, blob, new_path, commit, history, checked, parsed, known)
            if read is None:
                continue
            doc, digest = read
            if language is not None:
                key = (doc.id, language)
                path_to_translation[new_path] = key
                entry = history.translations.setdefault(key, DocumentHistory(doc.id))
                _observe_in(entry, doc, digest, commit, committed, new_path)
            else:
                _observe(history, path_to_id, doc, digest, commit, committed, new_path)


def _to_parse(
    log: list[_Commit],
    folder: str,
    blobs: BlobCache,
    checked: DocumentCache | None,
    known: Mapping[str, tuple[Document, Any]] | None = None,
) -> dict[str, tuple[str, str]]:
    """The copies the walk will have to parse, by cache key, in the order it meets them.

    The same copies `_read_blob` would parse: documents and translations, neither
    in `blobs` nor checked by the load stage. Looked up without `get`, so the
    caches' hit counts stay what the walk makes them.
    """
    wanted: dict[str, tuple[str, str]] = {}
    for _commit, _committed, changes in log:
        for status, blob, _old_path, new_path in changes:
            if status == "D" or not _is_yaml(new_path, folder):
                continue
            key = f"{blob}:{new_path}"
            if key in blobs.entries or (checked is not None and blob in checked.blobs.entries):
                continue
            if known and blob in known:
                continue
            wanted.setdefault(key, (blob, new_path))
    return wanted


def _parse_ahead(
    repo: git.Repo, wanted: dict[str, tuple[str, str]], jobs: int | None
) -> dict[str, _Parsed]:
    """The wanted copies parsed on several processes; none when too few to pay for them.

    Blobs are read here (the one `git cat-file` process is not shared with the
    workers), in batches of at most about `BATCH_BYTES`.
    """
    jobs = pool.default_jobs(jobs) if len(wanted) >= PARALLEL_FROM else 1
    if jobs <= 1:
        return {}  # the walk parses each copy when it meets it
    parsed: dict[str, _Parsed] = {}
    batch: list[tuple[str, bytes, str]] = []
    size = 0
    for key, (blob, path) in wanted.items():
        raw = repo.odb.stream(bytes.fromhex(blob)).read()
        batch.append((key, raw, path))
        size += len(raw)
        if size >= BATCH_BYTES:
            parsed.update(_parse_batch(batch, jobs))
            batch, size = [], 0
    parsed.update(_parse_batch(batch, jobs))
    return parsed


def _parse_batch(batch: list[tuple[str, bytes, str]], jobs: int) -> dict[str, _Parsed]:
    """Parse one batch; the first copy here, first, so every worker starts with a warm parser."""
    if not batch:
        return {}
    items = [(raw, path) for _key, raw, path in batch]
    results = [_parse_copy(items[0]), *pool.run(_parse_copy, items[1:], jobs)]
    return {key: result for (key, _raw, _path), result in zip(batch, results, strict=True)}


def _parse_copy(item: tuple[bytes, str]) -> _Parsed:
    """Parse and check one copy (in a worker); only plain data travels back, not a `Document`.

    Building the dataclasses from the data is quick; unpickling thousands of them is not.
    """
    raw, path = item
    return _parsed(read_document(raw, path))


def _parsed(result: ReadResult) -> _Parsed:
    """A read copy's blob cache entry, or why it could not be read (its first problem)."""
    if result.document is None:
        problems = result.problems
        return None, problems[0].message if problems else "it could not be read"
    return (result.data, content_digest(result.document)), ""


def _read_blob(
    repo: git.Repo,
    blobs: BlobCache,
    blob: str,
    path: str,
    commit: str,
    history: RepositoryHistory,
    checked: DocumentCache | None = None,
    parsed: Mapping[str, _Parsed] | None = None,
    known: Mapping[str, tuple[Document, Any]] | None = None,
) -> tuple[Document, str] | None:
    """The document in one blob and its content digest; None (and a warning) if unreadable.

    A blob never changes, so a document read from it in an earlier build is
    taken from `blobs` instead of being parsed and checked again. A copy parsed
    ahead by a worker (`parsed`) is built here from its data, as a cached one is.
    """
    key = f"{blob}:{path}"
    if known and blob in known:  # the same bytes as a file the load stage has just read
        return _known_copy(blobs, key, path, *known[blob])
    cached = blobs.get(key)
    if cached is not None:
        data, digest = cached
        return build(data, path), digest
    found = checked.lookup_blob(blob, path) if checked is not None else None
    if found is not None and found.document is not None:  # the same bytes, checked by load
        digest = content_digest(found.document)
        blobs.put(key, (found.data, digest))
        return found.document, digest
    ahead = parsed.get(key) if parsed else None
    document, (entry, reason) = (
        (None, ahead) if ahead is not None else _parse_here(repo, blob, path)
    )
    if entry is None:
        history.problems.append(
            Problem(
                path,
                f"the copy of this file in commit {commit[:10]} could not be read, so "
                f"it is left out of the history: {reason}",
                "warning",
                line=1,
                column=1,
            )
        )
        return None
    blobs.put(key, entry)
    data, digest = entry
    if document is None:  # parsed ahead: `build` is what `read_document` ends with
        document = build(data, path)
    return document, digest


def _known_copy(
    blobs: BlobCache, key: str, path: str, document: Document, data: Any
) -> tuple[Document, str]:
    """A committed copy the load stage read: its very document, named by its path in git.

    Building it again from its data, and digesting its wording again, was most of
    the history stage for a repository of thousands of documents.
    """
    if document.source != path:
        document = replace(document, source=path)
    cached = blobs.get(key)
    digest = cached[1] if cached is not None else content_digest(document)
    if cached is None and data is not None:  # kept for when the file has changed
        blobs.put(key, (data, digest))
    return document, digest


def _parse_here(repo: git.Repo, blob: str, path: str) -> tuple[Document | None, _Parsed]:
    """As `_parse_copy`, for a copy no worker parsed; its document too, already built."""
    result = read_document(repo.odb.stream(bytes.fromhex(blob)).read(), path)
    return result.document, _parsed(result)


def _observe(
    history: RepositoryHistory,
    path_to_id: dict[str, str],
    doc: Document,
    digest: str,
    commit: str,
    committed: datetime,
    path: str,
) -> None:
    """Record one commit's copy of a document."""
    path_to_id[path] = doc.id
    entry = history.documents.setdefault(doc.id, DocumentHistory(doc.id))
    _observe_in(entry, doc, digest, commit, committed, path)


def _observe_in(
    entry: DocumentHistory, doc: Document, digest: str, commit: str, committed: datetime, path: str
) -> None:
    """Record one commit's copy in the history of a document (or of one translation)."""
    entry.deleted = False
    entry.latest = doc
    entry.observations.append(
        Observation(commit, committed, path, doc.version.text, doc.status, digest)
    )
    _record_version(entry, PublishedVersion(doc, commit, committed, path))


def _record_version(entry: DocumentHistory, candidate: PublishedVersion) -> None:
    """Keep the newest commit of each version value; publish only adopted-or-later ones."""
    doc = candidate.document
    same = next((i for i, v in enumerate(entry.versions) if v.version == doc.version), None)
    if doc.status not in PUBLISHED_STATUSES:
        return
    if same is not None:
        entry.versions[same] = candidate
    else:
        entry.versions.append(candidate)


def _is_document(path: str | None, folder: str) -> bool:
    """An original document's file: YAML, not hidden, not a translation."""
    return _is_yaml(path, folder) and translation_language(path or "") is None


def _translation(path: str | None, folder: str) -> str | None:
    """The language of a translation's file (`<id>.<language>.yaml`), else None."""
    return translation_language(path or "") if _is_yaml(path, folder) else None


def _is_yaml(path: str | None, folder: str) -> bool:
    if not path or not path.endswith(_SUFFIXES):
        return False
    relative = PurePosixPath(path).relative_to(folder) if folder else PurePosixPath(path)
    return not any(part.startswith(".") for part in relative.parts)


def _parse_log(log: str) -> Iterable[_Commit]:
    """Parse `git log --raw` output into (commit, date, [(status, blob, old, new)])."""
    for block in log.split("\x00"):
        if not block.strip():
            continue
        header, *lines = block.strip("\n").split("\n")
        commit, timestamp = header.split(" ")
        try:
            committed = datetime.fromtimestamp(int(timestamp), UTC)
        except (ValueError, OverflowError, OSError):
            raise HistoryError(
                f"commit {commit[:12]} is dated outside the years 1 to 9999 ({timestamp} "
                "seconds), so its versions cannot be dated; correct the commit's date."
            ) from None
        changes: list[_Change] = []
        for line in lines:
            if not line.startswith(":"):
                continue
            meta, *paths = line.split("\t")
            fields = meta.split(" ")
            mode, blob, status = fields[1], fields[3], fields[4][0]
            if mode == "120000":  # a symbolic link is never a document
                continue
            if status in ("R", "C"):
                changes.append((status, blob, paths[0], paths[1]))
            elif status == "D":
                changes.append(("D", blob, paths[0], ""))
            else:
                changes.append((status, blob, "", paths[0]))
        yield commit, committed, changes


def _add_proposals(history: RepositoryHistory, latest: list[Document], origin: str) -> None:
    """A document whose latest text differs from its newest published version is proposed.

    This covers an edited working tree, a pull request's branch, and a draft that
    was committed on the default branch but not yet adopted.
    """
    for doc in latest:
        entry = history.documents.setdefault(doc.id, DocumentHistory(doc.id))
        current = entry.current
        if (
            current is not None
            and current.document.version == doc.version
            and (current.document == doc or content_digest(current.document) == content_digest(doc))
        ):
            continue
        entry.proposed = ProposedVersion(doc, origin)


def documents_at(
    source: Path,
    revision: str,
    problems: list[Problem] | None = None,
    cache: DocumentCache | None = None,
) -> dict[str, Document]:
    """The documents in the folder as they were at a revision (for `charters diff`).

    A file that cannot be read at that revision is left out; pass `problems` to
    learn which and why (a redline must not show a broken file as a removed one).
    A revision from before the folder existed has no documents. With `cache`, a blob
    read before is built from its checked data instead of being parsed again.
    """
    read = cache.read if cache is not None else read_document
    repo = open_repository(source)
    if repo is None:
        raise HistoryError(f"{source} is not inside a git repository.")
    with repo:
        root = Path(repo.working_tree_dir or ".").resolve()
        folder = _relative_folder(source, root)
        try:
            commit = repo.commit(revision)
        except (GitCommandError, ValueError, git.BadName):
            raise HistoryError(f"there is no revision '{revision}' in this repository.") from None
        try:
            tree = commit.tree / folder if folder else commit.tree
        except KeyError:
            return {}
        docs: dict[str, Document] = {}
        for item in tree.traverse():
            path = item.path
            if item.type != "blob" or item.mode == 0o120000 or not _is_document(path, folder):
                continue
            result = read(item.data_stream.read(), path)
            if result.document is not None:
                docs[result.document.id] = result.document
            elif problems is not None:
                problems.extend(result.problems)
        return docs


def merge_base(source: Path, revision: str = "HEAD") -> str | None:
    """Where the current branch left the default branch: the base of a pull request."""
    repo = open_repository(source)
    if repo is None:
        return None
    with repo:
        branch = default_branch(repo)
        if branch is None:
            return None
        try:
            return repo.git.merge_base(branch, revision).strip()
        except GitCommandError:
            return None
